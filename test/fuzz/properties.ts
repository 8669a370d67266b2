/**
 * The fuzz properties over the language service, run by worker.ts in a worker
 * thread (see FuzzWorker in support.ts). Each one runs fast-check with a
 * fixed seed over mutated corpus documents and returns its statistics; a
 * property violation throws with fast-check's (shrunk) counterexample: a
 * Plan, which applyPlan() in mutations.ts turns back into the exact text.
 */
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, DocumentSymbol, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import type { FixData } from '../../server/src/service/diagnostics';
import { codeActions } from '../../server/src/service/features/shared/codeActions';
import { completion } from '../../server/src/service/features/main/completion';
import { foldingRanges } from '../../server/src/service/features/main/folding';
import { format } from '../../server/src/service/features/main/formatting';
import { hover } from '../../server/src/service/features/main/hover';
import { masterCompletion } from '../../server/src/service/features/master/completion';
import { masterHover } from '../../server/src/service/features/master/hover';
import { masterSymbols } from '../../server/src/service/features/master/symbols';
import { definition, highlights, prepareRename, references, rename, type Documents } from '../../server/src/service/features/main/navigation';
import { documentSymbols } from '../../server/src/service/features/main/symbols';
import type { FileSystem } from '../../server/src/service/files';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { defaultSettings, type Settings } from '../../server/src/service/settings';
import { checkPosixRegex } from '../../server/src/service/syntax/posixRegex';
import { parseTable, TABLE_FLAVOURS, type TableEntry } from '../../server/src/service/syntax/table';
import { applyPlan, corpus, describePlan, planArb, type Kind, type Plan } from './mutations';
import {
  applyEdits,
  assertInside,
  contains,
  formattingInvariant,
  lspView,
  meaning,
  ONE_PER_LINE,
  parserView,
  PLAIN,
  Timings,
  type DocView,
  type KnownBug,
  type Stats,
} from './support';

export type Progress = (label: string) => void;

export const MAIN_URI = 'file:///etc/postfix/main.cf';
export const MASTER_URI = 'file:///etc/postfix/master.cf';
const DOCS: Documents = { mainUri: MAIN_URI, masterUri: MASTER_URI };

const TARGETS = ['3.11', '3.10', '3.7', '3.4.5', '2.10', '2.0', '1.1', '9.99'];

/** A deterministic file system: some tables exist, directories list a few names. */
const FILES: FileSystem = {
  exists: (path) => path.length % 3 !== 0,
  list: (directory) => (directory.length % 2 ? ['access', 'sender_access', 'virtual', '.hidden', 'a b', 'é\u202e'] : []),
};

const SEVERITY_VARIANTS: Settings['severity'][] = [
  {},
  { 'unknown-parameter': 'ignore', 'duplicate-parameter': 'error' },
  { 'syntax-error': 'hint', 'master-syntax': 'ignore' },
];

/** A property's bookkeeping: timings, counters, known-bug hits, the current input for messages. */
class Run {
  readonly timings = new Timings();
  readonly counters: Record<string, number> = {};
  readonly knownBugHits: Partial<Record<KnownBug, number>> = {};
  inputs = 0;
  bytes = 0;
  label = '';
  text = '';

  constructor(
    readonly property: string,
    private readonly progress: Progress,
  ) {}

  start(kind: Kind, plan: Plan, extra = ''): string {
    this.inputs++;
    this.label = describePlan(kind, plan) + extra;
    this.progress(`${this.label}\nplan: ${JSON.stringify(plan)}`);
    this.text = applyPlan(kind, plan);
    this.bytes += this.text.length;
    return this.text;
  }

  count(name: string, n = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + n;
  }

  known(bug: KnownBug): void {
    // indexed by string: while no bug is listed, KnownBug is never and so would be the entries
    const hits: Partial<Record<string, number>> = this.knownBugHits;
    hits[bug] = (hits[bug] ?? 0) + 1;
  }

  time<T>(name: string, fn: () => T, excuse?: (result: T) => KnownBug | undefined): T {
    return this.timings.time(
      name,
      this.text.length,
      () => this.label,
      fn,
      excuse &&
        ((r: T) => {
          const bug = excuse(r);
          if (bug) this.known(bug);
          return bug;
        }),
    );
  }

