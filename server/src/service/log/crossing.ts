/**
 * What crosses the split when a log is read in two parts at once (see
 * LogAnalysis.part and merge): the messages the earlier part left in the
 * queue, and the postscreen clients it left with an event pending. The later
 * part was read as if the log began there, so it counted such a message
 * received (or deferred, discarded, held) again where the earlier part had
 * already; reading the later part's first lines once more, up to the
 * removal of each such message, finds how many times. A postscreen verdict
 * of a client with an event pending was attributed without that event:
 * then the parts cannot be merged, and the later one is read again.
 */
import { emptyGlance, glance, type Decode, type Glance } from './lineGlance';
import { parseLogLine, type LogLine } from './logLine';

/**
 * The counts a message makes once while it is in the queue, each a bit of
 * the number kept for its queue ID: a message in flight costs no object.
 */
export const ONCE = { received: 1, deferred: 2, discarded: 4, held: 8 } as const;

export type OnceCount = keyof typeof ONCE;

/** The key of a postscreen client's pending event: its address and port. */
export const clientKey = (line: LogLine): string => `${line.client?.address ?? ''}:${line.client?.port ?? ''}`;

export class Crossing {
  /** what the later part counted again, per count */
  readonly again: Record<OnceCount, number> = { received: 0, deferred: 0, discarded: 0, held: 0 };
  /** a postscreen verdict of a client with an event pending was read */
  unsure = false;
  /** the counts of each open message seen again, so that each counts once */
  private readonly seen = new Map<string, number>();
  private readonly glimpse: Glance = emptyGlance();

  /**
   * `open` and `pending` are the earlier part's, copied: the crossing takes
   * out what it has settled; `decoder` gives the decode function the earlier
   * part glanced with.
   */
  constructor(
    private readonly open: Map<string, number>,
    private readonly pending: Set<string>,
    private readonly decoder: (decode: Decode) => Decode,
  ) {}

  /** Nothing is left to settle, or the parts cannot be merged: read no further. */
  get done(): boolean {
    return this.unsure || (this.open.size === 0 && this.pending.size === 0);
  }

  /** A line as bytes, as LogAnalysis.countBytes takes it. */
  bytes(bytes: Uint8Array, start: number, end: number, decode: Decode): void {
    const g = this.glimpse;
    // the year does not matter here: no time is kept
    glance(bytes, start, end, 2000, g, this.decoder(decode));
    if (g.verb === 'unknown' || g.verb === 'parse') this.text(decode(bytes, start, end));
    else if (g.verb === 'queued') this.once(g.queueId, 'received');
    else if (g.verb === 'status' && g.status === 'deferred') this.once(g.queueId, 'deferred');
    else if (g.verb === 'removed') this.open.delete(g.queueId);
  }

  /** A line as text, as LogAnalysis.add takes it. */
  text(text: string): void {
    const line = parseLogLine(text, 2000);
    if (!line?.postfix) return;
    const id = line.queueId;
    switch (line.kind) {
      case 'reject':
      case 'reject_warning':
      case 'defer':
      case 'milter':
        this.verdict(line);
        break;
      case 'content':
        if (line.action === 'reject') this.verdict(line);
        else if (line.action === 'discard') this.once(id, 'discarded');
        else if (line.action === 'hold') this.once(id, 'held');
        break;
      case 'discard':
        this.once(id, 'discarded');
        break;
      case 'hold':
        this.once(id, 'held');
        break;
      case 'queued':
        this.once(id, 'received');
        break;
      case 'status':
        if (line.status === 'deferred') this.once(id, 'deferred');
        break;
      case 'removed':
        if (id) this.open.delete(id);
        break;
      case 'postscreen':
        if (line.client && line.event) this.pending.delete(clientKey(line));
        break;
      default:
        break;
    }
  }

  private verdict(line: LogLine): void {
    if (line.program === 'postscreen' && line.client && this.pending.has(clientKey(line))) this.unsure = true;
  }

  private once(id: string | undefined, what: OnceCount): void {
    if (id === undefined) return;
    const bit = ONCE[what];
    if (((this.open.get(id) ?? 0) & bit) === 0) return;
    const seen = this.seen.get(id) ?? 0;
    if ((seen & bit) !== 0) return;
    this.seen.set(id, seen | bit);
    this.again[what]++;
  }
}
