/**
 * Whether the general check of an indexed access table (parseTable and the
 * table checks) would surely find nothing in it, told in one pass over its
 * bytes without an object per line: what lets the command line check a map
 * of 200,000 lines in about the time postmap takes to build its database.
 *
 * Only the common shape is taken: lines of printable ASCII that are
 * `key<blanks>result`, comments and blank lines. Anything else (a line that
 * continues the one before, a quote or backslash in a key, a key ending in
 * ":", a missing result, a repeated key, a key or result the checks would
 * report) answers false, and the caller runs the general check, which says
 * what is wrong. So the answer "clean" can only come where the general
 * check reports nothing too (test/unit/quickCheck.test.ts compares them).
 */
import { isAscii } from 'node:buffer';
import { accessValueProblems } from './checks/table/accessActions';
import { accessKeyProblem } from './checks/table/accessKeys';
import { versionProblems } from './checks/table/actionVersions';
import { parseTable } from './syntax/table';

const TAB = 9;
const LF = 10;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const BRACKET = 91;
const BACKSLASH = 92;
const TILDE = 126;
/**
 * What each byte is in a key, in one look: END (a blank or control
 * character), REFUSED (what the shortcut leaves to the general reader: a
 * quote or backslash, DEL) or the byte itself, upper case folded to lower
 * as postmap folds keys.
 */
const END = 0;
const REFUSED = 255;
const KEY_BYTE = Uint8Array.from({ length: 256 }, (_, c) =>
  c <= SPACE ? END : c > TILDE || c === QUOTE || c === BACKSLASH ? REFUSED : c >= 65 && c <= 90 ? c + 32 : c,
);
/** NUL, vertical tab, form feed and CR: the readers take the last three for blanks */
const OTHER_BYTES = [0, 11, 12, 13];

/** What the table is judged with: the restriction classes of main.cf (undefined without one), the target release, and whether only check_client_access looks it up. */
export interface CleanTableContext {
  classes?: ReadonlySet<string>;
  target: string;
  clientOnly?: boolean;
}

/** FNV-1a, one byte at a time. */
const OFFSET_BASIS = 0x811c9dc5 | 0;
const PRIME = 0x01000193;

/** A key smtpd may look up as it is: 1.2.3.4 or its leading octets, no octet above 255 or with a leading zero (accessKeyProblem says the same). */
function plainOctets(bytes: Uint8Array, start: number, end: number): boolean {
  let octets = 1;
  let value = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === DOT) {
      if (digits === 0 || (digits > 1 && bytes[i - digits] === ZERO)) return false;
      octets++;
      value = 0;
      digits = 0;
    } else if (c >= ZERO && c <= NINE) {
      value = value * 10 + c - ZERO;
      digits++;
      if (value > 255) return false;
    } else {
      return false;
    }
  }
  return octets >= 2 && octets <= 4 && digits > 0 && !(digits > 1 && bytes[end - digits] === ZERO);
}

/**
 * A compressed IPv6 address smtpd may look up as it is: hex digits and
 * colons with a "::", no group with a leading zero (accessKeyProblem says the
 * same of these, more slowly).
 */
function plainIpv6(bytes: Uint8Array, start: number, end: number): boolean {
  let compressed = false;
  let groupStart = start;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === COLON) {
      if (i > start && bytes[i - 1] === COLON) compressed = true;
      groupStart = i + 1;
    } else if (!((c >= ZERO && c <= NINE) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) {
      return false;
    } else if (c === ZERO && i === groupStart && i + 1 < end && bytes[i + 1] !== COLON) {
      return false;
    }
  }
  return compressed;
}

const ascii = new TextDecoder();
const text = (bytes: Uint8Array, start: number, end: number): string => ascii.decode(bytes.subarray(start, end));

/** [a, a + length) and [b, b + length) hold the same bytes, ASCII letters compared without regard to case. */
function sameFolded(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) {
    let x = bytes[a + k];
    let y = bytes[b + k];
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}

function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}

const RECENT_SLOTS = 1024;
const RECENT_WAYS = 4;

/** The slot of the recent results that start like the one at `start`: by its first two bytes. */
const recentSlot = (bytes: Uint8Array, start: number): number => ((bytes[start] << 3) ^ (bytes[start + 1] ?? 0)) & (RECENT_SLOTS - 1);

/**
 * The distinct results of a table, by hash, with open addressing in one
 * typed array of (hash, start + 1) pairs; a result ends at the LF or the end
 * of the text. Big maps repeat a few results, so this stays small.
 */
class ResultSet {
  private slots = new Int32Array(64 * 2);
  private mask = 63;
  private count = 0;
  /** clean results seen lately, as (start + 1, length up to the LF), RECENT_WAYS for each of RECENT_SLOTS first bytes */
  private readonly recent = new Int32Array(RECENT_SLOTS * RECENT_WAYS * 2);
  /** the way of each slot to replace next */
  private readonly replace = new Uint8Array(RECENT_SLOTS);

  constructor(private readonly bytes: Uint8Array) {}