  /** Throws with the input described, so that fast-check reports and shrinks it. */
  fail(message: string): never {
    const shown = this.text.length > 600 ? JSON.stringify(this.text.slice(0, 600)) + `… (${this.text.length} chars)` : JSON.stringify(this.text);
    throw new Error(`${message}\ninput: ${this.label}\ntext: ${shown}`);
  }

  check(condition: unknown, message: () => string): void {
    if (!condition) this.fail(message());
  }

  inside(range: Range | undefined, views: readonly DocView[], what: string, edit = false): void {
    try {
      assertInside(range, views, what, edit);
    } catch (error) {
      this.fail((error as Error).message);
    }
  }

  stats(): Stats {
    return {
      property: this.property,
      inputs: this.inputs,
      bytes: this.bytes,
      timings: this.timings.summaries(),
      overBound: this.timings.overBound(),
      knownBugHits: this.knownBugHits,
      excused: this.timings.excused,
      counters: this.counters,
    };
  }
}

/** The views a range must lie in: the parser's and the LSP client's, which must agree. */
function viewsOf(run: Run, text: string, lines: readonly string[]): DocView[] {
  const lsp = lspView(text);
  run.check(lsp.lineCount === lines.length, () => `parser sees ${lines.length} lines, LSP ${lsp.lineCount}`);
  return [parserView(lines), lsp];
}

function checkDiagnostics(run: Run, diagnostics: Diagnostic[], views: readonly DocView[], what: string): void {
  for (const d of diagnostics) {
    run.inside(d.range, views, `${what} diagnostic ${d.code} "${d.message}"`);
    run.check(typeof d.message === 'string' && d.message.length > 0, () => `${what} diagnostic without a message: ${JSON.stringify(d)}`);
    run.check(d.severity === undefined || [1, 2, 3, 4].includes(d.severity), () => `${what} diagnostic severity ${d.severity}`);
    const fixes = (d.data as FixData | undefined)?.fixes ?? [];
    for (const fix of fixes) {
      for (const e of fix.edits) run.inside(e.range, views, `${what} fix "${fix.title}" of ${d.code}`, true);
    }
  }
  run.count(`${what} diagnostics`, diagnostics.length);
}

function checkReport(run: Run, report: ReturnType<typeof checkMainCf>, views: readonly DocView[], what: string): void {
  run.check(report.failures.length === 0, () => {
    const f = report.failures[0];
    const error = f.error instanceof Error ? (f.error.stack ?? f.error.message) : String(f.error);
    return `${what}: check ${f.check} threw (${report.failures.length} failures): ${error}`;
  });
  checkDiagnostics(run, report.diagnostics, views, what);
}

const settingsFor = (variant: number, onePerLine: boolean): Settings => ({
  ...defaultSettings,
  targetVersion: 'auto',
  severity: SEVERITY_VARIANTS[variant % SEVERITY_VARIANTS.length],
  restrictionsOnePerLine: onePerLine,
});

const params = (runs: number, seed: number): fc.Parameters<unknown> => ({ numRuns: runs, seed, endOnFailure: false, verbose: 0, includeErrorInReport: true });

// ------------------------------------------------------------------ checks

/** main.cf: checkMainCf never throws, no check fails, every range is inside, and it is fast. */
export function mainChecks(runs: number, seed: number, progress: Progress): Stats {
  const run = new Run('main.cf checks', progress);
  fc.assert(
    fc.property(planArb('main'), fc.option(fc.nat(), { freq: 3 }), fc.constantFrom(...TARGETS), fc.nat(), (plan, masterIndex, target, variant) => {
      const text = run.start('main', plan);
      const masters = corpus('master');
      const master = masterIndex === null ? undefined : masters[masterIndex % masters.length].text;
      const model = run.time('parse main.cf', () => new ConfigModel({ main: text, master }));
      const views = viewsOf(run, text, model.main.lines);
      const report = run.time('checkMainCf', () => checkMainCf(model, settingsFor(variant, false), target, FILES));
      checkReport(run, report, views, 'main.cf');
    }),
    params(runs, seed),
  );
  return run.stats();
}

