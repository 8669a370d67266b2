/**
 * One line of a mail log, as syslog, journald's short form or Postfix's own postlogd
 * (`maillog_file`) write it: a timestamp, the host, `syslog_name/program[pid]: ` and the
 * message. The message is read as far as Postfix's logging formats go (smtpd_check's
 * `log_whatsup`, postscreen, cleanup's header/body actions, milter replies, qmgr and the
 * delivery agents); anything else is kept as text under kind `other`.
 */

/** What a line reports, as far as the analysis cares. */
export type LogKind =
  /** smtpd or postscreen refused a command: a 5xx `reject:` line */
  | 'reject'
  /** a `warn_if_reject` restriction would have refused it */
  | 'reject_warning'
  /** a `reject:` line with a 4xx code (including DEFER_IF_PERMIT and DEFER_IF_REJECT) */
  | 'defer'
  /** a delivery attempt or its end: `status=sent|deferred|bounced|expired|...` */
  | 'status'
  /** smtpd, cleanup or a milter dropped the message (`discard:`, `milter-discard:`) */
  | 'discard'
  /** smtpd, cleanup or a milter put the message on hold */
  | 'hold'
  /** qmgr took the message in: `from=<...>, size=N, nrcpt=N (queue active)` */
  | 'queued'
  /** qmgr removed the message from the queue */
  | 'removed'
  /** postscreen's own events: PASS NEW, DNSBL rank, PREGREET, HANGUP, ... */
  | 'postscreen'
  /** header_checks / body_checks in cleanup: `reject: header ...`, `warning: body ...`, ... */
  | 'content'
  /** a milter refused the message (`milter-reject:`) */
  | 'milter'
  /** any other smtpd access action: warn, info, filter, redirect, bcc, permit, delay, hangup */
  | 'action'
  | 'other';

/** The SMTP protocol state smtpd logs: CONNECT, HELO, EHLO, MAIL, RCPT, DATA, END-OF-MESSAGE, ETRN, VRFY, ... */
export type LogStage = string;

export interface LogClient {
  /** the verified host name, or `unknown`; empty for postscreen, which logs the address alone */
  name: string;
  address: string;
  port?: string;
}

export interface LogLine {
  /** the timestamp exactly as written */
  timestamp: string;
  /**
   * The timestamp in milliseconds since the epoch, when it can be read. Classic syslog stamps
   * carry no year: the caller's `year` is used (the current one by default), so a reader of a
   * log spanning New Year should pass the year it tracks.
   */
  time?: number;
  /** `time` as a Date, made when asked for */
  readonly date?: Date;
  host: string;
  /** `postfix/submission/smtpd`: the syslog_name, a slash, the program */
  service: string;
  /** `postfix/submission` (the part before the last slash; empty when there is none) */
  syslogName: string;
  /** `smtpd`, `qmgr`, `cleanup`, ... (the part after the last slash) */
  program: string;
  pid?: number;
  /** true when the program is one of Postfix's and the service carries a syslog_name */
  postfix: boolean;
  /** the queue ID, or `NOQUEUE`, when the message starts with one */
  queueId?: string;
  /** the message after `service[pid]: ` */
  message: string;
  /** `warning`, `error`, `fatal`, `panic` for Postfix's own complaints */
  severity?: string;
  kind: LogKind;
  /** the action word Postfix logged: `reject`, `reject_warning`, `milter-reject`, `discard`, `warning`, ... */
  action?: string;
  /** the SMTP protocol state of a verdict: RCPT, MAIL, HELO, CONNECT, DATA, END-OF-MESSAGE, ... */
  stage?: LogStage;
  client?: LogClient;
  sender?: string;
  recipient?: string;
  /** `orig_to=` of a delivery line */
  originalRecipient?: string;
  helo?: string;
  proto?: string;
  /** the SMTP reply code (`554`); cleanup's content actions log no code */
  code?: string;
  /** the enhanced status code, `5.7.1` (for a delivery line its `dsn=`) */
  enhancedStatus?: string;
  /** the reply text after code and enhanced status; for a delivery line the text in parentheses */
  reply?: string;
  /** the delivery status word: sent, deferred, bounced, expired, ... */
  status?: string;
  relay?: string;
  /** qmgr's `nrcpt=` */
  recipients?: number;
  size?: number;
  /** cleanup's content actions: `header` or `body`, and the text that matched */
  part?: string;
  content?: string;
  /** postscreen's event word: PASS NEW, PASS OLD, DNSBL, PREGREET, HANGUP, CONNECT, ... */
  event?: string;
}

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/** Programs Postfix ships; a service name ending in one of these is Postfix's. */
export const POSTFIX_PROGRAMS: ReadonlySet<string> = new Set([
  'anvil',
  'bounce',
  'cleanup',
  'discard',
  'dnsblog',
  'error',
  'flush',
  'lmtp',
  'local',
  'master',
  'oqmgr',
  'pickup',
  'pipe',
  'postalias',
  'postcat',
  'postconf',
  'postdrop',
  'postfix',
  'postfix-script',
  'postkick',
  'postlock',
  'postlog',
  'postlogd',
  'postmap',
  'postmulti',
  'postqueue',
  'postscreen',
  'postsuper',
  'proxymap',
  'qmgr',
  'qmqpd',
  'scache',
  'sendmail',
  'showq',
  'smtp',
  'smtpd',
  'spawn',
  'tlsmgr',
  'tlsproxy',
  'trivial-rewrite',
  'verify',
  'virtual',
]);

