/**
 * Shared helpers of the fuzz tests: document views for range checks, what
 * Postfix reads (for formatting), timing statistics, the known bugs the
 * properties step around (each has a `todo` reproduction test), and running a
 * property in a worker thread with a hang watchdog.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { ConfigModel } from '../../server/src/service';
import { format, type FormatOptions } from '../../server/src/service/features/main/formatting';
import { listWords } from '../../server/src/service/syntax/restrictionList';

// ------------------------------------------------------------ document views

/** Line count and line lengths (UTF-16 units, without terminators) of a document. */
export interface DocView {
  name: string;
  lineCount: number;
  lineLength(line: number): number;
}

/** The document as an LSP client sees it: lines end at \r\n, \n or a lone \r. */
export function lspView(text: string): DocView {
  const lines = text.split(/\r\n|\r|\n/);
  return { name: 'LSP', lineCount: lines.length, lineLength: (n) => lines[n]?.length ?? -1 };
}

/** The document as the parsers split it (model.main.lines / model.master.lines). */
export function parserView(lines: readonly string[]): DocView {
  return { name: 'parser', lineCount: lines.length, lineLength: (n) => lines[n]?.length ?? -1 };
}

const isPos = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * Why `range` does not lie inside the document, or undefined when it does:
 * 0 <= line < lineCount, 0 <= character <= line length (+1 tolerated), start <= end.
 */
export function rangeProblem(range: Range | undefined, view: DocView, slack = 1, edit = false): string | undefined {
  if (!range || !range.start || !range.end) return `no range: ${JSON.stringify(range)}`;
  for (const [which, p] of [
    ['start', range.start],
    ['end', range.end],
  ] as const) {
    if (!isPos(p.line) || !isPos(p.character)) return `${which} ${JSON.stringify(p)} is not a pair of non-negative integers`;
    // an edit that deletes whole lines ends at the start of the next line, also after the last one (clients clamp it)
    if (edit && which === 'end' && p.line === view.lineCount && p.character === 0) continue;
    if (p.line >= view.lineCount) return `${which} line ${p.line} >= line count ${view.lineCount} (${view.name} view)`;
    const length = view.lineLength(p.line);
    if (p.character > length + slack) return `${which} character ${p.character} > length ${length} of line ${p.line} (${view.name} view)`;
  }
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) {
    return `start ${JSON.stringify(range.start)} after end ${JSON.stringify(range.end)}`;
  }
  return undefined;
}

/** Throws with `what` and the problem when a range is outside any of the views. */
export function assertInside(range: Range | undefined, views: readonly DocView[], what: string, edit = false): void {
  for (const view of views) {
    const problem = rangeProblem(range, view, 1, edit);
    if (problem) throw new Error(`${what}: range ${JSON.stringify(range)} outside the document: ${problem}`);
  }
}

export const contains = (outer: Range, inner: Range): boolean => {
  const before = (a: Range['start'], b: Range['start']): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
};

// ---------------------------------------------------------------- formatting

export const PLAIN: FormatOptions = { restrictionsOnePerLine: false };
export const ONE_PER_LINE: FormatOptions = { restrictionsOnePerLine: true };

export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///etc/postfix/main.cf', 'postfix-main', 1, text), edits);
}

export function formatted(text: string, options: FormatOptions): string {
  return applyEdits(text, format(new ConfigModel({ main: text }), options));
}

/**
 * What Postfix reads (test/unit/formatting.test.ts): each parameter's value
 * as list words. Unlike the unit test, a run of ASCII blanks (Postfix's
 * white space; a Unicode space is part of a word) inside a word counts as one
 * blank: a `{ ... }` group spread over continuation lines is one
 * word whose inner indentation the formatter evens out, and Postfix, which
 * joins continuation lines keeping their leading blanks, reads any amount of
 * blanks there alike.
 */
export function meaning(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of new ConfigModel({ main: text }).main.assignments) out[a.name] = listWords(a.value).map((w) => w.text.replace(/[ \t\n\r\v\f]+/g, ' '));
  return out;
}

// ---------------------------------------------------------------- known bugs

/**
 * Bugs the fuzzer found, with the inputs that show them. The properties skip
 * (and count) inputs that hit one, so that they keep finding new ones; each
 * has a minimal reproduction test marked `todo` in service.test.ts. When a bug
 * is fixed, remove its entry here and the `todo` mark there.
 */
export const KNOWN_BUGS = {} as const;

export type KnownBug = keyof typeof KNOWN_BUGS;

