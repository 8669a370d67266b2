/**
 * A first look at a log line in the bytes the reader read, for logs of
 * millions of lines: most lines (connect, disconnect, client=, message-id=,
 * TLS, warnings) change no count, and queue lines need only their queue ID
 * and status word. This finds out which by position, without making a
 * string of the line, so that only the lines that need it are decoded and
 * parsed whole (parseLogLine). It reads the same timestamps as parseLogLine,
 * on bytes instead of characters.
 */
import { CONTENT_ACTIONS, minuteOf, MONTH_KEYS, POSTFIX_PROGRAMS, SMTPD_VERDICTS } from './logLine';

export type Verb =
  /** not a classic syslog line, or not UTF-8 text: decode and parse it whole */
  | 'unknown'
  /** a syslog line of another program */
  | 'foreign'
  /** a Postfix line that changes no count */
  | 'other'
  /** a verdict, a content action, a postscreen line: decode and parse it whole */
  | 'parse'
  /** qmgr's `from=<...>, size=N, nrcpt=N` */
  | 'queued'
  /** a delivery status (or qmgr's expiry) */
  | 'status'
  | 'removed';

export interface Glance {
  verb: Verb;
  /** the timestamp's time, its month (0-11) and where it ends */
  time: number;
  month: number;
  stampEnd: number;
  queueId: string;
  /** sent, deferred, bounced, expired, ... for 'status' */
  status: string;
}

/** Decodes bytes[start, end) of UTF-8 text: Buffer's toString where there is one. */
export type Decode = (bytes: Uint8Array, start: number, end: number) => string;

const digitAt = (bytes: Uint8Array, i: number): number => {
  const c = bytes[i] - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

function twoDigits(bytes: Uint8Array, i: number, spaced = false): number {
  const high = spaced && bytes[i] === 32 ? 0 : digitAt(bytes, i);
  const low = digitAt(bytes, i + 1);
  return high < 0 || low < 0 ? -1 : high * 10 + low;
}

/** `Jan  5 12:34:56` or `Jan 05 12:34:56.123456` at `start`: where it ends, or -1. */
function classicEnd(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < 16 || bytes[start + 3] !== 32 || bytes[start + 6] !== 32 || bytes[start + 9] !== 58 || bytes[start + 12] !== 58) return -1;
  let at = start + 15;
  if (bytes[at] === 46) {
    at++;
    while (at < end && digitAt(bytes, at) >= 0) at++;
  }
  return at < end && bytes[at] === 32 ? at : -1;
}

/** Services seen lately, by their bytes: a log has few, and telling one again should cost no string. */
interface KnownService {
  bytes: Uint8Array;
  postfix: boolean;
  postscreen: boolean;
}
const known: KnownService[] = [];

function serviceAt(bytes: Uint8Array, start: number, end: number, decode: Decode): KnownService {
  const length = end - start;
  search: for (const k of known) {
    if (k.bytes.length !== length) continue;
    for (let i = 0; i < length; i++) if (k.bytes[i] !== bytes[start + i]) continue search;
    return k;
  }
  const service = decode(bytes, start, end);
  const slash = service.lastIndexOf('/');
  const program = service.slice(slash + 1);
  const entry = { bytes: bytes.slice(start, end), postfix: slash > 0 && POSTFIX_PROGRAMS.has(program), postscreen: program === 'postscreen' };
  if (known.length >= 32) known.shift();
  known.push(entry);
  return entry;
}

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isUpperHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70);
const NOQUEUE = [78, 79, 81, 85, 69, 85, 69];

/** The end of a queue ID (or NOQUEUE) followed by ": " at `start`, or -1; the same IDs as parseLogLine takes. */
function queueIdEnd(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let hex = true;
  let z = false;
  for (; i < end && isAlnum(bytes[i]); i++) {
    if (!isUpperHex(bytes[i])) hex = false;
    if (bytes[i] === 122) z = true;
  }
  const length = i - start;
  if (i + 1 >= end || bytes[i] !== 58 || bytes[i + 1] !== 32) return -1;
  if ((hex && length >= 5 && length <= 20) || (z && length >= 12)) return i;
  return length === 7 && NOQUEUE.every((c, k) => bytes[start + k] === c) ? i : -1;
}

/** The end of a lower-case word ('-' and '_' too) followed by ": " at `start`, or -1. */
function actionEnd(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  for (let c = bytes[i]; i < end && ((c >= 97 && c <= 122) || c === 45 || c === 95); c = bytes[++i]);
  return i > start && i + 1 < end && bytes[i] === 58 && bytes[i + 1] === 32 ? i : -1;
}

const startsWith = (bytes: Uint8Array, at: number, end: number, word: readonly number[]): boolean =>
  at + word.length <= end && word.every((c, k) => bytes[at + k] === c);