/** master.cf: checkMasterCf (and checkMainCf, which reads the services) on ConfigModel({ main, master }). */
export function masterChecks(runs: number, seed: number, progress: Progress): Stats {
  const run = new Run('master.cf checks', progress);
  fc.assert(
    fc.property(planArb('master'), fc.nat(), fc.constantFrom(...TARGETS), fc.nat(), (plan, mainIndex, target, variant) => {
      const text = run.start('master', plan);
      const mains = corpus('main');
      const main = mains[mainIndex % mains.length].text;
      const model = run.time('parse master.cf', () => new ConfigModel({ main, master: text }));
      const master = model.master;
      run.check(master, () => 'no master.cf model');
      const views = viewsOf(run, text, master!.lines);
      const report = run.time('checkMasterCf', () => checkMasterCf(model, settingsFor(variant, false), target));
      checkReport(run, report, views, 'master.cf');
      const mainReport = run.time('checkMainCf (mutated master.cf)', () => checkMainCf(model, settingsFor(variant, false), target, FILES));
      checkReport(run, mainReport, [parserView(model.main.lines)], 'main.cf beside a mutated master.cf');
    }),
    params(runs, seed),
  );
  return run.stats();
}

// ---------------------------------------------------------------- features

interface RawPosition {
  line: number;
  character: number;
  /** a position past the end of its line or of the document (a stale client position) */
  wild: boolean;
}

const positionsArb = fc.array(
  fc.record({
    line: fc.nat(),
    character: fc.nat({ max: 100_000 }),
    wild: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  }),
  { minLength: 1, maxLength: 4 },
);

/** A position in the LSP view of the document (what a client sends), or a bit outside it when wild. */
function positionIn(view: DocView, p: RawPosition): Position {
  if (p.wild) {
    const line = p.line % (view.lineCount + 3);
    return { line, character: p.character % (Math.max(0, view.lineLength(line)) + 20) };
  }
  const line = p.line % view.lineCount;
  return { line, character: p.character % (view.lineLength(line) + 1) };
}

/** A completion edit replaces what was typed just before the cursor: clients reject edits that span lines or leave the cursor behind. */
const replacesBefore = (range: Range, p: Position): boolean =>
  range.start.line === p.line &&
  range.end.line === p.line &&
  range.start.character >= 0 &&
  range.start.character <= p.character &&
  range.end.character === p.character;

function checkSymbols(run: Run, symbols: DocumentSymbol[], views: readonly DocView[], what: string): number {
  let n = 0;
  for (const s of symbols) {
    n++;
    run.inside(s.range, views, `${what} symbol ${s.name} range`);
    run.inside(s.selectionRange, views, `${what} symbol ${s.name} selectionRange`);
    // VS Code rejects the whole outline when a selectionRange is not inside its range
    run.check(
      contains(s.range, s.selectionRange),
      () => `${what} symbol ${s.name}: selectionRange ${JSON.stringify(s.selectionRange)} not inside range ${JSON.stringify(s.range)}`,
    );
    run.check(typeof s.name === 'string' && s.name.length > 0, () => `${what} symbol without a name: ${JSON.stringify(s)}`);
    if (s.children) {
      for (const c of s.children) run.check(contains(s.range, c.range), () => `${what} symbol ${c.name} outside its parent ${s.name}`);
      n += checkSymbols(run, s.children, views, what);
    }
  }
  return n;
}

function checkWorkspaceEdit(run: Run, edit: WorkspaceEdit | undefined, views: Record<string, readonly DocView[]>, what: string): void {
  for (const [uri, edits] of Object.entries(edit?.changes ?? {})) {
    const v = views[uri];
    run.check(v, () => `${what}: an edit of an unexpected document ${uri}`);
    for (const e of edits) run.inside(e.range, v, what, true);
  }
  for (const change of edit?.documentChanges ?? []) {
    if ('edits' in change) {
      const v = views[change.textDocument.uri];
      run.check(v, () => `${what}: an edit of an unexpected document ${change.textDocument.uri}`);
      for (const e of change.edits) run.inside((e as TextEdit).range, v, what, true);
    }
  }
}

