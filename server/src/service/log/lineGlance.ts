/**
 * A first look at a log line in the bytes the reader read, for logs of
 * millions of lines: most lines (connect, disconnect, client=, message-id=,
 * TLS, warnings) change no count, and queue lines need only their queue ID
 * and status word. This finds out which by position, without making a
 * string of the line, so that only the lines that need it are decoded and
 * parsed whole (parseLogLine). It reads the same timestamps as parseLogLine,
 * on bytes instead of characters. Here and in verdictBytes no byte at or past
 * a line's end is read: a read past the end of a typed array (the last line
 * of a chunk) sends V8's optimized code back to be compiled again.
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
  /** a `reject:` or `reject_warning:` line of a program other than postscreen: see verdictBytes */
  | 'verdict'
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
  /** the same number for lines whose stamps have the same bytes and year, one after the other; 0 for none */
  stampSerial: number;
  /** for 'queued' and 'removed', and for a 'status' of deferred (empty for the others) */
  queueId: string;
  /** sent, deferred, bounced, expired, ... for 'status' */
  status: string;
  /** for 'verdict': where the syslog_name (before the program's slash) ends, where the action word is, where the line ends (without a CR) */
  serviceStart: number;
  syslogNameEnd: number;
  actionStart: number;
  actionEnd: number;
  end: number;
}

/** A Glance to fill line after line: one object a reader keeps, so that glancing allocates nothing. */
export const emptyGlance = (): Glance => ({
  verb: 'unknown',
  time: 0,
  month: -1,
  stampEnd: 0,
  stampSerial: 0,
  queueId: '',
  status: '',
  serviceStart: 0,
  syslogNameEnd: 0,
  actionStart: 0,
  actionEnd: 0,
  end: 0,
});

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

/**
 * The last classic stamp read, by its bytes up to the space after it: a busy
 * log writes many lines a second, and a stamp met again costs a comparison
 * instead of its reading.
 */
const lastStamp = { bytes: new Uint8Array(64), length: 0, year: 0, time: 0, month: -1, serial: 0 };

/** Whether the line at `start` begins with the bytes of lastStamp. */
function sameStamp(bytes: Uint8Array, start: number, end: number, year: number): boolean {
  const kept = lastStamp.bytes;
  const length = lastStamp.length;
  if (length === 0 || year !== lastStamp.year || end - start < length) return false;
  // the seconds differ first: compared from the end
  for (let i = length - 1; i >= 0; i--) if (bytes[start + i] !== kept[i]) return false;
  return true;
}

/** Services seen lately, by their bytes: a log has few, and telling one again should cost no string. */
interface KnownService {
  bytes: Uint8Array;
  postfix: boolean;
  postscreen: boolean;
  /** length of the syslog_name, before the last slash */
  slash: number;
}
const known: KnownService[] = [];

function serviceAt(bytes: Uint8Array, start: number, end: number, decode: Decode): KnownService {
  const length = end - start;
  search: for (let n = 0; n < known.length; n++) {
    const k = known[n];
    if (k.bytes.length !== length) continue;
    for (let i = 0; i < length; i++) if (k.bytes[i] !== bytes[start + i]) continue search;
    return k;
  }
  const service = decode(bytes, start, end);
  const slash = service.lastIndexOf('/');
  const program = service.slice(slash + 1);
  // a copy: a Buffer's slice() is a view of the whole chunk
  const copy = new Uint8Array(length);
  copy.set(bytes.subarray(start, end));
  const entry = { bytes: copy, postfix: slash > 0 && POSTFIX_PROGRAMS.has(program), postscreen: program === 'postscreen', slash: -1 };
  // the slash as a byte offset: the syslog_name may hold characters of more than one byte
  for (let i = length - 1; i >= 0 && entry.slash < 0; i--) if (copy[i] === 47) entry.slash = i;
  if (known.length >= 32) known.shift();
  known.push(entry);
  return entry;
}

/** Per byte: 1 a letter or digit, 2 too for a digit or A-F (a short queue ID's); one lookup a character of every queue ID. */
const ID_CLASS = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  const digit = c >= 48 && c <= 57;
  if (digit || (c >= 65 && c <= 70)) ID_CLASS[c] = 3;
  else if ((c >= 71 && c <= 90) || (c >= 97 && c <= 122)) ID_CLASS[c] = 1;
}
const NOQUEUE = [78, 79, 81, 85, 69, 85, 69];

/** The end of a queue ID (or NOQUEUE) followed by ": " at `start`, or -1; the same IDs as parseLogLine takes. */
function queueIdEnd(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let hex = 2;
  let z = false;
  for (; i < end; i++) {
    const c = bytes[i];
    const kind = ID_CLASS[c];
    if (kind === 0) break;
    hex &= kind;
    if (c === 122) z = true;
  }
  const length = i - start;
  if (i + 1 >= end || bytes[i] !== 58 || bytes[i + 1] !== 32) return -1;
  if (hex !== 0 && length >= 5 && length <= 20) return i;
  // a long ID: ten characters or more, a z, one or more after it
  if (z) for (let k = start + 10; k < i - 1; k++) if (bytes[k] === 122) return i;
  return length === 7 && startsWith(bytes, start, end, NOQUEUE) ? i : -1;
}

