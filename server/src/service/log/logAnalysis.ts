/**
 * The summary of a mail log, built one line at a time: rejects per
 * restriction, the message flow, and what was skipped. It keeps counters,
 * a few examples and the state of messages still in the queue, never the
 * lines, so its memory does not grow with the length of the log; the tables
 * of distinct values (clients, senders, queue IDs in flight) are capped.
 */
import { attributeByReply, type Attribution, type Attributor } from './attribution';
import { ByteStrings } from './byteStrings';
import { ByteList, ByteTable, type PackedBytes } from './byteTable';
import { clientKey, Crossing, ONCE } from './crossing';
import { emptyGlance, glance, type Decode, type Glance } from './lineGlance';
import { classicMonth, parseLogLine, timeInYear, type LogLine } from './logLine';
import { VerdictReader } from './verdictBytes';

export type { Decode } from './lineGlance';

export type RejectAction = 'reject' | 'reject_warning' | 'defer';

export interface RejectRow extends Attribution {
  action: RejectAction;
  /** the protocol stage most of its lines were logged at */
  stage: string;
  /** the reply code most of its lines carry; null when Postfix logged none (cleanup) */
  code: string | null;
  count: number;
  /** the first lines, as logged */
  examples: string[];
  /** distinct client addresses (at most CAP counted) */
  clients: number;
  first?: Date;
  last?: Date;
  /** lines per day (YYYY-MM-DD, local time) */
  perDay: Map<string, number>;
}

export interface MessageCounts {
  /** messages qmgr took in (`nrcpt=`), each once */
  received: number;
  /** recipients delivered (`status=sent`) */
  delivered: number;
  /** messages deferred at least once */
  deferred: number;
  /** recipients bounced */
  bounced: number;
  /** messages returned after maximal_queue_lifetime */
  expired: number;
  /** messages discarded by smtpd, cleanup or a milter */
  discarded: number;
  /** messages put on hold */
  held: number;
}

export interface Skipped {
  reason: string;
  count: number;
  examples: string[];
}

export interface LogReport {
  lines: number;
  /** the earliest and latest timestamps, as written */
  from: string | null;
  to: string | null;
  rejects: RejectRow[];
  messages: MessageCounts;
  /** lines not analysed, by reason */
  skipped: Skipped[];
  /** files that could not be read (whole or in part) */
  problems: string[];
  /** the most rejected clients and senders (reject and defer lines) */
  topClients: [string, number][];
  topSenders: [string, number][];
  /** delivery status lines per day and status */
  deliveriesPerDay: Map<string, Map<string, number>>;
}

export interface AnalysisOptions {
  /** attributes reject lines; by reply text alone when not given */
  attribute?: Attributor;
  /** examples kept per row and per skip reason */
  examples?: number;
  /** dates classic (yearless) timestamps: the year they fall in is the latest not after `now` */
  now?: Date;
}

/** Distinct values counted per table before new ones are lumped together. */
const CAP = 10_000;
/** Queue IDs followed at once: more than any queue holds; the oldest is forgotten first. */
const IN_FLIGHT = 200_000;
/** Examples are lines as logged, cut to a readable length. */
const EXAMPLE_LENGTH = 1_000;
/** The longest line countBytes() is handed (the reader's MAX_LINE); a longer one is decoded and parsed whole. */
const LONGEST_BYTES = 64 * 1024;

/** A client table as another thread hands it (ClientTable.part): the n-th of each list is the n-th client's. */
export interface ClientsPart {
  addresses: PackedBytes;
  names: PackedBytes;
  counts: Int32Array;
  rows: Int32Array;
  /** the rows numbered 31 and on (those a client keeps in a set, not as bits), of the clients that have any */
  moreRows: [number, number[]][];
}

/** The senders as another thread hands them (SenderCounter.part), as ClientsPart. */
export interface SendersPart {
  senders: PackedBytes;
  counts: Int32Array;
  others: number;
}

/**
 * The analysis of the later part of a log, for that of the earlier part to
 * take in (LogAnalysis.part, merge): plain data, to cross between threads.
 */
export interface AnalysisPart {
  lines: number;
  rows: Map<string, RowState>;
  messages: MessageCounts;
  skipped: Map<string, Skipped>;
  problems: string[];
  clients: ClientsPart;
  senders: SendersPart;
  deliveriesPerDay: Map<string, Map<string, number>>;
  firstStamp: string | null;
  /** the stamps of the last line, the earliest and the latest; null when it had none */
  last: string | null;
  earliest?: { time: number; text: string };
  latest: string | null;
  latestTime: number;
  year: number;
  lastMonth: number;
  /** the month of its first classic stamp and the year it took it to be in */
  firstClassic?: { month: number; year: number };
  /** the most queue IDs and postscreen clients it followed at once */
  mostInFlight: number;
  mostPostscreen: number;
}

export const SKIP_NOT_SYSLOG = 'not a syslog line (cut by rotation, or another format)';
export const SKIP_OTHER_PROGRAM = 'another program than Postfix';

