/**
 * One hypothetical SMTP transaction and what smtpd would answer to it: the
 * shapes the simulator, the command line, policy tests and the editor share.
 * Lines are 0-based, as everywhere in the service.
 */

/** DNS answers a scenario states; what it leaves out is assumed to pass, and the trace says so. */
export interface DnsFacts {
  /** names that have an A, AAAA or MX record (a domain or host that "exists") */
  resolves?: string[];
  /** names known to have no address and no MX record */
  unresolvable?: string[];
  /** DNS lists that list the client: "zen.spamhaus.org" or "zen.spamhaus.org=127.0.0.2" */
  listed?: string[];
}

export interface Transaction {
  clientAddress: string;
  /** the verified client name; absent means "unknown", as smtpd logs it */
  clientName?: string;
  /** the name the address's PTR record gives, verified or not; absent means the client name when there is one (a verified name is also the reverse name), else "unknown" */
  reverseClientName?: string;
  helo?: string;
  saslUsername?: string;
  /** "" is the null sender */
  sender: string;
  recipients: string[];
  dns?: DnsFacts;
}

export type Verdict = 'accept' | 'reject' | 'defer' | 'discard' | 'hold' | 'filter' | 'redirect';

/** The restriction that decided, where it is written. */
export interface DecidedBy {
  /** the restriction list: smtpd_recipient_restrictions, or the class name for a restriction class */
  parameter: string;
  /** as written, with its argument: "check_sender_access hash:/etc/postfix/sender_access" */
  restriction: string;
  /** the main.cf (or master.cf for a service's -o list) */
  file: string;
  /** null for a built-in check that no list names (the implicit smtpd_reject_unlisted_recipient, the default relay list) */
  line: number | null;
}

/** One restriction evaluated, its result and why. */
export interface TraceStep {
  stage: 'CONNECT' | 'HELO' | 'MAIL' | 'RCPT' | 'DATA' | 'END-OF-MESSAGE';
  parameter: string;
  restriction: string;
  /** permit, reject, defer, dunno, warn, not-judged ... */
  result: string;
  /** why, in words: the key that matched, the parameter value that decided, "assumed to pass: no DNS facts" */
  why: string;
  file?: string;
  line?: number | null;
  /** the table entry that matched */
  entry?: { file: string; line: number; key: string; value: string };
}

export interface RecipientOutcome {
  recipient: string;
  verdict: Verdict;
  /** "250 2.1.5 Ok" or smtpd's reply line */
  reply: string;
  /** null for an accept by falling through every list */
  decidedBy: DecidedBy | null;
  trace: TraceStep[];
}

export interface Simulation {
  recipients: RecipientOutcome[];
  /** what could not be judged or read, for the user (malformed input, unreadable tables ...) */
  problems: string[];
}
