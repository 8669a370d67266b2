/**
 * main.cf has comments only on lines of their own: a "#" after a value is
 * text of that value. Where a value holds such text, as people write it
 * meaning a comment: a "#" at the start of the value or after a blank, up to
 * the end of its line, outside { } (inline tables and grouped arguments may
 * hold "#" on purpose).
 */
import { isSpace } from '../syntax/text';

/** Offsets in an assignment's value; `end` excludes the blanks at the end of the line. */
export interface InlineComment {
  start: number;
  end: number;
}

export function inlineComments(value: string): InlineComment[] {
  const out: InlineComment[] = [];
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === '#' && depth === 0 && (i === 0 || isSpace(value[i - 1]))) {
      let lineEnd = value.indexOf('\n', i);
      if (lineEnd < 0) lineEnd = value.length;
      let end = lineEnd;
      while (end > i && isSpace(value[end - 1])) end--;
      out.push({ start: i, end });
      i = lineEnd;
    }
  }
  return out;
}

/** Whether `offset` of the value lies in one of `comments`. */
export const inComment = (comments: readonly InlineComment[], offset: number): boolean => comments.some((c) => offset >= c.start && offset < c.end);

/** The value as it was meant: without its "# ..." texts. */
export function withoutInlineComments(value: string): string {
  let rest = value;
  for (const c of inlineComments(value).reverse()) rest = rest.slice(0, c.start) + rest.slice(c.end);
  return rest.trim();
}