/**
 * The `n` entries of `counts` counted most, most first, those counted alike
 * by their label: the labels made only for the entries the count leaves in
 * the running (the n-th largest count or more), not for the thousands of a
 * long log.
 */
function topCounts(counts: Int32Array, n: number, label: (entry: number) => string): [string, number][] {
  const positive = counts.filter((c) => c > 0);
  if (positive.length === 0 || n === 0) return [];
  // a typed array sorts its numbers natively, in ascending order
  const least = positive.length <= n ? 1 : positive.sort()[positive.length - n];
  const running: [string, number][] = [];
  for (let entry = 0; entry < counts.length; entry++) if (counts[entry] >= least) running.push([label(entry), counts[entry]]);
  return running.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, n);
}

/**
 * Bytes that came from another thread (a Buffer arrives as a plain
 * Uint8Array) as a Buffer again: the lookups' optimized code has seen
 * Buffers alone, and would be thrown away for another kind of array.
 */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

/** The text of UTF-8 bytes a table kept. */
const textOf = (bytes: Uint8Array): string => asBuffer(bytes).toString('utf8');

/**
 * The senders of reject and defer lines, counted by their bytes (see
 * ByteTable) up to CAP distinct ones; those after are lumped together.
 * Shown as they first came, `<>` for the null sender.
 */
class SenderCounter {
  private readonly table = new ByteTable(CAP);
  private readonly counts = new Int32Array(CAP);
  others = 0;

  /** The sender bytes[start, end). */
  add(bytes: Uint8Array, start: number, end: number): void {
    const n = this.table.lookup(bytes, start, end);
    if (n < 0) this.others++;
    else this.counts[n]++;
  }

  /** add() for the sender of a line parsed whole. */
  addText(sender: string): void {
    const bytes = Buffer.from(sender);
    this.add(bytes, 0, bytes.length);
  }

  /** The senders in the order they came, for another thread to merge(). */
  part(): SendersPart {
    return { senders: this.table.keys.packed(), counts: this.counts.slice(0, this.table.size), others: this.others };
  }

  /** The counts of what came after, as add() would have counted them here, looked up by the bytes the later part kept. */
  merge(later: SendersPart): void {
    const { starts, lengths } = later.senders;
    const bytes = asBuffer(later.senders.bytes);
    for (let i = 0; i < later.counts.length; i++) {
      const n = this.table.lookup(bytes, starts[i], starts[i] + lengths[i]);
      if (n < 0) this.others += later.counts[i];
      else this.counts[n] += later.counts[i];
    }
    this.others += later.others;
  }

  top(n: number): [string, number][] {
    return topCounts(this.counts.subarray(0, this.table.size), n, (entry) => textOf(this.table.keys.get(entry)) || '<>');
  }
}

/**
 * Where a line's timestamp is, in its text or its bytes: a line's stamp is
 * cut out only when it is kept (the earliest line), not for every line. The
 * analysis reuses these, so that a line costs no object.
 */
class StampAt {
  private line = '';
  private bytes?: Uint8Array;
  private decode?: Decode;
  private start = 0;
  private end = 0;

  inText(line: string, end: number): this {
    this.line = line;
    this.bytes = undefined;
    this.start = 0;
    this.end = end;
    return this;
  }

  inBytes(bytes: Uint8Array, start: number, length: number, decode: Decode): this {
    this.bytes = bytes;
    this.decode = decode;
    this.start = start;
    this.end = start + length;
    return this;
  }

  /** The stamp as a string of its own, before the bytes it is in are read over. */
  settle(): void {
    if (!this.bytes) return;
    this.line = this.text();
    this.bytes = undefined;
    this.start = 0;
    this.end = this.line.length;
  }

  copy(from: StampAt): void {
    this.line = from.line;
    this.bytes = from.bytes;
    this.decode = from.decode;
    this.start = from.start;
    this.end = from.end;
  }

  text(): string {
    return this.bytes && this.decode ? this.decode(this.bytes, this.start, this.end) : this.line.slice(this.start, this.end);
  }
}

/** A count that a cache can hold on to, so that a line bumps it without a lookup. */
interface Cell {
  n: number;
}

export interface RowState {
  row: RejectRow;
  /** the row's number, its bit in each client's rows */
  index: number;
  /** the times of the row's first and last lines, NaN before any: a number always, which V8 stores without an object per line */
  first: number;
  last: number;
  stages: Map<string, Cell>;
  codes: Map<string | null, Cell>;
  /** distinct clients */
  clients: number;
  /** the day of the latest lines and how many there were, not yet in perDay */
  day: string;
  dayCount: number;
}

/** A kind of smtpd verdict (verdictKey) and what its lines bump. */
interface VerdictCache {
  state: RowState;
  stage: Cell;
  code: Cell;
}

/**
 * The clients of verdict lines: how often each was rejected, and each row's
 * distinct clients, with one lookup per line on the address's bytes (see
 * ByteTable). Capped at CAP clients, numbered in the order they came, each
 * with the name of its first line.
 */