  /**
   * Where the result at `start` ends when it is one of the recent clean
   * ones, else -1: most lines repeat one, told by comparing the bytes to
   * the LF, without a hash.
   */
  known(start: number): number {
    const bytes = this.bytes;
    const n = bytes.length;
    const slot = recentSlot(bytes, start);
    for (let way = 0; way < RECENT_WAYS; way++) {
      const at = (slot * RECENT_WAYS + way) * 2;
      const other = this.recent[at] - 1;
      if (other < 0) return -1;
      const end = start + this.recent[at + 1];
      if (end <= n && (end === n || bytes[end] === LF) && sameBytes(bytes, other, start, end - start)) return end;
    }
    return -1;
  }

  /** Notes the clean result [start, end) among the recent ones. */
  remember(start: number, end: number): void {
    const slot = recentSlot(this.bytes, start);
    const way = this.replace[slot];
    this.replace[slot] = (way + 1) % RECENT_WAYS;
    const at = (slot * RECENT_WAYS + way) * 2;
    this.recent[at] = start + 1;
    this.recent[at + 1] = end - start;
  }

  /** Adds [start, end) with its hash; false when the same result is there already. */
  add(hash: number, start: number, end: number): boolean {
    const slots = this.slots;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * 2;
      if (slots[at + 1] === 0) {
        slots[at] = hash;
        slots[at + 1] = start + 1;
        if (++this.count * 2 > this.mask) this.grow();
        return true;
      }
      if (slots[at] === hash && this.same(slots[at + 1] - 1, start, end)) return false;
    }
  }

  private same(other: number, start: number, end: number): boolean {
    const bytes = this.bytes;
    const after = other + end - start;
    return (after === bytes.length || bytes[after] === LF) && sameBytes(bytes, other, start, end - start);
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let at = 0; at < old.length; at += 2) {
      if (old[at + 1] === 0) continue;
      let slot = old[at] & this.mask;
      while (this.slots[slot * 2 + 1] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot * 2] = old[at];
      this.slots[slot * 2 + 1] = old[at + 1];
    }
  }
}

/**
 * The keys of a table as hashes and starts, in file order, written one
 * after the other as the scan goes: the keys that may repeat are found once
 * all are read (distinctKeys).
 */
class KeyList {
  hashes: Int32Array;
  starts: Int32Array;
  count = 0;

  /** room for the keys of `size` bytes of lines of 32 bytes */
  constructor(size: number) {
    this.hashes = new Int32Array(Math.max(1024, size >> 5));
    this.starts = new Int32Array(this.hashes.length);
  }

  add(hash: number, start: number): void {
    if (this.count === this.hashes.length) {
      const hashes = new Int32Array(this.count * 2);
      const starts = new Int32Array(this.count * 2);
      hashes.set(this.hashes);
      starts.set(this.starts);
      this.hashes = hashes;
      this.starts = starts;
    }
    this.hashes[this.count] = hash;
    this.starts[this.count++] = start;
  }
}

/** How many keys of one hash are compared with each other; more (keys made to collide) are left to the general check. */
const MAX_SAME_HASH = 64;

const SHARED_FILTER = 0xffff;

/** Where the key that starts at `start` ends: at the first blank. */
function endOfKey(bytes: Uint8Array, start: number): number {
  let i = start;
  while (bytes[i] > SPACE) i++;
  return i;
}

/**
 * The hashes that some key before shares, or may share: each key marks one
 * bit of a bitmap with 64 bits or more per key, so that a repeated hash (and
 * now and then another on the same bit) is noticed with one look per key,
 * without a table of every key or a sort.
 */
function repeatedHashes(keys: KeyList): Set<number> {
  let bits = 1 << 16;
  while (bits < keys.count * 64) bits *= 2;
  const seen = new Uint8Array(bits >> 3);
  const mask = bits - 1;
  const repeated = new Set<number>();
  for (let k = 0; k < keys.count; k++) {
    const hash = keys.hashes[k];
    const bit = hash & mask;
    const byte = bit >>> 3;
    const flag = 1 << (bit & 7);
    if (seen[byte] & flag) repeated.add(hash);
    else seen[byte] |= flag;
  }
  return repeated;
}

/** Whether no two keys are the same, ASCII letters compared without regard to case (postmap folds keys to lower case). */
function distinctKeys(bytes: Uint8Array, keys: KeyList): boolean {
  const shared = repeatedHashes(keys);
  if (shared.size === 0) return true;
  // a few hashes among many: a bitmap of their low bits passes over the others in one look
  const maybe = new Uint8Array(SHARED_FILTER + 1);
  for (const hash of shared) maybe[hash & SHARED_FILTER] = 1;
  const groups = new Map<number, number[]>();
  for (let k = 0; k < keys.count; k++) {
    const hash = keys.hashes[k];
    if (maybe[hash & SHARED_FILTER] === 0 || !shared.has(hash)) continue;
    const group = groups.get(hash) ?? [];
    if (group.length === MAX_SAME_HASH) return false;
    groups.set(hash, group);
    const start = keys.starts[k];
    const end = endOfKey(bytes, start);
    for (const other of group) if (endOfKey(bytes, other) - other === end - start && sameFolded(bytes, other, start, end - start)) return false;
    group.push(start);
  }
  return true;
}

