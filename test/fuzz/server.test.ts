/**
 * The real server (dist/server.js --stdio) under a stream of mutated
 * documents: main.cf and master.cf of one directory, opened, replaced,
 * edited incrementally at random ranges, closed and reopened, formatted and
 * the formatting applied, with hover, completion, symbols, code actions,
 * formatting, navigation and folding requests in between.
 *
 * Every request must be answered, the process must stay alive, every
 * published diagnostic must lie inside the document version it was computed
 * for, and the server must log no error (window/logMessage of type Error: the
 * server logs only when a check or a request handler threw).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, DocumentSymbol, Hover, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { LspClient, type PublishedDiagnostics } from '../lsp/client';
import { applyPlan, corpus, describePlan, fuzzRuns, fuzzSeed, nastyString, planArb, share, type Kind, type Plan } from './mutations';
import { assertInside, contains, lspView, round, saveReport, type DocView } from './support';

/** Requests answered later than this after their version's diagnostics fail the test (the goal is 100 ms; CI machines are busy). */
const LATENCY_LIMIT_MS = 1000;
const REQUEST_TIMEOUT_MS = 10_000;

type RequestKind = 'hover' | 'completion' | 'documentSymbol' | 'codeAction' | 'formatting' | 'definition' | 'references' | 'foldingRange' | 'documentHighlight';

interface Step {
  doc: 'main' | 'master';
  action: 'replace' | 'edits' | 'reopen' | 'format-apply';
  plan: Plan;
  edits: { a: number; b: number; text: string }[];
  /** a request sent right after the change, before its diagnostics arrive */
  eager: { kind: RequestKind; at: number; to: number };
  requests: { kind: RequestKind; at: number; to: number }[];
}

const requestArb = fc.record({
  kind: fc.constantFrom<RequestKind>(
    'hover',
    'hover',
    'completion',
    'completion',
    'documentSymbol',
    'codeAction',
    'formatting',
    'definition',
    'references',
    'foldingRange',
    'documentHighlight',
  ),
  at: fc.nat(),
  to: fc.nat(),
});

const stepArb = (doc: 'main' | 'master'): fc.Arbitrary<Step> =>
  fc.record({
    doc: fc.constant(doc),
    action: fc.constantFrom<Step['action']>('replace', 'replace', 'edits', 'edits', 'edits', 'reopen', 'format-apply'),
    plan: planArb(doc, 3),
    edits: fc.array(fc.record({ a: fc.nat(), b: fc.nat(), text: fc.oneof(nastyString, fc.constant('')) }), { minLength: 1, maxLength: 5 }),
    eager: requestArb,
    requests: fc.array(requestArb, { minLength: 2, maxLength: 6 }),
  });

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;

interface OpenDoc {
  kind: Kind;
  uri: string;
  languageId: string;
  doc: TextDocument;
  /** texts of recent versions, to judge the diagnostics published for them */
  history: Map<number, string>;
}

