/**
 * An open mail log, read once per document version: each message's lines
 * (messageTrails) and where its queue ID is written on each of them.
 * Highlights, references, the outline and hovers all answer from this
 * index, so a request on a log of megabytes costs a lookup, not a pass over
 * the text.
 */
import { messageTrails, type MessageTrail } from '../../log/messageTrail';

/** The lines of a document, one at a time (a LineDocument, or an array in tests). */
export interface LogText {
  readonly lineCount: number;
  line(n: number): string;
}

/** Where a queue ID is written on a line. */
export interface Spot {
  line: number;
  start: number;
  end: number;
}

/** A message: its trail, the ID at the start of each of its lines, and the bounces that name it. */
export interface LogMessage {
  trail: MessageTrail;
  spots: Spot[];
  /** "sender non-delivery notification: ID" on the line of the message that bounced */
  mentions: Spot[];
}

export interface LogIndex {
  /** in order of their first line */
  readonly messages: readonly LogMessage[];
  /** the message whose ID a position is on, and which spot */
  idAt(line: number, character: number): { message: LogMessage; spot: Spot } | undefined;
}

/** `sender non-delivery notification: 4F2A1C0126`, `sender delivery status notification: ...` */
const NOTIFICATION = / notification: ([0-9A-Za-z]+)\r?$/;

/** The ID follows `service[pid]: `; the time stamp before it holds colons, never ": ID:". */
function idSpot(text: string, id: string, line: number): Spot | undefined {
  const at = text.indexOf(`: ${id}:`);
  return at < 0 ? undefined : { line, start: at + 2, end: at + 2 + id.length };
}

function* linesOf(text: LogText): Generator<string> {
  for (let n = 0; n < text.lineCount; n++) yield text.line(n);
}

/** The message a bounce names: the one with that ID whose lines are nearest after the bounce. */
function named(byId: ReadonlyMap<string, LogMessage[]>, id: string, line: number): LogMessage | undefined {
  const candidates = byId.get(id) ?? [];
  return candidates.find((m) => m.trail.lines[m.trail.lines.length - 1] >= line) ?? candidates[candidates.length - 1];
}

function build(text: LogText): LogIndex {
  const { trails } = messageTrails(linesOf(text));
  const spots = new Map<number, { message: LogMessage; spot: Spot }[]>();
  const byId = new Map<string, LogMessage[]>();
  const messages: LogMessage[] = [];
  for (const trail of trails) {
    const message: LogMessage = { trail, spots: [], mentions: [] };
    for (const n of trail.lines) {
      const spot = idSpot(text.line(n), trail.queueId, n);
      if (!spot) continue;
      message.spots.push(spot);
      const onLine = spots.get(n);
      if (onLine) onLine.push({ message, spot });
      else spots.set(n, [{ message, spot }]);
    }
    if (message.spots.length === 0) continue;
    messages.push(message);
    const same = byId.get(trail.queueId);
    if (same) same.push(message);
    else byId.set(trail.queueId, [message]);
  }
  for (const message of messages) {
    for (const n of message.trail.lines) {
      const raw = text.line(n);
      const bounce = NOTIFICATION.exec(raw);
      const target = bounce && named(byId, bounce[1], n);
      if (!bounce || !target || target === message) continue;
      const start = bounce.index + bounce[0].indexOf(bounce[1]);
      const spot = { line: n, start, end: start + bounce[1].length };
      target.mentions.push(spot);
      spots.get(n)?.push({ message: target, spot });
    }
  }
  return {
    messages,
    idAt: (line, character) => spots.get(line)?.find(({ spot }) => character >= spot.start && character <= spot.end),
  };
}

const cache = new WeakMap<object, { version: number; index: LogIndex }>();

/**
 * The index of a document at its version, built on first use. `version`
 * undefined: a text that never changes (a test's lines).
 */
export function logIndex(text: LogText & { readonly version?: number }): LogIndex {
  const known = cache.get(text);
  if (known && known.version === (text.version ?? 0)) return known.index;
  const index = build(text);
  cache.set(text, { version: text.version ?? 0, index });
  return index;
}
