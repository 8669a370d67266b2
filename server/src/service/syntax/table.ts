/**
 * Postfix lookup table source files, read the way the Postfix readers read
 * them: postmap(1) and texthash for indexed tables, postalias(1) for aliases,
 * dict_regexp, dict_pcre and dict_cidr for the pattern tables.
 *
 * Physical lines are grouped into logical lines first (a line that starts
 * with whitespace continues the one before, even across comment and blank
 * lines), then each logical line is parsed on its own by parseLogicalLine(),
 * so that an editor can re-parse only the logical lines an edit touched.
 *
 * Never throws; the work is linear in the size of the text.
 */
import { countBefore } from './arrays';
import { isSpace, splitLines, type Position, type Range } from './text';

export type TableFlavour = 'indexed' | 'aliases' | 'regexp' | 'pcre' | 'cidr';

export const TABLE_FLAVOURS: readonly TableFlavour[] = ['indexed', 'aliases', 'regexp', 'pcre', 'cidr'];

export { isSpace };

const isAlnum = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9]$/.test(c);

/** Where a later piece of a logical line comes from: its physical line (counted from the first) and its offset in the logical text. */
interface Piece {
  line: number;
  start: number;
}

/**
 * The text of a logical line: its physical lines concatenated as Postfix
 * does (no separator; a continuation line keeps its leading white space),
 * with the way back from an offset to a document position. Most lines have
 * one piece, so the first one is kept in `line` and only the others in
 * `pieces`: big tables make many of these.
 */
export class LogicalText {
  constructor(
    readonly text: string,
    private readonly line: number,
    private readonly pieces?: readonly Piece[],
  ) {}

  position(offset: number): Position {
    const pieces = this.pieces;
    if (!pieces || offset < pieces[0].start) return { line: this.line, character: offset };
    const piece = pieces[countBefore(pieces.length, (n) => pieces[n].start <= offset) - 1];
    return { line: this.line + piece.line, character: offset - piece.start };
  }

  /** The range of [start, end); an end at a piece boundary stays on the earlier line. */
  range(start: number, end: number): Range {
    const s = this.position(start);
    if (end <= start) return { start: s, end: s };
    const last = this.position(end - 1);
    return { start: s, end: { line: last.line, character: last.character + 1 } };
  }

  /** The logical offset of a document position, or undefined when the position is not on this line. */
  offsetAt(p: Position): number | undefined {
    const pieces = this.pieces ?? [];
    const count = pieces.length + 1;
    for (let i = 0; i < count; i++) {
      const line = this.line + (i === 0 ? 0 : pieces[i - 1].line);
      if (line !== p.line) continue;
      const start = i === 0 ? 0 : pieces[i - 1].start;
      const next = pieces[i]?.start ?? this.text.length;
      return Math.min(next, start + Math.max(0, p.character));
    }
    return undefined;
  }
}

/** A part of a logical line: its text, its offsets in the logical text, and its document range. */
export interface Span {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly range: Range;
}

/**
 * A span whose text and document range are computed when asked for: big
 * tables make many spans, and an edit above moves the lines below.
 */
class LazySpan implements Span {
  constructor(
    private readonly line: TableLine,
    readonly start: number,
    readonly end: number,
  ) {}

  get text(): string {
    return this.line.text.text.slice(this.start, this.end);
  }

  get range(): Range {
    return this.line.text.range(this.start, this.end);
  }
}

/** [start, end) of a line's logical text. */
export function span(line: TableLine, start: number, end: number): Span {
  return new LazySpan(line, start, end);
}

/** A key and its value in an indexed or aliases table, made when asked for. */
class PairEntry {
  readonly kind = 'pair';

  constructor(
    private readonly line: TableLine,
    private readonly keyEnd: number,
    private readonly valueStart: number,
    private readonly valueEnd: number,
  ) {}

  get key(): Span {
    return span(this.line, 0, this.keyEnd);
  }

  /** undefined when the line has no value */
  get value(): Span | undefined {
    return this.valueEnd > this.valueStart ? span(this.line, this.valueStart, this.valueEnd) : undefined;
  }
}