/** RFC 3339 (rsyslog's high-precision format), or the same with a space for the T */
const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?) /;
/** short (hexadecimal) or long (enable_long_queue_ids) queue IDs, or NOQUEUE */
const QUEUE_ID = /^(NOQUEUE|[0-9A-F]{5,20}|[0-9A-Za-z]{10,}z[0-9A-Za-z]+): /;
const SEVERITY = /^(warning|error|fatal|panic): /;
/** `name[address]` or `name[address]:port`; postscreen writes `[address]:port` */
const CLIENT = /^([^\s[]*)\[([^\]]*)\](?::(\d+))?$/;
/** `554 5.7.1 text`, `5.7.1 text`, `554 text` */
const REPLY = /^(?:([245]\d\d)[ -])?(?:([245]\.\d{1,3}\.\d{1,3})(?: |$))?/;
/** the context smtpd and postscreen append after a verdict's reply: `; from=<...> to=<...> proto=... helo=<...>` */
const CONTEXT_START = /; (?:from=<|to=<|proto=|helo=<|sasl_)/;

export const SMTPD_VERDICTS: Readonly<Record<string, LogKind>> = {
  reject: 'reject',
  reject_warning: 'reject_warning',
  discard: 'discard',
  hold: 'hold',
  'milter-reject': 'milter',
  'milter-discard': 'discard',
  'milter-hold': 'hold',
  warn: 'action',
  info: 'action',
  filter: 'action',
  redirect: 'action',
  bcc: 'action',
  permit: 'action',
  delay: 'action',
  hangup: 'action',
};

/** Actions cleanup logs for header_checks, body_checks and their milter-side cousins. */
export const CONTENT_ACTIONS: ReadonlySet<string> = new Set([
  'reject',
  'warning',
  'discard',
  'hold',
  'filter',
  'redirect',
  'bcc',
  'replace',
  'prepend',
  'strip',
  'info',
]);

/** A line as parsed: every field there from the start (one shape for all lines), the date made when asked for. */
class ParsedLine implements LogLine {
  queueId?: string = undefined;
  severity?: string = undefined;
  kind: LogKind = 'other';
  action?: string = undefined;
  stage?: LogStage = undefined;
  client?: LogClient = undefined;
  sender?: string = undefined;
  recipient?: string = undefined;
  originalRecipient?: string = undefined;
  helo?: string = undefined;
  proto?: string = undefined;
  code?: string = undefined;
  enhancedStatus?: string = undefined;
  reply?: string = undefined;
  status?: string = undefined;
  relay?: string = undefined;
  recipients?: number = undefined;
  size?: number = undefined;
  part?: string = undefined;
  content?: string = undefined;
  event?: string = undefined;

  constructor(
    readonly timestamp: string,
    public time: number | undefined,
    readonly host: string,
    readonly service: string,
    readonly syslogName: string,
    readonly program: string,
    readonly pid: number | undefined,
    readonly postfix: boolean,
    readonly message: string,
  ) {}

  get date(): Date | undefined {
    return this.time === undefined ? undefined : new Date(this.time);
  }
}

/** The last minute dated: a log has many lines a minute, and local time is slow to compute. */
let lastMinute = { year: 0, month: 0, day: 0, hour: 0, minute: 0, time: 0 };

