/**
 * What makes a transaction unusable before any restriction is looked at: a
 * client address that is not one, an envelope address smtpd would refuse to
 * parse, a HELO name with control characters. The command line, the editor's
 * request and scenario files all check here, so each says the same thing.
 */
import type { DnsFacts, Transaction } from '../simulate/transaction';

/** More recipients than this are not simulated: the answer would be too long to read, and smtpd stops at smtpd_recipient_limit long before. */
export const MAX_RECIPIENTS = 10_000;
/** smtpd reads at most line_length_limit (2048) bytes of a command line */
const MAX_ARGUMENT = 2048;

const CONTROL = /[\x00-\x1f\x7f]/;

function ipv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function ipv6(text: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string): string[] | undefined => {
    if (half === '') return [];
    const parts = half.split(':');
    return parts.every((p) => p !== '') ? parts : undefined;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return false;
  const all = [...head, ...tail];
  // an IPv4 address may end it, standing for two groups
  const last = all.at(-1);
  const v4 = last !== undefined && last.includes('.');
  if (v4 && !ipv4(last)) return false;
  const hex = v4 ? all.slice(0, -1) : all;
  if (!hex.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = hex.length + (v4 ? 2 : 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

/** Why `text` is not a client IP address (IPv4 dotted quad or IPv6), or undefined. */
export function ipAddressProblem(text: string): string | undefined {
  if (ipv4(text) || ipv6(text)) return undefined;
  if (/^ipv6:/i.test(text) && ipv6(text.slice(5))) return `give the IPv6 address without "${text.slice(0, 5)}"`;
  return `${JSON.stringify(text)} is not an IPv4 or IPv6 address`;
}

/** The address with quoted parts taken out, for the checks that do not apply inside quotes. */
const unquoted = (address: string): string => address.replace(/"(?:[^"\\]|\\.)*"/g, '""');

/**
 * Why smtpd would not take `address` as MAIL FROM or RCPT TO, or undefined.
 * An address without a domain is fine here: smtpd takes it, and
 * reject_non_fqdn_* judge it.
 */
export function envelopeAddressProblem(address: string): string | undefined {
  if (CONTROL.test(address)) return 'contains control characters';
  if (address.length > MAX_ARGUMENT) return `is longer than ${MAX_ARGUMENT} characters`;
  const bare = unquoted(address);
  if (/\s/.test(bare)) return 'contains white space';
  if (/[<>]/.test(bare)) return 'give it without angle brackets';
  if (bare.includes(',')) return 'contains a comma: give one address';
  if (bare.startsWith('@')) return 'has nothing before the @ (a source route is not an address)';
  if (bare.endsWith('@')) return 'has no domain after the @';
  return undefined;
}

/** Why a host name as the client or HELO gives it cannot be sent, or undefined. */
function nameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (CONTROL.test(name)) return 'contains control characters';
  if (/\s/.test(name)) return 'contains white space';
  if (name.length > MAX_ARGUMENT) return `is longer than ${MAX_ARGUMENT} characters`;
  return undefined;
}

/** Everything that makes the transaction unusable, each naming the field (as the command line names it) and the value it is about. */
export function transactionProblems(tx: Transaction): string[] {
  const problems: string[] = [];
  const add = (field: string, problem: string | undefined): void => {
    if (problem) problems.push(`${field}: ${problem}`);
  };
  add('client-address', ipAddressProblem(tx.clientAddress));
  for (const [field, value] of [
    ['client-name', tx.clientName],
    ['reverse-client-name', tx.reverseClientName],
    ['helo', tx.helo],
    ['sasl-username', tx.saslUsername],
  ] as const) {
    if (value !== undefined) add(field, nameProblem(value));
  }
  if (tx.sender !== '') add(`sender ${JSON.stringify(tx.sender)}`, envelopeAddressProblem(tx.sender));
  if (tx.recipients.length === 0) problems.push('recipient: at least one is needed');
  if (tx.recipients.length > MAX_RECIPIENTS) problems.push(`recipient: ${tx.recipients.length} given, at most ${MAX_RECIPIENTS} are simulated at once`);
  else for (const r of tx.recipients) add(`recipient ${JSON.stringify(r)}`, r === '' ? 'is empty (only the sender may be null)' : envelopeAddressProblem(r));
  for (const [field, names] of [
    ['dns-resolves', tx.dns?.resolves],
    ['dns-unresolvable', tx.dns?.unresolvable],
    ['dns-listed', tx.dns?.listed],
  ] as const) {
    for (const name of names ?? []) add(field, nameProblem(name));
  }
  return problems;
}

/**
 * The transaction with a client name of "unknown" left out: that is how
 * smtpd logs a name it does not have, and how users write it.
 */
export function withoutUnknownNames(tx: Transaction): Transaction {
  const out = { ...tx };
  if (out.clientName?.toLowerCase() === 'unknown') delete out.clientName;
  if (out.reverseClientName?.toLowerCase() === 'unknown') delete out.reverseClientName;
  return out;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** A transaction from loose JSON (a protocol request), or what is wrong with its shape. */
export function readTransaction(value: unknown): Transaction | string {
  if (typeof value !== 'object' || value === null) return 'the transaction must be an object';
  const v = value as Record<string, unknown>;
  if (typeof v.clientAddress !== 'string') return 'clientAddress must be a string';
  if (typeof v.sender !== 'string') return 'sender must be a string ("" for the null sender)';
  if (!isStringArray(v.recipients)) return 'recipients must be an array of strings';
  const tx: Transaction = { clientAddress: v.clientAddress, sender: v.sender, recipients: v.recipients };
  for (const key of ['clientName', 'reverseClientName', 'helo', 'saslUsername'] as const) {
    const field = v[key];
    if (field === undefined || field === null) continue;
    if (typeof field !== 'string') return `${key} must be a string`;
    tx[key] = field;
  }
  if (v.dns !== undefined && v.dns !== null) {
    if (typeof v.dns !== 'object') return 'dns must be an object';
    const d = v.dns as Record<string, unknown>;
    const dns: DnsFacts = {};
    for (const key of ['resolves', 'unresolvable', 'listed'] as const) {
      if (d[key] === undefined) continue;
      const list = d[key];
      if (!isStringArray(list)) return `dns.${key} must be an array of strings`;
      dns[key] = list;
    }
    tx.dns = dns;
  }
  return tx;
}
