/**
 * Formatting that never changes what Postfix reads: `name = value` with one
 * blank around '=', continuation lines indented by four blanks, trailing
 * blanks removed; comments and blank lines are left exactly as they are.
 * Optionally, restriction lists are laid out one restriction per line.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { ConfigModel } from '../../model/config';
import { restrictionLists } from '../../model/restrictionLists';
import type { Assignment } from '../../syntax/mainCf';
import { parseRestrictionList, type ListItem } from '../../syntax/restrictionList';
import { isSpace, type Range } from '../../syntax/text';

export interface FormatOptions {
  /** lay out restriction lists one restriction (with its argument) per line */
  restrictionsOnePerLine: boolean;
}

const INDENT = '    ';
// Postfix's blanks only (as in ../syntax/mainCf): JavaScript's \s and trim()
// also take Unicode spaces such as U+00A0, which Postfix reads as part of a
// name or value, so they must stay where they are.
const COMMENT_OR_BLANK = /^[ \t\n\r\v\f]*(#|$)/;
const BLANKS = /[ \t\n\r\v\f]+/g;

function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isSpace(text[end - 1])) end--;
  return text.slice(0, end);
}

function trim(text: string): string {
  let start = 0;
  while (start < text.length && isSpace(text[start])) start++;
  return trimEnd(text.slice(start));
}

function lineEdit(line: number, old: string, text: string): TextEdit[] {
  return old === text ? [] : [{ range: { start: { line, character: 0 }, end: { line, character: old.length } }, newText: text }];
}

/** The first line: `name = value-part`, keeping the text after '=' as written. */
function firstLine(a: Assignment, line: string): string {
  const eq = line.indexOf('=');
  // "name" alone, with "= value" on the next line: only trailing blanks go
  if (eq < 0) return trimEnd(line);
  const rest = trim(line.slice(eq + 1));
  return rest ? `${a.name} = ${rest}` : `${a.name} =`;
}

function layoutEdits(a: Assignment, lines: readonly string[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (let n = a.range.start.line; n <= a.range.end.line; n++) {
    const line = lines[n];
    if (n === a.range.start.line) edits.push(...lineEdit(n, line, firstLine(a, line)));
    else if (!COMMENT_OR_BLANK.test(line)) edits.push(...lineEdit(n, line, INDENT + trim(line)));
  }
  return edits;
}

/** One restriction per line; only for lists without comment or blank lines inside. */
function onePerLine(a: Assignment, items: ListItem[], lines: readonly string[]): TextEdit[] | undefined {
  for (let n = a.range.start.line + 1; n <= a.range.end.line; n++) if (COMMENT_OR_BLANK.test(lines[n])) return undefined;
  if (items.length < 2) return undefined;
  // a word starting with '#' at the start of a line would turn into a comment
  if (items.some((item) => item.word.text.startsWith('#'))) return undefined;
  const ends = items.map((item) => (item.kind === 'restriction' && item.argument ? item.argument.end : item.word.end));
  // each entry keeps the separator it had: a comma where there was one
  const entries = items.map((item, i) => {
    const entry = a.value.slice(item.word.start, ends[i]).replace(BLANKS, ' ');
    const next = items[i + 1];
    return next && a.value.slice(ends[i], next.word.start).includes(',') ? `${entry},` : entry;
  });
  const text =
    `${a.name} = ${entries[0]}\n` +
    entries
      .slice(1)
      .map((e) => `${INDENT}${e}`)
      .join('\n');
  const last = a.range.end.line;
  return [{ range: { start: { line: a.range.start.line, character: 0 }, end: { line: last, character: lines[last].length } }, newText: text }];
}

const overlaps = (a: Assignment, range: Range | undefined): boolean => !range || (a.range.end.line >= range.start.line && a.range.start.line <= range.end.line);

/** Edits for the whole document, or for the assignments a range touches. */
export function format(model: ConfigModel, options: FormatOptions, range?: Range): TextEdit[] {
  const lines = model.main.lines;
  const lists = options.restrictionsOnePerLine ? new Set(restrictionLists(model).map((l) => l.assignment)) : undefined;
  const edits: TextEdit[] = [];
  for (const a of model.main.assignments) {
    if (!overlaps(a, range)) continue;
    // every word of the value, "#" ones too: the model's items leave out what checks read as a comment
    const items = lists?.has(a) ? parseRestrictionList(a.value) : undefined;
    const reflowed = items ? onePerLine(a, items, lines) : undefined;
    edits.push(...(reflowed ?? layoutEdits(a, lines)));
  }
  return edits;
}