export function minuteOf(year: number, month: number, day: number, hour: number, minute: number): number {
  const m = lastMinute;
  if (m.minute !== minute || m.hour !== hour || m.day !== day || m.month !== month || m.year !== year) {
    lastMinute = { year, month, day, hour, minute, time: new Date(year, month, day, hour, minute).getTime() };
  }
  return lastMinute.time;
}

/** The decimal digit at `i`, or -1. */
function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two digits at `i` (the first may be a space, as syslog pads the day), or -1. */
function twoDigits(text: string, i: number, spaced = false): number {
  const high = spaced && text.charCodeAt(i) === 32 ? 0 : digitAt(text, i);
  const low = digitAt(text, i + 1);
  return high < 0 || low < 0 ? -1 : high * 10 + low;
}

/**
 * `Jan  5 12:34:56` or postlogd's `Jan 05 12:34:56.123456`, read by position:
 * this runs for every line of logs of millions. The end of the stamp, or -1.
 */
function classicEnd(text: string): number {
  if (text.length < 16 || text.charCodeAt(3) !== 32 || text.charCodeAt(6) !== 32 || text.charCodeAt(9) !== 58 || text.charCodeAt(12) !== 58) return -1;
  let end = 15;
  if (text.charCodeAt(end) === 46) {
    end++;
    while (digitAt(text, end) >= 0) end++;
  }
  return text.charCodeAt(end) === 32 ? end : -1;
}

export const MONTH_KEYS: ReadonlyMap<number, number> = new Map(
  Object.entries(MONTHS).map(([name, month]) => [(name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2), month]),
);

/** The month (0-11) a classic stamp at the start of `text` names, or -1; read without making a string. */
export function classicMonth(text: string): number {
  return MONTH_KEYS.get((text.charCodeAt(0) << 16) | (text.charCodeAt(1) << 8) | text.charCodeAt(2)) ?? -1;
}

/** The time of the classic stamp that ends at `end`, in `year`. */
function classicTime(text: string, end: number, year: number): number | undefined {
  const month = classicMonth(text);
  const day = twoDigits(text, 4, true);
  const hour = twoDigits(text, 7);
  const minute = twoDigits(text, 10);
  const second = twoDigits(text, 13);
  if (month < 0 || day < 1 || hour < 0 || minute < 0 || second < 0) return undefined;
  const fraction = end > 16 ? Math.floor(Number(`0${text.slice(15, end)}`) * 1000) : 0;
  return minuteOf(year, month, day, hour, minute) + second * 1000 + fraction;
}

/** A classic (yearless) timestamp as it would be in `year`: for a reader that finds the log crossed New Year. */
export function timeInYear(timestamp: string, year: number): number | undefined {
  const end = classicEnd(`${timestamp} `);
  return end < 0 ? undefined : classicTime(timestamp, end, year);
}

/**
 * Reads one line of a mail log. Returns undefined when the line is not a syslog line at all
 * (no timestamp, host and `program:`), for example a line cut short by rotation or a log of
 * another format. `year` dates classic stamps, which carry none.
 */
export function parseLogLine(line: string, year?: number): LogLine | undefined {
  let timestamp: string;
  let time: number | undefined;
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  let at = classicEnd(text);
  if (at > 0) {
    timestamp = text.slice(0, at);
    time = classicTime(text, at, year ?? new Date().getFullYear());
    if (time === undefined) return undefined;
  } else {
    const iso = RFC3339.exec(text);
    if (!iso) return undefined;
    timestamp = iso[1];
    const parsed = Date.parse(timestamp);
    time = Number.isNaN(parsed) ? undefined : parsed;
    at = iso[0].length - 1;
  }
  // host, then service[pid]: or service:
  const hostEnd = text.indexOf(' ', at + 1);
  if (hostEnd <= at + 1) return undefined;
  let i = hostEnd + 1;
  const serviceStart = i;
  for (let c = text.charCodeAt(i); i < text.length && c !== 91 && c !== 58 && c !== 32 && c !== 93; c = text.charCodeAt(++i));
  if (i === serviceStart) return undefined;
  const service = text.slice(serviceStart, i);
  let pid: number | undefined;
  if (text.charCodeAt(i) === 91) {
    const pidStart = ++i;
    while (digitAt(text, i) >= 0) i++;
    if (i === pidStart || text.charCodeAt(i) !== 93) return undefined;
    pid = Number(text.slice(pidStart, i));
    i++;
  }
  if (text.charCodeAt(i) !== 58 || text.charCodeAt(i + 1) !== 32) return undefined;
  const slash = service.lastIndexOf('/');
  const program = slash < 0 ? service : service.slice(slash + 1);
  const result = new ParsedLine(
    timestamp,
    time,
    text.slice(at + 1, hostEnd),
    service,
    slash < 0 ? '' : service.slice(0, slash),
    program,
    pid,
    slash > 0 && POSTFIX_PROGRAMS.has(program),
    text.slice(i + 2),
  );
  if (result.postfix) readMessage(result);
  return result;
}

