import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { MAX_PER_CHECK, type TableCheck } from './context';
import { defineCheck } from '../check';
import type { TableInfo } from '../../model/tableDetect';

const IPV4ISH = /^[0-9]+(\.[0-9]+){1,3}$/;
const IPV6ISH = /^[0-9A-Fa-f]*(:[0-9A-Fa-f]*){2,7}$/;

/**
 * Whether a key is a plain IPv4 address or leading octets (1.2.3.4, 10.1)
 * that smtpd may look up: the most common key there is, told apart without
 * regular expressions.
 */
function plainOctets(key: string): boolean {
  let octets = 1;
  let value = 0;
  let digits = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 46) {
      // an empty octet, or one with a leading zero
      if (digits === 0 || (digits > 1 && key.charCodeAt(i - digits) === 48)) return false;
      octets++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      value = value * 10 + c - 48;
      digits++;
      if (value > 255) return false;
    } else {
      return false;
    }
  }
  return octets >= 2 && octets <= 4 && digits > 0 && !(digits > 1 && key.charCodeAt(key.length - digits) === 48);
}

/** Why smtpd never looks up this key of an indexed access table, or undefined when it may. */
export function accessKeyProblem(key: string, clientOnly = true): string | undefined {
  // most keys are names and addresses: an IPv4 address starts with a digit (or a bracket), an IPv6 one has colons
  const first = key.charCodeAt(0);
  if (!(first >= 48 && first <= 57) && first !== 91 && !key.includes(':')) return undefined;
  if (plainOctets(key)) return undefined;
  if (!/^[[0-9A-Fa-f:]/.test(key)) return undefined;
  const bare = key.replace(/^\[(.*)\]$/, '$1');
  const slash = bare.indexOf('/');
  const address = slash >= 0 ? bare.slice(0, slash) : bare;
  const looksLikeAddress = IPV4ISH.test(address) || IPV6ISH.test(address);
  if (!looksLikeAddress) return undefined;
  if (slash >= 0) {
    return `"${key}" is a network/prefix: smtpd looks up client addresses in an indexed table as plain text (1.2.3.4, then 1.2.3, 1.2 and 1), never with a /prefix. Use a cidr: table for networks, or write the network as its leading octets (e.g. 192.168.1 for 192.168.1.0/24).`;
  }
  // a HELO argument or the domain of user@[192.0.2.7] is looked up with its brackets
  if (bare !== key) return clientOnly ? `"${key}": smtpd looks up client addresses without [brackets], so this key never matches. Write ${bare}.` : undefined;
  if (IPV4ISH.test(address)) {
    const octets = address.split('.');
    if (octets.some((o) => o.length > 1 && o.startsWith('0'))) {
      return `"${key}" has an octet with a leading zero; smtpd looks up addresses as they are written normally (${octets.map((o) => String(Number(o))).join('.')}), so this key never matches.`;
    }
    if (octets.some((o) => Number(o) > 255)) return `"${key}" has an octet above 255; no client address matches it.`;
    return undefined;
  }
  const groups = address.split(':');
  if (groups.some((g) => g.length > 1 && g.startsWith('0'))) {
    return `"${key}" has a group with leading zeros; smtpd looks up IPv6 addresses in their compressed form without leading zeros, so this key never matches.`;
  }
  if (!address.includes('::') && groups.length === 8 && groups.some((g, i) => g === '0' && groups[i + 1] === '0')) {
    return `"${key}" is not in compressed form: smtpd looks up IPv6 addresses with the longest run of zero groups written as "::", so this key never matches.`;
  }
  return undefined;
}

/** Only check_client_access looks the table up: then its keys are sure to be compared with client addresses alone. */
export const onlyClientLookups = (info: Pick<TableInfo, 'lookups'>): boolean =>
  info.lookups !== undefined && info.lookups.length > 0 && info.lookups.every((l) => l === 'check_client_access');

/** Indexed access tables: keys in a form smtpd looks up. */
const checkAccessKeys: TableCheck = ({ parsed, info, limit = MAX_PER_CHECK }) => {
  if (info.role !== 'access' || info.flavour !== 'indexed') return [];
  const out: Diagnostic[] = [];
  const clientOnly = onlyClientLookups(info);
  for (const line of parsed.lines) {
    if (out.length >= limit) break;
    const entry = line.entry;
    if (entry?.kind !== 'pair') continue;
    const problem = accessKeyProblem(entry.key.text, clientOnly);
    if (problem) out.push(diagnostic(Code.InvalidAccessKey, entry.key.range, problem));
  }
  return out;
};

export const accessKeys = defineCheck({ codes: [Code.InvalidAccessKey], kind: 'table', mode: 'line', run: checkAccessKeys });
