/**
 * An smtpd `reject:` or `reject_warning:` line read from its bytes, for logs
 * of millions of lines: where its client, address and sender are, and a key
 * of what its row depends on, without making a string of the line. It reads
 * what parseLogLine's verdict reading and the analysis's verdictKey read, by
 * the same rules on bytes (the words they look for are ASCII, which UTF-8
 * never holds inside a character of more bytes); a line it is not sure of
 * (a name with a character beyond ASCII, which a \s of the client pattern may
 * match) it leaves to them, and so does a line that is no such verdict.
 */
import { codes, find, startsWith, type Glance } from './lineGlance';

export interface VerdictAt {
  /** what the line's row depends on, in `key[0, keyLength)`: valid UTF-8, so that one string stands for one key */
  key: Uint8Array;
  keyLength: number;
  nameStart: number;
  nameEnd: number;
  addressStart: number;
  addressEnd: number;
  /** -1 when the line has no `from=<...>` */
  senderStart: number;
  senderEnd: number;
  /** a reject_warning line only says what would have been rejected */
  warning: boolean;
}

const FROM = codes(' from ');
const ANGLE_COLON = codes('>: ');
const SPACE_BRACKET = codes(' [');
const BLOCKED_USING = codes(' blocked using ');
const CANNOT_FIND = codes('Client host rejected: cannot find your');
const SERVICE_UNAVAILABLE = codes('Service unavailable; ');
const SENDER = codes('from=<');
/** the context smtpd appends after the reply (CONTEXT_START of logLine) */
const CONTEXT_WORDS = ['from=<', 'to=<', 'proto=', 'helo=<', 'sasl_'].map(codes);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
/** the characters of /^[0-9a-fA-F:.]+$/ */
const isAddressChar = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 58 || c === 46;

/** The end of the code parseLogLine's REPLY takes at `i` (`554 `, `554-`, then `5.7.1` and a space or the end), or `i`. */
function codesEnd(bytes: Uint8Array, i: number, end: number): number {
  // no byte at or past `end` is read here or below: a read past a typed array's end costs its optimized code
  if (i + 3 < end) {
    const c = bytes[i];
    if ((c === 50 || c === 52 || c === 53) && isDigit(bytes[i + 1]) && isDigit(bytes[i + 2]) && (bytes[i + 3] === 32 || bytes[i + 3] === 45)) i += 4;
  }
  if (i + 1 >= end) return i;
  const d = bytes[i];
  if ((d !== 50 && d !== 52 && d !== 53) || bytes[i + 1] !== 46) return i;
  let j = i + 2;
  for (let part = 0; part < 2; part++) {
    const from = j;
    while (j < end && isDigit(bytes[j])) j++;
    if (j === from || j - from > 3) return i;
    if (part === 0) {
      if (j >= end || bytes[j] !== 46) return i;
      j++;
    }
  }
  if (j === end) return j;
  return j < end && bytes[j] === 32 ? j + 1 : i;
}

/** Writes a length in three bytes of seven bits: the key stays valid UTF-8. */
function writeLength(key: Uint8Array, k: number, length: number): number {
  key[k] = length >> 14;
  key[k + 1] = (length >> 7) & 127;
  key[k + 2] = length & 127;
  return k + 3;
}

/** Copies bytes[start, end) to `to` at `k`; returns where it ends. A loop: a Buffer's subarray() is an object to collect. */
function copy(to: Uint8Array, k: number, bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) to[k++] = bytes[i];
  return k;
}

/**
 * The first `; ` in bytes[from, end), or -1: its `;` by Uint8Array's
 * indexOf, which looks at many bytes at once. Past `end` it goes on only to
 * the next `;`, which most verdict lines have.
 */
function semicolonSpace(bytes: Uint8Array, from: number, end: number): number {
  for (let at = bytes.indexOf(59, from); at >= 0 && at + 1 < end; at = bytes.indexOf(59, at + 1)) if (bytes[at + 1] === 32) return at;
  return -1;
}

/** The first `c` in bytes[from, end), or -1: Uint8Array's indexOf would look past `end`. */
function indexOf(bytes: Uint8Array, c: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (bytes[i] === c) return i;
  return -1;
}

function writePart(key: Uint8Array, k: number, bytes: Uint8Array, start: number, end: number): number {
  return copy(key, writeLength(key, k, end - start), bytes, start, end);
}

export class VerdictReader {
  readonly out: VerdictAt;

  /** `longest`: the longest line the reader hands over */
  constructor(longest: number) {
    this.out = {
      key: new Uint8Array(longest + 64),
      keyLength: 0,
      nameStart: 0,
      nameEnd: 0,
      addressStart: 0,
      addressEnd: 0,
      senderStart: -1,
      senderEnd: -1,
      warning: false,
    };
  }