/** The end of a lower-case word ('-' and '_' too) followed by ": " at `start`, or -1. */
function actionEnd(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  for (; i < end; i++) {
    const c = bytes[i];
    if (!((c >= 97 && c <= 122) || c === 45 || c === 95)) break;
  }
  return i > start && i + 1 < end && bytes[i] === 58 && bytes[i + 1] === 32 ? i : -1;
}

/** By plain loops, here and below: a call into Buffer's indexOf, or a callback, costs more than the few bytes they would look at. */
export function startsWith(bytes: Uint8Array, at: number, end: number, word: readonly number[]): boolean {
  if (at + word.length > end) return false;
  for (let k = 0; k < word.length; k++) if (bytes[at + k] !== word[k]) return false;
  return true;
}

/** The bytes of an ASCII word, to look for in a line. */
export const codes = (word: string): number[] => [...word].map((c) => c.charCodeAt(0));
const TO = codes('to=<');
const FROM = codes('from=<');
const REMOVED = codes('removed');
const REJECT = codes('reject');
const REJECT_WARNING = codes('reject_warning');
const STATUS = codes(', status=');
const NRCPT = codes(', nrcpt=');

/** Where `word` (of two bytes or more) starts in bytes[from, end), or -1. */
export function find(bytes: Uint8Array, from: number, end: number, word: readonly number[]): number {
  // two bytes before the whole word: most of the words start with a space or a comma
  const first = word[0];
  const second = word[1];
  const last = end - word.length;
  for (let at = from; at <= last; at++) if (bytes[at] === first && bytes[at + 1] === second && startsWith(bytes, at, end, word)) return at;
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
  let at: number;
  if (sameStamp(bytes, start, end, year)) {
    at = start + lastStamp.length - 1;
    out.time = lastStamp.time;
    out.month = lastStamp.month;
    out.stampSerial = lastStamp.serial;
  } else {
    out.stampSerial = 0;
    at = classicEnd(bytes, start, end);
    if (at < 0) return;
    const month = MONTH_KEYS.get((bytes[start] << 16) | (bytes[start + 1] << 8) | bytes[start + 2]) ?? -1;
    const day = twoDigits(bytes, start + 4, true);
    const hour = twoDigits(bytes, start + 7);
    const minute = twoDigits(bytes, start + 10);
    const second = twoDigits(bytes, start + 13);
    if (month < 0 || day < 1 || hour < 0 || minute < 0 || second < 0) return;
    // parts of a second, as postlogd writes them
    let fraction = 0;
    for (let k = start + 16, scale = 100; k < at && scale >= 1; k++, scale /= 10) fraction += (bytes[k] - 48) * scale;
    out.time = minuteOf(year, month, day, hour, minute) + second * 1000 + Math.floor(fraction);
    out.month = month;
    const length = at + 1 - start;
    if (length <= lastStamp.bytes.length) {
      for (let i = 0; i < length; i++) lastStamp.bytes[i] = bytes[start + i];
      lastStamp.length = length;
      lastStamp.year = year;
      lastStamp.time = out.time;
      lastStamp.month = month;
      out.stampSerial = ++lastStamp.serial;
    }
  }
  let hostEnd = at + 1;
  while (hostEnd < end && bytes[hostEnd] !== 32) hostEnd++;
  if (hostEnd <= at + 1 || hostEnd >= end) return;
  let i = hostEnd + 1;
  const serviceStart = i;
  for (; i < end; i++) {
    const c = bytes[i];
    if (c === 91 || c === 58 || c === 32 || c === 93) break;
  }
  if (i === serviceStart || i >= end) return;
  const serviceEnd = i;
  if (bytes[i] === 91) {
    const pidStart = ++i;
    while (i < end && digitAt(bytes, i) >= 0) i++;
    if (i === pidStart || i >= end || bytes[i] !== 93) return;
    i++;
  }
  if (i + 1 >= end || bytes[i] !== 58 || bytes[i + 1] !== 32) return;
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
    const length = wordEnd - rest;
    if (
      (length === REJECT.length && startsWith(bytes, rest, end, REJECT)) ||
      (length === REJECT_WARNING.length && startsWith(bytes, rest, end, REJECT_WARNING))
    ) {
      out.verb = 'verdict';
      out.serviceStart = serviceStart;
      out.syslogNameEnd = serviceStart + service.slash;
      out.actionStart = rest;
      out.actionEnd = wordEnd;
      out.end = end;
      return;
    }
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
  // one pass for both: the first `, status=` with a word after it, else whether there is a `, nrcpt=`
  let nrcpt = false;
  for (let status = rest; status + 1 < end; status++) {
    if (bytes[status] !== 44 || bytes[status + 1] !== 32) continue;
    if (startsWith(bytes, status, end, STATUS)) {
      let wordStop = status + STATUS.length;
      for (; wordStop < end; wordStop++) {
        const c = bytes[wordStop];
        if (!((c >= 97 && c <= 122) || c === 45)) break;
      }
      if (wordStop === status + STATUS.length) continue;
      out.status = statusWord(bytes, status + STATUS.length, wordStop, decode);
      // only a deferral counts once per message: the IDs of the many other statuses are not made strings
      out.queueId = out.status === 'deferred' ? decode(bytes, message, idEnd) : '';
      out.verb = 'status';
      return;
    }
    nrcpt ||= startsWith(bytes, status, end, NRCPT);
  }
  if (!to && nrcpt) {
    out.verb = 'queued';
    out.queueId = decode(bytes, message, idEnd);
    return;
  }
  out.verb = 'other';
}
