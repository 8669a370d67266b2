/**
 * An open document kept as its lines. An edit replaces the lines it touches;
 * the usual implementation rebuilds one string of the whole text instead,
 * which costs tens of milliseconds per keystroke in a map of megabytes. The
 * whole text is joined only when asked for, and kept until the next edit.
 * Lines end at "\r\n", "\r" or "\n", as LSP positions count them.
 */
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { countBefore, spliceAll } from './syntax/arrays';
import type { LineSplice } from './syntax/text';

export type { LineSplice };

const BREAK = /\r\n|\r|\n/g;

/** How many edits are remembered: a reader further behind reads the whole text again. */
const MAX_LOGGED = 64;

/** One splice covering `a` followed by `b` (b's lines counted after a). */
function compose(a: LineSplice, b: LineSplice): LineSplice {
  const first = Math.min(a.first, b.first);
  // the end of both, counted in the lines between the two edits
  const end = Math.max(a.first + a.inserted, b.first + b.removed);
  return { first, removed: end - a.inserted + a.removed - first, inserted: end + b.inserted - b.removed - first };
}

/**
 * The lines of a text and the break after each (empty after the last);
 * without `breaks` when every line but the last ends with "\n", as most do.
 */
function split(text: string): { lines: string[]; breaks?: string[] } {
  if (!text.includes('\r')) return { lines: text.split('\n') };
  const lines: string[] = [];
  const breaks: string[] = [];
  let from = 0;
  BREAK.lastIndex = 0;
  for (let m = BREAK.exec(text); m; m = BREAK.exec(text)) {
    lines.push(text.slice(from, m.index));
    breaks.push(m[0]);
    from = m.index + m[0].length;
  }
  lines.push(text.slice(from));
  breaks.push('');
  return { lines, breaks };
}

/** The breaks of `lines` lines that all end with "\n" but the last. */
const newlines = (lines: number): string[] => Array.from({ length: lines }, (_, i) => (i < lines - 1 ? '\n' : ''));