/**
 * The text without what formatting may change: Postfix's blanks within lines
 * (space, tab, vertical tab, form feed), and in one-per-line layout also line
 * breaks and commas (the separators of a list). Everything else must stay.
 */
export const formattingInvariant = (text: string, onePerLine: boolean): string => text.replace(onePerLine ? /[ \t\n\r\v\f,]/g : /[ \t\v\f]/g, '');

// ------------------------------------------------------------------- timings

export interface TimingSummary {
  name: string;
  count: number;
  p50: number;
  p99: number;
  /** the largest time after re-measuring outliers (the smallest of up to 3 runs) */
  max: number;
  /** the largest single measurement */
  rawMax: number;
  slowest: string;
  /** the bound asserted for this input size (ms) */
  slowestBound: number;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;

/** Per-call time bound: 100 ms for inputs under 100 KB, proportionally more for larger ones. */
export const boundFor = (size: number, perInput = 100): number => perInput * Math.max(1, size / 100_000);

export class Timings {
  private readonly samples = new Map<string, number[]>();
  private readonly worst = new Map<string, { ms: number; raw: number; label: string; bound: number; ratio: number }>();
  /** calls over their bound because of a known bug: not counted against the bound */
  readonly excused: { name: string; ms: number; bound: number; bug: KnownBug; label: string }[] = [];

  /**
   * Runs `fn`, records its time under `name`. A call slower than its bound is
   * run up to twice more and the fastest time counts: a garbage collection or a
   * busy machine does not fail the suite, a call that is slow every time does.
   */
  time<T>(name: string, size: number, label: () => string, fn: () => T, excuse?: (result: T) => KnownBug | undefined): T {
    const bound = boundFor(size);
    let start = performance.now();
    const result = fn();
    const raw = performance.now() - start;
    let ms = raw;
    for (let i = 0; i < 2 && ms > bound; i++) {
      start = performance.now();
      fn();
      ms = Math.min(ms, performance.now() - start);
    }
    const known = ms > bound ? excuse?.(result) : undefined;
    if (known) {
      this.excused.push({ name, ms: round(ms), bound: round(bound), bug: known, label: label() });
      return result;
    }
    let list = this.samples.get(name);
    if (!list) this.samples.set(name, (list = []));
    list.push(ms);
    const worst = this.worst.get(name);
    const ratio = ms / bound;
    if (!worst || ratio > worst.ratio) this.worst.set(name, { ms, raw: Math.max(raw, worst?.raw ?? 0), label: label(), bound, ratio });
    else if (raw > worst.raw) worst.raw = raw;
    return result;
  }

  summaries(): TimingSummary[] {
    return [...this.samples].map(([name, list]) => {
      const sorted = [...list].sort((a, b) => a - b);
      const worst = this.worst.get(name);
      return {
        name,
        count: list.length,
        p50: round(percentile(sorted, 0.5)),
        p99: round(percentile(sorted, 0.99)),
        max: round(sorted[sorted.length - 1] ?? 0),
        rawMax: round(worst?.raw ?? 0),
        slowest: worst?.label ?? '',
        slowestBound: round(worst?.bound ?? 0),
      };
    });
  }

