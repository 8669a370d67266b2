import type { Hover } from 'vscode-languageserver-types';
import type { RestrictionArgument, RestrictionData, RestrictionInfo } from '../../knowledge/restrictions';
import { tableTypes } from '../../knowledge/tableTypes';
import type { ConfigModel } from '../../model/config';
import { restrictionClasses } from '../../model/restrictionLists';
import type { Target } from '../main/locate';
import { addedIn, code, heading, joinLines, joinSections, markdownHover, postconfLink, removedIn } from './hoverText';

const ARGUMENT: Record<RestrictionArgument, string> = {
  none: 'none',
  table: 'a lookup table, `type:name` (e.g. `hash:/etc/postfix/access`)',
  'dns-list': 'a DNS list domain, optionally `=d.d.d.d` to accept only some replies (e.g. `zen.spamhaus.org=127.0.0.[2..11]`)',
  'policy-service': 'a policy server, `inet:host:port` or `unix:path`, or `{ server, option=value ... }`',
  seconds: 'a number of seconds',
  'next-restriction': 'applies to the restriction that follows it',
};

const DATA: Record<RestrictionData, string> = {
  generic: 'nothing in particular: works in every list',
  client: 'the client (address and name): works from smtpd_client_restrictions on',
  helo: 'the HELO/EHLO name: works from smtpd_helo_restrictions on',
  tls: 'the TLS client certificate: works from smtpd_helo_restrictions on (in smtpd_client_restrictions only with smtpd_tls_wrappermode = yes)',
  auth: 'the AUTH login: works from smtpd_sender_restrictions on',
  sender: 'the MAIL FROM address: works from smtpd_sender_restrictions on',
  recipient: 'the RCPT TO address: smtpd_relay_restrictions, smtpd_recipient_restrictions and later',
  etrn: 'the ETRN domain: smtpd_etrn_restrictions only',
};

/** `note` qualifies the heading, e.g. "commented out". */
export function restrictionText(info: RestrictionInfo, note?: string): string {
  const lines = [`**Argument:** ${ARGUMENT[info.argument]}`, `**Tests:** ${DATA[info.data]}`];
  if (info.since) lines.push(addedIn(info.since));
  if (info.removedIn) lines.push(removedIn(info.removedIn, info.replacement));
  else if (info.renamedIn) lines.push(`**Old name** (before Postfix ${info.renamedIn}): use \`${info.replacement}\``);
  else if (info.replacement === null) lines.push(`**Deprecated** since Postfix ${info.warnSince}`);
  return joinSections([
    heading(info.name, note ? `SMTP access restriction, ${note}` : 'SMTP access restriction'),
    info.summary,
    joinLines(lines),
    info.documentedIn ? postconfLink(info.name) : undefined,
  ]);
}

/** A restriction class: the list it runs, when known. */
export function restrictionClassText(name: string, list: string): string {
  return joinSections([heading(name, 'restriction class'), list]);
}

/** Hover on a word of a restriction list: a restriction, a table, or a restriction class. */
export function restrictionHover(model: ConfigModel, target: Extract<Target, { kind: 'list-word' }>): Hover | null {
  const { item, word, range } = target;
  let value: string | undefined;
  if (item.kind === 'restriction' && word === item.word) value = restrictionText(item.info);
  else if (item.kind === 'table' || (item.kind === 'restriction' && item.info.argument === 'table')) {
    const type = tableTypes.get(word.text.split(':')[0]);
    if (type) value = joinSections([`${heading(`${type.name}:`)} lookup table`, joinLines([type.summary, addedIn(type.since)])]);
  } else if (item.kind === 'name' && restrictionClasses(model).has(word.text)) {
    const a = model.effective(word.text);
    value = restrictionClassText(
      word.text,
      a
        ? `Runs the list set on line ${a.nameRange.start.line + 1}: ${code(a.value)}`
        : 'Listed in smtpd_restriction_classes but not set: smtpd finds an empty list.',
    );
  }
  return value ? markdownHover(value, range) : null;
}