/** `/pattern/flags` of a regexp or pcre table, maybe negated with `!`. */
export interface TablePattern {
  negated: boolean;
  delimiter: string;
  /** the text between the delimiters, as handed to the regular expression compiler */
  source: Span;
  flags: Span;
  /** from the first `!` (or the delimiter) to the end of the flags */
  whole: Span;
}

export type TableEntry =
  /** indexed and aliases tables: a key and its value (value undefined when missing) */
  | { kind: 'pair'; key: Span; value?: Span }
  /** cidr tables: [!]address[/prefix] result */
  | { kind: 'cidr'; negated: boolean; pattern: Span; whole: Span; value?: Span }
  /** regexp and pcre tables: /pattern/flags result, regexp also /p1/!/p2/ */
  | { kind: 'pattern'; pattern: TablePattern; second?: TablePattern; value?: Span }
  /** IF with its condition: a pattern (regexp, pcre) or an address (cidr) */
  | { kind: 'if'; keyword: Span; pattern?: TablePattern; cidr?: { negated: boolean; pattern: Span; whole: Span }; extra?: Span }
  | { kind: 'endif'; keyword: Span; extra?: Span };

export type TableIssueKind = 'missing-value' | 'syntax' | 'pattern';

/** Something the Postfix reader complains about while it splits the line. */
export interface TableIssue {
  kind: TableIssueKind;
  readonly range: Range;
  message: string;
  /** Postfix still uses the entry (it only warns) */
  warning?: boolean;
}

/** An issue as the readers note it: where in the logical line, not yet where in the document. */
interface NewIssue {
  kind: TableIssueKind;
  at: Span;
  message: string;
  warning?: boolean;
}

/** The range follows the line when an edit above moves it. */
function tableIssue({ kind, at, message, warning }: NewIssue): TableIssue {
  return {
    kind,
    message,
    ...(warning ? { warning } : {}),
    get range(): Range {
      return at.range;
    },
  };
}

export interface TableLine {
  /** first and last physical line of the logical line; an edit above moves them (`end` follows `start`) */
  start: number;
  readonly end: number;
  readonly text: LogicalText;
  /** undefined when Postfix skips the whole line */
  readonly entry?: TableEntry;
  /** shared and empty on most lines: add with addIssue() */
  readonly issues: readonly TableIssue[];
}

/** What few lines have: continuation lines, issues, an entry other than a key/value pair, a value not where postmap's is. */
interface Rare {
  pieces?: readonly Piece[];
  issues?: readonly TableIssue[];
  entry?: TableEntry;
  /** where the value of a pair starts and ends, when not where parseIndexed puts them */
  value?: readonly [number, number];
}

/**
 * One logical line as the readers leave it. A big table has one per line, so
 * it holds a few numbers and strings, and the rest only where a line has it:
 * the positions, spans and the key/value entry are made from them when asked
 * for, and follow `start` when an edit above moves the line.
 */
class ParsedLine implements TableLine {
  /** a key/value pair when keyEnd >= 0 */
  private keyEnd = -1;
  private rare?: Rare = undefined;

  constructor(
    public start: number,
    private readonly joined: string,
    pieces?: readonly Piece[],
  ) {
    if (pieces) this.rare = { pieces };
  }

  get end(): number {
    const pieces = this.rare?.pieces;
    return pieces ? this.start + pieces[pieces.length - 1].line : this.start;
  }

  get text(): LogicalText {
    return new LogicalText(this.joined, this.start, this.rare?.pieces);
  }

  get issues(): readonly TableIssue[] {
    return this.rare?.issues ?? NO_ISSUES;
  }

  set issues(issues: readonly TableIssue[]) {
    (this.rare ??= {}).issues = issues;
  }

  get entry(): TableEntry | undefined {
    if (this.keyEnd < 0) return this.rare?.entry;
    const [valueStart, valueEnd] = this.rare?.value ?? valueAfter(this.joined, this.keyEnd);
    return new PairEntry(this, this.keyEnd, valueStart, valueEnd);
  }

  set entry(entry: TableEntry | undefined) {
    if (entry || this.rare) (this.rare ??= {}).entry = entry;
    this.keyEnd = -1;
  }

