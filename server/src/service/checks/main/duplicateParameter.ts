import { Code, diagnostic, type Diagnostic, type Fix } from '../../diagnostics';
import type { Assignment } from '../../syntax/mainCf';
import type { Check } from './context';
import { defineCheck } from '../check';
import { deleteLinesFix } from '../shared/fixes';

/** The value as Postfix stores it: continuation lines are joined without their line breaks. */
const stored = (a: Assignment): string => (a.value.includes('\n') ? a.value.replace(/\n/g, '') : a.value);

/**
 * Postfix keeps the last assignment; the earlier ones are dead text. postconf
 * warns ("overriding earlier entry") only where a line changes the value it
 * had so far; the same value again is harmless and only a hint.
 */
function duplicatesOf(name: string, list: readonly Assignment[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const values = list.map(stored);
  const last = list.length - 1;
  const winnerLine = list[last].line + 1;
  const changes = (i: number): boolean => i > 0 && values[i] !== values[i - 1];
  const lineOf = (i: number): number => list[i].line + 1;
  for (let i = 0; i < last; i++) {
    const a = list[i];
    const remove = (title: string): Fix => deleteLinesFix(title, a.line, a.lastLine);
    if (values[i] !== values[last]) {
      out.push(
        diagnostic(
          Code.DuplicateParameter,
          a.nameRange,
          `"${name}" is set again on line ${winnerLine} with another value; Postfix uses that later value and ignores this one.`,
          [remove('Remove this overridden assignment')],
        ),
      );
    } else if (changes(i)) {
      // postconf warns here, as this line changes the value; the last line then repeats it
      out.push(
        diagnostic(
          Code.DuplicateParameter,
          a.nameRange,
          `"${name}" overrides the earlier assignment on line ${lineOf(i - 1)} (postconf: overriding earlier entry), and line ${winnerLine} sets the same value again.`,
          [remove('Remove this overridden assignment')],
        ),
      );
    } else {
      out.push(
        diagnostic(
          Code.DuplicateParameterSameValue,
          a.nameRange,
          `"${name}" is set again with the same value on line ${winnerLine}: this line has no effect.`,
          [remove('Remove this repeated assignment')],
        ),
      );
    }
  }
  if (changes(last)) {
    out.push(
      diagnostic(
        Code.DuplicateParameter,
        list[last].nameRange,
        `"${name}" overrides the earlier assignment on line ${lineOf(last - 1)} (postconf: overriding earlier entry).`,
      ),
    );
  }
  return out;
}

const checkDuplicateParameters: Check = ({ model }) => {
  const out: Diagnostic[] = [];
  for (const [name, list] of model.assignments) if (list.length > 1) for (const d of duplicatesOf(name, list)) out.push(d);
  return out;
};

export const duplicateParameter = defineCheck({
  codes: [Code.DuplicateParameter, Code.DuplicateParameterSameValue],
  kind: 'main',
  run: checkDuplicateParameters,
});
