/**
 * Following one message through a mail log by its queue ID: the lines that
 * carry it (highlights, references), an outline with one entry per message,
 * and a hover that sums up where it came from and where it went.
 */
import { DocumentHighlightKind, SymbolKind, type DocumentHighlight, type DocumentSymbol, type Hover, type Location } from 'vscode-languageserver-types';
import { parseLogLine } from '../../log/logLine';
import type { RecipientStatus } from '../../log/messageTrail';
import { markdownHover, joinLines, joinSections } from '../shared/hoverText';
import type { Position, Range } from '../../syntax/text';
import type { LogIndex, LogMessage, LogText, Spot } from './logIndex';
import { address, literal, plural } from './logText';

const rangeOf = (s: Spot): Range => ({ start: { line: s.line, character: s.start }, end: { line: s.line, character: s.end } });

/** Every place a message's ID is written, in document order: its own lines and the bounce that names it. */
function places(message: LogMessage): Spot[] {
  return [...message.spots, ...message.mentions].sort((a, b) => a.line - b.line || a.start - b.start);
}

/** The queue ID under the cursor on each line of its message; the line that created it counts as the write. */
export function logHighlights(index: LogIndex, position: Position): DocumentHighlight[] {
  const at = index.idAt(position.line, position.character);
  if (!at) return [];
  const first = at.message.spots[0];
  return places(at.message).map((spot) => ({ range: rangeOf(spot), kind: spot === first ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
}

export function logReferences(index: LogIndex, position: Position, uri: string, includeDeclaration: boolean): Location[] {
  const at = index.idAt(position.line, position.character);
  if (!at) return [];
  const first = at.message.spots[0];
  return places(at.message)
    .filter((spot) => includeDeclaration || spot !== first)
    .map((spot) => ({ uri, range: rangeOf(spot) }));
}

/** A bounce's "notification: ID" leads to the first line of that message. */
export function logMessageDefinition(index: LogIndex, position: Position, uri: string): Location | null {
  const at = index.idAt(position.line, position.character);
  if (!at || !at.message.mentions.includes(at.spot)) return null;
  return { uri, range: rangeOf(at.message.spots[0]) };
}

/** Each recipient's last state, in the order they first appear. */
function lastStates(message: LogMessage): RecipientStatus[] {
  const last = new Map<string, RecipientStatus>();
  for (const r of message.trail.recipients) last.set(r.address, r);
  return [...last.values()];
}

/** "2 sent, 1 deferred" */
function statusCounts(states: readonly RecipientStatus[]): string {
  const counts = new Map<string, number>();
  for (const r of states) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
}

const clientText = (message: LogMessage): string | undefined => {
  const c = message.trail.client;
  return c && (c.name ? `${c.name}[${c.address}]` : `[${c.address}]`);
};

/** One line about a message: sender, recipients and what became of them. */
export function messageSummary(message: LogMessage): string {
  const { trail } = message;
  const states = lastStates(message).filter((r) => r.address !== '');
  const parts: string[] = [];
  if (trail.sender !== undefined) parts.push(`from <${trail.sender}>`);
  if (states.length === 1) parts.push(`to <${states[0].address}> ${states[0].status}`);
  else if (states.length > 1) parts.push(`${plural(states.length, 'recipient')}: ${statusCounts(states)}`);
  if (trail.recipients.some((r) => r.status === 'expired')) parts.push('expired');
  if (trail.stopped !== undefined) parts.push(`stopped on line ${trail.stopped + 1}`);
  else if (trail.received === undefined && states.length === 0) parts.push('not queued');
  if (trail.removed !== undefined) parts.push('removed');
  return parts.join(' · ');
}

/** One outline entry per message, from its first line to its last. */
export function logSymbols(index: LogIndex): DocumentSymbol[] {
  return index.messages.map((message) => {
    const first = message.spots[0];
    const last = message.spots[message.spots.length - 1];
    return {
      name: message.trail.queueId,
      detail: messageSummary(message),
      kind: SymbolKind.Event,
      range: { start: { line: first.line, character: 0 }, end: rangeOf(last).end },
      selectionRange: rangeOf(first),
    };
  });
}

/** Where a message came from, its recipients' last state, and whether it left the queue. */
export function messageHover(index: LogIndex, text: LogText, position: Position): Hover | null {
  const at = index.idAt(position.line, position.character);
  if (!at) return null;
  const { trail, spots } = at.message;
  const lines: string[] = [];
  const client = clientText(at.message);
  if (client) lines.push(`**Client:** ${literal(client)}`);
  if (trail.sender !== undefined) lines.push(`**Sender:** ${address(trail.sender)}`);
  if (trail.received !== undefined) lines.push(`**Queued** on line ${trail.received + 1}`);
  for (const r of lastStates(at.message)) {
    lines.push(r.address === '' ? `**Expired** on line ${r.line + 1}` : `**To** ${address(r.address)}: ${r.status} (line ${r.line + 1})`);
  }
  if (trail.stopped !== undefined)
    lines.push(`**Stopped** on line ${trail.stopped + 1}: ${literal(parseLogLine(text.line(trail.stopped))?.action ?? 'rejected')}`);
  const end =
    trail.removed !== undefined
      ? `Removed from the queue on line ${trail.removed + 1}.`
      : trail.received !== undefined
        ? 'Still in the queue where the log ends.'
        : undefined;
  const from = parseLogLine(text.line(spots[0].line))?.timestamp;
  const to = parseLogLine(text.line(spots[spots.length - 1].line))?.timestamp;
  const span = from === undefined ? '' : from === to || to === undefined ? `, ${literal(from)}` : `, ${literal(from)} to ${literal(to)}`;
  const head = `**Message ${literal(trail.queueId)}** (${plural(spots.length, 'line')}${span})`;
  return markdownHover(joinSections([head, joinLines(lines), end]), rangeOf(at.spot));
}
