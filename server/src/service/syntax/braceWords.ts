/** Words separated by commas and white space, with { ... } kept whole: Postfix's mystrtokq. */

export interface WordSpan {
  text: string;
  /** offset of the word in the text it was split from */
  start: number;
}

export function braceWordSpans(text: string): WordSpan[] {
  const words: WordSpan[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /[\s,]/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    let depth = 0;
    while (i < text.length && (depth > 0 || !/[\s,]/.test(text[i]))) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && depth > 0) depth--;
      i++;
    }
    words.push({ text: text.slice(start, i), start });
  }
  return words;
}

export const braceWords = (text: string): string[] => braceWordSpans(text).map((w) => w.text);
