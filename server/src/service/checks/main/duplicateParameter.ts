import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import type { Assignment } from '../../syntax/mainCf';
import type { GroupFindings } from '../memo';
import type { Check } from './context';
import { defineCheck } from '../check';
import { deleteLinesFix } from '../shared/fixes';

/** The value as Postfix stores it: continuation lines are joined without their line breaks. */
const stored = (a: Assignment): string => a.value.replace(/\n/g, '');

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
    const remove = deleteLinesFix('Remove this overridden assignment', a.range.start.line, a.range.end.line);
    if (values[i] !== values[last]) {
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

/** The group's findings from an earlier version, when its assignments are the same ones on the same lines. */
function kept(group: GroupFindings | undefined, list: readonly Assignment[]): GroupFindings | undefined {
  if (group?.members.length !== list.length) return undefined;
  for (let i = 0; i < list.length; i++) if (group.members[i] !== list[i] || group.lines[i] !== list[i].line) return undefined;
  return group;
}

const checkDuplicateParameters: Check = ({ model, memo }) => {
  const out: Diagnostic[] = [];
  const groups = new Map<string, GroupFindings>();
  for (const [name, list] of model.assignments) {
    if (list.length < 2) continue;
    // the messages name other lines of the group: a group that moved is judged again
    const group = kept(memo?.groups.get(name), list) ?? { members: [...list], lines: list.map((a) => a.line), found: duplicatesOf(name, list) };
    if (memo) groups.set(name, group);
    for (const d of group.found) out.push(d);
  }
  if (memo) memo.groups = groups;
  return out;
};

export const duplicateParameter = defineCheck({
  codes: [Code.DuplicateParameter, Code.DuplicateParameterSameValue],
  kind: 'main',
  run: checkDuplicateParameters,
});
