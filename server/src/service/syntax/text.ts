import type { Position, Range } from 'vscode-languageserver-types';

export type { Position, Range };

export const range = (line: number, start: number, endLine: number, end: number): Range => ({
  start: { line, character: start },
  end: { line: endLine, character: end },
});

export const contains = (r: Range, p: Position): boolean =>
  (p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character)) &&
  (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));

/** Physical lines without their terminators; CR of a CRLF ending is dropped. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/**
 * A logical value assembled from pieces of physical lines, with the way back
 * from an offset in the joined text to a document position.
 */
export class SourceText {
  readonly text: string;
  private readonly starts: number[] = [];
  private readonly pieces: { line: number; character: number }[] = [];
  /** offset 0 of this view is this offset of the joined text */
  private base = 0;

  constructor(pieces: { line: number; character: number; text: string }[]) {
    let text = '';
    for (const p of pieces) {
      if (text.length > 0) text += '\n';
      this.starts.push(text.length);
      this.pieces.push({ line: p.line, character: p.character });
      text += p.text;
    }
    this.text = text;
  }

  /** The same text seen from `base`, so that offsets inside a value map directly. */
  from(base: number): SourceText {
    const view = Object.assign(Object.create(SourceText.prototype) as SourceText, this);
    view.base = this.base + base;
    return view;
  }

  position(at: number): Position {
    const offset = at + this.base;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const piece = this.pieces[lo] ?? { line: 0, character: 0 };
    return { line: piece.line, character: piece.character + offset - (this.starts[lo] ?? 0) };
  }

  /** Offset in this view of a document position, or undefined when the position is on no piece. */
  offsetAt(p: Position): number | undefined {
    const i = this.pieces.findIndex((piece) => piece.line === p.line);
    if (i < 0) return undefined;
    return this.starts[i] + Math.max(0, p.character - this.pieces[i].character) - this.base;
  }

  /** Text between two offsets of this view; unlike a trimmed value it keeps trailing blanks. */
  slice(start: number, end: number): string {
    return this.text.slice(start + this.base, end + this.base);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}
