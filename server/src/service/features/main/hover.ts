import type { Hover } from 'vscode-languageserver-types';
import { OFFICIAL_DOC, serviceTemplate, type ParameterInfo } from '../../knowledge/parameters';
import { expandParameter, type Expansion } from '../../model/expand';
import type { ConfigModel, UserNameReason } from '../../model/config';
import type { Position } from '../../syntax/text';
import { targetAt } from './locate';
import { restrictionHover } from '../shared/restrictionHover';

const MAX_SHOWN = 400;

/** A value as inline code, shortened and on one line. */
export const code = (text: string, max = MAX_SHOWN): string => {
  const shown = text.length > max ? text.slice(0, max) + ' …' : text;
  const ticks = shown.includes('`') ? '``' : '`';
  return shown === '' ? '_(empty)_' : `${ticks}${shown.replace(/\s+/g, ' ')}${ticks}`;
};

const USER_REASON: Record<UserNameReason, string> = {
  referenced: 'A parameter of your own: Postfix accepts it because a value refers to it as `$name`.',
  'restriction-class': 'A restriction class listed in `smtpd_restriction_classes`: use its name in an smtpd restriction list.',
  service: 'A per-service setting derived from a master.cf service name.',
  database: 'A setting of a database table (ldap, mysql, pgsql, sqlite, memcache, mongodb) named in a lookup.',
};

/** Default, release, deprecation of a parameter: the facts every parameter hover shows. */
export function facts(info: ParameterInfo): string[] {
  const lines = [`**Default:** ${code(info.default)}`];
  if (info.since) {
    const backports = info.backports?.length ? ` (also ${info.backports.join(', ')})` : '';
    lines.push(`**Added in Postfix ${info.since}**${backports}`);
  }
  const replacement = info.deprecated?.replacement ?? info.replacement;
  if (info.removedIn) lines.push(`**Removed in Postfix ${info.removedIn}**${replacement ? `: use \`${replacement}\`` : ''}`);
  else if (info.deprecated) lines.push(`**Deprecated**${replacement ? `: use \`${replacement}\` instead` : ': remove it and keep the default'}`);
  if (info.readOnly) lines.push('**Read-only:** Postfix sets it itself.');
  return lines;
}

/** A per-service name such as smtp_destination_rate_delay: the template it follows, with its facts; [] for none. */
export function serviceParameterSections(model: ConfigModel, name: string): string[] {
  const found = serviceTemplate(name, (s) => model.services.some((service) => service.name === s));
  if (!found) return [];
  const { template, service } = found;
  return [`Here the [\`${template.name}\`](${OFFICIAL_DOC}#${template.name}) of the service \`${service}\`. ${template.summary}`, facts(template).join('  \n')];
}

/** What $expansion makes of `raw`: the value used, or why expansion stopped; and the names that expand to nothing. */
export function expansionLines(expansion: Expansion, raw: string, show: (text: string) => string = code): string[] {
  const lines: string[] = [];
  if (expansion.stopped) lines.push(`**Expansion stopped:** ${expansion.stopped}`);
  else if (expansion.value !== raw) lines.push(`**Value used:** ${show(expansion.value)}`);
  if (expansion.undefinedNames.length) lines.push(`Undefined, expanded to nothing: ${expansion.undefinedNames.map((n) => '`$' + n + '`').join(', ')}`);
  return lines;
}

/** Summary, default, version, deprecation, the value after $expansion, and the official page. */
export function hover(model: ConfigModel, position: Position): Hover | null {
  const target = targetAt(model, position);
  if (!target || target.kind === 'value') return null;
  if (target.kind === 'list-word') return restrictionHover(model, target);
  const name = target.kind === 'name' ? target.assignment.name : target.name;
  if (target.kind === 'reference' && model.builtin(target.assignment.name)?.raw) {
    const value = `\`$${name}\` is not a main.cf parameter: Postfix passes the value of \`${target.assignment.name}\` on unexpanded, and the program that uses it fills in its own \`$names\`.`;
    return { contents: { kind: 'markdown', value }, range: target.range };
  }
  const info = model.builtin(name);
  const sections: string[] = [];
  if (info) {
    sections.push(`**${name}**`, info.summary, facts(info).join('  \n'));
  } else if (!model.isDefined(name)) {
    sections.push(`**$${name}**`, 'Not defined: Postfix expands it to an empty string.');
  } else {
    const reason = model.userNameReason(name);
    if (reason) sections.push(`**${name}**`, USER_REASON[reason], ...(reason === 'service' ? serviceParameterSections(model, name) : []));
    else sections.push(`**${name}**`, 'Not a Postfix parameter, and no value uses it: Postfix ignores it.');
  }
  const set = model.effective(name);
  if (set || info) {
    const lines: string[] = [];
    if (set) lines.push(`**Set on line ${set.nameRange.start.line + 1}:** ${code(set.value)}`);
    if (info?.raw) lines.push('Postfix passes this value on without expanding `$names`.');
    else lines.push(...expansionLines(expandParameter(model, name), model.rawValue(name) ?? ''));
    if (lines.length) sections.push(lines.join('  \n'));
  }
  if (info) sections.push(`[postconf(5): ${name}](${OFFICIAL_DOC}#${name})`);
  return { contents: { kind: 'markdown', value: sections.join('\n\n') }, range: target.range };
}