class ClientTable {
  private readonly table = new ByteTable(CAP);
  private readonly names = new ByteList(CAP);
  /** reject and defer lines (not reject_warning) */
  private readonly counts = new Int32Array(CAP);
  /** the rows that have each client: a bit each for the first 31, a set beyond */
  private readonly rows = new Int32Array(CAP);
  private readonly moreRows = new Map<number, Set<number>>();

  /** The client whose address is bytes[start, end) and name bytes[nameStart, nameEnd). */
  see(bytes: Uint8Array, start: number, end: number, nameStart: number, nameEnd: number, state: RowState, rejected: boolean): void {
    const n = this.numberOf(bytes, start, end, bytes, nameStart, nameEnd);
    if (n < 0) return;
    if (rejected) this.counts[n]++;
    if (this.addRow(n, state.index)) state.clients++;
  }

  /** see() for a client of a line parsed whole. */
  seeText(address: string, name: string, state: RowState, rejected: boolean): void {
    const bytes = Buffer.from(address + name);
    const split = Buffer.byteLength(address);
    this.see(bytes, 0, split, split, bytes.length, state, rejected);
  }

  /** The clients in the order they came, for another thread to merge(). */
  part(): ClientsPart {
    const size = this.table.size;
    return {
      addresses: this.table.keys.packed(),
      names: this.names.packed(),
      counts: this.counts.slice(0, size),
      rows: this.rows.slice(0, size),
      moreRows: [...this.moreRows].map(([n, rows]) => [n, [...rows]]),
    };
  }

  /**
   * The clients of what came after, as see() would have counted them here,
   * looked up by the bytes the later part kept; `index` maps the later rows'
   * numbers to these. `states` are the rows by number: a row the later part
   * brought in comes with no clients counted. Cold code run once: a later
   * client's rows are added as a mask, without a call per row.
   */
  merge(later: ClientsPart, index: number[], states: RowState[]): void {
    const addresses = asBuffer(later.addresses.bytes);
    const names = asBuffer(later.names.bytes);
    const mine = new Int32Array(later.counts.length);
    // a call per client: a loop that did it all would be compiled while it runs, and thrown away at its end
    for (let i = 0; i < later.counts.length; i++) mine[i] = this.mergeOne(later, i, addresses, names, index, states);
    for (const [i, rows] of later.moreRows) if (mine[i] >= 0) for (const row of rows) this.mark(mine[i], index[row], states);
  }

  private mergeOne(later: ClientsPart, i: number, addresses: Buffer, names: Buffer, index: number[], states: RowState[]): number {
    const start = later.addresses.starts[i];
    const nameStart = later.names.starts[i];
    const n = this.numberOf(addresses, start, start + later.addresses.lengths[i], names, nameStart, nameStart + later.names.lengths[i]);
    if (n < 0) return -1;
    this.counts[n] += later.counts[i];
    let rows = 0;
    for (let bits = later.rows[i]; bits !== 0; bits &= bits - 1) {
      const at = index[31 - Math.clz32(bits & -bits)];
      if (at < 31) rows |= 1 << at;
      else this.mark(n, at, states);
    }
    for (let added = rows & ~this.rows[n]; added !== 0; added &= added - 1) states[31 - Math.clz32(added & -added)].clients++;
    this.rows[n] |= rows;
    return n;
  }

  /** The number of the client whose address is addresses[start, end), keeping names[nameStart, nameEnd) as its name when it is new; -1 when the table is full. */
  private numberOf(addresses: Uint8Array, start: number, end: number, names: Uint8Array, nameStart: number, nameEnd: number): number {
    const known = this.table.size;
    const n = this.table.lookup(addresses, start, end);
    if (n === known) this.names.add(names, nameStart, nameEnd);
    return n;
  }

  private mark(n: number, at: number, states: RowState[]): void {
    if (this.addRow(n, at)) states[at].clients++;
  }

  /** Marks a row in a client's rows; false when it was marked. */
  private addRow(n: number, index: number): boolean {
    if (index < 31) {
      const bit = 1 << index;
      if ((this.rows[n] & bit) !== 0) return false;
      this.rows[n] |= bit;
      return true;
    }
    let more = this.moreRows.get(n);
    if (!more) {
      more = new Set();
      this.moreRows.set(n, more);
    }
    if (more.has(index)) return false;
    more.add(index);
    return true;
  }

  top(n: number): [string, number][] {
    return topCounts(this.counts.subarray(0, this.table.size), n, (entry) => {
      const address = textOf(this.table.keys.get(entry));
      const name = textOf(this.names.get(entry));
      return name ? `${name}[${address}]` : address;
    });
  }
}

const mostFrequent = <K>(counts: Map<K, Cell>, fallback: K): K => {
  let best = fallback;
  let n = -1;
  for (const [k, c] of counts) if (c.n > n) [best, n] = [k, c.n];
  return best;
};