/** hover, completion, navigation, code actions, symbols, folding and range formatting at random positions of main.cf. */
export function mainFeatures(runs: number, seed: number, progress: Progress): Stats {
  const run = new Run('main.cf features', progress);
  fc.assert(
    fc.property(planArb('main'), positionsArb, fc.boolean(), (plan, raw, withMaster) => {
      const text = run.start('main', plan);
      const masters = corpus('master');
      const masterText = withMaster ? masters[plan.mutations.length % masters.length].text : undefined;
      const model = new ConfigModel({ main: text, master: masterText });
      const mainViews = viewsOf(run, text, model.main.lines);
      const masterViews = model.master ? [parserView(model.master.lines)] : [];
      const byUri: Record<string, readonly DocView[]> = { [MAIN_URI]: mainViews, [MASTER_URI]: masterViews };
      // positions as a client sends them
      const lsp = lspView(text);
      const diagnostics = checkMainCf(model, defaultSettings, '3.11', FILES).diagnostics;
      for (const r of raw) {
        const p = positionIn(lsp, r);
        const valid = !r.wild;
        const h = run.time('hover', () => hover(model, p));
        if (h) {
          run.count('hovers');
          if (valid && h.range) run.inside(h.range, mainViews, `hover at ${JSON.stringify(p)}`);
          run.check(typeof (h.contents as { value?: unknown }).value === 'string', () => `hover contents ${JSON.stringify(h.contents)}`);
        }
        const items = run.time('completion', () => completion(model, p, { files: FILES, configDir: '/etc/postfix' }));
        run.count('completion items', items.length);
        if (valid) {
          for (const item of items.slice(0, 50)) {
            const edit = item.textEdit as TextEdit | undefined;
            if (!edit?.range) continue;
            run.inside(edit.range, mainViews, `completion ${item.label} at ${JSON.stringify(p)}`);
            run.check(replacesBefore(edit.range, p), () => `completion ${item.label} at ${JSON.stringify(p)} replaces ${JSON.stringify(edit.range)}`);
          }
        }
        const def = run.time('definition', () => definition(model, p, DOCS));
        if (def && valid) run.inside(def.range, mainViews, 'definition');
        for (const include of [true, false]) {
          const refs = run.time('references', () => references(model, p, DOCS, include));
          run.count('references', refs.length);
          for (const l of refs) run.inside(l.range, byUri[l.uri] ?? [], `reference in ${l.uri}`);
        }
        const marks = run.time('highlights', () => highlights(model, p, DOCS));
        for (const m of marks) run.inside(m.range, mainViews, 'highlight');
        const prepared = run.time('prepareRename', () => prepareRename(model, p));
        if ('range' in prepared) run.inside(prepared.range, mainViews, 'prepareRename');
        const renamed = run.time('rename', () => rename(model, p, 'fuzz_renamed', DOCS));
        if ('edit' in renamed) checkWorkspaceEdit(run, renamed.edit, byUri, 'rename');
        const selection: Range = { start: p, end: positionIn(lsp, { ...r, line: r.line + (r.character % 3), character: r.character + 7 }) };
        const ordered = selection.end.line < selection.start.line ? { start: selection.end, end: selection.start } : selection;
        const actions = run.time('codeActions', () => codeActions(MAIN_URI, diagnostics, model, ordered));
        run.count('code actions', actions.length);
        for (const a of actions) {
          checkWorkspaceEdit(run, a.edit, byUri, `code action "${a.title}"`);
          // each quick fix applies cleanly (no overlapping edits)
          const edits = a.edit?.changes?.[MAIN_URI];
          if (edits) {
            try {
              applyEdits(text, edits);
            } catch (error) {
              run.fail(`code action "${a.title}" does not apply: ${(error as Error).message}`);
            }
          }
        }
        if (valid) {
          const formatEdits = run.time('range format', () => format(model, PLAIN, ordered));
          for (const e of formatEdits) run.inside(e.range, mainViews, 'range formatting');
        }
      }
      const symbols = run.time('documentSymbols', () => documentSymbols(model));
      run.count('symbols', checkSymbols(run, symbols, mainViews, 'main.cf'));
      const folds = run.time('foldingRanges', () => foldingRanges(model));
      for (const f of folds) {
        run.check(
          Number.isInteger(f.startLine) && f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < model.main.lines.length,
          () => `folding range ${JSON.stringify(f)}`,
        );
      }
    }),
    params(runs, seed),
  );
  return run.stats();
}

