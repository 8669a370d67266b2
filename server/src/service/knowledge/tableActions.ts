/**
 * The results Postfix acts on in access(5), header_checks(5) and postscreen
 * access tables, with the release that added each and what it does, in our
 * own words. Action names are compared without regard to case, as smtpd and
 * cleanup do.
 */

/** What follows the action word. */
export type ActionArgument =
  /** nothing (extra text is ignored) */
  | 'none'
  /** optional free text, logged or sent to the client */
  | 'text'
  /** required free text */
  | 'required-text'
  /** user@domain */
  | 'address'
  /** transport:destination */
  | 'transport'
  /** "Header-Name: value" */
  | 'header';

export interface TableAction {
  name: string;
  argument: ActionArgument;
  since?: string;
  summary: string;
  /** not offered by completion: undocumented or kept for compatibility */
  hidden?: boolean;
}

const action = (name: string, argument: ActionArgument, summary: string, since?: string, hidden?: boolean): TableAction => ({
  name,
  argument,
  summary,
  ...(since ? { since } : {}),
  ...(hidden ? { hidden } : {}),
});

export const ACCESS_ACTIONS: ReadonlyMap<string, TableAction> = new Map(
  [
    action('OK', 'none', 'Accept: the lookup key passes this restriction, and smtpd goes on to the next restriction list.'),
    action('RELAY', 'none', 'An old spelling that smtpd still takes as OK.', undefined, true),
    action('REJECT', 'text', 'Refuse with access_map_reject_code (554 by default) and the text, or a generic "Access denied".'),
    action('DEFER', 'text', 'Refuse for the moment with access_map_defer_code (450 by default), so that the client retries later.', '2.6'),
    action('DEFER_IF_REJECT', 'text', 'Turn a later rejection in the same list into a temporary failure (4xx) with this text.', '2.1'),
    action('DEFER_IF_PERMIT', 'text', 'Turn a later acceptance (explicit or by default) into a temporary failure (4xx) with this text.', '2.1'),
    action('BCC', 'address', 'Send a copy of the message to this address as an extra hidden recipient.', '3.0'),
    action('DISCARD', 'text', 'Accept the message, then drop it for all recipients without delivery; the text goes to the log.', '2.0'),
    action('DUNNO', 'none', 'Act as if the key were not in the table, and do not try shorter forms of it (parent domains, shorter networks).', '2.0'),
    action('FILTER', 'transport', 'Route the whole message through this content filter (a master.cf transport and its next hop) once it is queued.', '2.0'),
    action('HOLD', 'text', 'Keep the message in the hold queue until an administrator releases or deletes it with postsuper.', '2.0'),
    action('PREPEND', 'header', 'Add this header line at the top of the message.', '2.1'),
    action('REDIRECT', 'address', 'Deliver the message to this address instead of all its recipients.', '2.1'),
    action('INFO', 'text', 'Log an informational line with the text and the client, sender and recipient, then carry on.', '3.0'),
    action('WARN', 'text', 'Log a warning line with the text and the client, sender and recipient, then carry on.', '2.1'),
    action('HANGUP', 'text', 'Drop the connection without any reply. An undocumented test feature of smtpd.', undefined, true),
  ].map((a) => [a.name, a]),
);

export const HEADER_ACTIONS: ReadonlyMap<string, TableAction> = new Map(
  [
    action('BCC', 'address', 'Add this address as a hidden extra recipient of the message.', '3.0'),
    action('DISCARD', 'text', 'Claim delivery and throw the message away; no later line is inspected.', '2.0'),
    action('DUNNO', 'none', 'Treat the line as if no pattern matched and go on with the next line.', '2.1'),
    action('OK', 'none', 'Kept for compatibility: the same as DUNNO, it accepts nothing.', undefined, true),
    action('FILTER', 'transport', 'Send the message through this content filter (transport:destination) after it is queued.', '2.0'),
    action('HOLD', 'text', 'Put the message in the hold queue, where it waits for postsuper to release or delete it.', '2.0'),
    action('IGNORE', 'none', 'Delete the matching line from the message, silently.'),
    action('INFO', 'text', 'Log an "info:" line with the text, then inspect the next line.', '2.8'),
    action('PASS', 'text', 'Log a "pass:" line and stop header, body and Milter inspection for the rest of this message.', '3.2'),
    action('PREPEND', 'required-text', 'Insert one line of text before the matching line; before a header it must itself be a header.', '2.1'),
    action('REDIRECT', 'address', 'Deliver the message to this address instead of its recipients.', '2.1'),
    action('REPLACE', 'required-text', 'Put this text in place of the matching line; for a header it must itself be a header.', '2.2'),
    action('REJECT', 'text', 'Refuse the whole message with the text (5.7.1 unless the text starts with another status code).'),
    action('STRIP', 'text', 'Delete the matching line and log a "strip:" line with the text.', '3.2'),
    action('WARN', 'text', 'Log a "warning:" line with the text and keep the line: a safe way to test a pattern.'),
  ].map((a) => [a.name, a]),
);

/** Actions the SMTP client cannot carry out in smtp_header_checks and smtp_body_checks. */
export const NOT_IN_SMTP = new Set(['BCC', 'DISCARD', 'FILTER', 'HOLD', 'PASS', 'REDIRECT', 'REJECT']);
/** Actions milter_header_checks cannot carry out. */
export const NOT_IN_MILTER = new Set(['PREPEND']);

export const POSTSCREEN_ACTIONS: ReadonlyMap<string, TableAction> = new Map(
  [
    action('permit', 'none', 'Let the client past postscreen without further tests, to a real smtpd.'),
    action('reject', 'none', 'Refuse every command of the client with a 550 reply; postscreen logs it.'),
    action('dunno', 'none', 'Stop searching the access list and go on with the other postscreen tests.'),
    action('permit_mynetworks', 'none', 'Let the client through when its address is in $mynetworks.', undefined, true),
  ].map((a) => [a.name, a]),
);

/** The action word and the text after it, as smtpd splits a result: at the first space or tab. */
export function splitAction(value: string): { word: string; wordEnd: number; textStart: number; text: string } {
  let end = 0;
  while (end < value.length && value[end] !== ' ' && value[end] !== '\t') end++;
  let start = end;
  while (start < value.length && /[\s]/.test(value[start])) start++;
  return { word: value.slice(0, end), wordEnd: end, textStart: start, text: value.slice(start) };
}

/** An RFC 3463 status code at the start of text, as dsn_split takes it: class 2, 4 or 5, then 1-3 digits twice. */
export function leadingStatusCode(text: string): string | undefined {
  const m = /^([245]\.\d{1,3}\.\d{1,3})(?=\s|$)/.exec(text);
  return m?.[1];
}

/** is_header(): a header name of printable characters other than ":" and space, then ":" (blanks allowed before it). */
export const isHeaderText = (text: string): boolean => /^[\x21-\x39\x3b-\x7e]+[ \t]*:/.test(text);