const cellOf = <K>(map: Map<K, Cell>, key: K): Cell => {
  let cell = map.get(key);
  if (!cell) {
    cell = { n: 0 };
    map.set(key, cell);
  }
  return cell;
};

/** The lines of a row's latest day, into its per-day counts. */
function flushDay(state: RowState): void {
  if (state.dayCount === 0) return;
  state.row.perDay.set(state.day, (state.row.perDay.get(state.day) ?? 0) + state.dayCount);
  state.dayCount = 0;
}

/** The last day named: local dates are slow to compute, and a log has many lines a day. */
let lastDay = { from: 0, to: -1, key: '' };

/** YYYY-MM-DD, local time, of a time in milliseconds. */
function dayOf(time: number): string {
  if (time < lastDay.from || time >= lastDay.to) {
    const d = new Date(time);
    const from = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
    const to = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
    lastDay = { from, to, key: `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}` };
  }
  return lastDay.key;
}

const bump = <K>(map: Map<K, number>, key: K): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

/**
 * A copy of a string that holds nothing else. The lines are slices of the
 * megabyte the reader decoded at once; keeping a slice (an example, a client
 * address, a queue ID) would keep that whole megabyte alive.
 */
const own = (s: string): string => (' ' + s).slice(1);

/**
 * own() for a key of a table looked up on every line: a copy of thirteen
 * characters or more that own() makes refers to the string it was cut from
 * (V8's sliced string), which a lookup compares several times slower than
 * a string of its own characters, as join() makes.
 */
const ownKey = (s: string): string => (s.length < 13 ? own(s) : s.split('').join(''));

const example = (line: string): string => own(line.length > EXAMPLE_LENGTH ? `${line.slice(0, EXAMPLE_LENGTH)}…` : line);

export class LogAnalysis {
  private lineCount = 0;
  private readonly rows = new Map<string, RowState>();
  private readonly messages: MessageCounts = { received: 0, delivered: 0, deferred: 0, bounced: 0, expired: 0, discarded: 0, held: 0 };
  private readonly inFlight = new Map<string, number>();
  private readonly skipped = new Map<string, Skipped>();
  /** files, or parts of them, that could not be read */
  readonly problems: string[] = [];
  private readonly clients = new ClientTable();
  private readonly senders = new SenderCounter();
  private readonly deliveriesPerDay = new Map<string, Map<string, number>>();
  /** the row of each kind of smtpd verdict (verdictKey) */
  private readonly verdictRows = new Map<string, VerdictCache>();
  /** the postscreen event last logged for each client, to name the test behind a "Protocol error" */
  private readonly postscreenEvents = new Map<string, string>();
  private readonly attribute: Attributor;
  private readonly examples: number;
  private readonly now: Date;
  private year: number;
  private lastMonth = -1;
  /** the stampSerial of the last line track() saw, 0 when it was not read by glance() */
  private trackedSerial = 0;
  private firstClassic?: { month: number; year: number };
  private mostInFlight = 0;
  private mostPostscreen = 0;
  private earliest?: { time: number; text: string };
  private firstStamp: string | null = null;
  /** where the stamps of the latest line, and of the last one, are: cut out when asked for, not on every line */
  private latestTime = 0;
  private readonly latest = new StampAt();
  private readonly last = new StampAt();
  /** the line at hand, reused, and its time (trackBytes): a field, as a time returned from a call is an object to collect */
  private readonly current = new StampAt();
  private lineTime = 0;
  private readonly glimpse: Glance = emptyGlance();
  /** the queue IDs and other words glance() makes strings of: a message's lines come close together */
  private readonly ids = new ByteStrings(4096, 32);
  /** `decodeOf` through `ids`, made once */
  private decodeOf?: Decode;
  private decodeId: Decode = () => '';
  private readonly keys = new ByteStrings(512, 256);
  private readonly verdicts = new VerdictReader(LONGEST_BYTES);
  /** the row of each verdict key of VerdictReader: a refinement of verdictKey, filled from what add() found */
  private readonly byteVerdicts = new Map<string, VerdictCache>();
  /** the row the last verdict line that add() took was counted in */
  private lastVerdict?: VerdictCache;

  constructor(options: AnalysisOptions = {}) {
    this.attribute = options.attribute ?? attributeByReply;
    this.examples = options.examples ?? 3;
    this.now = options.now ?? new Date();
    this.year = this.now.getFullYear();
  }