test('server: mutated documents, incremental edits and requests: all answered, no error logged, diagnostics inside', async (t) => {
  const runs = fuzzRuns();
  const steps = share(runs, 0.15, 20);
  const seed = fuzzSeed();
  const plan = fc.sample(fc.oneof({ weight: 3, arbitrary: stepArb('main') }, { weight: 2, arbitrary: stepArb('master') }), { seed, numRuns: steps });
  const dir = mkdtempSync(join(tmpdir(), 'postfix-fuzz-'));
  const mainText = corpus('main')[0].text;
  const masterText = corpus('master')[0].text;
  writeFileSync(join(dir, 'main.cf'), mainText);
  writeFileSync(join(dir, 'master.cf'), masterText);

  const client = await LspClient.startInitialized({});
  const logs: { type: number; message: string }[] = [];
  // the test client keeps only the text; the type tells errors apart
  client.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    logs.push(p);
    client.log.push(p.message);
  });
  const latencies = new Map<string, number[]>();
  const diagnosticWaits: number[] = [];
  const counters: Record<string, number> = {};
  const count = (name: string, n = 1): void => {
    counters[name] = (counters[name] ?? 0) + n;
  };
  let label = '';
  let bytes = 0;

  const docs: Record<'main' | 'master', OpenDoc> = {
    main: {
      kind: 'main',
      uri: pathToFileURL(join(dir, 'main.cf')).toString(),
      languageId: 'postfix-main',
      doc: TextDocument.create('', 'postfix-main', 1, mainText),
      history: new Map(),
    },
    master: {
      kind: 'master',
      uri: pathToFileURL(join(dir, 'master.cf')).toString(),
      languageId: 'postfix-master',
      doc: TextDocument.create('', 'postfix-master', 1, masterText),
      history: new Map(),
    },
  };
  const byUri = new Map(Object.values(docs).map((d) => [d.uri, d]));

  const fail = (message: string): never => {
    const file = join(tmpdir(), `postfix-fuzz-server-failure-${process.pid}.txt`);
    const open = Object.values(docs)
      .map((d) => `--- ${d.uri} v${d.doc.version}\n${d.doc.getText()}`)
      .join('\n');
    writeFileSync(file, open);
    assert.fail(`${message}\nstep: ${label}\ndocuments written to ${file}\n${client.describe()}`);
  };

  const views = (d: OpenDoc, text = d.doc.getText()): DocView[] => [lspView(text)];

  const inside = (range: Range | undefined, v: DocView[], what: string, edit = false): void => {
    try {
      assertInside(range, v, what, edit);
    } catch (error) {
      fail((error as Error).message);
    }
  };

  /** Judges every publication received since the last call against the text of its version. */
  let judged = 0;
  const judgePublications = (): void => {
    for (; judged < client.published.length; judged++) {
      const p = client.published[judged];
      const d = byUri.get(p.uri);
      const text = d && p.version !== undefined ? d.history.get(p.version) : undefined;
      if (text === undefined) continue;
      const v = views(d!, text);
      for (const diagnostic of p.diagnostics) inside(diagnostic.range, v, `published diagnostic ${diagnostic.code} "${diagnostic.message}" (v${p.version})`);
      count('diagnostics judged', p.diagnostics.length);
    }
  };

  const remember = (d: OpenDoc): void => {
    d.history.set(d.doc.version, d.doc.getText());
    for (const v of d.history.keys()) if (v < d.doc.version - 20) d.history.delete(v);
  };

  const waitForCurrent = async (d: OpenDoc): Promise<PublishedDiagnostics> => {
    const start = performance.now();
    const p = await client.waitForDiagnostics(d.uri, (x) => x.version === d.doc.version, REQUEST_TIMEOUT_MS);
    diagnosticWaits.push(performance.now() - start);
    return p;
  };

  const position = (d: OpenDoc, at: number): Position => {
    const lines = d.doc.getText().split(/\r\n|\r|\n/);
    const line = at % lines.length;
    return { line, character: Math.floor(at / lines.length) % (lines[line].length + 1) };
  };

  const send = async <R>(method: string, params: unknown): Promise<R> => client.request<R>(method, params, REQUEST_TIMEOUT_MS);

  /** Sends one request, checks its answer, and returns its latency. */
  const request = async (d: OpenDoc, r: Step['requests'][number], diagnostics: Diagnostic[]): Promise<number> => {
    const textDocument = { uri: d.uri };
    const p = position(d, r.at);
    const q = position(d, r.to);
    const range: Range = q.line < p.line || (q.line === p.line && q.character < p.character) ? { start: q, end: p } : { start: p, end: q };
    const v = views(d);
    const start = performance.now();
    switch (r.kind) {
      case 'hover': {
        const h = await send<Hover | null>('textDocument/hover', { textDocument, position: p });
        const elapsed = performance.now() - start;
        if (h) {
          count('hovers');
          if (h.range) inside(h.range, v, `hover at ${JSON.stringify(p)}`);
        }
        return elapsed;
      }
      case 'completion': {
        const result = await send<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument, position: p });
        const elapsed = performance.now() - start;
        const items = !result ? [] : Array.isArray(result) ? result : result.items;
        count('completion items', items.length);
        for (const item of items.slice(0, 20)) {
          const e = item.textEdit as TextEdit | undefined;
          if (!e?.range) continue;
          inside(e.range, v, `completion ${item.label} at ${JSON.stringify(p)}`);
          // the edit replaces text typed before the cursor on its line, and ends at the cursor
          if (
            v &&
            (e.range.start.line !== p.line || e.range.end.line !== p.line || e.range.start.character > p.character || e.range.end.character !== p.character)
          ) {
            fail(`completion ${item.label} at ${JSON.stringify(p)} replaces ${JSON.stringify(e.range)}`);
          }
        }
        return elapsed;
      }
      case 'documentSymbol': {
        const symbols = await send<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument });
        const elapsed = performance.now() - start;
        const walk = (list: DocumentSymbol[]): void => {
          for (const s of list) {
            count('symbols');
            inside(s.range, v, `symbol ${s.name}`);
            if (!contains(s.range, s.selectionRange)) fail(`symbol ${s.name}: selectionRange not inside range`);
            walk(s.children ?? []);
          }
        };
        walk(symbols ?? []);
        return elapsed;
      }
      case 'codeAction': {
        const touching = diagnostics.filter((x) => x.range.start.line <= range.end.line && x.range.end.line >= range.start.line);
        const actions = await send<CodeAction[] | null>('textDocument/codeAction', { textDocument, range, context: { diagnostics: touching } });
        const elapsed = performance.now() - start;
        for (const a of actions ?? []) {
          count('code actions');
          for (const e of a.edit?.changes?.[d.uri] ?? []) inside(e.range, v, `code action "${a.title}"`, true);
        }
        return elapsed;
      }
      case 'formatting': {
        const edits = await send<TextEdit[] | null>('textDocument/formatting', { textDocument, options: { tabSize: 4, insertSpaces: true } });
        const elapsed = performance.now() - start;
        for (const e of edits ?? []) inside(e.range, v, 'formatting edit', true);
        count('formatting edits', edits?.length ?? 0);
        return elapsed;
      }
      case 'definition':
      case 'references':
      case 'documentHighlight': {
        const method = `textDocument/${r.kind}`;
        const result = await send<unknown>(method, { textDocument, position: p, context: { includeDeclaration: true } });
        const elapsed = performance.now() - start;
        const list = (Array.isArray(result) ? result : result ? [result] : []) as { uri?: string; range: Range }[];
        for (const l of list) {
          const target = l.uri ? byUri.get(l.uri) : d;
          if (target) inside(l.range, views(target), `${r.kind} result`);
        }
        return elapsed;
      }
      case 'foldingRange': {
        const folds = await send<{ startLine: number; endLine: number }[] | null>('textDocument/foldingRange', { textDocument });
        const elapsed = performance.now() - start;
        for (const f of folds ?? [])
          if (!(f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < d.doc.lineCount)) fail(`folding range ${JSON.stringify(f)}`);
        return elapsed;
      }
    }
  };

  try {
    for (const d of Object.values(docs)) {
      remember(d);
      await client.didOpen(d.uri, d.doc.getText(), d.languageId, d.doc.version);
      await waitForCurrent(d);
    }
    for (let i = 0; i < plan.length; i++) {
      const step = plan[i];
      const d = docs[step.doc];
      label = `#${i} ${step.action} ${step.doc}.cf: ${step.action === 'replace' || step.action === 'reopen' ? describePlan(d.kind, step.plan) : JSON.stringify(step.edits).slice(0, 300)}`;
      const version = d.doc.version + 1;
      let changed = true;
      switch (step.action) {
        case 'replace': {
          const text = applyPlan(d.kind, step.plan);
          d.doc = TextDocument.update(d.doc, [{ text }], version);
          await client.notify('textDocument/didChange', { textDocument: { uri: d.uri, version }, contentChanges: [{ text }] });
          break;
        }
        case 'reopen': {
          const text = applyPlan(d.kind, step.plan);
          await client.didClose(d.uri);
          d.doc = TextDocument.create(d.uri, d.languageId, version, text);
          await client.didOpen(d.uri, text, d.languageId, version);
          break;
        }
        case 'edits': {
          const changes: { range: Range; text: string }[] = [];
          for (const e of step.edits) {
            const length = d.doc.getText().length;
            const [a, b] = [e.a % (length + 1), e.b % (length + 1)].sort((x, y) => x - y);
            // a small range mostly, as typing and pasting make
            const end = Math.min(b, a + (e.b % 40));
            const change = { range: { start: d.doc.positionAt(a), end: d.doc.positionAt(end) }, text: e.text };
            changes.push(change);
            d.doc = TextDocument.update(d.doc, [change], version);
          }
          await client.notify('textDocument/didChange', { textDocument: { uri: d.uri, version }, contentChanges: changes });
          break;
        }
        case 'format-apply': {
          // what format-on-save does: format, then apply the edits as one change
          const edits =
            (await send<TextEdit[] | null>('textDocument/formatting', { textDocument: { uri: d.uri }, options: { tabSize: 4, insertSpaces: true } })) ?? [];
          const v = views(d);
          for (const e of edits) inside(e.range, v, 'formatting edit', true);
          if (!v || edits.length === 0) {
            // nothing to apply (or a lone CR, whose edits are known to be wrong): no new version
            changed = false;
          } else {
            const text = TextDocument.applyEdits(d.doc, edits);
            d.doc = TextDocument.update(d.doc, [{ text }], version);
            await client.notify('textDocument/didChange', { textDocument: { uri: d.uri, version }, contentChanges: [{ text }] });
            count('formatting applied');
          }
          break;
        }
      }
      remember(d);
      bytes += d.doc.getText().length;
      // a request right behind the change, before its diagnostics: answered all the same
      const eager = request(d, step.eager, []);
      const published = changed ? await waitForCurrent(d) : (client.latest(d.uri) ?? { uri: d.uri, diagnostics: [] });
      await eager;
      judgePublications();
      for (const r of step.requests) {
        const elapsed = await request(d, r, published.diagnostics);
        let list = latencies.get(r.kind);
        if (!list) latencies.set(r.kind, (list = []));
        list.push(elapsed);
      }
      judgePublications();
      if (client.exited) fail('the server exited');
      const errors = logs.filter((l) => l.type === 1);
      if (errors.length) fail(`the server logged an error:\n${errors.map((e) => e.message).join('\n')}`);
    }
  } finally {
    await client.shutdown();
    const all = [...latencies.values()].flat().sort((a, b) => a - b);
    const waits = [...diagnosticWaits].sort((a, b) => a - b);
    const byKind = Object.fromEntries(
      [...latencies].map(([k, list]) => {
        const sorted = [...list].sort((a, b) => a - b);
        return [k, { n: sorted.length, p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), max: round(sorted[sorted.length - 1] ?? 0) }];
      }),
    );
    const summary = {
      property: 'server',
      documents: plan.length,
      bytes,
      requests: all.length,
      latency: { p50: round(percentile(all, 0.5)), p99: round(percentile(all, 0.99)), p100: round(all[all.length - 1] ?? 0) },
      diagnosticsLatency: { p50: round(percentile(waits, 0.5)), p99: round(percentile(waits, 0.99)), p100: round(waits[waits.length - 1] ?? 0) },
      byKind,
      counters,
      logs: logs.length,
      stderr: client.stderr.slice(0, 2000),
    };
    saveReport('server', summary);
    t.diagnostic(
      `server: ${plan.length} documents (${Math.round(bytes / 1024)} KB), ${all.length} requests; request latency after diagnostics p50=${summary.latency.p50}ms p99=${summary.latency.p99}ms p100=${summary.latency.p100}ms; ` +
        `diagnostics after a change p50=${summary.diagnosticsLatency.p50}ms p99=${summary.diagnosticsLatency.p99}ms p100=${summary.diagnosticsLatency.p100}ms`,
    );
    t.diagnostic(`server by request: ${JSON.stringify(byKind)}`);
    t.diagnostic(`server counters: ${JSON.stringify(counters)}`);
    rmSync(dir, { recursive: true, force: true });
    if (all.length) assert.ok(summary.latency.p100 < LATENCY_LIMIT_MS, `slowest request took ${summary.latency.p100} ms (limit ${LATENCY_LIMIT_MS} ms)`);
  }
});
