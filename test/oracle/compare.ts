import type { Diagnostic } from 'vscode-languageserver-types';
import type { PostconfWarning } from './postconf';

const IGNORED_BY_POSTFIX = new Set(['unknown-parameter', 'parameter-newer-than-target', 'deprecated-parameter']);

/** The text a diagnostic covers (a one-line range). */
function covered(lines: string[], d: Diagnostic): string {
  return (lines[d.range.start.line] ?? '').slice(d.range.start.character, d.range.end.character);
}

export interface Comparison {
  /** postconf warnings we did not report at the place they concern */
  missing: string[];
  /** unknown-parameter / undefined-parameter-reference that postconf does not report */
  extra: string[];
}

export function compareWithPostconf(mainText: string, ours: Diagnostic[], warnings: PostconfWarning[]): Comparison {
  const lines = mainText.split('\n').map((l) => l.replace(/\r$/, ''));
  const result: Comparison = { missing: [], extra: [] };
  const main = warnings.filter((w) => w.file === 'main.cf');
  const has = (pred: (d: Diagnostic) => boolean): boolean => ours.some(pred);
  for (const w of main) {
    const line = w.line === undefined ? undefined : w.line - 1;
    const found =
      w.kind === 'unused'
        ? has((d) => IGNORED_BY_POSTFIX.has(String(d.code)) && covered(lines, d) === w.name)
        : w.kind === 'undefined'
          ? has((d) => d.code === 'undefined-parameter-reference' && covered(lines, d) === w.name)
          : w.kind === 'overriding'
            ? has((d) => d.code === 'duplicate-parameter' && d.range.start.line === line)
            : w.kind === 'read-only'
              ? has((d) => d.code === 'read-only-parameter' && covered(lines, d) === w.name)
              : w.kind === 'syntax'
                ? has((d) => d.code === 'syntax-error' && (line === undefined || d.range.start.line === line))
                : true;
    if (!found) result.missing.push(w.text);
  }
  const unused = new Set(main.filter((w) => w.kind === 'unused').map((w) => w.name));
  const undefinedNames = new Set(main.filter((w) => w.kind === 'undefined').map((w) => w.name));
  for (const d of ours) {
    const name = covered(lines, d);
    if (d.code === 'unknown-parameter' && !unused.has(name)) result.extra.push(`line ${d.range.start.line + 1}: ${d.message}`);
    if (d.code === 'undefined-parameter-reference' && !undefinedNames.has(name)) result.extra.push(`line ${d.range.start.line + 1}: ${d.message}`);
  }
  return result;
}
