/**
 * An smtpd restriction list as smtpd reads it: words separated by commas
 * and/or whitespace, `{ ... }` kept together, and each restriction that takes
 * an argument consuming the next word.
 */
import { restrictionNamed, type RestrictionInfo } from '../knowledge/restrictions';
import { isSpace } from './text';

export interface Word {
  text: string;
  /** offsets in the scanned value */
  start: number;
  end: number;
}

export type ListItem =
  | { kind: 'restriction'; word: Word; info: RestrictionInfo; argument?: Word }
  /** a bare type:table, used as an access table of the list's own kind */
  | { kind: 'table'; word: Word }
  /** $name: another list spliced in by expansion */
  | { kind: 'reference'; word: Word }
  /** a restriction class, or a name smtpd does not know */
  | { kind: 'name'; word: Word };

/**
 * A comma or one of Postfix's (ASCII) blanks: a Unicode space such as U+00A0,
 * white space to JavaScript's \s, is part of a word to smtpd.
 */
export const isListSeparator = (c: string | undefined): boolean => c === ',' || isSpace(c);

export function listWords(value: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && isListSeparator(value[i])) i++;
    if (i >= value.length) break;
    const start = i;
    let depth = 0;
    while (i < value.length && (depth > 0 || !isListSeparator(value[i]))) {
      if (value[i] === '{') depth++;
      else if (value[i] === '}' && depth > 0) depth--;
      i++;
    }
    words.push({ text: value.slice(start, i), start, end: i });
  }
  return words;
}

const TAKES_ARGUMENT = new Set(['table', 'dns-list', 'policy-service', 'seconds']);

export function parseRestrictionList(value: string): ListItem[] {
  const words = listWords(value);
  const items: ListItem[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.text.startsWith('$')) {
      items.push({ kind: 'reference', word });
      continue;
    }
    const info = restrictionNamed(word.text);
    if (info) {
      const item: ListItem = { kind: 'restriction', word, info };
      if (TAKES_ARGUMENT.has(info.argument) && i + 1 < words.length) item.argument = words[++i];
      items.push(item);
    } else if (word.text.includes(':')) {
      items.push({ kind: 'table', word });
    } else {
      items.push({ kind: 'name', word });
    }
  }
  return items;
}
