/**
 * The summary of a mail log, built one line at a time: rejects per
 * restriction, the message flow, and what was skipped. It keeps counters,
 * a few examples and the state of messages still in the queue, never the
 * lines, so its memory does not grow with the length of the log; the tables
 * of distinct values (clients, senders, queue IDs in flight) are capped.
 */
import { attributeByReply, type Attribution, type Attributor } from './attribution';
import { ByteStrings } from './byteStrings';
import { ByteTable, type PackedBytes } from './byteTable';
import { clientKey, Crossing, type InFlight } from './crossing';
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

/** A client table as another thread hands it (ClientTable.part): the n-th entry of each list is the n-th client's. */
export interface ClientsPart {
  keys: PackedBytes;
  addresses: string[];
  labels: string[];
  counts: number[];
  rows: number[];
  /** the rows past 31 of the clients that have any, by client */
  moreRows: [number, number[]][];
}

/** The senders as another thread hands them (SenderCounter.part), as ClientsPart. */
export interface SendersPart {
  keys: PackedBytes;
  senders: string[];
  counts: number[];
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

/** Where the bytes of a string the text path has are written, to look it up as the byte path does: a Buffer, as the reader's, so that the lookups see one kind of array. */
const scratch = Buffer.alloc(4096);

/** The UTF-8 bytes of `text`, in `scratch` (reused) when they fit: [bytes, length]. */
function utf8Of(text: string): [Uint8Array, number] {
  const written = scratch.write(text);
  if (written < scratch.length - 4) return [scratch, written];
  const bytes = Buffer.from(text);
  return [bytes, bytes.length];
}

/**
 * The `n` entries counted most (then by label), most first, of those
 * counted at all: one pass that keeps the best so far, where sorting the
 * thousands of clients of a long log cost a report milliseconds. Run once,
 * so in V8's interpreter: an indexed loop with no call per entry.
 */
function topCounts(entries: readonly { label: string; count: number }[], n: number): [string, number][] {
  const best: { label: string; count: number }[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const count = entry.count;
    if (count <= 0 || n === 0) continue;
    if (best.length === n) {
      const last = best[n - 1];
      if (count < last.count || (count === last.count && entry.label > last.label)) continue;
    }
    let at = best.length < n ? best.length : n - 1;
    for (; at > 0 && (count > best[at - 1].count || (count === best[at - 1].count && entry.label < best[at - 1].label)); at--) best[at] = best[at - 1];
    best[at] = entry;
  }
  return best.map((e) => [e.label, e.count]);
}

/**
 * Bytes that came from another thread (a Buffer arrives as a plain
 * Uint8Array) as a Buffer again: the lookups' optimized code has seen
 * Buffers alone, and would be thrown away for another kind of array.
 */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

/**
 * The senders of reject and defer lines, counted by their bytes (see
 * ByteTable) up to CAP distinct ones; those after are lumped together.
 * Each shown as it first came, `<>` for the null sender.
 */
class SenderCounter {
  private readonly table = new ByteTable(CAP);
  private readonly list: { label: string; count: number }[] = [];
  private readonly keys: string[] = [];
  others = 0;

  /** The sender bytes[start, end); `describe` makes its string, asked for a new sender alone. */
  add(bytes: Uint8Array, start: number, end: number, describe: () => string): void {
    const n = this.table.lookup(bytes, start, end);
    if (n < 0) {
      this.others++;
      return;
    }
    const entry = this.list[n];
    if (entry) entry.count++;
    else {
      const sender = own(describe());
      this.keys[n] = sender;
      this.list[n] = { label: sender === '' ? '<>' : sender, count: 1 };
    }
  }

  /** add() for the sender of a line parsed whole. */
  addText(sender: string): void {
    const [bytes, length] = utf8Of(sender);
    this.add(bytes, 0, length, () => sender);
  }

  /** The senders in the order they came, for another thread to merge(). */
  part(): SendersPart {
    return { keys: this.table.packed(), senders: this.keys, counts: this.list.map((entry) => entry.count), others: this.others };
  }

