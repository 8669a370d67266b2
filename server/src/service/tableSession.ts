/**
 * A lookup table open in an editor. An indexed or aliases table is read and
 * checked again only around each edit: the logical lines the edit touched are
 * parsed anew, their own diagnostics recomputed, and an index of keys tells
 * which entries repeat an earlier key. A keystroke in a map of 200,000 lines
 * then costs about what it costs in a short one. regexp, pcre and cidr tables
 * are read in order (IF blocks, first match wins), so they are checked whole.
 */
import { MAX_PER_CHECK, type TableCheckContext } from './checks/table/context';
import { duplicateKeys, keyHash, repeatedKeys, storedKey } from './checks/table/duplicates';
import { TABLE_CHECKS, tableChecks } from './checks/registry';
import type { Diagnostic } from './diagnostics';
import type { TableInfo } from './model/tableDetect';
import { runChecks, type CheckReport } from './pipeline';
import { KeyIndex } from './keyIndex';
import type { Settings } from './settings';
import { entryStartingAfter, suppressionRules } from './suppression';
import { parseLines, tableLineAt, type ParsedTable, type TableLine } from './syntax/table';
import { countBefore, spliceAll } from './syntax/arrays';
import { isSpace, splitLines, type LineSplice, type Range } from './syntax/text';
import { checkParsedTable, type TableCheckInfo, type TableContext } from './tableService';

/** An edit as LSP sends it: a range replaced by text, or (no range) the whole text. */
export interface TextChange {
  range?: Range;
  text: string;
}

/** The checks whose diagnostics for a line depend on that line alone: run on the lines an edit touched. */
const LINE_CHECKS = TABLE_CHECKS.filter((c) => c.mode === 'line');
/** The checks that read the table as a whole, but for the duplicate keys, which the session finds with its index of keys. */
const WHOLE_CHECKS = TABLE_CHECKS.filter((c) => c.mode === 'whole' && c.run !== duplicateKeys.run);

/** Bigger edits are read with the whole text. */
const MAX_SPLICE = 10_000;

const incremental = (info: TableCheckInfo): boolean => info.flavour === 'indexed' || info.flavour === 'aliases';

export class TableSession {
  /** the physical lines: the session's own, or an open document's, which it shares (see linesChanged) */
  private physical: string[];
  private table: ParsedTable;
  /** diagnostics of the lines that have some, and the line number they were made for */
  private found = new Map<TableLine, { start: number; diagnostics: Diagnostic[] }>();
  /** the entries by a hash of their stored key: numbers, not a string per key, keep it small for a map of 200,000 lines */
  private readonly keys = new KeyIndex<TableLine>();
  /** the context the cached diagnostics were made in, and its fingerprint */
  private madeFor?: TableContext;
  private madeForKey?: string;
  /** line checks that threw while checking edited lines */
  private failures: CheckReport['failures'] = [];

  /** what the checks are told about the table */
  private readonly full: TableInfo;

  /**
   * A session over a text, or over the lines of an open document: those are
   * shared, not copied, and the document tells of each edit (linesChanged).
   */
  constructor(
    source: string | readonly string[],
    readonly info: TableCheckInfo,
    /** keep the indexes that make a check after an edit cheap; without, each check reads the table whole */
    private readonly followEdits = true,
  ) {
    this.full = { source: 'default', ...info };
    // the array is only read: an edit of a shared one is made by its document
    this.physical = (typeof source === 'string' ? splitLines(source) : source) as string[];
    this.shared = typeof source !== 'string';
    this.table = { flavour: info.flavour, ...parseLines(this.physical, 0, this.physical.length, info.flavour), lineCount: this.physical.length };
  }

  private readonly shared: boolean;

  get parsed(): ParsedTable {
    return this.table;
  }

  /**
   * Applies the edits of one change notification, in order. Returns false
   * when an edit cannot be applied line by line (the caller then starts a new
   * session from the full text).
   */
  update(changes: readonly TextChange[]): boolean {
    if (this.shared) return false;
    try {
      for (const change of changes) {
        // a CR may pair with a line feed beside the edit into one line break: read the text again
        if (!change.range || change.text.includes('\r')) return false;
        if (!this.replace(change.range, change.text)) return false;
      }
      return true;
    } catch {
      // half applied: the caller starts a new session from the editor's text
      return false;
    }
  }

