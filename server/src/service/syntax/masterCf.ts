/**
 * master.cf as Postfix reads it.
 *
 * - '#' starts a comment only as the first non-blank character of a line;
 *   blank and comment lines are skipped without ending an entry.
 * - A line starting with whitespace continues the entry above it.
 * - An entry is split into words at blanks, except inside { } anywhere in a
 *   word (Postfix's mystrtokq): `{ a b }` and `name={a b}` are one word each.
 * - The first eight words are the columns; the rest are the command's
 *   arguments. Arguments that start with '{' lose their outer braces and the
 *   blanks just inside them (Postfix 3.0 and later).
 * - Leading options are read the way the daemons' getopt reads them
 *   (`-o name=value`, `-oname=value`, `-vo name=value`, `-o { name = value }`);
 *   the first non-option argument or `--` ends them.
 * - pipe(8) services: `name=value` attributes, then `argv=` and the command,
 *   whose `${macros}` are recorded.
 *
 * The parser never throws and its work is linear in the size of the text.
 */
import type { Comment } from './mainCf';
import { scanExpansions, type Reference } from './expansion';
import type { Setting } from './setting';
import { SourceText, range, splitLines, type Range } from './text';

export interface Field {
  text: string;
  range: Range;
  /** offsets in the entry's logical text (Service.source) */
  start: number;
  end: number;
}

export interface Columns {
  service: Field;
  type: Field;
  private: Field;
  unpriv: Field;
  chroot: Field;
  wakeup: Field;
  maxproc: Field;
  command: Field;
}

export const COLUMN_NAMES = ['service', 'type', 'private', 'unpriv', 'chroot', 'wakeup', 'maxproc', 'command'] as const;
export type ColumnName = (typeof COLUMN_NAMES)[number];

/** A command argument (a word after the command column). */
export interface Arg extends Field {
  /** what the daemon receives: the word without its outer { } and the blanks inside them */
  value: string;
  valueStart: number;
  braced: boolean;
}

/** `-o name=value` of a service: a parameter setting for that service alone. */
export interface Override extends Setting {
  /** `-o name=value`, `-o { name = value }`, or `-oname=value` in one word */
  form: 'short' | 'long' | 'joined';
  /** index in Service.args of the word holding "-o" */
  argIndex: number;
  /** index of the last word of the option (the value word, or argIndex when joined) */
  lastArgIndex: number;
}

export interface PipeMacro {
  name: string;
  /** the name only */
  nameRange: Range;
  /** the whole $name / ${name} / $(name) */
  range: Range;
}

export interface PipeAttribute {
  name: string;
  value: string;
  nameRange: Range;
  range: Range;
}

export interface PipeCommand {
  attributes: PipeAttribute[];
  /** the words of argv=..., the first one without "argv=" */
  argv: { value: string; range: Range }[];
  macros: PipeMacro[];
}

export interface MasterProblem {
  range: Range;
  message: string;
  /** error: Postfix refuses it; warning: Postfix goes on, maybe not as intended */
  severity: 'error' | 'warning';
}

export interface Service {
  name: string;
  type: string;
  /** argv[0] of the command column, e.g. smtpd, smtp, pipe */
  command: string;
  nameRange: Range;
  /** the entry from its first character to the end of its last line */
  range: Range;
  overrides: Override[];
  columns: Columns;
  args: Arg[];
  /** index in args of the first argument that is not an option (args.length when all are) */
  optionsEnd: number;
  pipe?: PipeCommand;
  /** lines of the entry, comment lines inside it included */
  startLine: number;
  endLine: number;
  /** the entry's logical text, its physical lines joined with "\n" */
  source: SourceText;
  problems: MasterProblem[];
  /** a service in a comment ("#submission inet ..."), shown in the outline only */
  commented: boolean;
}

export interface MasterCf {
  /** the physical lines, without terminators */
  lines: string[];
  services: Service[];
  /** services that are commented out, for the outline */
  commented: Service[];
  /** lines that are no service: too few fields, a continuation with nothing to continue */
  problems: MasterProblem[];
  comments: Comment[];
}

export const SERVICE_TYPES = ['inet', 'unix', 'unix-dgram', 'fifo', 'pass'] as const;

// An entry may hold thousands of arguments, options and macros, and few of
// their ranges are ever asked for (a diagnostic, the word under the cursor).
// The classes below keep offsets and work their ranges out on demand: a
// range and its two positions would triple what the model keeps of each
// word, and the collector's work with it.

