/**
 * main.cf as Postfix reads it: '#' comments only as the first non-blank
 * character, a line starting with whitespace continues the logical line
 * (blank and comment lines inside do not end it), and `name = value` split at
 * the first '='.
 */
import { scanExpansions, type ExpansionProblem, type Reference } from './expansion';
import type { Setting } from './setting';
import { countBefore, spliceAll } from './arrays';
import { SourceText, isSpace, range, splitLines, type LineSplice, type Range, type SourcePiece } from './text';

/** `name = value`; its value has continuation lines joined and outer blanks trimmed. */
export interface Assignment extends Setting {
  expansionProblems: readonly ExpansionProblem[];
  /** the line of its name, and the last line of its value, without making a range */
  readonly line: number;
  readonly lastLine: number;
}

export interface SyntaxProblem {
  range: Range;
  message: string;
}

export interface Comment {
  line: number;
  text: string;
}

export interface MainCf {
  /** the physical lines, without terminators */
  lines: readonly string[];
  assignments: Assignment[];
  problems: SyntaxProblem[];
  comments: Comment[];
  lineCount: number;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\r';

/** Shared by the many assignments without any "$": never mutated. */
const NONE: readonly never[] = Object.freeze([]);

export function parseMainCf(text: string): MainCf {
  return parseMainCfLines(splitLines(text));
}

/** main.cf from its physical lines (without terminators); the result keeps the array. */
export function parseMainCfLines(lines: readonly string[]): MainCf {
  const result: MainCf = { lines, assignments: [], problems: [], comments: [], lineCount: lines.length };
  parseRange(lines, 0, lines.length, result);
  return result;
}

/** Where a logical line starts: a line that is neither blank, a comment, nor indented. */
function startsEntry(line: string): boolean {
  const c = line[0];
  return c !== undefined && c !== '#' && !isBlank(c);
}

/** Parses lines [from, to) into `out`, with no logical line open at `from`. */
function parseRange(lines: readonly string[], from: number, to: number, out: MainCf): void {
  let current: SourcePiece[] | undefined;
  const flush = (): void => {
    if (current) parseLogicalLine(current, out);
    current = undefined;
  };
  for (let n = from; n < to; n++) {
    const line = lines[n];
    let first = 0;
    while (first < line.length && isBlank(line[first])) first++;
    if (first === line.length) continue;
    if (line[first] === '#') {
      out.comments.push({ line: n, text: line });
      continue;
    }
    if (first > 0) {
      if (current) {
        current.push({ line: n, character: 0, text: line });
      } else {
        out.problems.push({
          range: range(n, first, n, line.length),
          message: 'a line that starts with whitespace continues the previous parameter, but there is none: remove the leading whitespace',
        });
      }
      continue;
    }
    flush();
    current = [{ line: n, character: 0, text: line }];
  }
  flush();
}

/** What an edit changed among the assignments. */
export interface MainCfEdit {
  main: MainCf;
  /** assignments that are gone, and the new ones (also those read again unchanged) */
  removed: Assignment[];
  added: Assignment[];
}

/**
 * main.cf after an edit of its lines: only the logical lines the splice
 * touched are read again; the entries below it move by the lines it added
 * or removed. `previous` is taken over: its arrays become the new result's
 * and its assignments below the edit are moved, so it must not be used again.
 * `lines` are the lines after the edit.
 */
export function reparseMainCf(previous: MainCf, lines: readonly string[], splice: LineSplice): MainCfEdit {
  const delta = splice.inserted - splice.removed;
  // a logical line before the edit may have continued into it: read from its start (the lines above are unchanged)
  let from = splice.first;
  for (let n = splice.first - 1; n >= 0; n--) {
    if (startsEntry(lines[n])) {
      from = n;
      break;
    }
  }
  // up to the next line that starts an entry of its own: it is below the edit, so unchanged and a start before it too
  let to = splice.first + splice.inserted;
  while (to < lines.length && !startsEntry(lines[to])) to++;
  const oldTo = to - delta;

  const { assignments, problems, comments } = previous;
  const parsed: MainCf = { lines, assignments: [], problems: [], comments: [], lineCount: lines.length };
  parseRange(lines, from, to, parsed);

  const a0 = countBefore(assignments.length, (i) => assignments[i].line < from);
  const a1 = countBefore(assignments.length, (i) => assignments[i].line < oldTo);
  const p0 = countBefore(problems.length, (i) => problems[i].range.start.line < from);
  const p1 = countBefore(problems.length, (i) => problems[i].range.start.line < oldTo);
  const c0 = countBefore(comments.length, (i) => comments[i].line < from);
  const c1 = countBefore(comments.length, (i) => comments[i].line < oldTo);
  const removed = assignments.slice(a0, a1);
  if (delta !== 0) {
    for (let i = a1; i < assignments.length; i++) (assignments[i] as ParsedAssignment).moveBy(delta);
    for (let i = p1; i < problems.length; i++) problems[i] = { ...problems[i], range: moved(problems[i].range, delta) };
    for (let i = c1; i < comments.length; i++) comments[i].line += delta;
  }
  spliceAll(assignments, a0, a1 - a0, parsed.assignments);
  spliceAll(problems, p0, p1 - p0, parsed.problems);
  spliceAll(comments, c0, c1 - c0, parsed.comments);
  return { main: { lines, assignments, problems, comments, lineCount: lines.length }, removed, added: parsed.assignments };
}

const moved = (r: Range, delta: number): Range => ({
  start: { line: r.start.line + delta, character: r.start.character },
  end: { line: r.end.line + delta, character: r.end.character },
});

function parseLogicalLine(pieces: SourcePiece[], out: MainCf): void {
  const source = new SourceText(pieces);
  const text = source.text;
  const eq = text.indexOf('=');
  let nameEnd = eq < 0 ? text.length : eq;
  while (nameEnd > 0 && isSpace(text[nameEnd - 1])) nameEnd--;
  let blankInName = eq < 0;
  for (let i = 0; i < nameEnd && !blankInName; i++) blankInName = isSpace(text[i]);
  if (blankInName) {
    let wordEnd = 0;
    while (wordEnd < text.length && !isSpace(text[wordEnd])) wordEnd++;
    const word = text.slice(0, wordEnd);
    out.problems.push({
      range: source.range(0, word.length),
      message: `missing '=' after parameter name "${word}": every line must be "name = value", a comment or blank`,
    });
    return;
  }
  if (nameEnd === 0) {
    out.problems.push({ range: source.range(0, 1), message: "missing parameter name before '='" });
    return;
  }
  let valueStart = eq + 1;
  while (valueStart < text.length && isSpace(text[valueStart])) valueStart++;
  let valueEnd = text.length;
  while (valueEnd > valueStart && isSpace(text[valueEnd - 1])) valueEnd--;
  const value = text.slice(valueStart, valueEnd);
  let references: readonly Reference[] = NONE;
  let expansionProblems: readonly ExpansionProblem[] = NONE;
  if (value.includes('$')) {
    // offsets relative to the value, and nothing from the name side of '='
    const scan = scanExpansions(text);
    references = scan.references
      .filter((r) => r.start >= valueStart)
      .map((r) => ({ ...r, start: r.start - valueStart, end: r.end - valueStart, nameStart: r.nameStart - valueStart, nameEnd: r.nameEnd - valueStart }));
    expansionProblems = scan.problems.filter((p) => p.start >= valueStart).map((p) => ({ ...p, start: p.start - valueStart, end: p.end - valueStart }));
  }
  out.assignments.push(new ParsedAssignment(text.slice(0, nameEnd), value, source, nameEnd, valueStart, valueEnd, references, expansionProblems));
}

/**
 * An assignment whose ranges are computed when asked for: a big main.cf has
 * thousands of assignments and most ranges are never needed.
 */
class ParsedAssignment implements Assignment {
  constructor(
    readonly name: string,
    readonly value: string,
    private readonly whole: SourceText,
    private readonly nameEnd: number,
    private readonly valueStart: number,
    private readonly valueEnd: number,
    readonly references: readonly Reference[],
    readonly expansionProblems: readonly ExpansionProblem[],
  ) {}

  get line(): number {
    return this.whole.firstLine;
  }

  get lastLine(): number {
    return this.whole.lastLine;
  }

  /** Moves it down (up, for a negative `lines`) with the lines above it. */
  moveBy(lines: number): void {
    this.whole.moveBy(lines);
  }

  get nameRange(): Range {
    return this.whole.range(0, this.nameEnd);
  }

  get valueRange(): Range {
    return this.whole.range(this.valueStart, this.valueEnd);
  }

  get range(): Range {
    const start = this.whole.position(0);
    const end = this.whole.position(this.whole.text.length);
    return { start: { line: start.line, character: 0 }, end };
  }

  get source(): SourceText {
    return this.whole.from(this.valueStart);
  }
}