  /** The key and value of a key/value line as plain text, without spans: what a reader of a whole table needs. */
  pairText(): { key: string; value: string } | undefined {
    if (this.keyEnd < 0) return undefined;
    const [valueStart, valueEnd] = this.rare?.value ?? valueAfter(this.joined, this.keyEnd);
    return { key: this.joined.slice(0, this.keyEnd), value: this.joined.slice(valueStart, valueEnd) };
  }

  setPair(keyEnd: number, valueStart: number, valueEnd: number): void {
    if (this.rare) this.rare.entry = undefined;
    this.keyEnd = keyEnd;
    const [start, end] = valueAfter(this.joined, keyEnd);
    if (start !== valueStart || end !== valueEnd) (this.rare ??= {}).value = [valueStart, valueEnd];
    else if (this.rare) this.rare.value = undefined;
  }
}

/** Where postmap finds the value of a key that ends at `keyEnd`: after the blanks, without the blanks at the end. */
function valueAfter(s: string, keyEnd: number): [number, number] {
  const start = skipSpace(s, keyEnd);
  return [start, trimEnd(s, start, s.length)];
}

const NO_ISSUES: readonly TableIssue[] = Object.freeze([]);

function addIssue(line: ParsedLine, issue: NewIssue): void {
  line.issues = [...line.issues, tableIssue(issue)];
}

export interface TableComment {
  line: number;
  text: string;
}

export interface ParsedTable {
  flavour: TableFlavour;
  lines: TableLine[];
  comments: TableComment[];
  /** number of physical lines */
  lineCount: number;
}

/** The first character that is not white space, or the length of the line. */
function firstNonBlank(line: string): number {
  let i = 0;
  while (i < line.length && isSpace(line[i])) i++;
  return i;
}

/**
 * Parses a whole table source: physical lines are grouped into logical lines
 * (a line that starts with white space continues the one before, even across
 * comment and blank lines) and each is parsed as soon as it is complete.
 */
export function parseTable(source: string, flavour: TableFlavour): ParsedTable {
  const physical = splitLines(source);
  return { flavour, ...parseLines(physical, 0, physical.length, flavour), lineCount: physical.length };
}

/**
 * The logical lines and comments of physical[from, to), numbered as in the
 * whole text. `from` must not be a continuation of an entry above it.
 */
export function parseLines(physical: readonly string[], from: number, to: number, flavour: TableFlavour): { lines: TableLine[]; comments: TableComment[] } {
  const lines: TableLine[] = [];
  const comments: TableComment[] = [];
  let n = from;
  while (n < to) {
    const first = physical[n];
    const at = firstNonBlank(first);
    if (at === first.length || first[at] === '#') {
      if (at < first.length) comments.push({ line: n, text: first });
      n++;
      continue;
    }
    const start = n;
    let text = first;
    let pieces: Piece[] | undefined;
    for (n++; n < to; n++) {
      const next = physical[n];
      const blank = firstNonBlank(next);
      if (blank === next.length) continue;
      if (next[blank] === '#') {
        comments.push({ line: n, text: next });
        continue;
      }
      if (blank === 0) break;
      (pieces ??= []).push({ line: n - start, start: text.length });
      text += next;
    }
    lines.push(at > 0 ? orphanLine(new ParsedLine(start, text, pieces)) : parseLogicalLine(new ParsedLine(start, text, pieces), flavour));
  }
  return { lines, comments };
}

/** A continuation with nothing before it: Postfix warns and skips it. */
function orphanLine(line: ParsedLine): TableLine {
  const text = line.text.text;
  const shown = text.length > 30 ? `${text.slice(0, 30)}...` : text;
  addIssue(line, {
    kind: 'syntax',
    at: span(line, 0, text.length),
    message: `This line starts with white space but no entry comes before it to continue; Postfix ignores it ("logical line must not start with whitespace: "${shown.trim()}"").`,
  });
  return line;
}

