import type { ConfigModel } from '../../model/config';
import { restrictionLists, type RestrictionList } from '../../model/restrictionLists';
import type { ListItem, Word } from '../../syntax/restrictionList';
import type { Assignment, Comment } from '../../syntax/mainCf';
import { contains, range, type Position, type Range } from '../../syntax/text';

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

/** A word of a comment line: what a commented-out setting or restriction names. */
export interface CommentWord {
  text: string;
  range: Range;
  /** the restriction list the comment sits in, between its continuation lines */
  list?: RestrictionList;
}

const commentAt = (model: ConfigModel, line: number): Comment | undefined => model.main.comments.find((c) => c.line === line);

/** The parameter-like word (letters, digits, "_") under the cursor on a comment line. */
export function commentWordAt(model: ConfigModel, position: Position): CommentWord | undefined {
  const comment = commentAt(model, position.line);
  if (!comment) return undefined;
  for (const m of comment.text.matchAll(/[A-Za-z0-9_]+/g)) {
    const end = m.index + m[0].length;
    if (position.character < m.index || position.character > end) continue;
    const a = assignmentAt(model, position);
    return { text: m[0], range: range(position.line, m.index, position.line, end), list: a && listOf(model, a) };
  }
  return undefined;
}

export function targetAt(model: ConfigModel, position: Position): Target | undefined {
  const a = assignmentAt(model, position);
  // a comment between continuation lines is no part of the value
  if (!a || commentAt(model, position.line)) return undefined;
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
