/**
 * How big a document the server checks while the user types. Checking is
 * linear, but a file of tens of megabytes would still hold up every request
 * behind it for seconds and take hundreds of megabytes of memory.
 */
import { Code, diagnostic, type Diagnostic } from './diagnostics';

export const MAX_CHECKED_CHARACTERS = 20_000_000;

const count = (n: number): string => n.toLocaleString('en-US');

/** The note for a document over the limit, or undefined when it is checked normally. */
export function tooLargeDiagnostic(length: number): Diagnostic | undefined {
  if (length <= MAX_CHECKED_CHARACTERS) return undefined;
  return diagnostic(
    Code.FileTooLarge,
    { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    `This file has ${count(length)} characters; checks, hover and completion are off above ${count(MAX_CHECKED_CHARACTERS)} so that the editor stays responsive. Check it with postmap or the postfix-language-server check command.`,
  );
}