  /**
   * The shared lines changed as `splice` tells: parses again the logical
   * lines around it. Returns false when it cannot follow (the caller then
   * starts a new session).
   */
  linesChanged(splice: LineSplice): boolean {
    if (!this.shared) return false;
    try {
      return this.reparse(splice);
    } catch {
      return false;
    }
  }

  /** The physical lines as the session has them, for a consistency check against the editor's text. */
  line(n: number): string | undefined {
    return this.physical[n];
  }

  get lineCount(): number {
    return this.physical.length;
  }

  check(context: TableContext, settings: Settings): CheckReport {
    if (!incremental(this.info) || !this.followEdits) return checkParsedTable(this.table, this.info, context, settings);
    const key = `${context.target}\u0000${[...(context.classes ?? [])].sort().join(' ')}\u0000${context.classes ? 1 : 0}${context.files ? 1 : 0}`;
    this.madeFor = context;
    if (key !== this.madeForKey) {
      this.madeForKey = key;
      this.rebuildIndexes();
    }
    const moved = [...this.found].filter(([line, f]) => line.start !== f.start).map(([line]) => line);
    this.checkLines(moved);
    const rules = suppressionRules(this.table.comments, entryStartingAfter(this.table.lines));
    const report = runChecks(
      [
        { name: 'lineChecks', run: () => this.lineDiagnostics() },
        { name: 'duplicateKeys', run: () => this.duplicateDiagnostics() },
        ...tableChecks(this.checkContext(this.table, MAX_PER_CHECK), WHOLE_CHECKS),
      ],
      settings,
      rules,
    );
    report.failures.push(...this.failures);
    this.failures = [];
    return report;
  }

  /** The line checks report every line (no `limit`); lineDiagnostics() applies the cap of a whole-table check. */
  private checkContext(parsed: ParsedTable, limit = Infinity): TableCheckContext {
    const context = this.madeFor ?? { target: '' };
    return { parsed, info: this.full, target: context.target, classes: context.classes, files: context.files, limit };
  }

  private rebuildIndexes(): void {
    this.found.clear();
    this.checkLines(this.table.lines);
    this.keys.rebuild(this.table.lines, (line) => this.bucketOf(line));
  }

  /** Runs the line checks on some lines and files their diagnostics by line. */
  private checkLines(lines: readonly TableLine[]): void {
    if (lines.length === 0) return;
    for (const line of lines) this.found.delete(line);
    const sorted = [...lines].sort((a, b) => a.start - b.start);
    const context = this.checkContext({ flavour: this.table.flavour, lines: sorted, comments: [], lineCount: this.table.lineCount });
    for (const check of LINE_CHECKS) {
      let diagnostics: Diagnostic[];
      try {
        diagnostics = check.run(context);
      } catch (error) {
        this.failures.push({ check: check.name, error });
        continue;
      }
      for (const d of diagnostics) {
        const line = tableLineAt(context.parsed, d.range.start.line);
        if (!line) continue;
        const entry = this.found.get(line) ?? { start: line.start, diagnostics: [] };
        entry.diagnostics.push(d);
        this.found.set(line, entry);
      }
    }
  }

  /** The cached diagnostics, at most MAX_PER_CHECK of each code (the first ones), as a whole-table check gives. */
  private lineDiagnostics(): Diagnostic[] {
    const out: Diagnostic[] = [];
    const perCode = new Map<unknown, number>();
    const lines = [...this.found].sort(([a], [b]) => a.start - b.start);
    for (const [, { diagnostics }] of lines) {
      for (const d of diagnostics) {
        const count = perCode.get(d.code) ?? 0;
        if (count >= MAX_PER_CHECK) continue;
        perCode.set(d.code, count + 1);
        out.push(d);
      }
    }
    return out;
  }

