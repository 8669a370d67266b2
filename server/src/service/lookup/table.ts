/**
 * One lookup table as smtpd opens it, read from its source text: the shapes
 * every table kind answers with.
 */

/** The table entry that answered, as written in its source. */
export interface TableHit {
  value: string;
  /** the file that holds the entry: the table source, or the main.cf or master.cf that writes an inline table */
  file: string;
  /** 0-based line of the entry; for an inline table, the line that names the table */
  line: number;
  /** the key or pattern as written */
  key: string;
}

export type LookupOutcome =
  | { kind: 'found'; hit: TableHit }
  | { kind: 'missing' }
  /** the lookup itself fails in Postfix (a fail: table): smtpd answers with a server error */
  | { kind: 'error'; reason: string }
  /** the simulator cannot read the table or judge this key: the caller assumes "not found" and says so */
  | { kind: 'unavailable'; reason: string };

export interface Table {
  /** type:name as written */
  name: string;
  /** the type of the data, through proxy: */
  type: string;
  /**
   * false for tables of patterns (regexp, pcre, cidr): Postfix asks them only
   * for the whole key, never for the partial keys it derives (parent
   * domains, localpart@, network prefixes)
   */
  fixed: boolean;
  /** why some entries cannot be used: lines Postfix skips, patterns the simulator cannot translate */
  problems: readonly string[];
  lookup(key: string): LookupOutcome;
}

/** Where a table's name is written: inline tables answer with this place. */
export interface NamedAt {
  file: string;
  line: number;
}

export function unavailableTable(name: string, type: string, reason: string): Table {
  return { name, type, fixed: true, problems: [reason], lookup: () => ({ kind: 'unavailable', reason }) };
}

/** A table Postfix opens but cannot use: every lookup fails, and smtpd answers with a server error. */
export function failingTable(name: string, type: string, reason: string): Table {
  return { name, type, fixed: true, problems: [reason], lookup: () => ({ kind: 'error', reason }) };
}
