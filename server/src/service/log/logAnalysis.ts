/**
 * The summary of a mail log, built one line at a time: rejects per
 * restriction, the message flow, and what was skipped. It keeps counters,
 * a few examples and the state of messages still in the queue, never the
 * lines, so its memory does not grow with the length of the log; the tables
 * of distinct values (clients, senders, queue IDs in flight) are capped.
 */
import { attributeByReply, type Attribution, type Attributor } from './attribution';
import { parseLogLine, type LogLine } from './logLine';

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

export const SKIP_NOT_SYSLOG = 'not a syslog line (cut by rotation, or another format)';
export const SKIP_OTHER_PROGRAM = 'another program than Postfix';

/** A counter of distinct keys that stops adding keys at CAP. */
class CappedCounter {
  readonly counts = new Map<string, number>();
  others = 0;

  add(key: string): void {
    const n = this.counts.get(key);
    if (n !== undefined) this.counts.set(key, n + 1);
    else if (this.counts.size < CAP) this.counts.set(key, 1);
    else this.others++;
  }

  top(n: number): [string, number][] {
    return [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
  }
}

interface RowState {
  row: RejectRow;
  stages: Map<string, number>;
  codes: Map<string | null, number>;
  clients: Set<string>;
}

interface InFlight {
  received?: boolean;
  deferred?: boolean;
  discarded?: boolean;
  held?: boolean;
}

const mostFrequent = <K>(counts: Map<K, number>, fallback: K): K => {
  let best = fallback;
  let n = -1;
  for (const [k, c] of counts) if (c > n) [best, n] = [k, c];
  return best;
};

const dayOf = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

const bump = <K>(map: Map<K, number>, key: K): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

const example = (line: string): string => (line.length > EXAMPLE_LENGTH ? `${line.slice(0, EXAMPLE_LENGTH)}…` : line);

export class LogAnalysis {
  private lineCount = 0;
  private readonly rows = new Map<string, RowState>();
  private readonly messages: MessageCounts = { received: 0, delivered: 0, deferred: 0, bounced: 0, expired: 0, discarded: 0, held: 0 };
  private readonly inFlight = new Map<string, InFlight>();
  private readonly skipped = new Map<string, Skipped>();
  /** files, or parts of them, that could not be read */
  readonly problems: string[] = [];
  private readonly clients = new CappedCounter();
  private readonly senders = new CappedCounter();
  private readonly deliveriesPerDay = new Map<string, Map<string, number>>();
  /** the postscreen event last logged for each client, to name the test behind a "Protocol error" */
  private readonly postscreenEvents = new Map<string, string>();
  private readonly attribute: Attributor;
  private readonly examples: number;
  private readonly now: Date;
  private year: number;
  private lastMonth = -1;
  private earliest?: { date: Date; text: string };
  private latest?: { date: Date; text: string };
  private firstStamp: string | null = null;
  private lastStamp: string | null = null;

  constructor(options: AnalysisOptions = {}) {
    this.attribute = options.attribute ?? attributeByReply;
    this.examples = options.examples ?? 3;
    this.now = options.now ?? new Date();
    this.year = this.now.getFullYear();
  }

  /** One line of the log, without its line terminator. */
  add(text: string): LogLine | undefined {
    this.lineCount++;
    const line = parseLogLine(text, this.year);
    if (!line) {
      this.skip(SKIP_NOT_SYSLOG, text);
      return undefined;
    }
    this.track(line);
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
        else if (line.action === 'discard') this.once(line, 'discarded');
        else if (line.action === 'hold') this.once(line, 'held');
        break;
      case 'discard':
        this.once(line, 'discarded');
        break;
      case 'hold':
        this.once(line, 'held');
        break;
      case 'queued':
        this.once(line, 'received');
        break;
      case 'status':
        this.status(line);
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
    const rejects = [...this.rows.values()].map(({ row, stages, codes, clients }) => ({
      ...row,
      stage: mostFrequent(stages, row.stage),
      code: mostFrequent(codes, row.code),
      clients: clients.size,
    }));
    rejects.sort((a, b) => b.count - a.count || a.action.localeCompare(b.action) || (a.restriction ?? '').localeCompare(b.restriction ?? ''));
    return {
      lines: this.lineCount,
      from: this.earliest?.text ?? this.firstStamp,
      to: this.latest?.text ?? this.lastStamp,
      rejects,
      messages: { ...this.messages },
      skipped: [...this.skipped.values()],
      problems: [...this.problems],
      topClients: this.clients.top(20),
      topSenders: this.senders.top(20),
      deliveriesPerDay: this.deliveriesPerDay,
    };
  }