class Word implements Arg {
  readonly #source: SourceText;

  constructor(
    source: SourceText,
    readonly text: string,
    readonly start: number,
    readonly end: number,
    readonly value: string,
    readonly valueStart: number,
    readonly braced: boolean,
  ) {
    this.#source = source;
  }

  get range(): Range {
    return this.#source.range(this.start, this.end);
  }
}

class Option implements Override {
  readonly #source: SourceText;
  readonly #optionStart: number;
  readonly #nameStart: number;
  readonly #valueStart: number;
  readonly #valueEnd: number;
  readonly #end: number;

  constructor(
    source: SourceText,
    readonly name: string,
    readonly value: string,
    readonly references: Reference[],
    readonly form: Override['form'],
    readonly argIndex: number,
    readonly lastArgIndex: number,
    /** offsets in the entry: "-o", the name, the value and its end, the end of the option */
    optionStart: number,
    nameStart: number,
    valueStart: number,
    valueEnd: number,
    end: number,
  ) {
    this.#source = source;
    this.#optionStart = optionStart;
    this.#nameStart = nameStart;
    this.#valueStart = valueStart;
    this.#valueEnd = valueEnd;
    this.#end = end;
  }

  get nameRange(): Range {
    return this.#source.range(this.#nameStart, this.#nameStart + this.name.length);
  }

  get valueRange(): Range {
    return this.#source.range(this.#valueStart, this.#valueEnd);
  }

  get range(): Range {
    return this.#source.range(this.#optionStart, this.#end);
  }

  get source(): SourceText {
    return this.#source.from(this.#valueStart);
  }
}

class Macro implements PipeMacro {
  readonly #source: SourceText;

  constructor(
    source: SourceText,
    readonly name: string,
    readonly nameStart: number,
    readonly start: number,
    readonly end: number,
  ) {
    this.#source = source;
  }

  get nameRange(): Range {
    return this.#source.range(this.nameStart, this.nameStart + this.name.length);
  }

  get range(): Range {
    return this.#source.range(this.start, this.end);
  }
}

class ArgvWord {
  readonly #source: SourceText;

  constructor(
    source: SourceText,
    readonly value: string,
    readonly start: number,
  ) {
    this.#source = source;
  }

  get range(): Range {
    return this.#source.range(this.start, this.start + this.value.length);
  }
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\v' || c === '\f';

/** isBlank on a character code: the scanners below read codes, which allocate nothing. */
const isBlankCode = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const EQUALS = 61;

export interface Token {
  text: string;
  start: number;
  end: number;
  /** a '{' in the word that is never closed: the word runs to the end of the entry */
  unclosed: boolean;
}

/** Postfix's mystrtokq: words split at blanks, but not inside { } anywhere in a word. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  scanWords(text, (start, end, unclosed) => {
    out.push({ text: text.slice(start, end), start, end, unclosed });
  });
  return out;
}

/** tokenize without the Token objects, for the parser: an entry may have thousands of words, and a list of them would outlive several collections. */
function scanWords(text: string, visit: (start: number, end: number, unclosed: boolean) => void): void {
  // isBlankCode written out: this loop sees every character, mostly before it is optimized, when each call counts
  const length = text.length;
  let i = 0;
  while (i < length) {
    let c = text.charCodeAt(i);
    while (c === 32 || (c >= 9 && c <= 13)) c = text.charCodeAt(++i); // NaN past the end stops it
    if (i >= length) break;
    const start = i;
    let level = 0;
    for (; i < length; i++) {
      c = text.charCodeAt(i);
      if (c === OPEN_BRACE) level++;
      else if (c === CLOSE_BRACE) {
        if (level > 0) level--;
      } else if (level === 0 && (c === 32 || (c >= 9 && c <= 13))) break;
    }
    visit(start, i, level > 0);
  }
}

/** Index just after the '}' that closes the '{' at `open`, or -1 (Postfix's balpar). */
function closing(text: string, open: number, end: number): number {
  let level = 0;
  for (let i = open; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE) level++;
    else if (c === CLOSE_BRACE && --level === 0) return i + 1;
  }
  return -1;
}

