/**
 * main.cf as Postfix reads it: '#' comments only as the first non-blank
 * character, a line starting with whitespace continues the logical line
 * (blank and comment lines inside do not end it), and `name = value` split at
 * the first '='.
 */
import { scanExpansions, type ExpansionProblem, type Reference } from './expansion';
import { SourceText, range, splitLines, type Range } from './text';

export interface Assignment {
  name: string;
  nameRange: Range;
  /** the value as Postfix sees it: continuation lines joined, outer blanks trimmed */
  value: string;
  valueRange: Range;
  /** the logical line from its first character to the end of its last piece */
  range: Range;
  /** maps offsets in `value` to document positions */
  source: SourceText;
  references: Reference[];
  expansionProblems: ExpansionProblem[];
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

interface LogicalLine {
  pieces: { line: number; character: number; text: string }[];
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\r';

export function parseMainCf(text: string): MainCf {
  const lines = splitLines(text);
  const result: MainCf = { lines, assignments: [], problems: [], comments: [], lineCount: lines.length };
  let current: LogicalLine | undefined;
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
        current.pieces.push({ line: n, character: 0, text: line });
      } else {
        result.problems.push({
          range: range(n, first, n, line.length),
          message: 'a line that starts with whitespace continues the previous parameter, but there is none: remove the leading whitespace',
        });
      }
      continue;
    }
    flush();
    current = { pieces: [{ line: n, character: 0, text: line }] };
  }
  flush();
  return result;
}

function parseLogicalLine(logical: LogicalLine, out: MainCf): void {
  const source = new SourceText(logical.pieces);
  const text = source.text;
  const eq = text.indexOf('=');
  const last = logical.pieces[logical.pieces.length - 1];
  const whole = range(logical.pieces[0].line, 0, last.line, last.text.length);
  let nameEnd = eq < 0 ? text.length : eq;
  while (nameEnd > 0 && /\s/.test(text[nameEnd - 1])) nameEnd--;
  const name = text.slice(0, nameEnd);
  if (eq < 0 || /\s/.test(name)) {
    const word = /^\S+/.exec(text)?.[0] ?? text;
    out.problems.push({
      range: source.range(0, word.length),
      message: `missing '=' after parameter name "${word}": every line must be "name = value", a comment or blank`,
    });
    return;
  }
  if (name.length === 0) {
    out.problems.push({ range: source.range(0, 1), message: "missing parameter name before '='" });
    return;
  }
  let valueStart = eq + 1;
  while (valueStart < text.length && /\s/.test(text[valueStart])) valueStart++;
  let valueEnd = text.length;
  while (valueEnd > valueStart && /\s/.test(text[valueEnd - 1])) valueEnd--;
  const value = text.slice(valueStart, valueEnd);
  const scan = scanExpansions(text);
  const shift = <T extends { start: number; end: number }>(items: T[]): T[] => items.filter((r) => r.start >= valueStart);
  out.assignments.push({
    name,
    nameRange: source.range(0, nameEnd),
    value,
    valueRange: source.range(valueStart, valueEnd),
    range: whole,
    source: source.from(valueStart),
    references: shift(scan.references).map((r) => ({
      ...r,
      start: r.start - valueStart,
      end: r.end - valueStart,
      nameStart: r.nameStart - valueStart,
      nameEnd: r.nameEnd - valueStart,
    })),
    expansionProblems: shift(scan.problems).map((p) => ({ ...p, start: p.start - valueStart, end: p.end - valueStart })),
  });
}