  /** One line of the log, without its line terminator, parsed whole (see count() for the fast way). */
  add(text: string): LogLine | undefined {
    this.lineCount++;
    const line = parseLogLine(text, this.year);
    if (!line) {
      this.skip(SKIP_NOT_SYSLOG, text);
      return undefined;
    }
    this.trackedSerial = 0;
    line.time = this.track(line.time, classicMonth(text), this.current.inText(text, line.timestamp.length));
    if (!line.postfix) {
      this.skip(SKIP_OTHER_PROGRAM, text);
      return line;
    }
    switch (line.kind) {
      case 'reject':
      case 'reject_warning':
      case 'defer':
        this.reject(line, text, line.kind);
        break;
      case 'milter':
        this.reject(line, text, line.code?.startsWith('4') || line.enhancedStatus?.startsWith('4') ? 'defer' : 'reject');
        break;
      case 'content':
        if (line.action === 'reject') this.reject(line, text, line.enhancedStatus?.startsWith('4') ? 'defer' : 'reject');
        else if (line.action === 'discard') this.once(line.queueId, 'discarded');
        else if (line.action === 'hold') this.once(line.queueId, 'held');
        break;
      case 'discard':
        this.once(line.queueId, 'discarded');
        break;
      case 'hold':
        this.once(line.queueId, 'held');
        break;
      case 'queued':
        this.once(line.queueId, 'received');
        break;
      case 'status':
        this.status(line.status ?? '', line.queueId, line.time);
        break;
      case 'removed':
        if (line.queueId) this.inFlight.delete(line.queueId);
        break;
      case 'postscreen':
        this.postscreen(line);
        break;
      default:
        break;
    }
    return line;
  }

  /**
   * One line, bytes[start, end) of UTF-8 text without its line terminator,
   * counted as add() counts it but decoded (with `decode`) and parsed whole
   * only when it must be: the way to read logs of millions of lines.
   */
  countBytes(bytes: Uint8Array, start: number, end: number, decode: Decode): void {
    const g = this.glimpse;
    glance(bytes, start, end, this.year, g, this.viaIds(decode));
    if (g.verb === 'unknown' || g.verb === 'parse') {
      this.add(decode(bytes, start, end));
      return;
    }
    if (g.verb === 'verdict') {
      this.verdictBytes(bytes, start, end, decode);
      return;
    }
    this.lineCount++;
    this.trackBytes(bytes, start, decode);
    const time = this.lineTime;
    switch (g.verb) {
      case 'foreign':
        this.skip(SKIP_OTHER_PROGRAM, decode(bytes, start, end));
        break;
      case 'queued':
        this.once(g.queueId, 'received', true);
        break;
      case 'status':
        this.status(g.status, g.queueId, time, true);
        break;
      case 'removed':
        this.inFlight.delete(g.queueId);
        break;
      default:
        break;
    }
  }

  /**
   * An smtpd verdict line in bytes: counted in the row add() found for the
   * first line of its kind, with only its client, address and sender made
   * strings (and those once for as long as ByteStrings keeps them).
   */
  private verdictBytes(bytes: Uint8Array, start: number, end: number, decode: Decode): void {
    const g = this.glimpse;
    const v = this.verdicts.out;
    const key = g.end - start <= LONGEST_BYTES && this.verdicts.read(bytes, g) ? this.keys.get(v.key, 0, v.keyLength, decode) : undefined;
    const found = key === undefined ? undefined : this.byteVerdicts.get(key);
    if (!found) {
      this.lastVerdict = undefined;
      this.add(decode(bytes, start, end));
      if (key !== undefined && this.lastVerdict && this.byteVerdicts.size < CAP) this.byteVerdicts.set(key, this.lastVerdict);
      return;
    }
    this.lineCount++;
    this.trackBytes(bytes, start, decode);
    const time = this.lineTime;
    if (found.state.row.examples.length < this.examples) found.state.row.examples.push(example(decode(bytes, start, end)));
    this.tally(found, time);
    if (!v.warning && v.senderStart >= 0) this.senders.add(bytes, v.senderStart, v.senderEnd);
    this.clients.see(bytes, v.addressStart, v.addressEnd, v.nameStart, v.nameEnd, found.state, !v.warning);
  }

  /**
   * `decode` through `ids`: the same function for as long as `decode` is, to
   * every caller of glance(), whose optimized code would be thrown away for
   * a call to another.
   */
  private viaIds(decode: Decode): Decode {
    if (decode !== this.decodeOf) {
      const ids = this.ids;
      this.decodeOf = decode;
      this.decodeId = (b, from, to) => ids.get(b, from, to, decode);
    }
    return this.decodeId;
  }

  /** The bytes handed to countBytes() so far are about to be read over: the stamps kept of them become strings. */
  settle(): void {
    this.last.settle();
    this.latest.settle();
  }

  /** A line the reader could not hand over whole (too long, not UTF-8): counted with an example. */
  skip(reason: string, text: string): void {
    let s = this.skipped.get(reason);
    if (!s) {
      s = { reason, count: 0, examples: [] };
      this.skipped.set(reason, s);
    }
    s.count++;
    if (s.examples.length < this.examples) s.examples.push(example(text));
  }

  /** A file, or part of one, that could not be read. */
  problem(message: string): void {
    this.problems.push(message);
  }

  /** Counts a line the reader skipped before it reached add(). */
  countLine(): void {
    this.lineCount++;
  }