/** Parses one logical line of a table of the given flavour. */
function parseLogicalLine(line: ParsedLine, flavour: TableFlavour): TableLine {
  try {
    switch (flavour) {
      case 'indexed':
        parseIndexed(line);
        break;
      case 'aliases':
        parseAlias(line);
        break;
      case 'regexp':
      case 'pcre':
        parseRegexLine(line, flavour);
        break;
      case 'cidr':
        parseCidrLine(line);
        break;
    }
  } catch (error) {
    // A parser bug must not take the editor down: report the line as unreadable.
    line.entry = undefined;
    addIssue(line, { kind: 'syntax', at: span(line, 0, line.text.text.length), message: `Internal error while reading this line: ${String(error)}` });
  }
  return line;
}

/** Offset after trailing white space is removed (Postfix trimblanks). */
function trimEnd(s: string, from: number, to: number): number {
  while (to > from && isSpace(s[to - 1])) to--;
  return to;
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && isSpace(s[i])) i++;
  return i;
}

/** postmap and texthash: the key ends at the first white space outside "quotes"; a backslash protects the next character. */
function parseIndexed(line: ParsedLine): void {
  const { text } = line;
  const s = text.text;
  let inQuotes = false;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      if (i + 1 >= s.length) {
        i = s.length;
        break;
      }
      i++;
    } else if (isSpace(c)) {
      if (!inQuotes) break;
    } else if (c === '"') {
      inQuotes = !inQuotes;
    }
  }
  if (inQuotes) {
    addIssue(line, {
      kind: 'syntax',
      at: span(line, 0, trimEnd(s, 0, s.length)),
      message: `Unbalanced '"' in the key: postmap ignores this line ("unbalanced '\\"'"). Close the quote, or protect a literal quote with a backslash.`,
    });
    return;
  }
  const valueStart = skipSpace(s, i);
  const valueEnd = trimEnd(s, valueStart, s.length);
  line.setPair(i, valueStart, valueEnd);
  const key = span(line, 0, i);
  if (valueEnd === valueStart) {
    addIssue(line, {
      kind: 'missing-value',
      at: key,
      message: `"${key.text}" has no value: postmap expects "key whitespace value" and skips this line ("expected format: key whitespace value").`,
    });
    return;
  }
  if (s[i - 1] === ':') {
    addIssue(line, {
      kind: 'syntax',
      warning: true,
      at: key,
      message: `The key "${key.text}" ends in ":", the format of an aliases file; postmap warns ("record is in "key: value" format; is this an alias file?") and stores the key with the colon, so lookups of "${key.text.slice(0, -1)}" do not find it.`,
    });
  }
}

/**
 * postalias: RFC 822 tokens; the key is everything before the first ":" that
 * is not inside "quotes" or (comments), and must not hold a "," "@" or "%".
 */
function parseAlias(line: ParsedLine): void {
  const { text } = line;
  const s = text.text;
  let colon = -1;
  let comma = false;
  let nonLocal = false;
  let depth = 0;
  let inQuotes = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inQuotes) {
      if (c === '"') inQuotes = false;
      continue;
    }
    if (depth > 0) {
      if (c === '(') depth++;
      else if (c === ')') depth--;
      continue;
    }
    if (c === '"') inQuotes = true;
    else if (c === '(') depth = 1;
    else if (c === ',') comma = true;
    else if (c === '@' || c === '%') nonLocal = true;
    else if (c === ':') {
      colon = i;
      break;
    }
  }
  const keyEnd = colon < 0 ? trimEnd(s, 0, s.length) : trimEnd(s, 0, colon);
  const key = span(line, 0, keyEnd);
  const valueStart = colon < 0 ? s.length : skipSpace(s, colon + 1);
  const valueEnd = trimEnd(s, valueStart, s.length);
  if (colon < 0 || keyEnd === 0 || valueEnd === valueStart || comma) {
    addIssue(line, {
      kind: colon >= 0 && keyEnd > 0 && !comma ? 'missing-value' : 'syntax',
      at: span(line, 0, trimEnd(s, 0, s.length)),
      message:
        colon < 0
          ? `No ":" after the name: postalias expects "name: value" and skips this line ("need name:value pair").`
          : comma
            ? `The name before ":" contains a ",": postalias accepts one name per line and skips this one ("need name:value pair").`
            : keyEnd === 0
              ? `Nothing before ":": postalias skips this line ("need name:value pair").`
              : `"${key.text}" has no value after ":": postalias skips this line ("need name:value pair").`,
    });
    if (colon >= 0 && keyEnd > 0 && !comma) line.setPair(keyEnd, 0, 0);
    return;
  }
  if (nonLocal) {
    addIssue(line, {
      kind: 'syntax',
      at: key,
      message: `"${key.text}" is not a local name (it contains "@" or "%"): postalias skips this line ("name must be local"). Use virtual_alias_maps for whole addresses.`,
    });
    return;
  }
  line.setPair(keyEnd, valueStart, valueEnd);
}