  private duplicateDiagnostics(): Diagnostic[] {
    return repeatedKeys(
      [...this.keys.crowded].map((bucket) => this.keys.holders(bucket)),
      this.full,
    );
  }

  private bucketOf(line: TableLine): number | undefined {
    const key = storedKey(line, this.full);
    // small integers stay unboxed in the map
    return key === undefined ? undefined : keyHash(key) & 0x3fffffff;
  }

  private addKey(line: TableLine): void {
    const bucket = this.bucketOf(line);
    if (bucket !== undefined) this.keys.add(line, bucket);
  }

  private removeKey(line: TableLine): void {
    const bucket = this.bucketOf(line);
    if (bucket !== undefined) this.keys.remove(line, bucket);
  }

  /** Replaces `range` with `text` in the session's own lines and parses again the logical lines around it. */
  private replace(range: Range, text: string): boolean {
    const physical = this.physical;
    const { start, end } = range;
    if (start.line < 0 || end.line < start.line || end.line >= physical.length) return false;
    const before = physical[start.line].slice(0, Math.max(0, start.character));
    const after = physical[end.line].slice(Math.max(0, end.character));
    const inserted = splitLines(before + text + after);
    // a paste of many lines is read whole (and keeps the splices below small)
    if (inserted.length > MAX_SPLICE || end.line - start.line > MAX_SPLICE) return false;
    spliceAll(physical, start.line, end.line - start.line + 1, inserted);
    return this.reparse({ first: start.line, removed: end.line - start.line + 1, inserted: inserted.length });
  }

  /** Parses again the logical lines around lines that changed (`physical` holds the new ones). */
  private reparse(splice: LineSplice): boolean {
    const physical = this.physical;
    const startLine = splice.first;
    // the last line of the splice as the entries count, before the edit
    const endLine = splice.first + Math.max(splice.removed, 1) - 1;
    const delta = splice.inserted - splice.removed;
    if (splice.removed === 0 && splice.inserted === 0) return true;
    if (splice.first < 0 || splice.first + splice.inserted > physical.length) return false;
    if (splice.inserted > MAX_SPLICE || splice.removed > MAX_SPLICE) return false;

    // From the entry before the one holding the edit (an edit can make a line continue the entry above it)
    // to the entry after the edit, which starts at column 1 and so does not depend on what is above it.
    const lines = this.table.lines;
    const first = Math.max(0, firstStartingAfter(lines, startLine) - 2);
    let next = firstStartingAfter(lines, endLine);
    // a continuation without an entry above it (only before the first entry) may now get one; below the edit, lines moved by delta
    while (next < lines.length && isSpace(physical[lines[next].start + delta][0])) next++;
    const from = first === 0 ? 0 : lines[first].start;
    const oldTo = lines[next]?.start ?? physical.length - delta;
    if (next - first > MAX_SPLICE) return false;

    const parsed = parseLines(physical, from, oldTo + delta, this.info.flavour);
    const comments = this.table.comments;
    const c0 = firstCommentFrom(comments, from);
    const c1 = firstCommentFrom(comments, oldTo);

    const removed = lines.slice(first, next);
    const checking = incremental(this.info) && this.madeFor !== undefined;
    if (checking) {
      for (const line of removed) {
        this.removeKey(line);
        this.found.delete(line);
      }
    }
    if (delta !== 0) {
      for (let i = next; i < lines.length; i++) lines[i].start += delta;
      for (let i = c1; i < comments.length; i++) comments[i].line += delta;
    }
    spliceAll(lines, first, next - first, parsed.lines);
    spliceAll(comments, c0, c1 - c0, parsed.comments);
    this.table.lineCount = physical.length;
    if (checking) {
      this.checkLines(parsed.lines);
      for (const line of parsed.lines) this.addKey(line);
    }
    return true;
  }
}

/** Index of the first line that starts after document line `n` (lines are in order). */
const firstStartingAfter = (lines: readonly TableLine[], n: number): number => countBefore(lines.length, (i) => lines[i].start <= n);

const firstCommentFrom = (comments: readonly { line: number }[], n: number): number => countBefore(comments.length, (i) => comments[i].line < n);
