import type { Position, Range } from 'vscode-languageserver-types';
import { countBefore } from './arrays';

export type { Position, Range };

export const range = (line: number, start: number, endLine: number, end: number): Range => ({
  start: { line, character: start },
  end: { line: endLine, character: end },
});

export const contains = (r: Range, p: Position): boolean =>
  (p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character)) &&
  (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));

/** Postfix's ISSPACE: white space of the C locale, ASCII only. */
export const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

/**
 * Physical lines without their terminators, split where an editor splits
 * them: at "\r\n", "\n" and a lone "\r". Postfix reads a lone CR as part of
 * the line, but positions must be the ones the editor shows.
 */
export function splitLines(text: string): string[] {
  if (!text.includes('\r')) return text.split('\n');
  return text.split(/\r\n|\r|\n/);
}

/** Lines an edit replaced: `removed` lines from `first` on became `inserted` lines. */
export interface LineSplice {
  first: number;
  removed: number;
  inserted: number;
}

/** A piece of a logical value: text that starts at this document position. */
export interface SourcePiece {
  line: number;
  character: number;
  text: string;
}

/**
 * A logical value assembled from pieces of physical lines, with the way back
 * from an offset in the joined text to a document position.
 */
export class SourceText {
  readonly text: string;
  /** where each piece starts in the joined text; undefined for a single piece, the common case */
  private readonly starts?: readonly number[];

  /**
   * @param base offset 0 of this view is this offset of the joined text
   * @param joined a view of the same pieces whose text and starts to share
   */
  constructor(
    private readonly pieces: readonly SourcePiece[],
    private readonly base = 0,
    joined?: SourceText,
  ) {
    if (joined) {
      this.text = joined.text;
      this.starts = joined.starts;
    } else if (pieces.length <= 1) {
      this.text = pieces[0]?.text ?? '';
    } else {
      const starts: number[] = [];
      let text = '';
      for (const p of pieces) {
        if (starts.length > 0) text += '\n';
        starts.push(text.length);
        text += p.text;
      }
      this.text = text;
      this.starts = starts;
    }
  }

  /** The line of the first piece. */
  get firstLine(): number {
    return this.pieces[0]?.line ?? 0;
  }

  /** The line of the last piece. */
  get lastLine(): number {
    return this.pieces[this.pieces.length - 1]?.line ?? 0;
  }

  /**
   * Moves every piece by a number of lines, for an edit above them. Views
   * made with from() share the pieces and move with them.
   */
  moveBy(lines: number): void {
    for (const piece of this.pieces) piece.line += lines;
  }

  /** The same text seen from `base`, so that offsets inside a value map directly. */
  from(base: number): SourceText {
    return new SourceText(this.pieces, this.base + base, this);
  }

  position(at: number): Position {
    const offset = at + this.base;
    const starts = this.starts;
    if (!starts) {
      const piece = this.pieces[0];
      return piece ? { line: piece.line, character: piece.character + offset } : { line: 0, character: offset };
    }
    const i = Math.max(0, countBefore(starts.length, (n) => starts[n] <= offset) - 1);
    const piece = this.pieces[i];
    return { line: piece.line, character: piece.character + offset - starts[i] };
  }

  /** Offset in this view of a document position, or undefined when the position is on no piece. */
  offsetAt(p: Position): number | undefined {
    const i = this.pieces.findIndex((piece) => piece.line === p.line);
    if (i < 0) return undefined;
    return (this.starts?.[i] ?? 0) + Math.max(0, p.character - this.pieces[i].character) - this.base;
  }

  /** Text between two offsets of this view; unlike a trimmed value it keeps trailing blanks. */
  slice(start: number, end: number): string {
    return this.text.slice(start + this.base, end + this.base);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}