/** One /pattern/flags with its negations, as dict_regexp_get_pat and dict_pcre_get_pattern read it. */
function readPattern(line: ParsedLine, from: number, flavour: 'regexp' | 'pcre'): { pattern: TablePattern; next: number } | undefined {
  const { text } = line;
  const s = text.text;
  let i = from;
  let negated = false;
  let first = -1;
  for (;;) {
    if (s[i] === '!') {
      negated = !negated;
      if (first < 0) first = i;
    } else if (!isSpace(s[i])) break;
    i++;
  }
  if (i >= s.length) {
    addIssue(line, { kind: 'syntax', at: span(line, from, s.length), message: `No pattern: Postfix skips this rule ("no regexp").` });
    return undefined;
  }
  const delimiter = s[i];
  if (first < 0) first = i;
  const sourceStart = i + 1;
  let j = sourceStart;
  while (j < s.length) {
    if (s[j] === '\\') {
      if (j + 1 < s.length) j++;
      else break;
    } else if (s[j] === delimiter) break;
    j++;
  }
  if (j >= s.length || s[j] !== delimiter) {
    addIssue(line, {
      kind: 'syntax',
      at: span(line, first, trimEnd(s, first, s.length)),
      message: `The pattern has no closing "${delimiter}": Postfix skips this rule ("no closing regexp delimiter"). A "${delimiter}" inside the pattern needs a backslash.`,
    });
    return undefined;
  }
  const source = span(line, sourceStart, j);
  let k = j + 1;
  while (k < s.length && !isSpace(s[k]) && !(flavour === 'regexp' && s[k] === '!')) k++;
  const flags = span(line, j + 1, k);
  return { pattern: { negated, delimiter, source, flags, whole: span(line, first, k) }, next: k };
}

function parseRegexLine(line: ParsedLine, flavour: 'regexp' | 'pcre'): void {
  const { text } = line;
  const s = text.text;
  const end = trimEnd(s, 0, s.length);
  if (!isAlnum(s[0])) {
    const first = readPattern(line, 0, flavour);
    if (!first) return;
    let next = first.next;
    let second: TablePattern | undefined;
    if (flavour === 'regexp' && s[next] === '!') {
      const got = readPattern(line, next, flavour);
      if (!got) return;
      second = got.pattern;
      next = got.next;
    }
    const valueStart = skipSpace(s, next);
    const value = end > valueStart ? span(line, valueStart, end) : undefined;
    line.entry = { kind: 'pattern', pattern: first.pattern, second, value };
    if (!value) {
      addIssue(line, {
        kind: 'missing-value',
        warning: true,
        at: first.pattern.whole,
        message: `No result after the pattern: Postfix warns ("no replacement text: using empty string") and returns an empty result, which most lookups treat as an error.`,
      });
    }
    return;
  }
  const lower = s.slice(0, 5).toLowerCase();
  if (lower.startsWith('if') && !isAlnum(s[2])) {
    const keyword = span(line, 0, 2);
    const got = readPattern(line, skipSpace(s, 2), flavour);
    if (!got) return;
    const extraStart = skipSpace(s, got.next);
    const extra = end > extraStart ? span(line, extraStart, end) : undefined;
    line.entry = { kind: 'if', keyword, pattern: got.pattern, extra };
    if (extra) {
      addIssue(line, {
        kind: 'syntax',
        warning: true,
        at: extra,
        message: `Text after the IF condition is ignored ("ignoring extra text after IF statement"). A line inside IF..ENDIF that starts with white space is glued to the line before it: start it at column 1.`,
      });
    }
    return;
  }
  if (lower === 'endif' && !isAlnum(s[5])) {
    const keyword = span(line, 0, 5);
    const extraStart = skipSpace(s, 5);
    const extra = end > extraStart ? span(line, extraStart, end) : undefined;
    line.entry = { kind: 'endif', keyword, extra };
    if (extra) {
      addIssue(line, { kind: 'syntax', warning: true, at: extra, message: `Text after ENDIF is ignored ("ignoring extra text after ENDIF").` });
    }
    return;
  }
  addIssue(line, {
    kind: 'syntax',
    at: span(line, 0, end),
    message: `Not a rule: a ${flavour} table line starts with a delimited pattern such as /.../, "if" or "endif". Postfix ignores it ("ignoring unrecognized request").`,
  });
}