  /** The counts of what came after, as add() would have counted them here, looked up by the bytes the later part kept. */
  merge(later: SendersPart): void {
    const { starts, lengths } = later.keys;
    const bytes = asBuffer(later.keys.bytes);
    for (let i = 0; i < later.senders.length; i++) {
      const n = this.table.lookup(bytes, starts[i], starts[i] + lengths[i]);
      const count = later.counts[i];
      if (n < 0) this.others += count;
      else if (this.list[n]) this.list[n].count += count;
      else {
        const sender = later.senders[i];
        this.keys[n] = sender;
        this.list[n] = { label: sender === '' ? '<>' : sender, count };
      }
    }
    this.others += later.others;
  }

  top(n: number): [string, number][] {
    return topCounts(this.list, n);
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
  first?: number;
  last?: number;
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

export interface ClientEntry {
  label: string;
  /** reject and defer lines (not reject_warning) */
  count: number;
  /** the rows that have this client: a bit each for the first 31, a set beyond */
  rows: number;
  moreRows?: Set<number>;
}

/**
 * The clients of verdict lines: how often each was rejected, and each row's
 * distinct clients, with one lookup per line on the address's bytes (see
 * ByteTable). Capped at CAP clients, numbered in the order they came.
 */
class ClientTable {
  private readonly table = new ByteTable(CAP);
  private readonly list: ClientEntry[] = [];
  private readonly addresses: string[] = [];

  /** The client whose address is bytes[start, end); `describe` gives its address and label, asked for a new client alone. */
  see(bytes: Uint8Array, start: number, end: number, describe: () => [string, string], state: RowState, rejected: boolean): void {
    const n = this.table.lookup(bytes, start, end);
    if (n < 0) return;
    let entry = this.list[n];
    if (!entry) {
      const [address, label] = describe();
      entry = this.create(n, address, label);
    }
    if (rejected) entry.count++;
    if (addRow(entry, state.index)) state.clients++;
  }

  /** see() for a client of a line parsed whole. */
  seeText(address: string, name: string, state: RowState, rejected: boolean): void {
    const [bytes, length] = utf8Of(address);
    this.see(bytes, 0, length, () => [address, name ? `${name}[${address}]` : address], state, rejected);
  }

  /** The clients in the order they came, for another thread to merge(). */
  part(): ClientsPart {
    const moreRows: [number, number[]][] = [];
    this.list.forEach((entry, n) => {
      if (entry.moreRows) moreRows.push([n, [...entry.moreRows]]);
    });
    return {
      keys: this.table.packed(),
      addresses: this.addresses,
      labels: this.list.map((entry) => entry.label),
      counts: this.list.map((entry) => entry.count),
      rows: this.list.map((entry) => entry.rows),
      moreRows,
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
    const bytes = asBuffer(later.keys.bytes);
    const mine: (ClientEntry | undefined)[] = [];
    // a call per client: a loop that did it all would be compiled while it runs, and thrown away at its end
    for (let i = 0; i < later.addresses.length; i++) mine[i] = this.mergeOne(later, i, bytes, index, states);
    for (const [i, rows] of later.moreRows) {
      const entry = mine[i];
      if (entry) for (const row of rows) this.mark(entry, index[row], states);
    }
  }

  private mergeOne(later: ClientsPart, i: number, bytes: Buffer, index: number[], states: RowState[]): ClientEntry | undefined {
    const start = later.keys.starts[i];
    const n = this.table.lookup(bytes, start, start + later.keys.lengths[i]);
    if (n < 0) return undefined;
    const entry = this.list[n] ?? this.create(n, later.addresses[i], later.labels[i]);
    entry.count += later.counts[i];
    let rows = 0;
    for (let bits = later.rows[i]; bits !== 0; bits &= bits - 1) {
      const at = index[31 - Math.clz32(bits & -bits)];
      if (at < 31) rows |= 1 << at;
      else this.mark(entry, at, states);
    }
    for (let added = rows & ~entry.rows; added !== 0; added &= added - 1) states[31 - Math.clz32(added & -added)].clients++;
    entry.rows |= rows;
    return entry;
  }

  private mark(entry: ClientEntry, at: number, states: RowState[]): void {
    if (addRow(entry, at)) states[at].clients++;
  }

  top(n: number): [string, number][] {
    return topCounts(this.list, n);
  }

  private create(n: number, address: string, label: string): ClientEntry {
    const entry: ClientEntry = { label: own(label), count: 0, rows: 0 };
    this.list[n] = entry;
    this.addresses[n] = own(address);
    return entry;
  }
}

/** Marks a row in a client's rows; false when it was marked. */
function addRow(entry: ClientEntry, index: number): boolean {
  if (index < 31) {
    const bit = 1 << index;
    if ((entry.rows & bit) !== 0) return false;
    entry.rows |= bit;
    return true;
  }
  entry.moreRows ??= new Set();
  if (entry.moreRows.has(index)) return false;
  entry.moreRows.add(index);
  return true;
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
  private readonly inFlight = new Map<string, InFlight>();
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
  /** the line at hand, reused */
  private readonly current = new StampAt();
  private readonly glimpse: Glance = emptyGlance();
  /** the queue IDs and other words glance() makes strings of: a message's lines come close together */
  private readonly ids = new ByteStrings(4096, 32);
  /** `decodeOf` through `ids`, made once */
  private decodeOf?: Decode;
  private decodeId: Decode = () => '';
  private readonly keys = new ByteStrings(512, 256);
  private readonly verdicts = new VerdictReader(LONGEST_BYTES);
  /** the verdict line at hand in verdictBytes(), for its client's name */
  private lineBytes: Uint8Array = new Uint8Array(0);
  private lineDecode: Decode = () => '';
  /** its client's address and label, made for a new client alone (ClientTable.see): one function for all lines */
  private readonly verdictClient = (): [string, string] => {
    const v = this.verdicts.out;
    const address = this.lineDecode(this.lineBytes, v.addressStart, v.addressEnd);
    const name = this.lineDecode(this.lineBytes, v.nameStart, v.nameEnd);
    return [address, name ? `${name}[${address}]` : address];
  };
  /** its sender, made for a new sender alone (SenderCounter.add) */
  private readonly verdictSender = (): string => this.lineDecode(this.lineBytes, this.verdicts.out.senderStart, this.verdicts.out.senderEnd);
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
    const time = this.trackBytes(bytes, start, decode);
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
    const time = this.trackBytes(bytes, start, decode);
    if (found.state.row.examples.length < this.examples) found.state.row.examples.push(example(decode(bytes, start, end)));
    this.lineBytes = bytes;
    this.lineDecode = decode;
    this.tally(found, time);
    if (!v.warning && v.senderStart >= 0) this.senders.add(bytes, v.senderStart, v.senderEnd, this.verdictSender);
    this.clients.see(bytes, v.addressStart, v.addressEnd, this.verdictClient, found.state, !v.warning);
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
      first: first === undefined ? undefined : new Date(first),
      last: last === undefined ? undefined : new Date(last),
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
    if (part.clients.addresses.length >= CAP || part.senders.senders.length >= CAP) return false;
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
      if (later.first !== undefined && (state.first === undefined || later.first < state.first)) state.first = later.first;
      if (later.last !== undefined && (state.last === undefined || later.last > state.last)) state.last = later.last;
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
  private trackBytes(bytes: Uint8Array, start: number, decode: Decode): number | undefined {
    const g = this.glimpse;
    if (g.stampSerial !== 0 && g.stampSerial === this.trackedSerial) return g.time;
    const time = this.track(g.time, g.month, this.current.inBytes(bytes, start, g.stampEnd, decode));
    // a time moved to another year is not the glance's
    this.trackedSerial = time === g.time ? g.stampSerial : 0;
    return time;
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
      if (state.first === undefined || time < state.first) state.first = time;
      if (state.last === undefined || time > state.last) state.last = time;
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
    if (id && id !== 'NOQUEUE') {
      const state = this.flight(id, own);
      if (state[what]) return;
      state[what] = true;
    }
    this.messages[what]++;
  }

  private flight(id: string, own: boolean): InFlight {
    let state = this.inFlight.get(id);
    if (!state) {
      if (this.inFlight.size >= IN_FLIGHT) {
        const oldest = this.inFlight.keys().next().value;
        if (oldest !== undefined) this.inFlight.delete(oldest);
      }
      state = {};
      this.inFlight.set(own ? id : ownKey(id), state);
      if (this.inFlight.size > this.mostInFlight) this.mostInFlight = this.inFlight.size;
    }
    return state;
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
        if (id) {
          const state = this.flight(id, own);
          if (state.deferred) break;
          state.deferred = true;
        }
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