  report(): LogReport {
    for (const state of this.rows.values()) flushDay(state);
    const rejects = [...this.rows.values()].map(({ row, stages, codes, clients, first, last }) => ({
      ...row,
      first: Number.isNaN(first) ? undefined : new Date(first),
      last: Number.isNaN(last) ? undefined : new Date(last),
      stage: mostFrequent(stages, row.stage),
      code: mostFrequent(codes, row.code),
      clients,
    }));
    rejects.sort((a, b) => b.count - a.count || a.action.localeCompare(b.action) || (a.restriction ?? '').localeCompare(b.restriction ?? ''));
    return {
      lines: this.lineCount,
      from: this.earliest?.text ?? this.firstStamp,
      to: this.earliest ? this.latest.text() : this.firstStamp === null ? null : this.last.text(),
      rejects,
      messages: { ...this.messages },
      skipped: [...this.skipped.values()],
      problems: [...this.problems],
      topClients: this.clients.top(20),
      topSenders: this.senders.top(20),
      deliveriesPerDay: this.deliveriesPerDay,
    };
  }

  /** The earliest and the latest time of the lines read, with the year each was taken to be in. */
  timeRange(): { first?: Date; last?: Date } {
    return this.earliest ? { first: new Date(this.earliest.time), last: new Date(this.latestTime) } : {};
  }

  /** What this analysis of the later part of a log hands to that of the earlier part (see merge()). */
  part(): AnalysisPart {
    for (const state of this.rows.values()) flushDay(state);
    return {
      lines: this.lineCount,
      rows: this.rows,
      messages: this.messages,
      skipped: this.skipped,
      problems: this.problems,
      clients: this.clients.part(),
      senders: this.senders.part(),
      deliveriesPerDay: this.deliveriesPerDay,
      firstStamp: this.firstStamp,
      last: this.firstStamp === null ? null : this.last.text(),
      earliest: this.earliest,
      latest: this.earliest ? this.latest.text() : null,
      latestTime: this.latestTime,
      year: this.year,
      lastMonth: this.lastMonth,
      firstClassic: this.firstClassic,
      mostInFlight: this.mostInFlight,
      mostPostscreen: this.mostPostscreen,
    };
  }

  /**
   * What is left to settle before the analysis of the rest of the log, read
   * at the same time as this part, can be merged into this one: feed the
   * crossing the rest's lines until it is done, then merge() if mergeable().
   */
  crossing(): Crossing {
    return new Crossing(new Map(this.inFlight), new Set(this.postscreenEvents.keys()), (decode) => this.viaIds(decode));
  }

  /**
   * Whether `part`, the analysis of the rest, was read as it would have been
   * after this part: not when it took another year, filled a table, or would
   * have shared the queue beyond its bound. Otherwise the rest must be read
   * again after this one.
   */
  mergeable(part: AnalysisPart): boolean {
    const first = part.firstClassic;
    if (first && this.lastMonth >= 0 && this.year + (first.month + 6 < this.lastMonth ? 1 : 0) !== first.year) return false;
    if (part.clients.counts.length >= CAP || part.senders.counts.length >= CAP) return false;
    return this.inFlight.size + part.mostInFlight < IN_FLIGHT && this.postscreenEvents.size + part.mostPostscreen < CAP;
  }

  /**
   * Takes in the analysis of the rest of the log, as counting its lines
   * after this part's would have: rows, clients and senders in the order
   * they came, less what the crossing found counted twice. The analysis
   * reads no more lines after it.
   */
  merge(part: AnalysisPart, crossing: Crossing): void {
    this.lineCount += part.lines;
    const states = [...this.rows.values()];
    for (const state of states) flushDay(state);
    const index: number[] = [];
    for (const [key, later] of part.rows) {
      const state = this.rows.get(key);
      if (!state) {
        index[later.index] = this.rows.size;
        later.index = this.rows.size;
        // its clients are counted as the later part's clients are merged
        later.clients = 0;
        this.rows.set(key, later);
        states.push(later);
        continue;
      }
      index[later.index] = state.index;
      state.row.count += later.row.count;
      for (const e of later.row.examples) if (state.row.examples.length < this.examples) state.row.examples.push(e);
      for (const [stage, cell] of later.stages) cellOf(state.stages, stage).n += cell.n;
      for (const [code, cell] of later.codes) cellOf(state.codes, code).n += cell.n;
      // NaN, for none, is neither less nor more than a time
      if (later.first < state.first || Number.isNaN(state.first)) state.first = later.first;
      if (later.last > state.last || Number.isNaN(state.last)) state.last = later.last;
      for (const [day, n] of later.row.perDay) state.row.perDay.set(day, (state.row.perDay.get(day) ?? 0) + n);
    }
    this.clients.merge(part.clients, index, states);
    this.senders.merge(part.senders);
    for (const what of Object.keys(this.messages) as (keyof MessageCounts)[]) this.messages[what] += part.messages[what];
    for (const [what, n] of Object.entries(crossing.again)) this.messages[what as keyof MessageCounts] -= n;
    for (const later of part.skipped.values()) {
      const mine = this.skipped.get(later.reason);
      if (!mine) this.skipped.set(later.reason, later);
      else {
        mine.count += later.count;
        for (const e of later.examples) if (mine.examples.length < this.examples) mine.examples.push(e);
      }
    }
    this.problems.push(...part.problems);
    for (const [day, statuses] of part.deliveriesPerDay) {
      const mine = this.deliveriesPerDay.get(day);
      if (!mine) this.deliveriesPerDay.set(day, statuses);
      else for (const [status, n] of statuses) mine.set(status, (mine.get(status) ?? 0) + n);
    }
    this.firstStamp ??= part.firstStamp;
    if (part.last !== null) this.last.inText(part.last, part.last.length);
    if (part.earliest && (!this.earliest || part.earliest.time < this.earliest.time)) this.earliest = part.earliest;
    if (part.latest !== null && (part.latestTime >= this.latestTime || this.latestTime === 0)) {
      this.latestTime = part.latestTime;
      this.latest.inText(part.latest, part.latest.length);
    }
    if (part.lastMonth >= 0) {
      this.year = part.year;
      this.lastMonth = part.lastMonth;
      this.trackedSerial = 0;
    }
  }