/** dict_cidr: "[!]pattern result", "if [!]pattern", "endif". */
function parseCidrLine(line: ParsedLine): void {
  const { text } = line;
  const s = text.text;
  const end = trimEnd(s, 0, s.length);
  let i = 0;
  while (i < end && !isSpace(s[i])) i++;
  const first = s.slice(0, i).toLowerCase();
  if (first === 'if') {
    const keyword = span(line, 0, 2);
    const at = skipSpace(s, i);
    if (at >= end) {
      addIssue(line, { kind: 'syntax', at: keyword, message: `IF without an address pattern: Postfix skips it ("no address pattern").` });
      return;
    }
    const { negated, patternStart } = cidrNegation(s, at, end);
    // The whole rest of the line is the pattern: "if 10.0.0.0/8 junk" is a bad pattern.
    line.entry = { kind: 'if', keyword, cidr: { negated, pattern: span(line, patternStart, end), whole: span(line, at, end) } };
    return;
  }
  if (first === 'endif') {
    const keyword = span(line, 0, 5);
    const extraStart = skipSpace(s, i);
    if (end > extraStart) {
      addIssue(line, {
        kind: 'syntax',
        at: span(line, extraStart, end),
        message: `Text after ENDIF: Postfix skips the whole line ("garbage after ENDIF"), so this ENDIF does not close anything.`,
      });
      return;
    }
    line.entry = { kind: 'endif', keyword };
    return;
  }
  const { negated, patternStart } = cidrNegation(s, 0, end);
  let k = patternStart;
  while (k < end && !isSpace(s[k])) k++;
  const pattern = span(line, patternStart, k);
  const valueStart = skipSpace(s, k);
  const value = end > valueStart ? span(line, valueStart, end) : undefined;
  line.entry = { kind: 'cidr', negated, pattern, whole: span(line, 0, k), value };
  if (!value) {
    addIssue(line, {
      kind: 'missing-value',
      at: span(line, 0, k),
      message: `"${s.slice(0, k)}" has no result: Postfix skips this rule ("no lookup result").`,
    });
  }
}

/** Leading "!" (maybe with white space after them) negate a cidr pattern. */
function cidrNegation(s: string, from: number, end: number): { negated: boolean; patternStart: number } {
  let negated = false;
  let i = from;
  if (s[i] !== '!') return { negated, patternStart: i };
  while (i < end && (s[i] === '!' || isSpace(s[i]))) {
    if (s[i] === '!') negated = !negated;
    i++;
  }
  return { negated, patternStart: i };
}

/** A key/value line's key and value as plain text (an empty value when it has none); undefined for other lines. */
export function pairText(line: TableLine): { key: string; value: string } | undefined {
  return line instanceof ParsedLine ? line.pairText() : undefined;
}

/** The logical line that holds a document line, by binary search. */
export function tableLineAt(parsed: ParsedTable, line: number): TableLine | undefined {
  const lines = parsed.lines;
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const l = lines[mid];
    if (line < l.start) hi = mid - 1;
    else if (line > l.end) lo = mid + 1;
    else return l;
  }
  return undefined;
}
