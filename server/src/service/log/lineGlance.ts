/**
 * A first look at a log line, for reading logs of millions of lines: most
 * lines (connect, disconnect, client=, message-id=, TLS, warnings) change no
 * count, and queue lines need only their queue ID and status word. This finds
 * out which, by position and without making strings, so that only the lines
 * that need it are parsed whole (parseLogLine).
 */
import { classicEnd, classicTime, CONTENT_ACTIONS, POSTFIX_PROGRAMS, SMTPD_VERDICTS } from './logLine';

export type Verb =
  /** not a classic syslog line: parse it whole to know more */
  | 'unknown'
  /** a syslog line of another program */
  | 'foreign'
  /** a Postfix line that changes no count */
  | 'other'
  /** a verdict, a content action, a postscreen line: parse it whole */
  | 'parse'
  /** qmgr's `from=<...>, size=N, nrcpt=N` */
  | 'queued'
  /** a delivery status (or qmgr's expiry) */
  | 'status'
  | 'removed';

export interface Glance {
  verb: Verb;
  /** the timestamp's time (NaN when unknown) and where the timestamp ends */
  time: number;
  stampEnd: number;
  queueId: string;
  /** sent, deferred, bounced, expired, ... for 'status' */
  status: string;
}

/** Services seen lately, by their text: a log has few, and telling one again should cost no string. */
interface KnownService {
  text: string;
  postfix: boolean;
  postscreen: boolean;
}
const known: KnownService[] = [];

function serviceAt(text: string, start: number, end: number): KnownService {
  const length = end - start;
  for (const k of known) if (k.text.length === length && text.startsWith(k.text, start)) return k;
  const service = text.slice(start, end);
  const slash = service.lastIndexOf('/');
  const program = service.slice(slash + 1);
  const entry = { text: service, postfix: slash > 0 && POSTFIX_PROGRAMS.has(program), postscreen: program === 'postscreen' };
  if (known.length >= 32) known.shift();
  known.push(entry);
  return entry;
}

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isUpperHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70);

/** The end of a queue ID (or NOQUEUE) followed by ": " at `start`, or -1. */
function queueIdEnd(text: string, start: number): number {
  let i = start;
  let hex = true;
  let z = false;
  for (let c = text.charCodeAt(i); isAlnum(c); c = text.charCodeAt(++i)) {
    if (!isUpperHex(c)) hex = false;
    if (c === 122) z = true;
  }
  const length = i - start;
  if (text.charCodeAt(i) !== 58 || text.charCodeAt(i + 1) !== 32) return -1;
  if ((hex && length >= 5 && length <= 20) || (z && length >= 12) || (length === 7 && text.startsWith('NOQUEUE', start))) return i;
  return -1;
}

/** The word before ": " at `start` (lower case, '-' and '_'), or ''. */
function actionAt(text: string, start: number): string {
  let i = start;
  for (let c = text.charCodeAt(i); (c >= 97 && c <= 122) || c === 45 || c === 95; c = text.charCodeAt(++i));
  return i > start && text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 32 ? text.slice(start, i) : '';
}

/** Looks at `text` and fills `out`; `year` dates the classic timestamp. */
export function glance(text: string, year: number, out: Glance): void {
  out.verb = 'unknown';
  const at = classicEnd(text);
  if (at < 0) return;
  const hostEnd = text.indexOf(' ', at + 1);
  if (hostEnd <= at + 1) return;
  let i = hostEnd + 1;
  const serviceStart = i;
  for (let c = text.charCodeAt(i); i < text.length && c !== 91 && c !== 58 && c !== 32 && c !== 93; c = text.charCodeAt(++i));
  if (i === serviceStart) return;
  const serviceEnd = i;
  if (text.charCodeAt(i) === 91) {
    i = text.indexOf(']', i);
    if (i < 0) return;
    i++;
  }
  if (text.charCodeAt(i) !== 58 || text.charCodeAt(i + 1) !== 32) return;
  const time = classicTime(text, at, year);
  if (time === undefined) return;
  out.time = time;
  out.stampEnd = at;
  const service = serviceAt(text, serviceStart, serviceEnd);
  if (!service.postfix) {
    out.verb = 'foreign';
    return;
  }
  const message = i + 2;
  if (service.postscreen) {
    out.verb = 'parse';
    return;
  }
  const idEnd = queueIdEnd(text, message);
  if (idEnd < 0) {
    out.verb = 'other';
    return;
  }
  const rest = idEnd + 2;
  const action = actionAt(text, rest);
  if (action !== '') {
    out.verb = SMTPD_VERDICTS[action] !== undefined || CONTENT_ACTIONS.has(action) ? 'parse' : 'other';
    return;
  }
  out.queueId = text.slice(message, idEnd);
  if (text.startsWith('removed', rest) && rest + 7 >= text.length - (text.endsWith('\r') ? 1 : 0)) {
    out.verb = 'removed';
    return;
  }
  const to = text.startsWith('to=<', rest);
  if (!to && !text.startsWith('from=<', rest)) {
    out.verb = 'other';
    return;
  }
  const status = text.indexOf(', status=', rest);
  if (status >= 0) {
    let end = status + 9;
    for (let c = text.charCodeAt(end); (c >= 97 && c <= 122) || c === 45; c = text.charCodeAt(++end));
    out.status = text.slice(status + 9, end);
    out.verb = 'status';
    return;
  }
  out.verb = !to && text.indexOf(', nrcpt=', rest) >= 0 ? 'queued' : 'other';
}
