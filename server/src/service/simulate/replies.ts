/**
 * smtpd's reply lines: the reply classes it names, RFC 3463 status codes
 * taken from the front of a text or adjusted to what is rejected, the
 * checks it applies to a reply before sending it, and smtpd_reject_footer.
 */

/** What a restriction rejects, as smtpd names it in "<name>: <class> rejected: ...". */
export const REPLY_CLASS = {
  client: 'Client host',
  reverseClient: 'Unverified Client host',
  helo: 'Helo command',
  sender: 'Sender address',
  recipient: 'Recipient address',
  sasl: 'SASL login name',
  data: 'Data command',
  endOfData: 'End-of-data',
} as const;

export type ReplyClass = (typeof REPLY_CLASS)[keyof typeof REPLY_CLASS];

/** A status code X.Y.Z: X is 2, 4 or 5, Y and Z at most three digits. */
const DSN = /^([245])\.(\d{1,3})\.(\d{1,3})/;

/** The length of a valid status code at the start of text, followed by its end or a blank; 0 when there is none. */
export function dsnLength(text: string): number {
  const m = DSN.exec(text);
  if (!m) return 0;
  const next = text[m[0].length];
  return next === undefined || next === ' ' || next === '\t' ? m[0].length : 0;
}

/** A status code at the front of text, else the default; and the rest of the text. */
export function dsnSplit(defaultDsn: string, text: string): { dsn: string; text: string } {
  const t = text.replace(/^[ \t]+/, '');
  const len = dsnLength(t);
  if (len === 0) return { dsn: defaultDsn, text: t };
  return { dsn: t.slice(0, len), text: t.slice(len).replace(/^[ \t]+/, '') };
}

/** A sender has no "bad mailbox" status of its own: most details become "bad sender mailbox syntax" (as smtpd 3.7 answers). */
const SENDER_DETAIL: Readonly<Record<string, string>> = {
  '1': '4.1.7',
  '2': '4.1.8',
  '3': '4.1.7',
  '4': '4.1.7',
  '5': '4.1.0',
  '6': '4.1.7',
  '7': '4.1.7',
  '8': '4.1.8',
};
const RECIPIENT_DETAIL: Readonly<Record<string, string>> = {
  '1': '4.1.1',
  '2': '4.1.2',
  '3': '4.1.3',
  '4': '4.1.4',
  '5': '4.1.5',
  '6': '4.1.6',
  '7': '4.1.3',
  '8': '4.1.2',
};

/** An address status (X.1.Z) follows what is rejected: a sender's, a recipient's, or 4.0.0 for anything else; others stay. */
export function dsnFix(dsn: string, replyClass: string): string {
  if (!/^\d\.1\./.test(dsn)) return dsn;
  const detail = dsn.slice(4);
  if (replyClass === REPLY_CLASS.sender) return SENDER_DETAIL[detail] ?? '4.1.0';
  if (replyClass === REPLY_CLASS.recipient) return RECIPIENT_DETAIL[detail] ?? '4.1.0';
  return '4.0.0';
}

const MAX_REPLY = 510;

/**
 * The reply line smtpd sends for a rejection: a code outside 400-599 or a
 * bad status becomes "450 4.7.1 Service unavailable"; at most 510
 * characters, unprintable ones as spaces; soft_bounce turns 5 into 4; the
 * status takes the first digit of the code.
 */
export function rejectLine(code: number, dsn: string, text: string, softBounce: boolean): { line: string; problem?: string } {
  let line = `${code} ${dsn} ${text}`;
  let problem: string | undefined;
  if (!Number.isInteger(code) || code < 400 || code > 599) {
    problem = `SMTP reply code configuration error: ${line}`;
    line = '450 4.7.1 Service unavailable';
  } else if (dsnLength(line.slice(4)) === 0) {
    problem = `DSN detail code configuration error: ${line}`;
    line = '450 4.7.1 Service unavailable';
  }
  line = line.slice(0, MAX_REPLY).replace(/[^\x20-\x7e]/g, ' ');
  if (softBounce && line[0] === '5') line = '4' + line.slice(1);
  line = line.slice(0, 4) + line[0] + line.slice(5);
  return problem ? { line, problem } : { line };
}

/** Session facts the footer may name. */
export interface FooterFacts {
  clientAddress: string;
  clientName: string;
  clientPort?: string;
  helo?: string;
  sender?: string;
  recipient?: string;
  serverName: string;
}

/**
 * smtpd_reject_footer after a 4xx/5xx reply: "\n" starts another reply line
 * with the same code and status; "\c" at its start continues the last line.
 * Each footer line carries the reply's code and status.
 */
export function withFooter(reply: string, footer: string, facts: FooterFacts): string {
  if (footer === '' || !/^[45]/.test(reply)) return reply;
  const expanded = footer.replace(/\$(?:\{(\w+)\}|(\w+))/g, (_whole: string, a?: string, b?: string) => {
    const name = a ?? b ?? '';
    const value: Readonly<Record<string, string | undefined>> = {
      client_address: facts.clientAddress,
      client_name: facts.clientName,
      client_port: facts.clientPort ?? '',
      helo_name: facts.helo ?? '',
      sender: facts.sender ?? '',
      recipient: facts.recipient ?? '',
      server_name: facts.serverName,
      localtime: '(local time)',
    };
    return name in value ? (value[name] ?? '') : '';
  });
  const code = reply.slice(0, 3);
  const dsn = dsnLength(reply.slice(4)) > 0 ? reply.slice(4, 4 + dsnLength(reply.slice(4))) : '';
  const prefix = dsn ? `${code} ${dsn} ` : `${code} `;
  let lines = [reply];
  let rest = expanded;
  if (rest.startsWith('\\c')) {
    rest = rest.slice(2);
    const [first, ...more] = rest.split(/\\n|\n/);
    lines = [reply + first, ...more.map((l) => prefix + l)];
  } else {
    lines.push(...rest.split(/\\n|\n/).map((l) => prefix + l));
  }
  return lines.map((l, i) => (i < lines.length - 1 ? l.slice(0, 3) + '-' + l.slice(4) : l)).join('\n');
}
