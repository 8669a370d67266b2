import type { Fix } from '../../diagnostics';
import type { ListSource } from '../../model/restrictionLists';
import type { Word } from '../../syntax/restrictionList';
import type { Range } from '../../syntax/text';

export const wordRange = (list: ListSource, word: Word): Range => list.source.range(word.start, word.end);

/** Deletes `words` and the separator before them (or after, for the first word of the list). */
export function removeWordsFix(title: string, list: ListSource, words: Word[]): Fix {
  const value = list.value;
  const first = words[0];
  const last = words[words.length - 1];
  let start = first.start;
  let end = last.end;
  if (start > 0) {
    while (start > 0 && /[\s,]/.test(value[start - 1])) start--;
  } else {
    while (end < value.length && /[\s,]/.test(value[end])) end++;
  }
  return { title, edits: [{ range: list.source.range(start, end), newText: '' }] };
}