function readMessage(line: LogLine): void {
  let message = line.message;
  const severity = SEVERITY.exec(message);
  if (severity) {
    line.severity = severity[1];
    return;
  }
  const queue = QUEUE_ID.exec(message);
  if (queue) {
    line.queueId = queue[1];
    message = message.slice(queue[0].length);
  }
  if (line.program === 'postscreen') {
    if (queue && readVerdict(line, message)) return;
    readPostscreenEvent(line, message);
    return;
  }
  if (!queue) return;
  if (readVerdict(line, message)) return;
  if (line.program === 'cleanup' && readContentAction(line, message)) return;
  if (message.startsWith('to=<') || message.startsWith('from=<')) readDelivery(line, message);
  else if (message === 'removed') line.kind = 'removed';
}

/** `<action>: <STAGE> from <client>: <reply>; from=<...> to=<...> proto=... helo=<...>` */
function readVerdict(line: LogLine, message: string): boolean {
  const colon = message.indexOf(': ');
  if (colon < 0) return false;
  const kind = SMTPD_VERDICTS[message.slice(0, colon)];
  if (kind === undefined) return false;
  const afterAction = message.slice(colon + 2);
  const from = afterAction.indexOf(' from ');
  if (from < 0 || !/^[A-Z][A-Z-]*$/.test(afterAction.slice(0, from))) return false;
  const clientEnd = afterAction.indexOf(': ', from + 6);
  if (clientEnd < 0) return false;
  const client = readClient(afterAction.slice(from + 6, clientEnd));
  if (!client) return false;
  line.action = message.slice(0, colon);
  line.stage = afterAction.slice(0, from);
  line.client = client;
  let reply = afterAction.slice(clientEnd + 2);
  const context = CONTEXT_START.exec(reply);
  if (context) {
    readContext(line, reply.slice(context.index + 2));
    reply = reply.slice(0, context.index);
  } else if (reply.endsWith(';')) reply = reply.slice(0, -1);
  readReply(line, reply);
  line.kind = kind === 'reject' && line.code?.startsWith('4') ? 'defer' : kind;
  return true;
}

/** cleanup: `<action>: header|body <text> from <client>; from=<...> to=<...> proto=... helo=<...>: <reply>` */
function readContentAction(line: LogLine, message: string): boolean {
  const colon = message.indexOf(': ');
  if (colon < 0) return false;
  const action = message.slice(0, colon);
  if (!CONTENT_ACTIONS.has(action)) return false;
  const afterAction = message.slice(colon + 2);
  const space = afterAction.indexOf(' ');
  if (space < 0) return false;
  const part = afterAction.slice(0, space);
  if (part !== 'header' && part !== 'body' && part !== 'mime' && part !== 'content') return false;
  // The matched text may hold anything; the client and context follow its last " from ".
  const context = afterAction.lastIndexOf('; from=<');
  const head = context < 0 ? afterAction : afterAction.slice(0, context);
  const from = head.lastIndexOf(' from ');
  if (from < space) return false;
  // mail submitted with sendmail(1) has no SMTP client: cleanup calls it "local"
  const clientText = head.slice(from + 6);
  const client = clientText === 'local' ? { name: 'local', address: '' } : readClient(clientText);
  if (!client) return false;
  line.action = action;
  line.part = part;
  line.content = head.slice(space + 1, from);
  line.client = client;
  line.kind = 'content';
  if (context >= 0) {
    const tail = afterAction.slice(context + 2);
    const replyAt = tail.search(/: (?=[245]\.\d|[245]\d\d )/);
    if (replyAt >= 0) {
      readContext(line, tail.slice(0, replyAt));
      readReply(line, tail.slice(replyAt + 2));
    } else readContext(line, tail);
  }
  return true;
}