export class LineDocument implements TextDocument {
  private lines: string[];
  /** the break after each line; undefined while every line but the last ends with "\n" (an array of 200,000 "\n" is 1.6 MB) */
  private breaks?: string[];
  private joined?: string;
  private offsets?: number[];
  private size: number;
  /** the splices of the latest edits, each with the version it made */
  private log: { version: number; splice: LineSplice }[] = [];
  /** versions at or before this one are not in the log */
  private loggedSince: number;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    ({ lines: this.lines, breaks: this.breaks } = split(text));
    this.joined = text;
    this.size = text.length;
    this.loggedSince = version;
  }

  /**
   * The document's lines, shared, not copied: they change with the next
   * edit, so a reader keeps them only as long as it keeps up with the edits
   * (see splicesSince).
   */
  get lineArray(): readonly string[] {
    return this.lines;
  }

  /**
   * The lines that changed since `version`, as one splice that covers every
   * edit made since (an empty one when nothing changed); undefined when that
   * is not known: the whole text was replaced, or too many edits ago.
   */
  splicesSince(version: number): LineSplice | undefined {
    if (version < this.loggedSince) return undefined;
    let merged: LineSplice | undefined;
    for (const entry of this.log) if (entry.version > version) merged = merged ? compose(merged, entry.splice) : entry.splice;
    return merged ?? { first: 0, removed: 0, inserted: 0 };
  }

  get lineCount(): number {
    return this.lines.length;
  }

  /** The length of the text, without joining it. */
  get length(): number {
    return this.size;
  }

  getText(range?: Range): string {
    if (!range) return (this.joined ??= this.breaks ? this.lines.map((line, i) => line + this.breakAfter(i)).join('') : this.lines.join('\n'));
    const { start, end } = this.ordered(range);
    if (start.line === end.line) return this.lines[start.line].slice(start.character, end.character);
    const parts = [this.lines[start.line].slice(start.character) + this.breakAfter(start.line)];
    for (let n = start.line + 1; n < end.line; n++) parts.push(this.lines[n] + this.breakAfter(n));
    parts.push(this.lines[end.line].slice(0, end.character));
    return parts.join('');
  }

  /** One line's text without its break; empty past the end. */
  line(n: number): string {
    return this.lines[n] ?? '';
  }

  getLineRange(line: number): Range {
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const n = Math.min(line, this.lines.length - 1);
    return { start: { line: n, character: 0 }, end: { line: n, character: this.lines[n].length } };
  }

  getEOLCharacters(line: number): string {
    return line >= 0 && line < this.lines.length ? this.breakAfter(line) : '';
  }

  offsetAt(position: Position): number {
    const { line, character } = this.clamp(position);
    return this.lineOffsets()[line] + character;
  }

  positionAt(offset: number): Position {
    const offsets = this.lineOffsets();
    const at = Math.max(0, Math.min(offset, this.size));
    const line = Math.max(0, countBefore(offsets.length, (n) => offsets[n] <= at) - 1);
    return { line, character: Math.min(at - offsets[line], this.lines[line].length) };
  }

  /** Applies the changes of one notification, in order. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): this {
    for (const change of changes) {
      if (!('range' in change)) {
        ({ lines: this.lines, breaks: this.breaks } = split(change.text));
        this.size = change.text.length;
        this.log = [];
        this.loggedSince = version;
        continue;
      }
      const { start, end } = this.ordered(change.range);
      // From the line before (its break may join a "\n" typed at the start into "\r\n") to the break after the edit.
      const first = Math.max(0, start.line - 1);
      const head = first < start.line ? this.lines[first] + this.breakAfter(first) : '';
      const last = this.breakAfter(end.line);
      const segment = head + this.lines[start.line].slice(0, start.character) + change.text + this.lines[end.line].slice(end.character) + last;
      const replaced = split(segment);
      if (last !== '') {
        // the empty piece after the final break is the start of the next, untouched line
        replaced.lines.pop();
        replaced.breaks?.pop();
      }
      let removed = 0;
      for (let n = first; n <= end.line; n++) removed += this.lines[n].length + this.breakAfter(n).length;
      this.size += segment.length - removed;
      if (replaced.breaks || this.breaks) {
        // the replaced lines keep their breaks; the last of them is followed by what followed the edit
        this.breaks ??= newlines(this.lines.length);
        const breaks = replaced.breaks ?? replaced.lines.map((_, i) => (i < replaced.lines.length - 1 || last !== '' ? '\n' : ''));
        spliceAll(this.breaks, first, end.line - first + 1, breaks);
      }
      spliceAll(this.lines, first, end.line - first + 1, replaced.lines);
      this.log.push({ version, splice: { first, removed: end.line - first + 1, inserted: replaced.lines.length } });
    }
    if (this.log.length > MAX_LOGGED) {
      const dropped = this.log.splice(0, this.log.length - MAX_LOGGED);
      this.loggedSince = dropped[dropped.length - 1].version;
    }
    this.joined = undefined;
    this.offsets = undefined;
    this.version = version;
    return this;
  }

  private breakAfter(line: number): string {
    if (this.breaks) return this.breaks[line];
    return line < this.lines.length - 1 ? '\n' : '';
  }

  /** A position inside the text, as the standard document clamps it. */
  private clamp(p: Position): Position {
    if (p.line < 0) return { line: 0, character: 0 };
    if (p.line >= this.lines.length) {
      const last = this.lines.length - 1;
      return { line: last, character: this.lines[last].length };
    }
    return { line: p.line, character: Math.max(0, Math.min(p.character, this.lines[p.line].length)) };
  }

  private ordered(range: Range): { start: Position; end: Position } {
    const a = this.clamp(range.start);
    const b = this.clamp(range.end);
    return a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a };
  }

  private lineOffsets(): number[] {
    if (!this.offsets) {
      const offsets = new Array<number>(this.lines.length);
      let at = 0;
      for (let n = 0; n < this.lines.length; n++) {
        offsets[n] = at;
        at += this.lines[n].length + this.breakAfter(n).length;
      }
      this.offsets = offsets;
    }
    return this.offsets;
  }
}