  /** The time range, and the year of classic timestamps, which roll over at New Year. */
  private track(line: LogLine): void {
    this.firstStamp ??= line.timestamp;
    this.lastStamp = line.timestamp;
    let date = line.date;
    if (!date) return;
    if (/^[A-Z]/.test(line.timestamp)) {
      const month = date.getMonth();
      if (this.lastMonth < 0 && date.getTime() > this.now.getTime() + 86_400_000) {
        // a log of last December read in January
        this.year--;
        date = new Date(date.getTime());
        date.setFullYear(this.year);
        line.date = date;
      } else if (this.lastMonth >= 0 && month + 6 < this.lastMonth) {
        this.year++;
        date = new Date(date.getTime());
        date.setFullYear(this.year);
        line.date = date;
      }
      this.lastMonth = date.getMonth();
    }
    if (!this.earliest || date < this.earliest.date) this.earliest = { date, text: line.timestamp };
    if (!this.latest || date >= this.latest.date) this.latest = { date, text: line.timestamp };
  }

  private reject(line: LogLine, text: string, action: RejectAction): void {
    const postscreenEvent = line.program === 'postscreen' && line.client ? this.postscreenEvents.get(clientKey(line)) : undefined;
    const attribution = this.attribute(line, postscreenEvent ? { postscreenEvent } : undefined);
    const key = `${action}\0${attribution.restriction ?? ''}\0${attribution.argument ?? ''}\0${attribution.file ?? ''}\0${attribution.line ?? ''}`;
    let state = this.rows.get(key);
    const stage = line.kind === 'content' ? 'END-OF-MESSAGE' : (line.stage ?? '');
    if (!state) {
      state = {
        row: { action, stage, code: line.code ?? null, ...attribution, count: 0, examples: [], clients: 0, perDay: new Map() },
        stages: new Map(),
        codes: new Map(),
        clients: new Set(),
      };
      this.rows.set(key, state);
    }
    const { row } = state;
    row.count++;
    if (row.examples.length < this.examples) row.examples.push(example(text));
    bump(state.stages, stage);
    bump(state.codes, line.code ?? null);
    if (line.client && state.clients.size < CAP) state.clients.add(line.client.address);
    if (line.date) {
      if (!row.first || line.date < row.first) row.first = line.date;
      if (!row.last || line.date > row.last) row.last = line.date;
      bump(row.perDay, dayOf(line.date));
    }
    if (action !== 'reject_warning') {
      if (line.client) this.clients.add(line.client.name ? `${line.client.name}[${line.client.address}]` : line.client.address);
      if (line.sender !== undefined) this.senders.add(line.sender === '' ? '<>' : line.sender);
    }
  }

  /** A count per message: the first line of its kind for a queue ID; each NOQUEUE line. */
  private once(line: LogLine, what: 'received' | 'discarded' | 'held'): void {
    const id = line.queueId;
    if (id && id !== 'NOQUEUE') {
      const state = this.flight(id);
      if (state[what]) return;
      state[what] = true;
    }
    this.messages[what]++;
  }

  private flight(id: string): InFlight {
    let state = this.inFlight.get(id);
    if (!state) {
      if (this.inFlight.size >= IN_FLIGHT) {
        const oldest = this.inFlight.keys().next().value;
        if (oldest !== undefined) this.inFlight.delete(oldest);
      }
      state = {};
      this.inFlight.set(id, state);
    }
    return state;
  }

  private status(line: LogLine): void {
    if (line.date) {
      const day = dayOf(line.date);
      let perStatus = this.deliveriesPerDay.get(day);
      if (!perStatus) {
        perStatus = new Map();
        this.deliveriesPerDay.set(day, perStatus);
      }
      bump(perStatus, line.status ?? '');
    }
    switch (line.status) {
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
        if (line.queueId) {
          const state = this.flight(line.queueId);
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
    this.postscreenEvents.set(key, line.event);
  }
}

const clientKey = (line: LogLine): string => `${line.client?.address ?? ''}:${line.client?.port ?? ''}`;