const codes = (word: string): number[] => [...word].map((c) => c.charCodeAt(0));
const TO = codes('to=<');
const FROM = codes('from=<');
const REMOVED = codes('removed');
const STATUS = codes(', status=');
const NRCPT = codes(', nrcpt=');

/** Where `word` starts in bytes[from, end), or -1. */
function find(bytes: Uint8Array, from: number, end: number, word: readonly number[]): number {
  for (let at = bytes.indexOf(word[0], from); at >= 0 && at + word.length <= end; at = bytes.indexOf(word[0], at + 1)) {
    if (startsWith(bytes, at, end, word)) return at;
  }
  return -1;
}

/** The status words a log repeats on most of its lines, made strings once. */
const STATUS_WORDS = ['sent', 'deferred', 'bounced', 'expired'].map((word) => ({ word, bytes: codes(word) }));

function statusWord(bytes: Uint8Array, start: number, end: number, decode: Decode): string {
  for (const { word, bytes: known } of STATUS_WORDS) if (end - start === known.length && startsWith(bytes, start, end, known)) return word;
  return decode(bytes, start, end);
}

/** Looks at the line bytes[start, end) and fills `out`; `year` dates the classic timestamp, `decode` makes the few strings it needs. */
export function glance(bytes: Uint8Array, start: number, end: number, year: number, out: Glance, decode: Decode): void {
  out.verb = 'unknown';
  if (end > start && bytes[end - 1] === 13) end--;
  const at = classicEnd(bytes, start, end);
  if (at < 0) return;
  const month = MONTH_KEYS.get((bytes[start] << 16) | (bytes[start + 1] << 8) | bytes[start + 2]) ?? -1;
  const day = twoDigits(bytes, start + 4, true);
  const hour = twoDigits(bytes, start + 7);
  const minute = twoDigits(bytes, start + 10);
  const second = twoDigits(bytes, start + 13);
  if (month < 0 || day < 1 || hour < 0 || minute < 0 || second < 0) return;
  const hostEnd = bytes.indexOf(32, at + 1);
  if (hostEnd <= at + 1 || hostEnd >= end) return;
  let i = hostEnd + 1;
  const serviceStart = i;
  for (let c = bytes[i]; i < end && c !== 91 && c !== 58 && c !== 32 && c !== 93; c = bytes[++i]);
  if (i === serviceStart || i >= end) return;
  const serviceEnd = i;
  if (bytes[i] === 91) {
    const pidStart = ++i;
    while (i < end && digitAt(bytes, i) >= 0) i++;
    if (i === pidStart || bytes[i] !== 93) return;
    i++;
  }
  if (i + 1 >= end || bytes[i] !== 58 || bytes[i + 1] !== 32) return;
  // parts of a second, as postlogd writes them
  let fraction = 0;
  for (let k = start + 16, scale = 100; k < at && scale >= 1; k++, scale /= 10) fraction += (bytes[k] - 48) * scale;
  out.time = minuteOf(year, month, day, hour, minute) + second * 1000 + Math.floor(fraction);
  out.month = month;
  out.stampEnd = at - start;
  const service = serviceAt(bytes, serviceStart, serviceEnd, decode);
  if (!service.postfix) {
    out.verb = 'foreign';
    return;
  }
  const message = i + 2;
  if (service.postscreen) {
    out.verb = 'parse';
    return;
  }
  const idEnd = queueIdEnd(bytes, message, end);
  if (idEnd < 0) {
    out.verb = 'other';
    return;
  }
  const rest = idEnd + 2;
  const wordEnd = actionEnd(bytes, rest, end);
  if (wordEnd > 0) {
    const action = decode(bytes, rest, wordEnd);
    out.verb = SMTPD_VERDICTS[action] !== undefined || CONTENT_ACTIONS.has(action) ? 'parse' : 'other';
    return;
  }
  if (end - rest === REMOVED.length && startsWith(bytes, rest, end, REMOVED)) {
    out.verb = 'removed';
    out.queueId = decode(bytes, message, idEnd);
    return;
  }
  const to = startsWith(bytes, rest, end, TO);
  if (!to && !startsWith(bytes, rest, end, FROM)) {
    out.verb = 'other';
    return;
  }
  const status = find(bytes, rest, end, STATUS);
  if (status >= 0) {
    let wordStop = status + STATUS.length;
    for (let c = bytes[wordStop]; wordStop < end && ((c >= 97 && c <= 122) || c === 45); c = bytes[++wordStop]);
    out.status = statusWord(bytes, status + STATUS.length, wordStop, decode);
    out.queueId = decode(bytes, message, idEnd);
    out.verb = 'status';
    return;
  }
  if (!to && find(bytes, rest, end, NRCPT) >= 0) {
    out.verb = 'queued';
    out.queueId = decode(bytes, message, idEnd);
    return;
  }
  out.verb = 'other';
}