/** masterHover, masterCompletion and masterSymbols at random positions of master.cf. */
export function masterFeatures(runs: number, seed: number, progress: Progress): Stats {
  const run = new Run('master.cf features', progress);
  fc.assert(
    fc.property(planArb('master'), positionsArb, fc.nat(), (plan, raw, mainIndex) => {
      const text = run.start('master', plan);
      const mains = corpus('main');
      const model = new ConfigModel({ main: mains[mainIndex % mains.length].text, master: text });
      const views = viewsOf(run, text, model.master!.lines);
      const lsp = lspView(text);
      for (const r of raw) {
        const p = positionIn(lsp, r);
        const h = run.time('masterHover', () => masterHover(model, p));
        if (h) {
          run.count('hovers');
          if (!r.wild && h.range) run.inside(h.range, views, `master hover at ${JSON.stringify(p)}`);
        }
        const items = run.time('masterCompletion', () => masterCompletion(model, p));
        run.count('completion items', items.length);
        if (!r.wild) {
          for (const item of items.slice(0, 50)) {
            const edit = item.textEdit as TextEdit | undefined;
            if (!edit?.range) continue;
            run.inside(edit.range, views, `master completion ${item.label} at ${JSON.stringify(p)}`);
            run.check(replacesBefore(edit.range, p), () => `master completion ${item.label} at ${JSON.stringify(p)} replaces ${JSON.stringify(edit.range)}`);
          }
        }
      }
      const symbols = run.time('masterSymbols', () => masterSymbols(model));
      run.count('symbols', checkSymbols(run, symbols, views, 'master.cf'));
    }),
    params(runs, seed),
  );
  return run.stats();
}

// -------------------------------------------------------------- formatting

/** format applied twice is idempotent and keeps the list words of every value, in both layouts. */
export function formatting(runs: number, seed: number, progress: Progress): Stats {
  const run = new Run('formatting', progress);
  fc.assert(
    fc.property(planArb('main'), (plan) => {
      const text = run.start('main', plan);
      const model = new ConfigModel({ main: text });
      const before = meaning(text);
      for (const options of [PLAIN, ONE_PER_LINE]) {
        const layout = options.restrictionsOnePerLine ? 'one per line' : 'plain';
        let once = text;
        try {
          const edits = run.time(`format (${layout})`, () => format(model, options));
          once = applyEdits(text, edits);
          run.count('edits', edits.length);
        } catch (error) {
          run.fail(`format (${layout}): edits do not apply: ${(error as Error).message}`);
        }
        let twice = once;
        try {
          twice = applyEdits(once, format(new ConfigModel({ main: once }), options));
        } catch (error) {
          run.fail(`format (${layout}) of the formatted text: edits do not apply: ${(error as Error).message}`);
        }
        run.check(
          twice === once,
          () => `format (${layout}) is not idempotent:\nonce:  ${JSON.stringify(once.slice(0, 800))}\ntwice: ${JSON.stringify(twice.slice(0, 800))}`,
        );
        const [a, b] = [formattingInvariant(text, options.restrictionsOnePerLine), formattingInvariant(once, options.restrictionsOnePerLine)];
        run.check(a === b, () => {
          let i = 0;
          while (i < a.length && a[i] === b[i]) i++;
          return `format (${layout}) changed more than blanks: ${JSON.stringify(a.slice(Math.max(0, i - 40), i + 40))} -> ${JSON.stringify(b.slice(Math.max(0, i - 40), i + 40))}`;
        });
        const after = meaning(once);
        run.check(JSON.stringify(after) === JSON.stringify(before), () => {
          const changed = Object.keys({ ...before, ...after }).find((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])) ?? '?';
          return `format (${layout}) changed what Postfix reads for ${changed}: ${JSON.stringify(before[changed])} -> ${JSON.stringify(after[changed])}`;
        });
      }
    }),
    params(runs, seed),
  );
  return run.stats();
}

// ------------------------------------------------------------------ tables

