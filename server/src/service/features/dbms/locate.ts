import type { Assignment, MainCf } from '../../syntax/mainCf';
import { contains, type Position } from '../../syntax/text';

/** What sits under the cursor in a client file: a setting's name, or an offset in its value. */
export type ClientTarget = { kind: 'name'; assignment: Assignment } | { kind: 'value'; assignment: Assignment; offset: number };

export function clientTargetAt(file: MainCf, position: Position): ClientTarget | undefined {
  // a comment between continuation lines is no part of the value
  if (file.comments.some((c) => c.line === position.line)) return undefined;
  const a = file.assignments.find((x) => contains(x.range, position));
  if (!a) return undefined;
  if (contains(a.nameRange, position)) return { kind: 'name', assignment: a };
  const offset = a.source.offsetAt(position);
  const start = a.valueRange.start;
  const before = position.line < start.line || (position.line === start.line && position.character < start.character);
  if (offset === undefined || before) return undefined;
  return { kind: 'value', assignment: a, offset: Math.min(offset, a.value.length) };
}