/** Postfix's daemon options (getopt "cdDi:lm:n:o:s:St:uvVz"): these take a value. */
const VALUE_OPTIONS = new Set(['i', 'm', 'n', 'o', 's', 't']);
const FLAG_OPTIONS = new Set(['c', 'd', 'D', 'l', 'S', 'u', 'v', 'V', 'z']);

interface Piece {
  line: number;
  character: number;
  text: string;
}

interface RawEntry {
  pieces: Piece[];
  /** last line of the entry, comment lines inside it included */
  endLine: number;
  commented: boolean;
}

const TEMPLATE = /\{[{%#]|[%#}]\}/;

export function parseMasterCf(text: string): MasterCf {
  const lines = splitLines(text);
  const result: MasterCf = { lines, services: [], commented: [], problems: [], comments: [] };
  const entries: RawEntry[] = [];
  let current: RawEntry | undefined;
  /** a commented-out entry being read ("#name type ..." then "#  -o ...") */
  let commented: RawEntry | undefined;
  /** the line where the last commented-out service started, while `current` is open */
  let commentedSince: number | undefined;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    let first = 0;
    while (first < line.length && isBlank(line[first])) first++;
    if (first === line.length) {
      commented = undefined;
      continue;
    }
    if (line[first] === '#') {
      result.comments.push({ line: n, text: line });
      commented = commentedLine(line, first, n, commented, entries);
      if (commented && commented.pieces.length === 1 && commented.pieces[0].line === n && current) commentedSince ??= n;
      continue;
    }
    commented = undefined;
    if (first > 0) {
      if (current) {
        if (commentedSince !== undefined) {
          result.problems.push({
            range: range(n, first, n, line.length),
            message:
              `This line continues the entry on line ${current.pieces[0].line + 1}, not the commented-out service on line ${commentedSince + 1}: ` +
              'comment lines do not end an entry. Comment this line out too, or move it.',
            severity: 'warning',
          });
        }
        current.pieces.push({ line: n, character: 0, text: line });
        current.endLine = n;
      } else {
        result.problems.push({
          range: range(n, first, n, line.length),
          message:
            'A line that starts with whitespace continues the entry above it, but there is none; Postfix skips it (postconf: logical line must not start with whitespace).',
          severity: 'warning',
        });
      }
      continue;
    }
    current = { pieces: [{ line: n, character: 0, text: line }], endLine: n, commented: false };
    commentedSince = undefined;
    entries.push(current);
  }
  for (const entry of entries) {
    const parsed = parseEntry(entry, result);
    if (!parsed) continue;
    if (entry.commented) result.commented.push(parsed);
    else result.services.push(parsed);
  }
  return result;
}

/** Follows commented-out services: "#name type ..." starts one, "#  -o ..." continues it. */
function commentedLine(line: string, hash: number, n: number, open: RawEntry | undefined, entries: RawEntry[]): RawEntry | undefined {
  let at = hash + 1;
  const body = line.slice(at);
  if (body.trim() === '' || body.startsWith('#')) return undefined;
  if (isBlank(body[0])) {
    if (!open) return undefined;
    while (at < line.length && isBlank(line[at])) at++;
    // only option-, attribute- or macro-like words continue a commented-out service; prose in between is skipped
    if (!/^(-|\{|\$|[A-Za-z_]+=)/.test(line.slice(at))) return open;
    open.pieces.push({ line: n, character: hash + 1, text: body });
    open.endLine = n;
    return open;
  }
  const words = tokenize(body);
  if (words.length < 8 || !looksLikeService(words.map((w) => w.text))) return undefined;
  const entry: RawEntry = { pieces: [{ line: n, character: hash + 1, text: body }], endLine: n, commented: true };
  entries.push(entry);
  return entry;
}

function looksLikeService(words: string[]): boolean {
  return (
    (SERVICE_TYPES as readonly string[]).includes(words[1]) &&
    words.slice(2, 5).every((w) => /^[yn-]$/.test(w)) &&
    /^(-|\d+\??)$/.test(words[5]) &&
    /^(-|\d+)$/.test(words[6]) &&
    /^[A-Za-z0-9_/.-]+$/.test(words[7])
  );
}

function parseEntry(entry: RawEntry, out: MasterCf): Service | undefined {
  const source = new SourceText(entry.pieces);
  const text = source.text;
  const first = entry.pieces[0];
  const last = entry.pieces[entry.pieces.length - 1];
  const whole: Range = { start: { line: first.line, character: first.character }, end: { line: last.line, character: last.character + last.text.length } };
  const problems: MasterProblem[] = [];
  /** the columns; the words after them become arguments as they are read */
  const words: Token[] = [];
  const args: Arg[] = [];
  scanWords(text, (start, end, open) => {
    if (words.length < 8) words.push({ text: text.slice(start, end), start, end, unclosed: open });
    else args.push(argument(start, end, open, text, source, problems));
  });
  // a word with an unclosed '{' runs to the end of the entry, so only the last column can be one
  const unclosed = words.find((w) => w.unclosed);
  if (words.length < 8) {
    if (entry.commented) return undefined;
    const names = COLUMN_NAMES.slice(words.length).join(', ');
    const template = TEMPLATE.test(text) ? ' It looks like template syntax ({% %}, {{ }}, {# #}): Postfix reads the rendered file, not the template.' : '';
    const brace = unclosed ? ` A '{' at "${clip(unclosed.text)}" is never closed, so the rest of the entry is one word.` : '';
    out.problems.push({
      range: source.range(words[0]?.start ?? 0, words[words.length - 1]?.end ?? text.length),
      message:
        `An entry needs 8 fields (service, type, private, unpriv, chroot, wakeup, maxproc, command); this one has ${words.length}, ` +
        `missing ${names}. Postfix refuses the whole master.cf (postconf: bad field count).${brace}${template}`,
      severity: 'error',
    });
    return undefined;
  }
  const field = (t: Token): Field => ({ text: t.text, range: source.range(t.start, t.end), start: t.start, end: t.end });
  const columns = Object.fromEntries(COLUMN_NAMES.map((name, i) => [name, field(words[i])])) as unknown as Columns;
  if (unclosed) problems.push(unbalanced(source, unclosed));
  const overrides: Override[] = [];
  const optionsEnd = readOptions(args, source, overrides, problems);
  const command = columns.command.text;
  const service: Service = {
    name: columns.service.text,
    type: columns.type.text,
    command,
    nameRange: columns.service.range,
    range: whole,
    overrides,
    columns,
    args,
    optionsEnd,
    startLine: first.line,
    endLine: entry.endLine,
    source,
    problems,
    commented: entry.commented,
  };
  if (command.replace(/^.*\//, '') === 'pipe') service.pipe = pipeCommand(args, optionsEnd, source);
  return service;
}

const clip = (s: string): string => (s.length > 40 ? s.slice(0, 40) + '…' : s);

function unbalanced(source: SourceText, w: { start: number; end: number; text: string }): MasterProblem {
  return {
    range: source.range(w.start, w.end),
    message: `Missing '}' in "${clip(w.text)}": the master daemon refuses the entry (postconf: missing '}').`,
    severity: 'error',
  };
}

/** A command argument, with Postfix's removal of outer { } (extpar). */
function argument(start: number, end: number, unclosed: boolean, text: string, source: SourceText, problems: MasterProblem[]): Arg {
  const word = text.slice(start, end);
  if (text.charCodeAt(start) !== OPEN_BRACE) {
    if (unclosed) problems.push(unbalanced(source, { start, end, text: word }));
    return new Word(source, word, start, end, word, start, false);
  }
  const close = closing(text, start, end);
  let innerEnd = end;
  if (close < 0) problems.push(unbalanced(source, { start, end, text: word }));
  else {
    innerEnd = close - 1;
    if (close < end) {
      problems.push({
        range: source.range(close, end),
        message: `Text after the closing '}' in "${clip(word)}": the master daemon refuses the entry. Put a blank after '}' or move the text inside.`,
        severity: 'error',
      });
    }
  }
  let s = start + 1;
  let e = innerEnd;
  while (s < e && isBlankCode(text.charCodeAt(s))) s++;
  while (e > s && isBlankCode(text.charCodeAt(e - 1))) e--;
  return new Word(source, word, start, end, text.slice(s, e), s, true);
}

/** getopt over the leading options; returns the index of the first non-option argument. */
function readOptions(args: Arg[], source: SourceText, overrides: Override[], problems: MasterProblem[]): number {
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i];
    const t = arg.text;
    if (t === '--') return i + 1;
    if (arg.braced || !t.startsWith('-') || t === '-') return i;
    for (let j = 1; j < t.length; j++) {
      const c = t[j];
      if (VALUE_OPTIONS.has(c)) {
        if (j + 1 < t.length) {
          if (c === 'o') addOverride(source, overrides, problems, arg, arg, i, i, t.slice(j + 1), arg.start + j + 1, 'joined');
        } else if (i + 1 < args.length) {
          const value = args[i + 1];
          if (c === 'o') addOverride(source, overrides, problems, arg, value, i, i + 1, value.value, value.valueStart, value.braced ? 'long' : 'short');
          i++;
        } else {
          problems.push({
            range: arg.range,
            message: `-${c} at the end of the command needs a value${c === 'o' ? ' (name=value)' : ''}: the daemon stops at start-up (invalid option).`,
            severity: 'error',
          });
        }
        break;
      }
      if (!FLAG_OPTIONS.has(c)) {
        problems.push({
          range: source.range(arg.start + j, arg.start + j + 1),
          message: `"-${c}" is not an option of the Postfix daemons (they take -o name=value, -v, -D and a few that master sets itself); the daemon stops at start-up (invalid option).`,
          severity: 'error',
        });
        break; // one report per word: getopt stops there
      }
    }
  }
  return i;
}

/** Postfix's split_nameval on the value of -o: blanks around the name and the value are dropped. */
function addOverride(
  source: SourceText,
  overrides: Override[],
  problems: MasterProblem[],
  /** the word holding "-o" */
  option: Arg,
  /** the word holding name=value: `option` when joined */
  word: Arg,
  argIndex: number,
  lastArgIndex: number,
  body: string,
  bodyStart: number,
  form: Override['form'],
): void {
  const length = body.length;
  let p = 0;
  while (p < length && isBlankCode(body.charCodeAt(p))) p++;
  const nameStart = p;
  while (p < length && !isBlankCode(body.charCodeAt(p)) && body.charCodeAt(p) !== EQUALS) p++;
  const name = body.slice(nameStart, p);
  while (p < length && isBlankCode(body.charCodeAt(p))) p++;
  if (name === '' || body.charCodeAt(p) !== EQUALS) {
    problems.push({
      range: body.trim() === '' ? source.range(option.start, word.end) : source.range(bodyStart + nameStart, bodyStart + body.length),
      message:
        name === ''
          ? `-o needs name=value; "${clip(body)}" has no parameter name: the daemon stops at start-up (missing attribute name).`
          : `-o needs name=value; "${clip(body)}" has no '=' after the name: the daemon stops at start-up (missing '=' after attribute name).`,
      severity: 'error',
    });
    return;
  }
  p++;
  while (p < length && isBlankCode(body.charCodeAt(p))) p++;
  let end = length;
  while (end > p && isBlankCode(body.charCodeAt(end - 1))) end--;
  const value = body.slice(p, end);
  // most values have no $name: skip the scanner and its result objects
  const references = value.includes('$') ? scanExpansions(value).references : [];
  overrides.push(
    new Option(source, name, value, references, form, argIndex, lastArgIndex, option.start, bodyStart + nameStart, bodyStart + p, bodyStart + end, word.end),
  );
}

/** pipe(8): attributes up to argv=, then the command and its ${macros}. */
function pipeCommand(args: Arg[], from: number, source: SourceText): PipeCommand {
  const pipe: PipeCommand = { attributes: [], argv: [], macros: [] };
  let inArgv = false;
  // index loops: the command may have thousands of words, and the loop runs once, mostly before it is optimized
  for (let i = from; i < args.length; i++) {
    const arg = args[i];
    let value = arg.value;
    let start = arg.valueStart;
    if (!inArgv) {
      const eq = value.indexOf('=');
      const name = eq > 0 ? value.slice(0, eq) : value;
      pipe.attributes.push({ name, value: eq > 0 ? value.slice(eq + 1) : '', nameRange: source.range(start, start + name.length), range: arg.range });
      if (name !== 'argv' || eq < 0) continue;
      inArgv = true;
      value = value.slice(eq + 1);
      start += eq + 1;
      if (value === '') continue;
    }
    pipe.argv.push(new ArgvWord(source, value, start));
    if (!value.includes('$')) continue;
    const references = scanExpansions(value).references;
    for (let j = 0; j < references.length; j++) {
      const r = references[j];
      pipe.macros.push(new Macro(source, r.name, start + r.nameStart, start + r.start, start + r.end));
    }
  }
  return pipe;
}
