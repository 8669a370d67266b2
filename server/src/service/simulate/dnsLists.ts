/**
 * DNS allow and deny lists (reject_rbl_client, permit_dnswl_client,
 * reject_rhsbl_*) answered from the scenario's DNS facts, with the reply
 * smtpd builds from default_rbl_reply or rbl_reply_maps.
 */
import { braceWords } from '../syntax/braceWords';
import { validHostname } from '../lookup/names';
import type { Check, Outcome } from './check';
import { dsnFix, dsnSplit } from './replies';
import { resolveAddress } from './resolve';

/** "list.example=127.0.0.[2..11]": the list domain and the answers it counts. */
function parseList(argument: string): { domain: string; filter?: string } {
  const eq = argument.indexOf('=');
  return eq < 0 ? { domain: argument } : { domain: argument.slice(0, eq), filter: argument.slice(eq + 1) };
}

/** One octet pattern of a reply filter: a number, or [a..b;c;...]. */
function octetMatches(pattern: string, value: number): boolean {
  if (/^\d+$/.test(pattern)) return Number(pattern) === value;
  const m = /^\[(.*)\]$/.exec(pattern);
  if (!m) return false;
  return m[1].split(';').some((part) => {
    const range = /^(\d+)\.\.(\d+)$/.exec(part);
    if (range) return value >= Number(range[1]) && value <= Number(range[2]);
    return /^\d+$/.test(part) && Number(part) === value;
  });
}

export function replyMatches(filter: string, address: string): boolean {
  const octets = address.split('.').map(Number);
  const parts = filter.match(/\[[^\]]*\]|[^.]+/g) ?? [];
  return parts.length === 4 && octets.length === 4 && parts.every((p, i) => octetMatches(p, octets[i]));
}

/** The scenario's answer for a list: listed (with its A record), not listed, or no facts. */
function answer(check: Check, argument: string): { listed: boolean; address?: string; why: string } | undefined {
  const { domain, filter } = parseList(argument);
  const fact = check.run.dns.listed(domain);
  if (!fact) return check.run.dns.hasListFacts ? { listed: false, why: `${domain} does not list it (DNS facts)` } : undefined;
  if (filter !== undefined && !replyMatches(filter, fact.address))
    return { listed: false, why: `${domain} answers ${fact.address}, which ${filter} does not count` };
  return { listed: true, address: fact.address, why: `${domain} lists it (${fact.address}, DNS facts)` };
}

/** Expands $name, ${name}, ${name?text} and ${name:text} from the values given. */
function expandTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(
    /\$(?:\{(\w+)([?:])([^}]*)\}|\{(\w+)\}|(\w+))/g,
    (_whole: string, cname?: string, op?: string, text?: string, bname?: string, name?: string) => {
      if (cname !== undefined) {
        const v = values[cname] ?? '';
        return op === '?' ? (v !== '' ? expandTemplate(text ?? '', values) : '') : v === '' ? expandTemplate(text ?? '', values) : '';
      }
      return values[bname ?? name ?? ''] ?? '';
    },
  );
}

function rejectReply(check: Check, argument: string, what: string, replyClass: string, why: string): Outcome {
  const { settings } = check.policy;
  const { domain } = parseList(argument);
  let template = settings.value('default_rbl_reply');
  const maps = settings.value('rbl_reply_maps');
  if (maps !== '') {
    for (const name of braceWords(maps)) {
      const table = check.policy.tables.table(name, { file: check.current.file, line: check.current.line ?? 0 });
      const r = table.lookup(argument);
      const r2 = r.kind === 'found' || argument === domain ? r : table.lookup(domain);
      if (r2.kind === 'found') {
        template = r2.hit.value;
        break;
      }
    }
  }
  const { client, session } = check.run;
  const values: Record<string, string> = {
    rbl_code: String(settings.int('maps_rbl_reject_code')),
    rbl_domain: domain,
    rbl_reason: '',
    rbl_txt: '',
    rbl_what: what,
    rbl_class: replyClass,
    client: client.namaddr,
    client_address: client.address,
    client_name: client.name,
    reverse_client_name: client.reverseName,
    helo_name: client.helo ?? '',
    sender: session.sender ?? '',
    recipient: session.recipient ?? '',
  };
  const text = expandTemplate(template, values);
  const m = /^([45]\d\d) ([\s\S]*)$/.exec(text);
  if (!m) {
    check.run.problems.push(`rbl response code configuration error: ${text}`);
    return check.reject('policy', 450, '4.7.1', 'Service unavailable', why);
  }
  const d = dsnSplit('4.7.1', m[2]);
  return check.reject('policy', Number(m[1]), dsnFix(d.dsn, replyClass), d.text || 'Service unavailable', `${why} (maps_rbl_reject_code = ${values.rbl_code})`);
}

/** reject_rbl_client and permit_dnswl_client: the client address. */
export function rblAddress(check: Check, name: string, argument: string | undefined, address: string): Outcome {
  if (argument === undefined) {
    check.run.problems.push(`restriction ${name} requires domain name argument`);
    return check.dunno('no DNS list named after it');
  }
  const permit = name === 'permit_dnswl_client';
  if (permit && check.stage === 'RCPT' && check.run.session.recipient !== undefined && !isAuthorized(check, check.run.session.recipient)) {
    return check.dunno('an allow list never lets a recipient through that relaying would refuse');
  }
  const a = answer(check, argument);
  if (!a) return check.notJudged(`no DNS facts for ${parseList(argument).domain}: assumed ${permit ? 'not listed' : 'not listed (passes)'}`);
  if (!a.listed) return check.dunno(a.why);
  if (permit) return check.permit(a.why);
  return rejectReply(check, argument, address, 'Client host', a.why);
}

/** reject_rhsbl_* and permit_rhswl_client: the domain of a name or address. */
export function rblDomain(check: Check, name: string, argument: string | undefined, what: string, replyClass: string): Outcome {
  if (argument === undefined) {
    check.run.problems.push(`restriction ${name} requires domain name argument`);
    return check.dunno('no DNS list named after it');
  }
  const at = what.lastIndexOf('@');
  const domain = at < 0 ? what : what.slice(at + 1);
  if (domain.startsWith('[') || domain === '') return check.dunno(`${what}: no domain to look up`);
  const suffix = domain.slice(domain.lastIndexOf('.') + 1);
  if (/^\d*$/.test(suffix) || !validHostname(domain)) return check.dunno(`${domain}: not a name smtpd looks up in a DNS list`);
  const permit = name === 'permit_rhswl_client';
  if (permit && check.stage === 'RCPT' && check.run.session.recipient !== undefined && !isAuthorized(check, check.run.session.recipient)) {
    return check.dunno('an allow list never lets a recipient through that relaying would refuse');
  }
  const a = answer(check, argument);
  if (!a) return check.notJudged(`no DNS facts for ${parseList(argument).domain}: assumed not listed`);
  if (!a.listed) return check.dunno(a.why);
  if (permit) return check.permit(a.why);
  return rejectReply(check, argument, what, replyClass, a.why);
}

function isAuthorized(check: Check, recipient: string): boolean {
  const r = resolveAddress(check.policy, recipient);
  return r.klass !== 'default' && !(r.routed && !check.policy.settings.bool('allow_untrusted_routing'));
}
