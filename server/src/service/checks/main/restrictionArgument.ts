import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import type { RestrictionInfo } from '../../knowledge/restrictions';
import { isWrapper, tableTypes } from '../../knowledge/tableTypes';
import { restrictionLists } from '../../model/restrictionLists';
import type { Word } from '../../syntax/restrictionList';
import type { Check } from './context';
import { wordRange } from '../shared/restrictionHelpers';
import { defineCheck } from '../check';

const OCTET = String.raw`(?:\d{1,3}|\[\d{1,3}(?:\.\.\d{1,3})?(?:;\d{1,3}(?:\.\.\d{1,3})?)*\])`;
const REPLY_FILTER = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const POLICY_SERVER = /^(inet:(\[[^\]]+\]|[^\s:[]+):[^\s:]+|(unix|local):\S+)$/;
const DOMAIN = /^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/;

const EXPECTED: Record<string, string> = {
  table: 'a lookup table such as hash:/etc/postfix/access',
  'dns-list': 'a DNS list domain such as zen.spamhaus.org, optionally with =127.0.0.2',
  'policy-service': 'a policy server such as inet:127.0.0.1:10023 or unix:private/policy',
  seconds: 'a number of seconds',
};

/** The table types a lookup may name, through proxy: and other wrappers. */
export function tableTypeProblem(text: string): string | undefined {
  const m = /^([A-Za-z0-9_-]+):(.*)$/s.exec(text);
  if (!m) return `"${text}" is not a type:table lookup table`;
  const [, type, rest] = m;
  if (!tableTypes.has(type)) return `"${type}" is not a Postfix lookup table type`;
  if (isWrapper(type)) return tableTypeProblem(rest);
  if (rest === '') return `"${text}" names no table after "${type}:"`;
  return undefined;
}

function octetsInRange(filter: string): boolean {
  return (filter.match(/\d+/g) ?? []).every((n) => Number(n) <= 255);
}

function argumentProblem(info: RestrictionInfo, arg: Word): string | undefined {
  const text = arg.text;
  if (text.startsWith('$')) return undefined;
  switch (info.argument) {
    case 'table':
      return tableTypeProblem(text);
    case 'dns-list': {
      const [domain, filter, ...extra] = text.split('=');
      if (extra.length || !DOMAIN.test(domain)) return `"${text}" is not a DNS list domain`;
      if (filter !== undefined && !(REPLY_FILTER.test(filter) && octetsInRange(filter))) {
        return `"=${filter}" is not a reply filter: use four dot-separated numbers 0-255, each maybe a [n;n..m] set, e.g. =127.0.0.[2..11]`;
      }
      return undefined;
    }
    case 'policy-service':
      if (text.startsWith('{')) return /^\{\s*(inet|unix|local):/.test(text) ? undefined : 'the { } form must start with inet:host:port or unix:path';
      return POLICY_SERVER.test(text) ? undefined : `"${text}" is not inet:host:port or unix:path`;
    case 'seconds':
      return /^\d+$/.test(text) ? undefined : `"${text}" is not a whole number of seconds`;
    default:
      return undefined;
  }
}

/** Arguments of restrictions: present, and of the form smtpd will accept. */
const checkRestrictionArguments: Check = ({ model, lists }) => {
  const out: Diagnostic[] = [];
  for (const list of lists ?? restrictionLists(model)) {
    for (const item of list.items) {
      if (item.kind === 'table') {
        const problem = tableTypeProblem(item.word.text);
        if (problem)
          out.push(diagnostic(Code.RestrictionInvalidArgument, wordRange(list, item.word), `${problem}: smtpd answers 451 4.3.5 when it reaches it.`));
        continue;
      }
      if (item.kind !== 'restriction' || !(item.info.argument in EXPECTED)) continue;
      const expected = EXPECTED[item.info.argument];
      if (!item.argument) {
        out.push(
          diagnostic(
            Code.RestrictionMissingArgument,
            wordRange(list, item.word),
            `${item.info.name} needs ${expected} after it; without one smtpd answers 451 4.3.5 (server configuration error).`,
          ),
        );
        continue;
      }
      const problem = argumentProblem(item.info, item.argument);
      if (problem) {
        out.push(
          diagnostic(
            Code.RestrictionInvalidArgument,
            wordRange(list, item.argument),
            `${item.info.name} takes ${expected} as its argument: ${problem}. smtpd takes the next word as the argument whatever it is.`,
          ),
        );
      }
    }
  }
  return out;
};

export const restrictionArgument = defineCheck({
  codes: [Code.RestrictionMissingArgument, Code.RestrictionInvalidArgument],
  kind: 'main',
  overrideLists: true,
  run: checkRestrictionArguments,
});
