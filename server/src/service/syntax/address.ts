/**
 * IP addresses and networks the way Postfix reads them: inet_pton(3) as glibc
 * implements it, and cidr_match_parse() of cidr tables with its messages.
 */

/** IPv4 dotted quad: exactly four decimal octets, no leading zeros, each at most 255. */
function parseIPv4(text: string): number[] | undefined {
  const bytes: number[] = [];
  let value = 0;
  let sawDigit = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (sawDigit && value === 0) return undefined;
      value = value * 10 + (c - 48);
      if (value > 255) return undefined;
      if (!sawDigit) {
        if (bytes.length >= 4) return undefined;
        sawDigit = true;
      }
    } else if (c === 46 && sawDigit) {
      if (bytes.length === 3) return undefined;
      bytes.push(value);
      value = 0;
      sawDigit = false;
    } else return undefined;
  }
  if (!sawDigit || bytes.length !== 3) return undefined;
  bytes.push(value);
  return bytes;
}

const hexValue = (c: string): number => {
  const n = c.charCodeAt(0);
  if (n >= 48 && n <= 57) return n - 48;
  if (n >= 97 && n <= 102) return n - 87;
  if (n >= 65 && n <= 70) return n - 55;
  return -1;
};

/** IPv6 text form, glibc rules: at most four hex digits per group, one "::", an IPv4 tail. */
function parseIPv6(text: string): number[] | undefined {
  const out = new Array<number>(16).fill(0);
  let tp = 0;
  let colon = -1;
  let i = 0;
  if (text.length === 0) return undefined;
  if (text[0] === ':') {
    i = 1;
    if (text[1] !== ':') return undefined;
  }
  let curtok = i;
  let digits = 0;
  let value = 0;
  while (i < text.length) {
    const ch = text[i++];
    const d = hexValue(ch);
    if (d >= 0) {
      if (digits === 4) return undefined;
      value = (value << 4) | d;
      digits++;
      continue;
    }
    if (ch === ':') {
      curtok = i;
      if (digits === 0) {
        if (colon >= 0) return undefined;
        colon = tp;
        continue;
      } else if (i === text.length) return undefined;
      if (tp + 2 > 16) return undefined;
      out[tp++] = (value >> 8) & 0xff;
      out[tp++] = value & 0xff;
      digits = 0;
      value = 0;
      continue;
    }
    if (ch === '.' && tp + 4 <= 16) {
      const v4 = parseIPv4(text.slice(curtok));
      if (v4) {
        for (const b of v4) out[tp++] = b;
        digits = 0;
        break;
      }
    }
    return undefined;
  }
  if (digits > 0) {
    if (tp + 2 > 16) return undefined;
    out[tp++] = (value >> 8) & 0xff;
    out[tp++] = value & 0xff;
  }
  if (colon >= 0) {
    if (tp === 16) return undefined;
    const n = tp - colon;
    const moved = out.slice(colon, tp);
    for (let k = colon; k < 16; k++) out[k] = 0;
    for (let k = 0; k < n; k++) out[16 - n + k] = moved[k];
    tp = 16;
  }
  return tp === 16 ? out : undefined;
}

/** The text inet_ntop(3) makes of an address: dotted quad, or compressed lower-case IPv6. */
export function formatAddress(bytes: readonly number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((bytes[i] << 8) | bytes[i + 1]);
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (cur.base < 0) cur = { base: i, len: 1 };
      else cur.len++;
    } else if (cur.base >= 0) {
      if (best.base < 0 || cur.len > best.len) best = cur;
      cur = { base: -1, len: 0 };
    }
  }
  if (cur.base >= 0 && (best.base < 0 || cur.len > best.len)) best = cur;
  if (best.base >= 0 && best.len < 2) best = { base: -1, len: 0 };
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best.base >= 0 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
      out += bytes.slice(12).join('.');
      break;
    }
    out += words[i].toString(16);
  }
  if (best.base >= 0 && best.base + best.len === 8) out += ':';
  return out;
}

export interface Network {
  bytes: number[];
  /** prefix length; all bits for a bare address */
  prefix: number;
  family: 4 | 6;
}

export type CidrResult = { network: Network } | { problem: string; suggestion?: string };

const allDigits = (s: string): boolean => s.length > 0 && /^[0-9]+$/.test(s);

/** A cidr table pattern ([] allowed, no "!"), with cidr_match_parse's verdict. */
export function parseCidrPattern(text: string): CidrResult {
  let pattern = text;
  let maskSearch: string;
  if (pattern === '') return { problem: 'no address pattern' };
  if (pattern.startsWith('[')) {
    pattern = pattern.slice(1);
    const close = pattern.indexOf(']');
    if (close < 0) return { problem: `missing ']' character after "[${pattern}"` };
    const after = pattern.slice(close + 1);
    pattern = pattern.slice(0, close);
    if (!after.startsWith('/')) {
      if (after !== '') return { problem: `garbage after "[${pattern}]"` };
      maskSearch = pattern;
    } else {
      maskSearch = after;
      // cidr_match_parse splits the mask off the text after "]"
      const mask = after.slice(1);
      return networkWithMask(pattern, mask);
    }
  } else maskSearch = pattern;
  const slash = maskSearch.indexOf('/');
  if (slash >= 0) return networkWithMask(pattern.slice(0, slash), maskSearch.slice(slash + 1));
  const family: 4 | 6 = pattern.includes(':') ? 6 : 4;
  const bytes = family === 6 ? parseIPv6(pattern) : parseIPv4(pattern);
  if (!bytes) return { problem: `bad address pattern: "${pattern}"` };
  return { network: { bytes, prefix: family === 6 ? 128 : 32, family } };
}

function networkWithMask(address: string, mask: string): CidrResult {
  const family: 4 | 6 = address.includes(':') ? 6 : 4;
  const bits = family === 6 ? 128 : 32;
  const shown = `"${address}/${mask}"`;
  if (!allDigits(mask)) return { problem: `bad mask value in ${shown}` };
  const digits = mask.replace(/^0+/, '');
  const prefix = digits.length > 6 ? Number.MAX_SAFE_INTEGER : Number(digits || '0');
  if (prefix > bits) return { problem: `bad mask length in ${shown}` };
  const bytes = family === 6 ? parseIPv6(address) : parseIPv4(address);
  if (!bytes) return { problem: `bad network value in ${shown}` };
  const masked = maskBytes(bytes, prefix);
  if (masked.some((b, i) => b !== bytes[i])) {
    const suggestion = `${formatAddress(masked)}/${prefix}`;
    return { problem: `non-null host address bits in ${shown}, perhaps you should use "${suggestion}" instead`, suggestion };
  }
  return { network: { bytes, prefix, family } };
}

export function maskBytes(bytes: readonly number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return keep === 8 ? b : b & ((0xff << (8 - keep)) & 0xff);
  });
}

export const networkKey = (n: Network): string => `${n.family}:${n.bytes.join('.')}/${n.prefix}`;