  /** Names whose slowest call (after re-measuring) exceeded its bound. */
  overBound(): { name: string; ms: number; bound: number; label: string }[] {
    return [...this.worst].filter(([, w]) => w.ms > w.bound).map(([name, w]) => ({ name, ms: round(w.ms), bound: round(w.bound), label: w.label }));
  }
}

export const round = (ms: number): number => Math.round(ms * 100) / 100;

export const formatTimings = (list: readonly TimingSummary[]): string =>
  list.map((s) => `${s.name}: n=${s.count} p50=${s.p50}ms p99=${s.p99}ms max=${s.max}ms (raw ${s.rawMax}ms, bound ${s.slowestBound}ms)`).join('\n');

// ------------------------------------------------------------------ reports

/** What a fuzz property reports back. */
export interface Stats {
  property: string;
  inputs: number;
  bytes: number;
  timings: TimingSummary[];
  overBound: { name: string; ms: number; bound: number; label: string }[];
  /** inputs that hit a known bug, by bug; those checks were skipped for them */
  knownBugHits: Partial<Record<KnownBug, number>>;
  /** slow calls explained by a known bug */
  excused: Timings['excused'];
  /** free-form counters (diagnostics seen, hovers answered ...) */
  counters: Record<string, number>;
}

/** Where each test leaves its stats for scripts/fuzz.mjs to add up (env FUZZ_REPORT_DIR; none without it). */
export const REPORT_DIR = process.env.FUZZ_REPORT_DIR;

export function saveReport(name: string, report: unknown): void {
  if (!REPORT_DIR) return;
  try {
    mkdirSync(REPORT_DIR, { recursive: true });
    writeFileSync(join(REPORT_DIR, `${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.json`), JSON.stringify(report, null, 2));
  } catch {
    // a report is a convenience; the assertions are what counts
  }
}

export function describeStats(s: Stats): string {
  const hits =
    Object.entries(s.knownBugHits)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ') || 'none';
  const counters = Object.entries(s.counters)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `${s.property}: ${s.inputs} inputs, ${Math.round(s.bytes / 1024)} KB; known-bug inputs skipped: ${hits}${counters ? `; ${counters}` : ''}\n${formatTimings(s.timings)}`;
}

// ------------------------------------------------------------ worker runner

export interface WorkerTask {
  property: string;
  runs: number;
  seed: number;
  /** instead of a property: one hostile document through every entry point (properties.ts runHostile) */
  hostile?: { main?: string; master?: string; probes?: { doc: 'main' | 'master'; line: number; character: number }[]; checksOnly?: boolean };
}

/**
 * Runs properties of properties.ts (and hostile documents) in a worker
 * thread, one task at a time; the worker is started once and kept for the
 * next task (loading the service takes a second or two). The worker reports
 * each input before it evaluates it; if one input takes longer than `hangMs`
 * the worker is terminated (even a busy loop stops) and the error names the
 * input: a hang fails the test instead of blocking CI.
 */
export class FuzzWorker {
  private worker: Worker | undefined;
  private onMessage: ((m: WorkerMessage) => void) | undefined;
  private onExit: ((why: string) => void) | undefined;

  private start(): Worker {
    const worker = new Worker(join(__dirname, 'worker.js'), { resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    // a worker given up on (terminated after a hang) reports nothing more
    worker.on('message', (m: WorkerMessage) => {
      if (this.worker === worker) this.onMessage?.(m);
    });
    worker.on('error', (error) => {
      if (this.worker === worker) this.onExit?.(`worker error: ${error.stack ?? error.message}`);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.onExit?.(`worker exited with code ${code}`);
    });
    // an idle worker must not keep the test process alive
    worker.unref();
    return worker;
  }

  run<R = Stats>(task: WorkerTask, hangMs = 20_000): Promise<R> {
    const worker = (this.worker ??= this.start());
    return new Promise<R>((resolve, reject) => {
      let last = 'starting the task';
      let since = Date.now();
      const finish = (fn: () => void): void => {
        clearInterval(watchdog);
        this.onMessage = undefined;
        this.onExit = undefined;
        fn();
      };
      const watchdog = setInterval(() => {
        if (Date.now() - since <= hangMs) return;
        this.worker = undefined;
        finish(() => reject(new Error(`${task.property}: no progress for ${hangMs} ms (a hang?) on input:\n${last}`)));
        void worker.terminate();
      }, 250);
      this.onMessage = (m) => {
        if (m.type === 'progress') {
          last = m.label;
          since = Date.now();
        } else if (m.type === 'done') finish(() => resolve(m.stats as R));
        else finish(() => reject(new Error(m.message)));
      };
      this.onExit = (why) => finish(() => reject(new Error(`${task.property}: ${why}, while on input:\n${last}`)));
      worker.postMessage(task);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

/** FuzzWorkers that run tasks side by side, one task per worker at a time (env FUZZ_WORKERS, default: one per core, at most 2). */
export class FuzzPool {
  private readonly workers: FuzzWorker[];
  private readonly idle: FuzzWorker[];
  private readonly waiting: ((worker: FuzzWorker) => void)[] = [];

  constructor(size = Number(process.env.FUZZ_WORKERS) || Math.min(2, availableParallelism())) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => new FuzzWorker());
    this.idle = [...this.workers];
  }

  get size(): number {
    return this.workers.length;
  }

  async run<R = Stats>(task: WorkerTask, hangMs?: number): Promise<R> {
    const worker = this.idle.pop() ?? (await new Promise<FuzzWorker>((resolve) => this.waiting.push(resolve)));
    try {
      return await worker.run<R>(task, hangMs);
    } finally {
      const next = this.waiting.shift();
      if (next) next(worker);
      else this.idle.push(worker);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}

type WorkerMessage = { type: 'progress'; label: string } | { type: 'done'; stats: unknown } | { type: 'error'; message: string };
