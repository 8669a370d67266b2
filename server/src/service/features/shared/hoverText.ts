/**
 * The markdown every hover is built from: inline code, the releases that
 * added or removed something, links to the manual, a parameter's facts and
 * what $expansion makes of a value, and why a name of your own is accepted.
 * main.cf, master.cf, restriction and table hovers all say these the same way.
 */
import type { Hover } from 'vscode-languageserver-types';
import { OFFICIAL_DOC, serviceTemplate, type ParameterInfo } from '../../knowledge/parameters';
import { databaseTypes } from '../../knowledge/tableTypes';
import type { ConfigModel, UserNameReason } from '../../model/config';
import type { Expansion } from '../../model/expand';
import type { Range } from '../../syntax/text';

export const markdownHover = (value: string, range: Range): Hover => ({ contents: { kind: 'markdown', value }, range });

/** The sections of a hover, a blank line apart; empty ones are left out. */
export const joinSections = (sections: readonly (string | undefined)[]): string => sections.filter(Boolean).join('\n\n');

/** The lines of one section: markdown breaks a line only after two blanks. */
export const joinLines = (lines: readonly string[]): string => lines.join('  \n');

/** `**name** (what it is)`: the first line of a hover. */
export const heading = (name: string, what?: string): string => (what ? `**${name}** (${what})` : `**${name}**`);

const MAX_SHOWN = 400;

/** A value as inline code, shortened and on one line. */
export const code = (text: string, max = MAX_SHOWN): string => {
  const shown = text.length > max ? text.slice(0, max) + ' …' : text;
  const ticks = shown.includes('`') ? '``' : '`';
  return shown === '' ? '_(empty)_' : `${ticks}${shown.replace(/\s+/g, ' ')}${ticks}`;
};

/** In place of a value that may be a password. */
export const HIDDEN_SECRET = '_(not shown: it may be a password)_';

export const addedIn = (since: string): string => `**Added in Postfix ${since}**`;

export const removedIn = (release: string, replacement?: string | null): string =>
  `**Removed in Postfix ${release}**${replacement ? `: use \`${replacement}\`` : ''}`;

export const postconfLink = (name: string): string => `[postconf(5): ${name}](${OFFICIAL_DOC}#${name})`;

/** A manual page on postfix.org: manualLink('pipe', 8). */
export const manualLink = (page: string, section: number): string => `[${page}(${section})](https://www.postfix.org/${page}.${section}.html)`;

/** Default, release, deprecation of a parameter: the facts every parameter hover shows. */
function parameterFacts(info: ParameterInfo): string[] {
  const lines = [`**Default:** ${code(info.default)}`];
  if (info.since) lines.push(addedIn(info.since) + (info.backports?.length ? ` (also ${info.backports.join(', ')})` : ''));
  const replacement = info.deprecated?.replacement ?? info.replacement;
  if (info.removedIn) lines.push(removedIn(info.removedIn, replacement));
  else if (info.deprecated) lines.push(`**Deprecated**${replacement ? `: use \`${replacement}\` instead` : ': remove it and keep the default'}`);
  if (info.readOnly) lines.push('**Read-only:** Postfix sets it itself.');
  return lines;
}

/** A built-in parameter: our summary and its facts. */
export const parameterSections = (info: ParameterInfo): string[] => [info.summary, joinLines(parameterFacts(info))];

/** A per-service name such as smtp_destination_rate_delay: the template it follows, with its facts; [] for none. */
function serviceParameterSections(model: ConfigModel, name: string): string[] {
  const found = serviceTemplate(name, (s) => model.services.some((service) => service.name === s));
  if (!found) return [];
  const { template, service } = found;
  return [
    `Here the [\`${template.name}\`](${OFFICIAL_DOC}#${template.name}) of the service \`${service}\`. ${template.summary}`,
    joinLines(parameterFacts(template)),
  ];
}

const DATABASE_TYPES = [...databaseTypes.keys()].join(', ');

/**
 * Why Postfix accepts a name that is no built-in parameter; a per-service
 * name also gets the template it follows. `referencedBy` says which values
 * count for a `$name` reference where the name is.
 */
export function userNameSections(model: ConfigModel, name: string, reason: UserNameReason, referencedBy: string): string[] {
  switch (reason) {
    case 'referenced':
      return [`A parameter of your own: Postfix accepts it because ${referencedBy} refers to it as \`$name\`.`];
    case 'restriction-class':
      return ['A restriction class listed in `smtpd_restriction_classes`: use its name in an smtpd restriction list.'];
    case 'service':
      return ['A per-service setting derived from a master.cf service name.', ...serviceParameterSections(model, name)];
    case 'database':
      return [`A setting of a database table (${DATABASE_TYPES}) named in a lookup.`];
  }
}

/** What $expansion makes of `raw`: the value used, or why expansion stopped; and the names that expand to nothing. */
export function expansionLines(expansion: Expansion, raw: string, show: (text: string) => string = code): string[] {
  const lines: string[] = [];
  if (expansion.stopped) lines.push(`**Expansion stopped:** ${expansion.stopped}`);
  else if (expansion.value !== raw) lines.push(`**Value used:** ${show(expansion.value)}`);
  if (expansion.undefinedNames.length) lines.push(`Undefined, expanded to nothing: ${expansion.undefinedNames.map((n) => '`$' + n + '`').join(', ')}`);
  return lines;
}
