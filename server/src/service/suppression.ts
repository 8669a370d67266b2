/**
 * Inline suppression comments (main.cf comments are whole lines):
 *   # postfix-lsp: disable-next-line unknown-parameter, duplicate-parameter
 *   # postfix-lsp: disable invalid-value          (the whole file)
 * Without codes, every diagnostic is silenced.
 *
 * A file may hold thousands of these comments, so nothing here compares
 * every comment with every entry or every diagnostic with every rule.
 */
import type { Diagnostic } from './diagnostics';
import type { Comment } from './syntax/mainCf';

const DIRECTIVE = /^\s*#\s*postfix-lsp:\s*(disable-next-line|disable)\b(.*)$/;

type Lines = { start: number; end: number };

export interface Rule {
  /** lines of the logical line it silences; undefined: the whole file */
  lines?: Lines;
  codes?: Set<string>;
}

export function suppressionRules(comments: readonly Comment[], nextLogicalLine: (line: number) => Lines | undefined): Rule[] {
  const rules: Rule[] = [];
  for (const c of comments) {
    // most comments are prose: a substring test is much cheaper than the pattern
    if (!c.text.includes('postfix-lsp')) continue;
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

/** What the rules for one span (or for the whole file) silence together. */
class Silenced {
  all = false;
  /** the first rule's own set until a second rule adds codes (most spans have one rule) */
  private codes: ReadonlySet<string> | undefined;
  private merged: Set<string> | undefined;

  add(rule: Rule): void {
    if (this.all) return;
    if (!rule.codes) {
      this.all = true;
    } else if (!this.codes) {
      this.codes = rule.codes;
    } else {
      if (!this.merged) this.codes = this.merged = new Set(this.codes);
      for (const code of rule.codes) this.merged.add(code);
    }
  }

  silences(code: string): boolean {
    return this.all || (this.codes?.has(code) ?? false);
  }
}

class Span extends Silenced {
  constructor(
    readonly start: number,
    readonly end: number,
  ) {
    super();
  }
}

const hasLines = (rule: Rule): rule is Rule & { lines: Lines } => rule.lines !== undefined;

export function applySuppressions(diagnostics: Diagnostic[], rules: readonly Rule[]): Diagnostic[] {
  if (rules.length === 0) return diagnostics;
  const file = new Silenced();
  const forLines: (Rule & { lines: Lines })[] = [];
  for (const rule of rules) {
    if (hasLines(rule)) forLines.push(rule);
    else file.add(rule);
  }
  if (file.all) return [];
  if (forLines.length === 0) return diagnostics.filter((d) => !file.silences(String(d.code)));

  // Sorted, the rules for one span are neighbours and merge into one: a
  // stack of directives above one entry then costs one test per diagnostic,
  // not one per directive. They come in line order, so the sort is cheap.
  forLines.sort((a, b) => a.lines.start - b.lines.start || a.lines.end - b.lines.end);
  const spans: Span[] = [];
  for (const rule of forLines) {
    let span = spans[spans.length - 1];
    if (!span || span.start !== rule.lines.start || span.end !== rule.lines.end) spans.push((span = new Span(rule.lines.start, rule.lines.end)));
    span.add(rule);
  }

  // One sweep over the diagnostics in line order, keeping only the spans
  // that cover the current line; spans come from disjoint entries (plus
  // single lines), so few are ever open at once.
  const lines = diagnostics.map((d) => d.range.start.line);
  const byLine = lines.map((_, i) => i).sort((a, b) => lines[a] - lines[b]);
  const dropped = new Uint8Array(diagnostics.length);
  const open: Span[] = [];
  let next = 0;
  for (const i of byLine) {
    const line = lines[i];
    const code = String(diagnostics[i].code);
    while (next < spans.length && spans[next].start <= line) open.push(spans[next++]);
    let kept = 0;
    for (const span of open) if (span.end >= line) open[kept++] = span;
    open.length = kept;
    if (file.silences(code) || open.some((span) => span.silences(code))) dropped[i] = 1;
  }
  return diagnostics.filter((_, i) => dropped[i] === 0);
}

/**
 * For each `disable-next-line` comment line, the lines it silences: the next
 * line that is not a comment or blank, with its continuation lines when
 * `entryAt` knows an entry starting there, else that single line.
 * The next such line is found for every line in one backward pass, done on
 * the first call: a scan forward from each of thousands of stacked comment
 * lines would be quadratic.
 */
export function logicalLineAfter(lines: readonly string[], entryAt: (line: number) => Lines | undefined): (line: number) => Lines | undefined {
  let following: Int32Array | undefined;
  return (line) => {
    if (!following) {
      following = new Int32Array(lines.length + 1);
      following[lines.length] = lines.length;
      for (let n = lines.length - 1; n >= 0; n--) following[n] = /^\s*(#|$)/.test(lines[n]) ? following[n + 1] : n;
    }
    if (line + 1 >= lines.length) return undefined;
    const next = following[line + 1];
    if (next >= lines.length) return undefined;
    return entryAt(next) ?? { start: next, end: next };
  };
}

/**
 * The span of the first item starting on a line, as a lookup built on the
 * first call (a search through the items for each comment would be
 * quadratic); a table indexed by line, as starts are line numbers.
 */
export function entryStartingAt<T>(items: readonly T[], span: (item: T) => Lines): (line: number) => Lines | undefined {
  let spans: Lines[] | undefined;
  /** by start line: 1 + the index of the first span starting there, 0 for none */
  let byStart: Int32Array | undefined;
  return (line) => {
    if (!spans || !byStart) {
      spans = items.map(span);
      byStart = new Int32Array(spans.reduce((last, s) => Math.max(last, s.start), -1) + 1);
      // backwards, so that the first of several spans starting on a line stays
      for (let i = spans.length - 1; i >= 0; i--) if (spans[i].start >= 0) byStart[spans[i].start] = i + 1;
    }
    const index = byStart[line];
    return index ? spans[index - 1] : undefined;
  };
}

/**
 * The span of the first item (in array order) that starts after a line.
 * The running maximum of the starts rises exactly at the items that start
 * after everything before them, so a binary search over it finds that item
 * whatever the order of the items.
 */
export function entryStartingAfter(items: readonly Lines[]): (line: number) => Lines | undefined {
  let highest: number[] | undefined;
  return (line) => {
    if (!highest) {
      highest = [];
      let max = -Infinity;
      for (const item of items) highest.push((max = Math.max(max, item.start)));
    }
    let low = 0;
    let high = highest.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (highest[mid] > line) high = mid;
      else low = mid + 1;
    }
    const item = items[low];
    return item && { start: item.start, end: item.end };
  };
}
