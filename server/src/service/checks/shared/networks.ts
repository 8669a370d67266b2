/**
 * The address patterns of Postfix's network lists (mynetworks,
 * smtpd_authorized_xclient_hosts ...): how many addresses each one trusts.
 */
import { listWords } from '../../syntax/restrictionList';

export interface Network {
  /** the entry as written */
  text: string;
  family: 4 | 6;
  address: bigint;
  length: number;
}

/** An entry that is no address pattern: a host or domain name, a /file or a type:table. */
export interface OtherEntry {
  text: string;
  table?: string;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) return undefined;
  return parts.reduce((n, p) => (n << 8n) | BigInt(p), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    for (const g of half.split(':')) {
      if (g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-f]{1,4}$/i.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<number>(missing).fill(0), ...tail].reduce((n, g) => (n << 16n) | BigInt(g), 0n);
}

/** `addr`, `addr/len`, `[addr]`, `[addr]/len`; undefined for anything else. */
export function parseNetwork(text: string): Network | undefined {
  const m = /^(?:\[([^\]]+)\]|([^/[\]]+))(?:\/(\d{1,3}))?$/.exec(text);
  if (!m) return undefined;
  const host = m[1] ?? m[2];
  const v4 = parseIpv4(host);
  const family = v4 !== undefined ? 4 : 6;
  const address = v4 ?? parseIpv6(host);
  if (address === undefined) return undefined;
  const bits = family === 4 ? 32 : 128;
  const length = m[3] === undefined ? bits : Number(m[3]);
  if (length > bits) return undefined;
  return { text, family, address, length };
}

const net = (text: string): Network => parseNetwork(text) as Network;

/** Networks no one reaches from the Internet, and loopback. */
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '[fc00::]/7', '[fe80::]/10', '[::1]/128'].map(net);
const LOOPBACK = ['127.0.0.0/8', '[::1]/128', '[::ffff:127.0.0.0]/104'].map(net);

function within(inner: Network, outer: Network): boolean {
  if (inner.family !== outer.family || inner.length < outer.length) return false;
  const shift = BigInt((inner.family === 4 ? 32 : 128) - outer.length);
  return inner.address >> shift === outer.address >> shift;
}

export const isPrivate = (n: Network): boolean => PRIVATE.some((p) => within(n, p));
export const isLoopback = (n: Network): boolean => LOOPBACK.some((p) => within(n, p));
export const isEverything = (n: Network): boolean => n.length === 0;

/** The entries of a network list, after $name expansion; `!` exceptions are left out, since they trust no one. */
export function networkEntries(value: string): (Network | OtherEntry)[] {
  return listWords(value)
    .map((w) => w.text)
    .filter((t) => !t.startsWith('!'))
    .map((text) => {
      // Postfix reads 0/0 as all of IPv4
      const network = parseNetwork(text === '0/0' ? '0.0.0.0/0' : text);
      if (network) return { ...network, text };
      const table = /^[a-z][a-z0-9_-]*:/i.test(text) && !text.startsWith('[') ? text : undefined;
      return { text, table };
    });
}

export const isNetwork = (entry: Network | OtherEntry): entry is Network => 'family' in entry;
