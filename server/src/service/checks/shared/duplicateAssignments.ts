import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import type { Assignment } from '../../syntax/mainCf';
import { deleteLinesFix } from './fixes';

/** The value as Postfix stores it: continuation lines are joined without their line breaks. */
const stored = (a: Assignment): string => (a.value.includes('\n') ? a.value.replace(/\n/g, '') : a.value);

/**
 * Postfix keeps the last assignment; the earlier ones are dead text. postconf
 * warns ("overriding earlier entry") only where a line changes the value it
 * had so far; the same value again is harmless and only a hint. main.cf and
 * database client files are read alike.
 */
export function duplicateAssignments(assignments: ReadonlyMap<string, readonly Assignment[]>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [name, list] of assignments) if (list.length > 1) for (const d of duplicatesOf(name, list)) out.push(d);
  return out;
}

/** What duplicateAssignments finds among the assignments of one name, in the order of the file. */
export function duplicatesOf(name: string, list: readonly Assignment[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const winner = list[list.length - 1];
  const winnerLine = winner.line + 1;
  const final = stored(winner);
  const changes = (i: number): boolean => i > 0 && stored(list[i]) !== stored(list[i - 1]);
  const lineOf = (i: number): number => list[i].line + 1;
  list.forEach((a, i) => {
    if (a === winner) {
      if (changes(i)) {
        out.push(
          diagnostic(
            Code.DuplicateParameter,
            a.nameRange,
            `"${name}" overrides the earlier assignment on line ${lineOf(i - 1)} (postconf: overriding earlier entry).`,
          ),
        );
      }
      return;
    }
    const remove = deleteLinesFix('Remove this overridden assignment', a.line, a.lastLine);
    if (stored(a) !== final) {
      out.push(
        diagnostic(
          Code.DuplicateParameter,
          a.nameRange,
          `"${name}" is set again on line ${winnerLine} with another value; Postfix uses that later value and ignores this one.`,
          [remove],
        ),
      );
    } else if (changes(i)) {
      // postconf warns here, as this line changes the value; the last line then repeats it
      out.push(
        diagnostic(
          Code.DuplicateParameter,
          a.nameRange,
          `"${name}" overrides the earlier assignment on line ${lineOf(i - 1)} (postconf: overriding earlier entry), and line ${winnerLine} sets the same value again.`,
          [remove],
        ),
      );
    } else {
      out.push(
        diagnostic(
          Code.DuplicateParameterSameValue,
          a.nameRange,
          `"${name}" is set again with the same value on line ${winnerLine}: this line has no effect.`,
          [{ ...remove, title: 'Remove this repeated assignment' }],
        ),
      );
    }
  });
  return out;
}
