import type { Span, TableLine } from '../../syntax/table';
import type { ParsedTable } from '../../syntax/table';
import type { Range } from '../../syntax/text';

export interface TableResult {
  line: TableLine;
  value: Span;
  /** the value may hold $1 substitutions (regexp and pcre tables) */
  substituted: boolean;
}

/** Every result of a table, whatever its flavour, one at a time: a big table has hundreds of thousands. */
export function* tableResults(parsed: ParsedTable): Generator<TableResult> {
  const substituted = parsed.flavour === 'regexp' || parsed.flavour === 'pcre';
  for (const line of parsed.lines) {
    const entry = line.entry;
    if (!entry) continue;
    if ((entry.kind === 'pair' || entry.kind === 'cidr' || entry.kind === 'pattern') && entry.value) yield { line, value: entry.value, substituted };
  }
}

/** The document range of [from, to) inside a result. */
export const rangeIn = (r: TableResult, from: number, to: number): Range => r.line.text.range(r.value.start + from, r.value.start + to);
