import type { ConfigModel } from '../../model/config';
import { restrictionLists, type RestrictionList } from '../../model/restrictionLists';
import type { ListItem, Word } from '../../syntax/restrictionList';
import type { Assignment } from '../../syntax/mainCf';
import { contains, type Position, type Range } from '../../syntax/text';

/** What sits under the cursor in main.cf. */
export type Target =
  | { kind: 'name'; assignment: Assignment; range: Range }
  | { kind: 'reference'; assignment: Assignment; name: string; range: Range }
  | { kind: 'list-word'; assignment: Assignment; list: RestrictionList; item: ListItem; word: Word; range: Range }
  | { kind: 'value'; assignment: Assignment; offset: number };

/** The restriction list an assignment holds, if it is one. */
export function listOf(model: ConfigModel, a: Assignment): RestrictionList | undefined {
  return restrictionLists(model).find((l) => l.assignment === a);
}

export function assignmentAt(model: ConfigModel, position: Position): Assignment | undefined {
  return model.main.assignments.find((a) => contains(a.range, position));
}

/** Offset of `position` inside the assignment's value text, or -1 before the value. */
export function valueOffset(a: Assignment, position: Position): number {
  const start = a.valueRange.start;
  if (position.line < start.line || (position.line === start.line && position.character < start.character)) return -1;
  const offset = a.source.offsetAt(position);
  return offset === undefined ? a.value.length : Math.min(Math.max(offset, 0), a.value.length);
}

export function targetAt(model: ConfigModel, position: Position): Target | undefined {
  const a = assignmentAt(model, position);
  if (!a) return undefined;
  if (contains(a.nameRange, position)) return { kind: 'name', assignment: a, range: a.nameRange };
  for (const r of a.references) {
    const range = a.source.range(r.start, r.end);
    if (contains(range, position)) return { kind: 'reference', assignment: a, name: r.name, range };
  }
  const offset = valueOffset(a, position);
  if (offset < 0) return undefined;
  const list = listOf(model, a);
  for (const item of list?.items ?? []) {
    for (const word of item.kind === 'restriction' && item.argument ? [item.word, item.argument] : [item.word]) {
      if (list && offset >= word.start && offset <= word.end) {
        return { kind: 'list-word', assignment: a, list, item, word, range: a.source.range(word.start, word.end) };
      }
    }
  }
  return { kind: 'value', assignment: a, offset };
}