/** The lookup-table parser (syntax/table.ts, with the POSIX regex checker) over mutated maps: never throws, ranges inside. */
export function tables(runs: number, seed: number, progress: Progress): Stats {
  const run = new Run('lookup tables', progress);
  fc.assert(
    fc.property(planArb('maps'), fc.constantFrom(...TABLE_FLAVOURS), (plan, flavour) => {
      const text = run.start('maps', plan, ` as ${flavour}`);
      const parsed = run.time('parseTable', () => parseTable(text, flavour));
      const views = [lspView(text)];
      run.check(parsed.lineCount === views[0].lineCount, () => `lineCount ${parsed.lineCount}`);
      for (const line of parsed.lines) {
        for (const issue of line.issues) run.inside(issue.range, views, `table issue "${issue.message}"`);
        run.count('issues', line.issues.length);
        for (const span of spans(line.entry)) run.inside(span.range, views, 'table entry span');
        if (line.entry?.kind === 'pattern' && (flavour === 'regexp' || flavour === 'pcre')) {
          const source = line.entry.pattern.source.text;
          run.time('checkPosixRegex', () => checkPosixRegex(source, { extended: true, icase: false }));
        }
      }
    }),
    params(runs, seed),
  );
  return run.stats();
}

function spans(entry: TableEntry | undefined): { range: Range }[] {
  if (!entry) return [];
  switch (entry.kind) {
    case 'pair':
      return [entry.key, ...(entry.value ? [entry.value] : [])];
    case 'cidr':
      return [entry.pattern, entry.whole, ...(entry.value ? [entry.value] : [])];
    case 'pattern':
      return [entry.pattern.whole, entry.pattern.source, ...(entry.second ? [entry.second.whole] : []), ...(entry.value ? [entry.value] : [])];
    case 'if':
      return [entry.keyword, ...(entry.pattern ? [entry.pattern.whole] : []), ...(entry.cidr ? [entry.cidr.whole] : []), ...(entry.extra ? [entry.extra] : [])];
    case 'endif':
      return [entry.keyword, ...(entry.extra ? [entry.extra] : [])];
  }
}

// ----------------------------------------------------------------- hostile

/** A hostile document: main.cf and/or master.cf text, and hovers whose text the test looks at. */
export interface HostileCase {
  main?: string;
  master?: string;
  /** positions to hover and complete at, besides the start, middle and end of each document */
  probes?: { doc: 'main' | 'master'; line: number; character: number }[];
  /** parse and check only, each once (for the cases that measure what parsing and checking cost) */
  checksOnly?: boolean;
}

export interface HostileResult {
  sizes: { main?: number; master?: number };
  /** every operation and its time, ms */
  ops: { name: string; ms: number }[];
  hovers: { doc: string; position: Position; text: string | null }[];
  diagnostics: { main: number; master: number };
  failures: string[];
  /** ranges outside the document (diagnostics, hovers, symbols, edits) */
  outside: string[];
}

export const HOSTILE_BOUND_MS = 2000;