  /** Reads the verdict line glance() found; false when it is not one this reads (parse it whole). */
  read(bytes: Uint8Array, g: Glance): boolean {
    const out = this.out;
    const end = g.end;
    const after = g.actionEnd + 2;
    const from = find(bytes, after, end, FROM);
    // the stage: /^[A-Z][A-Z-]*$/
    if (from < 0 || from === after || !isUpper(bytes[after])) return false;
    for (let i = after + 1; i < from; i++) if (!isUpper(bytes[i]) && bytes[i] !== 45) return false;
    const clientEnd = this.client(bytes, from + FROM.length, end);
    if (clientEnd < 0) return false;
    out.warning = g.actionEnd - g.actionStart !== 6;
    const replyStart = clientEnd + 2;
    let replyEnd = end;
    let context = -1;
    for (let i = semicolonSpace(bytes, replyStart, end); i >= 0 && context < 0; i = semicolonSpace(bytes, i + 1, end)) {
      for (const word of CONTEXT_WORDS) {
        if (startsWith(bytes, i + 2, end, word)) {
          context = i + 2;
          replyEnd = i;
          break;
        }
      }
    }
    if (context < 0 && replyEnd > replyStart && bytes[replyEnd - 1] === 59) replyEnd--;
    this.sender(bytes, context, end);
    const textStart = codesEnd(bytes, replyStart, replyEnd);
    let k = writePart(out.key, 0, bytes, g.actionStart, g.actionEnd);
    k = writePart(out.key, k, bytes, after, from);
    k = writePart(out.key, k, bytes, g.serviceStart, g.syslogNameEnd);
    k = writePart(out.key, k, bytes, replyStart, textStart);
    out.keyLength = this.replyKey(bytes, textStart, replyEnd, k);
    return true;
  }

  /**
   * `name[address]` or `name[address]:port` at `start` and the `: ` after it,
   * as logLine's CLIENT takes what comes before the first `: `: where that
   * `: ` is, or -1.
   */
  private client(bytes: Uint8Array, start: number, end: number): number {
    let i = start;
    // a character beyond ASCII may be one of the spaces \s stands for
    for (; i < end; i++) {
      const c = bytes[i];
      if (c === 91) break;
      if (c === 32 || (c >= 9 && c <= 13) || c >= 128) return -1;
    }
    if (i >= end) return -1;
    const out = this.out;
    out.nameStart = start;
    out.nameEnd = i;
    out.addressStart = ++i;
    for (; i < end; i++) {
      const c = bytes[i];
      if (c === 93) break;
      if (c === 58 && i + 1 < end && bytes[i + 1] === 32) return -1;
    }
    if (i >= end) return -1;
    out.addressEnd = i++;
    if (bytes[i] !== 58 || i + 1 >= end) return -1;
    if (bytes[i + 1] === 32) return i;
    const port = ++i;
    while (i < end && isDigit(bytes[i])) i++;
    return i > port && i + 1 < end && bytes[i] === 58 && bytes[i + 1] === 32 ? i : -1;
  }

  /** logLine's angleField for `from=<` in the context at `start`. */
  private sender(bytes: Uint8Array, start: number, end: number): void {
    const out = this.out;
    out.senderStart = -1;
    if (start < 0) return;
    let field = find(bytes, start, end, SENDER);
    while (field > start && bytes[field - 1] !== 32 && bytes[field - 1] !== 44) field = find(bytes, field + 1, end, SENDER);
    if (field < 0) return;
    out.senderStart = field + SENDER.length;
    let close = indexOf(bytes, 62, out.senderStart, end);
    while (close >= 0 && close + 1 < end && bytes[close + 1] !== 32 && bytes[close + 1] !== 44 && bytes[close + 1] !== 58)
      close = indexOf(bytes, 62, close + 1, end);
    out.senderEnd = close < 0 ? end : close;
  }

  /**
   * The reply text as verdictKey keeps it, into the key at `k`: a leading
   * `<address>` as `<>`, the [client] of "cannot find your hostname" and of a
   * DNS list as # (an address) or * (a name), a DNS list's reason cut.
   */
  private replyKey(bytes: Uint8Array, start: number, end: number, k: number): number {
    const key = this.out.key;
    const lengthAt = k;
    k += 3;
    const angle = start < end && bytes[start] === 60 ? find(bytes, start, end, ANGLE_COLON) : -1;
    if (angle > start) {
      // "<>: ..." starts with neither of the texts whose [client] is cut
      key[k++] = 60;
      key[k++] = 62;
      k = copy(key, k, bytes, angle + 1, end);
    } else {
      const bracket =
        startsWith(bytes, start, end, CANNOT_FIND) || startsWith(bytes, start, end, SERVICE_UNAVAILABLE) ? find(bytes, start, end, SPACE_BRACKET) : -1;
      if (bracket > start) {
        const close = indexOf(bytes, 93, bracket, end);
        k = copy(key, k, bytes, start, bracket + 2);
        if (close >= 0) {
          let address = close > bracket + 2;
          for (let i = bracket + 2; i < close && address; i++) address = isAddressChar(bytes[i]);
          key[k++] = address ? 35 : 42;
          k = copy(key, k, bytes, close, end);
        }
      } else k = copy(key, k, bytes, start, end);
    }
    const text = lengthAt + 3;
    const using = find(key, text, k, BLOCKED_USING);
    const reason = using < 0 ? -1 : indexOf(key, 59, using, k);
    if (reason > text) k = reason;
    writeLength(key, lengthAt, k - text);
    return k;
  }
}
