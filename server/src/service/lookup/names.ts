/**
 * Host names and addresses the way Postfix judges them (valid_hostname,
 * valid_hostaddr, valid_mailhost_addr): what smtpd calls an invalid or
 * numeric name.
 */

const LABEL_MAX = 63;
const NAME_MAX = 255;

/** Letters, digits, "_" and inner hyphens; no empty label; not all numeric; at most 255 characters. */
export function validHostname(name: string): boolean {
  if (name === '' || name.length > NAME_MAX) return false;
  let label = 0;
  let nonNumeric = false;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (/[A-Za-z0-9_]/.test(c)) {
      if (++label > LABEL_MAX) return false;
      if (!/[0-9]/.test(c)) nonNumeric = true;
    } else if (c === '.') {
      if (label === 0 || i === name.length - 1) return false;
      label = 0;
    } else if (c === '-') {
      label++;
      if (label === 1 || i === name.length - 1 || name[i + 1] === '.') return false;
    } else return false;
  }
  return nonNumeric;
}

/** Dotted quad, four octets of at most 255; "0.x.y.z" only as 0.0.0.0. */
export function validIpv4(addr: string): boolean {
  let inByte = false;
  let count = 0;
  let value = 0;
  for (let i = 0; i < addr.length; i++) {
    const c = addr[i];
    if (c >= '0' && c <= '9') {
      if (!inByte) {
        inByte = true;
        value = 0;
        count++;
      }
      value = value * 10 + Number(c);
      if (value > 255) return false;
    } else if (c === '.') {
      if (!inByte || i === addr.length - 1) return false;
      if (count === 1 && value === 0 && /[^0.]/.test(addr)) return false;
      inByte = false;
    } else return false;
  }
  return count === 4;
}

/** Up to eight hex fields of at most four digits, one "::", an IPv4 tail. */
export function validIpv6(addr: string): boolean {
  let nullField = 0;
  let field = 0;
  let len = 0;
  let i = 0;
  for (;;) {
    const c = addr[i];
    if (c === undefined) return field >= 2 && !(len === 0 && nullField !== field - 1);
    if (c === '.') return field >= 2 && field <= 6 && validIpv4(addr.slice(i - len));
    if (c === ':') {
      if (field === 0 && len === 0 && /[A-Za-z0-9]/.test(addr[i + 1] ?? '')) return false;
      if (++field > 7) return false;
      i++;
      len = 0;
      if (addr[i] === ':') {
        if (nullField > 0) return false;
        nullField = field;
      }
      continue;
    }
    const hex = /^[0-9A-Fa-f]*/.exec(addr.slice(i))?.[0].length ?? 0;
    if (hex === 0 || hex > 4) return false;
    len = hex;
    i += hex;
  }
}

export const validHostaddr = (addr: string): boolean => (addr === '' ? false : addr.includes(':') ? validIpv6(addr) : validIpv4(addr));

/** An address as written in a mail address literal: "IPv6:" before an IPv6 address. */
export function validMailhostAddr(addr: string): boolean {
  if (/^ipv6:/i.test(addr)) return validIpv6(addr.slice(5));
  return validIpv4(addr);
}

/** A name ending in one dot loses it, as smtpd truncates HELO names and domains before judging them. */
export const withoutTrailingDot = (name: string): string => (name.length > 1 && name.endsWith('.') && !name.endsWith('..') ? name.slice(0, -1) : name);
