import { Code, deleteLinesFix, diagnostic, type Diagnostic } from '../diagnostics';
import type { Check } from './context';

/** Postfix keeps the last assignment; the earlier ones are dead text. */
export const checkDuplicateParameters: Check = ({ model }) => {
  const out: Diagnostic[] = [];
  for (const [name, list] of model.assignments) {
    if (list.length < 2) continue;
    const winner = list[list.length - 1];
    const winnerLine = winner.nameRange.start.line + 1;
    for (const earlier of list.slice(0, -1)) {
      out.push(
        diagnostic(
          Code.DuplicateParameter,
          earlier.nameRange,
          `"${name}" is set again on line ${winnerLine}; Postfix uses that later value and ignores this one.`,
          [deleteLinesFix('Remove this overridden assignment', earlier.range.start.line, earlier.range.end.line)],
        ),
      );
    }
    const previous = list[list.length - 2];
    out.push(
      diagnostic(
        Code.DuplicateParameter,
        winner.nameRange,
        `"${name}" overrides the earlier assignment on line ${previous.nameRange.start.line + 1} (postconf: overriding earlier entry).`,
      ),
    );
  }
  return out;
};
