/**
 * Inline suppression comments (main.cf comments are whole lines):
 *   # postfix-lsp: disable-next-line unknown-parameter, duplicate-parameter
 *   # postfix-lsp: disable invalid-value          (the whole file)
 * Without codes, every diagnostic is silenced.
 */
import type { Diagnostic } from './diagnostics';
import type { Comment } from './syntax/mainCf';

const DIRECTIVE = /^\s*#\s*postfix-lsp:\s*(disable-next-line|disable)\b(.*)$/;

export interface Rule {
  /** lines of the logical line it silences; undefined: the whole file */
  lines?: { start: number; end: number };
  codes?: Set<string>;
}

export function suppressionRules(comments: readonly Comment[], nextLogicalLine: (line: number) => { start: number; end: number } | undefined): Rule[] {
  const rules: Rule[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const codes = m[2].split(/[\s,]+/).filter(Boolean);
    const rule: Rule = codes.length ? { codes: new Set(codes) } : {};
    if (m[1] === 'disable-next-line') {
      const lines = nextLogicalLine(c.line);
      if (!lines) continue;
      rule.lines = lines;
    }
    rules.push(rule);
  }
  return rules;
}

export function applySuppressions(diagnostics: Diagnostic[], rules: readonly Rule[]): Diagnostic[] {
  if (rules.length === 0) return diagnostics;
  return diagnostics.filter(
    (d) =>
      !rules.some(
        (r) => (!r.lines || (d.range.start.line >= r.lines.start && d.range.start.line <= r.lines.end)) && (!r.codes || r.codes.has(String(d.code))),
      ),
  );
}

type Lines = { start: number; end: number };

/**
 * The lines a `disable-next-line` comment on `line` silences: the next
 * entry that is not a comment or blank (with its continuation lines, when
 * `entryAt` knows one starting there), else that single line.
 */
export function nextLogicalLine(lines: readonly string[], line: number, entryAt: (line: number) => Lines | undefined): Lines | undefined {
  let next = line + 1;
  while (next < lines.length && /^\s*(#|$)/.test(lines[next])) next++;
  if (next >= lines.length) return undefined;
  return entryAt(next) ?? { start: next, end: next };
}
