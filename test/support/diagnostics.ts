/** Reading diagnostics and applying their quick fixes, as the unit tests of checks do. */
import type { CheckReport } from '../../server/src/service';
import type { Code, Diagnostic, Fix, FixData } from '../../server/src/service/diagnostics';
import type { Position } from '../../server/src/service/syntax/text';

export const withCode = (report: CheckReport, code: Code): Diagnostic[] => report.diagnostics.filter((d) => d.code === code);
export const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
export const fixes = (d: Diagnostic): Fix[] => (d.data as FixData | undefined)?.fixes ?? [];

/** `source` with a fix's edits applied, the last edit first so that offsets stay true. */
export function apply(source: string, fix: Fix): string {
  const lines = source.split('\n');
  const offset = (p: Position): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = source;
  for (const e of [...fix.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}
