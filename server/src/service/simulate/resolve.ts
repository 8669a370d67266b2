/**
 * What trivial-rewrite's resolver makes of an address when smtpd asks: the
 * local domains stripped off (mydestination, the addresses smtpd listens
 * on), routing operators in the localpart followed (percent hack, bang
 * paths), and the address class that decides relaying and which recipient
 * table applies: local, virtual alias, virtual mailbox, relay or default.
 */
import { parseAddress } from '../lookup/patterns';
import { validHostname, validMailhostAddr } from '../lookup/names';
import type { Policy } from './policy';

export type AddressClass = 'local' | 'alias' | 'virtual' | 'relay' | 'default';

export interface Resolved {
  /** the address the resolver returns, always user@domain */
  address: string;
  domain: string;
  klass: AddressClass;
  /** routing operators left in the localpart of a remote address (user%host@relay) */
  routed: boolean;
  /** bad domain syntax: smtpd refuses the address */
  error: boolean;
  /** why the class is what it is, for the trace */
  why: string;
}

/** A loop guard in the spirit of the resolver's own. */
const MAX_ROUNDS = 100;

function splitAt(address: string): { local: string; domain: string | undefined } {
  const at = address.lastIndexOf('@');
  return at < 0 ? { local: address, domain: undefined } : { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** One trailing dot goes, as the resolver strips it (not "..", not "@."). */
const stripDot = (domain: string): string => (domain.length > 1 && domain.endsWith('.') && !domain.endsWith('..') ? domain.slice(0, -1) : domain);

export function resolveAddress(policy: Policy, address: string): Resolved {
  const percentHack = policy.settings.bool('allow_percent_hack');
  const bangPath = policy.settings.bool('swap_bangpath');
  let { local, domain } = splitAt(address);
  let saved: string | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (domain !== undefined) {
      domain = stripDot(domain);
      if (!policy.isLocalDomain(domain).local) break;
      saved = domain;
      domain = undefined;
    }
    if (local.includes('@')) {
      ({ local, domain } = splitAt(local));
      continue;
    }
    if (percentHack && local.includes('%')) {
      const p = local.lastIndexOf('%');
      domain = local.slice(p + 1);
      local = local.slice(0, p);
      continue;
    }
    if (bangPath && local.includes('!')) {
      const b = local.indexOf('!');
      domain = local.slice(0, b);
      local = local.slice(b + 1);
      continue;
    }
    break;
  }
  const isLocal = domain === undefined;
  const finalDomain = domain ?? saved ?? policy.settings.value('myhostname');
  const resolved = `${local}@${finalDomain}`;
  const error = finalDomain.startsWith('[') ? !validLiteral(finalDomain) : !validHostname(finalDomain);
  const base = { address: resolved, domain: finalDomain, error };
  if (error) return { ...base, klass: 'default', routed: false, why: `"${finalDomain}" is not a valid domain` };
  const firstOperator = resolved.search(/[@!%]/);
  const routed = resolved.slice(firstOperator + 1) !== finalDomain;
  if (isLocal) {
    const why = saved === undefined ? `no domain: the resolver adds $myhostname (${finalDomain})` : policy.isLocalDomain(saved).why;
    return { ...base, klass: 'local', routed, why };
  }
  const alias = policy.virtualAliasDomains.matchString(finalDomain);
  if (alias.matched) return { ...base, klass: 'alias', routed, why: `${finalDomain} is a virtual alias domain (virtual_alias_domains: ${alias.entry ?? ''})` };
  const mailbox = policy.virtualMailboxDomains.matchString(finalDomain);
  if (mailbox.matched)
    return { ...base, klass: 'virtual', routed, why: `${finalDomain} is a virtual mailbox domain (virtual_mailbox_domains: ${mailbox.entry ?? ''})` };
  const relay = policy.relayDomains.matchDomain(finalDomain);
  if (relay.matched) return { ...base, klass: 'relay', routed, why: `${finalDomain} matches relay_domains (${relay.entry ?? ''})` };
  return { ...base, klass: 'default', routed, why: `${finalDomain} is not in mydestination, the virtual domains or relay_domains` };
}

/** [1.2.3.4] or [IPv6:...]. */
function validLiteral(domain: string): boolean {
  return domain.endsWith(']') && validMailhostAddr(domain.slice(1, -1));
}

/** The address inside an address literal, when it is one. */
export function literalAddress(domain: string): string | undefined {
  if (!domain.startsWith('[') || !domain.endsWith(']')) return undefined;
  const inner = domain.slice(1, -1).replace(/^ipv6:/i, '');
  return parseAddress(inner) ? inner : undefined;
}
