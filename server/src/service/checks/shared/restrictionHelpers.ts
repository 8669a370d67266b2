import type { ListSource } from '../../model/restrictionLists';
import type { Word } from '../../syntax/restrictionList';
import type { Range } from '../../syntax/text';

export const wordRange = (list: ListSource, word: Word): Range => list.source.range(word.start, word.end);