function readClient(text: string): LogClient | undefined {
  const client = CLIENT.exec(text);
  if (!client) return undefined;
  return client[3] === undefined ? { name: client[1], address: client[2] } : { name: client[1], address: client[2], port: client[3] };
}

function readReply(line: LogLine, reply: string): void {
  const codes = REPLY.exec(reply);
  if (codes?.[1]) line.code = codes[1];
  if (codes?.[2]) line.enhancedStatus = codes[2];
  line.reply = reply.slice(codes ? codes[0].length : 0);
}

/** `from=<a> to=<b> proto=ESMTP helo=<h>`, with spaces (smtpd) or ", " (postscreen) between */
function readContext(line: LogLine, context: string): void {
  const sender = angleField(context, 'from=<');
  if (sender !== undefined) line.sender = sender;
  const recipient = angleField(context, 'to=<');
  if (recipient !== undefined) line.recipient = recipient;
  const helo = angleField(context, 'helo=<');
  if (helo !== undefined) line.helo = helo;
  const proto = /(?:^|[ ,])proto=([^\s,]+)/.exec(context);
  if (proto) line.proto = proto[1];
}

/** space, comma, colon: what may follow the `>` that closes a field */
const FIELD_END = new Set([32, 44, 58]);

/** The value of `name<...>` at a field boundary; addresses may hold spaces, so read to `>` and a separator. */
function angleField(text: string, name: string): string | undefined {
  let at = text.indexOf(name);
  // by character codes: a verdict line reads three fields, and logs have many
  while (at > 0 && text.charCodeAt(at - 1) !== 32 && text.charCodeAt(at - 1) !== 44) at = text.indexOf(name, at + 1);
  if (at < 0) return undefined;
  const start = at + name.length;
  let end = text.indexOf('>', start);
  while (end >= 0 && end + 1 < text.length && !FIELD_END.has(text.charCodeAt(end + 1))) end = text.indexOf('>', end + 1);
  return end < 0 ? text.slice(start) : text.slice(start, end);
}

/** qmgr and delivery agents: `to=<...>, relay=..., dsn=..., status=sent (...)`, `from=<...>, size=N, nrcpt=N (queue active)` */
function readDelivery(line: LogLine, message: string): void {
  const first = message.startsWith('to=<') ? 'to' : 'from';
  const address = angleField(message, `${first}=<`) ?? '';
  if (first === 'to') line.recipient = address;
  else line.sender = address;
  // a line cut short (syslog's size limit) still tells the status: what follows the word is read when it is whole
  const status = /(?:^|, )status=([a-z-]+)/.exec(message);
  if (status) {
    line.kind = 'status';
    line.status = status[1];
    const reply = /^ \((.*)\)$|^, (.*)$/.exec(message.slice(status.index + status[0].length));
    if (reply) line.reply = reply[1] ?? reply[2];
    const orig = angleField(message, 'orig_to=<');
    if (orig !== undefined) line.originalRecipient = orig;
    const relay = /, relay=([^,\s]+)/.exec(message);
    if (relay) line.relay = relay[1];
    const dsn = /, dsn=(\d\.\d{1,3}\.\d{1,3})/.exec(message);
    if (dsn) line.enhancedStatus = dsn[1];
    return;
  }
  const nrcpt = /, nrcpt=(\d*)/.exec(message);
  if (first === 'from' && nrcpt) {
    line.kind = 'queued';
    if (nrcpt[1]) line.recipients = Number(nrcpt[1]);
    const size = /, size=(\d+)/.exec(message);
    if (size) line.size = Number(size[1]);
  }
}

/** postscreen: `PASS NEW [addr]:port`, `DNSBL rank 3 for [addr]:port`, `PREGREET 11 after 0.1 from [addr]:port: ...` */
function readPostscreenEvent(line: LogLine, message: string): void {
  const event = /^([A-Z][A-Z-]*(?: (?:NEW|OLD|COMMAND|PIPELINING|NEWLINE|rank))?)/.exec(message);
  if (!event) return;
  line.kind = 'postscreen';
  line.event = event[1];
  const client = /\[([^\]]*)\]:(\d+)/.exec(message);
  if (client) line.client = { name: '', address: client[1], port: client[2] };
}
