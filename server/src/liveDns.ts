/**
 * `simulate --dns live`: the DNS facts of a transaction asked of the
 * system's resolver, so that the simulator (which never opens a socket)
 * judges the DNS restrictions as smtpd would today. Names that resolve or
 * are known not to (NXDOMAIN, no data) become facts; a lookup that fails
 * otherwise (timeout, SERVFAIL) stays unknown, and the trace says that the
 * restriction was assumed to pass.
 */
import { Resolver } from 'node:dns/promises';
import type { ConfigModel } from './service/model/config';
import type { DnsFacts, Transaction } from './service/simulate/transaction';

/** Restrictions whose argument is a DNS list queried with the client's address. */
const CLIENT_LISTS = new Set(['reject_rbl_client', 'permit_dnswl_client']);
const TIMEOUT_MS = 3000;

/** The lookup name of an address in a DNS list: reversed octets, or reversed nibbles for IPv6. */
export function reversedAddress(address: string): string | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) return address.split('.').reverse().join('.');
  if (!address.includes(':')) return undefined;
  const halves = address.toLowerCase().split('::');
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length > 1 ? groups(halves[1]) : [];
  // an IPv4 tail (::ffff:192.0.2.1) is two groups
  const last = tail.length ? tail : head;
  const v4 = last.at(-1)?.includes('.') ? last.pop() : undefined;
  if (v4) {
    const [a, b, c, d] = v4.split('.').map(Number);
    last.push(((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  const fill = Array.from({ length: 8 - head.length - tail.length }, () => '0');
  const all = halves.length > 1 ? [...head, ...fill, ...tail] : head;
  if (all.length !== 8) return undefined;
  return all
    .map((g) => g.padStart(4, '0'))
    .join('')
    .split('')
    .reverse()
    .join('.');
}

/** The DNS lists main.cf's restrictions query with the client's address, as written ("zen.spamhaus.org=127.0.0.[2..11]"). */
function clientLists(model: ConfigModel | undefined): string[] {
  const lists = new Set<string>();
  for (const a of model?.main.assignments ?? []) {
    const words = a.value.split(/[\s,]+/);
    words.forEach((word, i) => {
      if (CLIENT_LISTS.has(word) && words[i + 1]) lists.add(words[i + 1].split('=')[0]);
    });
  }
  return [...lists];
}

/** The domain part of an address, if any. */
const domainOf = (address: string): string | undefined => {
  const at = address.lastIndexOf('@');
  return at < 0 ? undefined : address.slice(at + 1);
};

type Answer = 'yes' | 'no' | 'unknown';

async function exists(resolver: Resolver, name: string): Promise<Answer> {
  const tries = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name), resolver.resolveMx(name)]);
  if (tries.some((t) => t.status === 'fulfilled' && t.value.length > 0)) return 'yes';
  const missing = (t: PromiseSettledResult<unknown>): boolean =>
    t.status === 'rejected' && ['ENOTFOUND', 'ENODATA'].includes((t.reason as NodeJS.ErrnoException).code ?? '');
  return tries.every(missing) ? 'no' : 'unknown';
}

/** The facts the resolver gives for the names of a transaction and the DNS lists main.cf names. */
export async function liveDnsFacts(tx: Transaction, model: ConfigModel | undefined): Promise<DnsFacts> {
  const resolver = new Resolver({ timeout: TIMEOUT_MS, tries: 1 });
  const names = new Set<string>();
  for (const name of [tx.helo, tx.clientName, tx.reverseClientName, domainOf(tx.sender), ...tx.recipients.map(domainOf)]) {
    // a bracketed address literal and "unknown" are no names to look up
    if (name && name !== 'unknown' && !name.startsWith('[')) names.add(name.toLowerCase());
  }
  const facts: Required<DnsFacts> = { resolves: [], unresolvable: [], listed: [] };
  const lookups = [...names].map(async (name) => {
    const answer = await exists(resolver, name);
    if (answer === 'yes') facts.resolves.push(name);
    if (answer === 'no') facts.unresolvable.push(name);
  });
  const reversed = reversedAddress(tx.clientAddress);
  const listings = reversed
    ? clientLists(model).map(async (list) => {
        const answers = await resolver.resolve4(`${reversed}.${list}`).catch(() => [] as string[]);
        for (const a of answers) facts.listed.push(`${list}=${a}`);
      })
    : [];
  await Promise.all([...lookups, ...listings]);
  return facts;
}
