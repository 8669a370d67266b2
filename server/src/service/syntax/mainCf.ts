/**
 * main.cf as Postfix reads it: '#' comments only as the first non-blank
 * character, a line starting with whitespace continues the logical line
 * (blank and comment lines inside do not end it), and `name = value` split at
 * the first '='.
 */
import { scanExpansions, type ExpansionProblem, type Reference } from './expansion';
import type { Setting } from './setting';
import { SourceText, isSpace, range, splitLines, type Range, type SourcePiece } from './text';

/** `name = value`; its value has continuation lines joined and outer blanks trimmed. */
export interface Assignment extends Setting {
  expansionProblems: readonly ExpansionProblem[];
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
  lines: string[];
  assignments: Assignment[];
  problems: SyntaxProblem[];
  comments: Comment[];
  lineCount: number;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\r';

/** Shared by the many assignments without any "$": never mutated. */
const NONE: readonly never[] = Object.freeze([]);

export function parseMainCf(text: string): MainCf {
  const lines = splitLines(text);
  const result: MainCf = { lines, assignments: [], problems: [], comments: [], lineCount: lines.length };
  let current: SourcePiece[] | undefined;
  const flush = (): void => {
    if (current) parseLogicalLine(current, result);
    current = undefined;
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    let first = 0;
    while (first < line.length && isBlank(line[first])) first++;
    if (first === line.length) continue;
    if (line[first] === '#') {
      result.comments.push({ line: n, text: line });
      continue;
    }
    if (first > 0) {
      if (current) {
        current.push({ line: n, character: 0, text: line });
      } else {
        result.problems.push({
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
  return result;
}

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
