/**
 * Policy test files in VS Code's Testing view: each NAME.postfix-test.yaml
 * of the workspace is a test with its scenarios as children, read and run by
 * the language server (postfix/scenarios, postfix/runScenarios). A failure
 * carries why and the simulator's trace, its file:line steps as links, and
 * points at the expectation that failed. Reading and simulating run no
 * program, so this works in untrusted workspaces too.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ScenarioResult } from '../../server/src/service/policyTests/runScenarios';
import { traceText } from '../../server/src/service/policyTests/traceText';
import type { ScenarioFileView, ScenarioRun } from '../../server/src/service/policyTests/workspaceSimulation';
import type { Range } from '../../server/src/service/syntax/text';

const PATTERN = '**/*.postfix-test.{yaml,yml,json}';
export const RUN_SCENARIO_CLIENT_COMMAND = 'postfix.testing.runScenario';

const toRange = (r: Range): vscode.Range => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

/** Text as a Markdown code span: shown as written, whatever characters it holds (a backtick becomes a quote); spaces around it stay outside. */
function code(text: string): string {
  const [, before, core, after] = /^(\s*)([^]*?)(\s*)$/.exec(text) ?? ['', '', text, ''];
  return core === '' ? text : `${before}\`${core.replaceAll('`', "'")}\`${after}`;
}

/** A failure as the Testing view shows it: what was expected, then the trace with links to main.cf and the tables. */
function failureMessage(result: ScenarioResult): vscode.MarkdownString {
  const trace = traceText(result.simulation, (path) => vscode.workspace.asRelativePath(path));
  const lines = trace.lines.map((line, n) => {
    let out = '';
    let at = 0;
    for (const link of trace.links.filter((l) => l.line === n)) {
      const target = vscode.Uri.file(link.file).with({ fragment: `L${link.fileLine + 1}` });
      out += code(line.slice(at, link.start)) + `[${line.slice(link.start, link.end).replace(/[[\]\\]/g, '\\$&')}](${target.toString()})`;
      at = link.end;
    }
    // the indentation of the trace, kept
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    return '&nbsp;'.repeat(indent) + (out + code(line.slice(at))).trimStart();
  });
  const md = new vscode.MarkdownString([...result.failures.map(code), '', ...lines].join('  \n'));
  md.isTrusted = false;
  return md;
}

export class PolicyTests implements vscode.Disposable {
  private readonly controller = vscode.tests.createTestController('postfixPolicyTests', 'Postfix policy tests');
  private readonly disposables: vscode.Disposable[] = [this.controller];

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.controller.resolveHandler = async (item) => {
      if (item) await this.load(item.uri);
      else await this.discover();
    };
    this.controller.refreshHandler = () => this.discover();
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
    const watcher = vscode.workspace.createFileSystemWatcher(PATTERN);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.load(uri)),
      watcher.onDidChange((uri) => void this.load(uri)),
      watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.languageId === 'postfix-test') void this.load(e.document.uri);
      }),
      vscode.commands.registerCommand(RUN_SCENARIO_CLIENT_COMMAND, (uri: string, index?: number) => this.runFromLens(uri, index)),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** Every policy test file of the workspace, with its scenarios. */
  async discover(): Promise<void> {
    const files = await vscode.workspace.findFiles(PATTERN, '**/node_modules/**');
    await Promise.all(files.map((uri) => this.load(uri)));
  }

  /** A file's item and its scenarios as the server reads them (the editor's text when open). */
  async load(uri: vscode.Uri | undefined): Promise<vscode.TestItem | undefined> {
    const lsp = this.client();
    if (!uri || !lsp) return undefined;
    const id = uri.toString();
    let file = this.controller.items.get(id);
    if (!file) {
      file = this.controller.createTestItem(id, vscode.workspace.asRelativePath(uri), uri);
      file.canResolveChildren = true;
      this.controller.items.add(file);
    }
    const view = await lsp.sendRequest<ScenarioFileView | null>('postfix/scenarios', { uri: id }).catch(() => null);
    if (!view) {
      file.error = 'cannot read this file';
      return file;
    }
    file.error = view.problems.length ? `${view.problems.length} problem(s): ${view.problems[0].message}` : undefined;
    file.range = view.main ? toRange(view.main.range) : undefined;
    file.children.replace(
      view.scenarios.map((s) => {
        const item = this.controller.createTestItem(`${id}#${s.index}`, s.name, uri);
        item.range = toRange(s.range);
        return item;
      }),
    );
    return file;
  }

  /** The lens "Run scenario" (or "Run all"): the same run as from the Testing view. */
  private async runFromLens(uri: string, index?: number): Promise<void> {
    const file = await this.load(vscode.Uri.parse(uri));
    if (!file) return;
    const item = index === undefined ? file : file.children.get(`${uri}#${index}`);
    if (!item) return;
    const source = new vscode.CancellationTokenSource();
    try {
      await this.run(new vscode.TestRunRequest([item]), source.token);
    } finally {
      source.dispose();
    }
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    // the scenarios wanted, by file: a file item stands for all its scenarios
    const byFile = new Map<string, { file: vscode.TestItem; scenarios: vscode.TestItem[] }>();
    const roots: vscode.TestItem[] = [];
    if (request.include) roots.push(...request.include);
    else this.controller.items.forEach((i) => roots.push(i));
    for (const item of roots) {
      const file = item.parent ?? item;
      if (!item.parent && item.children.size === 0) await this.load(item.uri);
      const entry = byFile.get(file.id) ?? { file, scenarios: [] };
      byFile.set(file.id, entry);
      if (item.parent) entry.scenarios.push(item);
      else item.children.forEach((c) => entry.scenarios.push(c));
    }
    for (const { file, scenarios } of byFile.values()) {
      if (token.isCancellationRequested) break;
      const wanted = scenarios.filter((s) => !excluded.has(s.id));
      wanted.forEach((s) => run.started(s));
      const indices = wanted.map((s) => Number(s.id.slice(s.id.lastIndexOf('#') + 1)));
      const started = Date.now();
      const answer = await this.client()
        ?.sendRequest<ScenarioRun | null>('postfix/runScenarios', { uri: file.id, indices })
        .catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }) as ScenarioRun);
      const problem = !answer
        ? 'the language server is not running'
        : (answer.error ?? (answer.problems.length ? answer.problems.map((p) => `line ${p.range.start.line + 1}: ${p.message}`).join('\n') : undefined));
      if (problem) run.errored(file, new vscode.TestMessage(problem));
      if (!answer || answer.error) {
        wanted.forEach((s) => run.skipped(s));
        continue;
      }
      const duration = (Date.now() - started) / Math.max(1, answer.results.length);
      for (const result of answer.results) {
        const item = file.children.get(`${file.id}#${result.index}`);
        if (!item) continue;
        if (result.passed) {
          run.passed(item, duration);
          continue;
        }
        const message = new vscode.TestMessage(failureMessage(result));
        const scenario = answer.scenarios.find((s) => s.index === result.index);
        if (item.uri && scenario) message.location = new vscode.Location(item.uri, toRange(scenario.expectRange));
        run.failed(item, message, duration);
        const trace = traceText(result.simulation, (path) => vscode.workspace.asRelativePath(path)).lines;
        run.appendOutput(`FAIL ${result.name}\r\n${[...result.failures, ...trace].map((l) => `  ${l}`).join('\r\n')}\r\n`, undefined, item);
      }
    }
    run.end();
  }
}
