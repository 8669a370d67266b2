/**
 * Text from a mail log inside a markdown hover. Addresses, HELO names and
 * reply texts are whatever a client sent: each goes into a code span, which
 * markdown shows as it is (no links, no emphasis, no HTML).
 */

const MAX_SHOWN = 200;

/** A log text as inline code: fenced with more backticks than it holds, shortened, on one line, control characters shown as \xNN. */
export function literal(text: string, max = MAX_SHOWN): string {
  const shortened = text.length > max ? `${text.slice(0, max)}…` : text;
  const shown = shortened.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  if (shown === '') return '`<>`';
  const longest = Math.max(0, ...[...shown.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  // a code span that starts or ends with a backtick needs a space inside its fence
  const pad = shown.startsWith('`') || shown.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/** An address as logged: the null sender is `<>`. */
export const address = (value: string | undefined): string => (value === undefined ? '' : value === '' ? '`<>`' : literal(value));

/** 1,204 */
export const count = (n: number): string => n.toLocaleString('en-US');

/** "1 client", "31 clients" */
export const plural = (n: number, word: string, words = `${word}s`): string => `${count(n)} ${n === 1 ? word : words}`;