/** A result as the access checks see it: on a line of its own, parsed by the general reader. */
function resultIsClean(value: string, context: CleanTableContext): boolean {
  const entry = parseTable(`k ${value}`, 'indexed').lines[0];
  const span = entry?.entry?.kind === 'pair' ? entry.entry.value : undefined;
  if (!entry || !span || span.text !== value) return false;
  const r = { line: entry, value: span, substituted: false };
  return accessValueProblems(r, context).length === 0 && versionProblems(r, value, false, context.target).length === 0;
}

/** Whether smtpd may look up a key with a digit, a bracket or a colon (most are plain addresses, told without a string). */
function addressKeyIsFine(bytes: Uint8Array, start: number, end: number, colon: boolean, clientOnly: boolean): boolean {
  if (colon ? plainIpv6(bytes, start, end) : plainOctets(bytes, start, end)) return true;
  return accessKeyProblem(text(bytes, start, end), clientOnly) === undefined;
}

/** Where the line that holds `i` ends: at its LF, or at the end of the text. */
function lineEnd(bytes: Uint8Array, i: number): number {
  const n = bytes.length;
  while (i < n && bytes[i] !== LF) i++;
  return i;
}

/** A line that starts with a blank: the end of a blank or comment line, or -1 for a continuation of the line before. */
function blankLine(bytes: Uint8Array, i: number): number {
  const n = bytes.length;
  while (i < n && (bytes[i] === SPACE || bytes[i] === TAB)) i++;
  if (i === n || bytes[i] === LF) return i;
  return bytes[i] === HASH ? lineEnd(bytes, i) : -1;
}

/** True when the general check of this indexed access table surely reports nothing. */
export function cleanAccessTable(bytes: Uint8Array, context: CleanTableContext): boolean {
  // other text than ASCII, NUL (not text at all) and the blanks the readers know besides space and tab are for the general reader
  if (!isAscii(bytes) || OTHER_BYTES.some((b) => bytes.includes(b))) return false;
  const n = bytes.length;
  const keys = new KeyList(n);
  const results = new ResultSet(bytes);
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    if (c === LF) continue;
    i = c === HASH ? lineEnd(bytes, i) : c === SPACE || c === TAB ? blankLine(bytes, i) : entryEnd(bytes, i, keys, results, context);
    if (i < 0) return false;
  }
  return distinctKeys(bytes, keys);
}

/**
 * One `key<blanks>result` line from `start`: where it ends when it is taken
 * and found clean, else -1. Keys are hashed as they are read and compared
 * once all are read (distinctKeys); a result is compared with the recent
 * ones, and hashed only when it is none of them.
 */
function entryEnd(bytes: Uint8Array, start: number, keys: KeyList, results: ResultSet, context: CleanTableContext): number {
  const n = bytes.length;
  let hash = OFFSET_BASIS;
  let colon = false;
  let i = start;
  for (; i < n; i++) {
    const c = KEY_BYTE[bytes[i]];
    if (c === END) break;
    if (c === REFUSED) return -1;
    colon ||= c === COLON;
    hash = Math.imul(hash ^ c, PRIME);
  }
  const keyEnd = i;
  // a key alone (no result), a control character, or the "key: value" of an aliases file
  if (i === n || (bytes[i] !== SPACE && bytes[i] !== TAB) || bytes[keyEnd - 1] === COLON) return -1;
  while (i < n && (bytes[i] === SPACE || bytes[i] === TAB)) i++;
  if (i === n || bytes[i] === LF) return -1;
  const lead = bytes[start];
  // accessKeyProblem passes names at once
  if ((colon || lead === BRACKET || (lead >= ZERO && lead <= NINE)) && !addressKeyIsFine(bytes, start, keyEnd, colon, context.clientOnly === true)) return -1;
  keys.add(hash, start);
  const end = results.known(i);
  return end >= 0 ? end : newResultEnd(bytes, i, results, context);
}

/**
 * A result from `start` that is not one of the recent ones: where it ends
 * when it is clean, else -1. Its hash takes in the blanks after it, so that
 * the same result with other blanks after it is judged once more, never
 * taken for another.
 */
function newResultEnd(bytes: Uint8Array, start: number, results: ResultSet, context: CleanTableContext): number {
  const n = bytes.length;
  let hash = OFFSET_BASIS;
  let i = start;
  for (; i < n; i++) {
    const c = bytes[i];
    if (c === LF) break;
    hash = Math.imul(hash ^ c, PRIME);
  }
  // the blanks at the end are no part of the result (it starts with no blank)
  let valueEnd = i;
  while (bytes[valueEnd - 1] === SPACE || bytes[valueEnd - 1] === TAB) valueEnd--;
  if (results.add(hash, start, i) && !resultIsClean(text(bytes, start, valueEnd), context)) return -1;
  results.remember(start, i);
  return i;
}