  /**
   * track() for the line glance() looked at, but for a line with the stamp of
   * the line before it (most lines of a busy log): that one changed all that
   * track() would change.
   */
  private trackBytes(bytes: Uint8Array, start: number, decode: Decode): void {
    const g = this.glimpse;
    if (g.stampSerial !== 0 && g.stampSerial === this.trackedSerial) {
      this.lineTime = g.time;
      return;
    }
    // track() has no time to give for a line without one alone, and a glanced line has one
    const time = this.track(g.time, g.month, this.current.inBytes(bytes, start, g.stampEnd, decode)) ?? g.time;
    // a time moved to another year is not the glance's
    this.trackedSerial = time === g.time ? g.stampSerial : 0;
    this.lineTime = time;
  }

  /**
   * The time range, and the year of classic timestamps, which roll over at
   * New Year. `month` is the classic stamp's (-1 for others). Returns the
   * time, corrected when the year moved.
   */
  private track(lineTime: number | undefined, month: number, stamp: StampAt): number | undefined {
    if (this.firstStamp === null) this.firstStamp = own(stamp.text());
    this.last.copy(stamp);
    let time = lineTime;
    if (time === undefined) return undefined;
    if (month >= 0) {
      const shift = this.lastMonth < 0 ? (time > this.now.getTime() + 86_400_000 ? -1 : 0) : month + 6 < this.lastMonth ? 1 : 0;
      if (shift !== 0) {
        // a log of last December read in January, or New Year inside the log: this line again, with its year
        this.year += shift;
        time = timeInYear(stamp.text(), this.year) ?? time;
      }
      this.firstClassic ??= { month, year: this.year };
      this.lastMonth = month;
    }
    if (!this.earliest || time < this.earliest.time) this.earliest = { time, text: own(stamp.text()) };
    if (time >= this.latestTime || this.latestTime === 0) {
      this.latestTime = time;
      this.latest.copy(stamp);
    }
    return time;
  }

  /** The row of a verdict line and the cells its stage and code bump: attributed once per kind of verdict (see verdictKey). */
  private rowOf(line: LogLine, action: RejectAction, stage: string): VerdictCache {
    const cacheKey = verdictKey(line);
    const cached = cacheKey === undefined ? undefined : this.verdictRows.get(cacheKey);
    // only smtpd's verdicts have a key: the others depend on more than their bytes say
    this.lastVerdict = cached;
    if (cached) return cached;
    const postscreenEvent = line.program === 'postscreen' && line.client ? this.postscreenEvents.get(clientKey(line)) : undefined;
    const attribution = this.attribute(line, postscreenEvent ? { postscreenEvent } : undefined);
    const key = `${action}\0${attribution.restriction ?? ''}\0${attribution.argument ?? ''}\0${attribution.file ?? ''}\0${attribution.line ?? ''}`;
    let state = this.rows.get(key);
    if (!state) {
      state = {
        row: { action, stage: own(stage), code: line.code ?? null, ...attribution, count: 0, examples: [], clients: 0, perDay: new Map() },
        index: this.rows.size,
        first: NaN,
        last: NaN,
        stages: new Map(),
        codes: new Map(),
        clients: 0,
        day: '',
        dayCount: 0,
      };
      this.rows.set(key, state);
    }
    const found = { state, stage: cellOf(state.stages, own(stage)), code: cellOf(state.codes, line.code ?? null) };
    if (cacheKey !== undefined && this.verdictRows.size < CAP) this.verdictRows.set(ownKey(cacheKey), found);
    if (cacheKey !== undefined) this.lastVerdict = found;
    return found;
  }

  private reject(line: LogLine, text: string, action: RejectAction): void {
    const found = this.rowOf(line, action, line.kind === 'content' ? 'END-OF-MESSAGE' : (line.stage ?? ''));
    if (found.state.row.examples.length < this.examples) found.state.row.examples.push(example(text));
    this.tally(found, line.time);
    if (action !== 'reject_warning' && line.sender !== undefined) this.senders.addText(line.sender);
    if (line.client) this.clients.seeText(line.client.address, line.client.name, found.state, action !== 'reject_warning');
  }