/** Runs every service entry point once on a hostile document (see hostile.test.ts), timing each. */
export function runHostile(input: HostileCase, progress: Progress): HostileResult {
  const result: HostileResult = {
    sizes: { main: input.main?.length, master: input.master?.length },
    ops: [],
    hovers: [],
    diagnostics: { main: 0, master: 0 },
    failures: [],
    outside: [],
  };
  /** Times one call; one slower than the hostile bound (2 s) is run twice more and the fastest counts (a busy machine is no bug). */
  const time = <T>(name: string, fn: () => T): T => {
    progress(name);
    let start = performance.now();
    const r = fn();
    let ms = performance.now() - start;
    for (let i = 0; i < 2 && ms > HOSTILE_BOUND_MS && !input.checksOnly; i++) {
      progress(`${name} (again: ${Math.round(ms)} ms)`);
      start = performance.now();
      fn();
      ms = Math.min(ms, performance.now() - start);
    }
    result.ops.push({ name, ms: Math.round(ms * 100) / 100 });
    return r;
  };
  const inside = (range: Range | undefined, views: readonly DocView[], what: string, edit = false): void => {
    try {
      assertInside(range, views, what, edit);
    } catch (error) {
      if (result.outside.length < 20) result.outside.push((error as Error).message.slice(0, 500));
    }
  };
  const model = time('parse', () => new ConfigModel({ main: input.main ?? '', master: input.master }));
  const mainViews = viewsFor(input.main ?? '', model.main.lines);
  const masterViews = model.master ? viewsFor(input.master ?? '', model.master.lines) : [];
  const mainReport = time('checkMainCf', () => checkMainCf(model, defaultSettings, '3.11', FILES));
  result.diagnostics.main = mainReport.diagnostics.length;
  result.failures.push(...mainReport.failures.map((f) => `main.cf ${f.check}: ${String(f.error)}`));
  for (const d of mainReport.diagnostics) inside(d.range, mainViews, `main.cf diagnostic ${d.code}`);
  if (model.master) {
    const masterReport = time('checkMasterCf', () => checkMasterCf(model, defaultSettings, '3.11'));
    result.diagnostics.master = masterReport.diagnostics.length;
    result.failures.push(...masterReport.failures.map((f) => `master.cf ${f.check}: ${String(f.error)}`));
    for (const d of masterReport.diagnostics) inside(d.range, masterViews, `master.cf diagnostic ${d.code}`);
  }
  const spots = (lines: readonly string[]): Position[] => {
    const last = lines.length - 1;
    const mid = Math.floor(last / 2);
    return [
      { line: 0, character: 0 },
      { line: 0, character: Math.min(5, lines[0].length) },
      { line: 0, character: Math.floor(lines[0].length / 2) },
      { line: 0, character: lines[0].length },
      { line: mid, character: Math.floor(lines[mid].length / 2) },
      { line: last, character: lines[last].length },
      { line: Math.max(0, last - 1), character: lines[Math.max(0, last - 1)].length },
    ];
  };
  if (input.checksOnly) return result;
  if (input.main !== undefined) {
    const lines = model.main.lines;
    const positions = [...spots(lines), ...(input.probes ?? []).filter((p) => p.doc === 'main')];
    for (const p of positions) {
      const position = { line: p.line, character: p.character };
      const h = time(`hover ${p.line}:${p.character}`, () => hover(model, position));
      result.hovers.push({ doc: 'main', position, text: h ? (h.contents as { value: string }).value : null });
      if (h?.range) inside(h.range, mainViews, 'hover');
      time(`completion ${p.line}:${p.character}`, () => completion(model, position, { files: FILES, configDir: '/etc/postfix' }));
      time(`definition ${p.line}:${p.character}`, () => definition(model, position, DOCS));
      time(`references ${p.line}:${p.character}`, () => references(model, position, DOCS, true));
      time(`codeActions ${p.line}:${p.character}`, () => codeActions(MAIN_URI, mainReport.diagnostics, model, { start: position, end: position }));
    }
    const symbols = time('documentSymbols', () => documentSymbols(model));
    for (const s of symbols) inside(s.range, mainViews, `symbol ${s.name}`);
    time('foldingRanges', () => foldingRanges(model));
    for (const options of [PLAIN, ONE_PER_LINE]) {
      const edits = time(`format${options.restrictionsOnePerLine ? ' (one per line)' : ''}`, () => format(model, options));
      for (const e of edits) inside(e.range, mainViews, 'format edit', true);
    }
  }
  if (model.master) {
    const lines = model.master.lines;
    const positions = [...spots(lines), ...(input.probes ?? []).filter((p) => p.doc === 'master')];
    for (const p of positions) {
      const position = { line: p.line, character: p.character };
      const h = time(`masterHover ${p.line}:${p.character}`, () => masterHover(model, position));
      result.hovers.push({ doc: 'master', position, text: h ? (h.contents as { value: string }).value : null });
      if (h?.range) inside(h.range, masterViews, 'master hover');
      time(`masterCompletion ${p.line}:${p.character}`, () => masterCompletion(model, position));
    }
    const symbols = time('masterSymbols', () => masterSymbols(model));
    for (const s of symbols) inside(s.range, masterViews, `master symbol ${s.name}`);
  }
  return result;
}

/** The parser's view and the client's. */
function viewsFor(text: string, lines: readonly string[]): DocView[] {
  return [parserView(lines), lspView(text)];
}

export const PROPERTIES = { mainChecks, masterChecks, mainFeatures, masterFeatures, formatting, tables } as const;
export type PropertyName = keyof typeof PROPERTIES;

/** For the todo reproductions: the LSP document a text makes. */
export const lspDocument = (text: string): TextDocument => TextDocument.create(MAIN_URI, 'postfix-main', 1, text);
