/**
 * One message through the log: every line that carries its queue ID, from
 * smtpd's `client=` or pickup's `uid=` through cleanup and qmgr to each
 * delivery and `removed`. A queue ID comes back once its file is gone (the
 * short IDs derive from the inode), so a new trail starts after `removed`.
 */
import { parseLogLine, type LogClient } from './logLine';

export interface RecipientStatus {
  address: string;
  /** sent, deferred, bounced, expired, ... */
  status: string;
  /** 0-based line of the status */
  line: number;
}

export interface MessageTrail {
  queueId: string;
  /** 0-based lines that carry the queue ID, in order */
  lines: number[];
  client?: LogClient;
  sender?: string;
  recipients: RecipientStatus[];
  /** the line of qmgr's `nrcpt=`: the message was queued */
  received?: number;
  /** the line of a reject, discard or hold that ended it */
  stopped?: number;
  /** the line of `removed` */
  removed?: number;
}

export interface Trails {
  /** in order of their first line */
  trails: MessageTrail[];
  /** every trail of each queue ID */
  byId: Map<string, MessageTrail[]>;
}

/** Groups the lines of a log (an open document's lines) by queue ID. */
export function messageTrails(lines: Iterable<string>): Trails {
  const trails: MessageTrail[] = [];
  const byId = new Map<string, MessageTrail[]>();
  const open = new Map<string, MessageTrail>();
  let n = -1;
  for (const text of lines) {
    n++;
    const line = parseLogLine(text);
    const id = line?.queueId;
    if (!line?.postfix || !id || id === 'NOQUEUE') continue;
    let trail = open.get(id);
    if (!trail) {
      trail = { queueId: id, lines: [], recipients: [] };
      open.set(id, trail);
      trails.push(trail);
      byId.set(id, [...(byId.get(id) ?? []), trail]);
    }
    trail.lines.push(n);
    if (line.client && !trail.client) trail.client = line.client;
    const client = /^client=([^\s,]+)/.exec(line.message.slice(id.length + 2));
    if (client && !trail.client) {
      const m = /^([^[]*)\[([^\]]*)\]/.exec(client[1]);
      if (m) trail.client = { name: m[1], address: m[2] };
    }
    if (line.kind === 'queued') {
      trail.received ??= n;
      if (line.sender !== undefined) trail.sender = line.sender;
    } else if (line.kind === 'status' && line.recipient !== undefined) {
      trail.recipients.push({ address: line.recipient, status: line.status ?? '', line: n });
    } else if (line.kind === 'status' && line.status === 'expired') {
      trail.recipients.push({ address: '', status: 'expired', line: n });
    } else if (
      line.kind === 'reject' ||
      line.kind === 'defer' ||
      line.kind === 'milter' ||
      line.kind === 'discard' ||
      line.kind === 'hold' ||
      (line.kind === 'content' && (line.action === 'reject' || line.action === 'discard' || line.action === 'hold'))
    ) {
      trail.stopped ??= n;
      if (line.sender !== undefined) trail.sender ??= line.sender;
    } else if (line.kind === 'removed') {
      trail.removed = n;
      open.delete(id);
    }
  }
  return { trails, byId };
}

/** The trail a 0-based line belongs to. */
export function trailAt(found: Trails, queueId: string, line: number): MessageTrail | undefined {
  return found.byId.get(queueId)?.find((t) => t.lines[0] <= line && line <= t.lines[t.lines.length - 1]);
}