  /** What a verdict line counts in its row (the callers count its client and sender). */
  private tally(found: VerdictCache, time: number | undefined): void {
    const { state, stage, code } = found;
    state.row.count++;
    stage.n++;
    code.n++;
    if (time !== undefined) {
      // a row without lines yet has NaN, which no time is more or less than
      if (!(time >= state.first)) state.first = time;
      if (!(time <= state.last)) state.last = time;
      const day = dayOf(time);
      // dayOf hands out the same string for the same day: most lines compare equal without a lookup
      if (day !== state.day) {
        flushDay(state);
        state.day = day;
      }
      state.dayCount++;
    }
  }

  /**
   * A count per message: the first line of its kind for a queue ID; each
   * NOQUEUE line. `own`: the ID was decoded from bytes, a string of its own
   * to keep as it is, not a slice of a line.
   */
  private once(id: string | undefined, what: 'received' | 'discarded' | 'held', own = false): void {
    if (id && id !== 'NOQUEUE' && !this.first(id, ONCE[what], own)) return;
    this.messages[what]++;
  }

  /** Whether the count `bit` (see ONCE) is the first of its kind for the message `id`, which it marks. */
  private first(id: string, bit: number, own: boolean): boolean {
    const flags = this.inFlight.get(id);
    if (flags === undefined) {
      if (this.inFlight.size >= IN_FLIGHT) {
        const oldest = this.inFlight.keys().next().value;
        if (oldest !== undefined) this.inFlight.delete(oldest);
      }
      this.inFlight.set(own ? id : ownKey(id), bit);
      if (this.inFlight.size > this.mostInFlight) this.mostInFlight = this.inFlight.size;
      return true;
    }
    if ((flags & bit) !== 0) return false;
    this.inFlight.set(id, flags | bit);
    return true;
  }

  private status(status: string, id: string | undefined, time: number | undefined, own = false): void {
    if (time !== undefined) {
      const day = dayOf(time);
      let perStatus = this.deliveriesPerDay.get(day);
      if (!perStatus) {
        perStatus = new Map();
        this.deliveriesPerDay.set(day, perStatus);
      }
      bump(perStatus, status);
    }
    switch (status) {
      case 'sent':
        this.messages.delivered++;
        break;
      case 'bounced':
        this.messages.bounced++;
        break;
      case 'expired':
        this.messages.expired++;
        break;
      case 'deferred':
        if (id && !this.first(id, ONCE.deferred, own)) break;
        this.messages.deferred++;
        break;
      default:
        break;
    }
  }

  private postscreen(line: LogLine): void {
    if (!line.client || !line.event) return;
    const key = clientKey(line);
    if (line.event === 'CONNECT' || line.event === 'DISCONNECT' || line.event.startsWith('PASS')) {
      this.postscreenEvents.delete(key);
      return;
    }
    if (this.postscreenEvents.size >= CAP) this.postscreenEvents.clear();
    this.postscreenEvents.set(ownKey(key), own(line.event));
    if (this.postscreenEvents.size > this.mostPostscreen) this.mostPostscreen = this.postscreenEvents.size;
  }
}

/**
 * What the attribution of an smtpd verdict depends on, with what it does not
 * (the address before "Relay access denied", the client in "cannot find your
 * hostname, [...]", which address a DNS list names) left out: lines with the
 * same key have the same row. Undefined for postscreen, content and milter
 * lines, which depend on more.
 */
function verdictKey(line: LogLine): string | undefined {
  if (line.program === 'postscreen' || (line.kind !== 'reject' && line.kind !== 'reject_warning' && line.kind !== 'defer')) return undefined;
  let reply = line.reply ?? '';
  if (reply.charCodeAt(0) === 60) {
    const end = reply.indexOf('>: ');
    if (end > 0) reply = `<>${reply.slice(end + 1)}`;
  }
  const bracket = reply.indexOf(' [');
  if (bracket > 0 && (reply.startsWith('Client host rejected: cannot find your') || reply.startsWith('Service unavailable; '))) {
    const close = reply.indexOf(']', bracket);
    // reject_rbl_client names an address, reject_rhsbl_client a host name
    const what = close < 0 ? '' : /^[0-9a-fA-F:.]+$/.test(reply.slice(bracket + 2, close)) ? '#' : '*';
    reply = `${reply.slice(0, bracket + 2)}${what}${close < 0 ? '' : reply.slice(close)}`;
  }
  // a DNS list's reason (rbl_reason, often a URL with the address) does not change the restriction
  const using = reply.indexOf(' blocked using ');
  const reason = using < 0 ? -1 : reply.indexOf(';', using);
  if (reason > 0) reply = reply.slice(0, reason);
  return `${line.kind}\0${line.stage ?? ''}\0${line.code ?? ''}\0${line.enhancedStatus ?? ''}\0${line.syslogName}\0${reply}`;
}
