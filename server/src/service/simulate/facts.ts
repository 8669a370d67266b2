/**
 * The transaction's facts as smtpd would hold them: the client's address,
 * names and login, and the DNS answers the scenario states.
 */
import { parseAddress } from '../lookup/patterns';
import { formatAddress } from '../syntax/address';
import type { Client, DnsView } from './check';
import type { DnsFacts, Transaction } from './transaction';

/** The address as smtpd prints it: IPv6 in its compressed lower-case form, without "IPv6:". */
function normalizeAddress(address: string): string {
  const bare = address.replace(/^ipv6:/i, '');
  const n = parseAddress(bare);
  return n ? formatAddress(n.bytes) : bare;
}

export function dnsView(facts: DnsFacts | undefined): DnsView {
  const norm = (n: string): string => n.toLowerCase().replace(/\.$/, '');
  const resolves = new Set((facts?.resolves ?? []).map(norm));
  const unresolvable = new Set((facts?.unresolvable ?? []).map(norm));
  const listed = new Map<string, string>();
  for (const entry of facts?.listed ?? []) {
    const eq = entry.indexOf('=');
    listed.set(norm(eq < 0 ? entry : entry.slice(0, eq)), eq < 0 ? '127.0.0.2' : entry.slice(eq + 1));
  }
  return {
    resolves: (name) => (unresolvable.has(norm(name)) ? false : resolves.has(norm(name)) ? true : undefined),
    listed: (list) => {
      const address = listed.get(norm(list));
      return address === undefined ? undefined : { address };
    },
    hasListFacts: facts?.listed !== undefined,
  };
}

/** A missing name is "unknown"; a missing reverse name is the client name, as a verified name is also the reverse one. */
export function clientOf(tx: Transaction): Client {
  const address = normalizeAddress(tx.clientAddress);
  const name = tx.clientName ?? 'unknown';
  const reverseName = tx.reverseClientName ?? tx.clientName ?? 'unknown';
  return {
    address,
    name,
    nameKnown: tx.clientName !== undefined,
    reverseName,
    reverseKnown: reverseName !== 'unknown',
    namaddr: `${name}[${address}]`,
    ...(tx.helo !== undefined ? { helo: tx.helo } : {}),
    ...(tx.saslUsername ? { login: tx.saslUsername } : {}),
  };
}
