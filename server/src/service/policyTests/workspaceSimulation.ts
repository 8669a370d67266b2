/**
 * The simulator and policy tests over the workspace: main.cf and the tables
 * are read as the editor shows them (an open document's text before the
 * disk), scenario files from the editor or the disk, and main.cf found
 * relative to the scenario file that names it.
 */
import { dirname, isAbsolute, join, normalize } from 'node:path/posix';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from '../diagnostics';
import type { FileSystem } from '../files';
import type { LineDocument } from '../lineDocument';
import { simulate } from '../simulate/index';
import type { Simulation, Transaction } from '../simulate/transaction';
import type { Workspace } from '../workspace';
import { runScenario, type ScenarioResult } from './runScenarios';
import { parseScenarioFile, SCENARIO_FILE, SCENARIO_LANGUAGE, type ScenarioFile } from './scenarioFile';
import { transactionProblems, withoutUnknownNames } from './transactionInput';

/** A simulation, or why there is none (not a main.cf, an unusable transaction). */
export type SimulateAnswer = Simulation | { error: string };

export interface ScenarioFileView extends ScenarioFile {
  /** the main.cf the file names, resolved against the file's directory */
  mainPath?: string;
}

export interface ScenarioRun extends ScenarioFileView {
  /** why no scenario ran: the file could not be read, main.cf is missing */
  error?: string;
  results: ScenarioResult[];
}

export const SCENARIO_SOURCE = 'postfix-test';

export class WorkspaceSimulator {
  /** the text of each open document the simulator read, kept while its version stays: one string, not a join per simulation */
  private readonly texts = new Map<string, { doc: LineDocument; version: number; text: string }>();
  /** the file system the simulator reads: open documents first */
  readonly files: FileSystem;

  constructor(private readonly workspace: Workspace) {
    this.files = {
      exists: (path) => workspace.documentAt(path) !== undefined || workspace.files.exists(path),
      list: (directory) => workspace.files.list(directory),
      read: (path) => this.read(path),
    };
  }

  private read(path: string): string | undefined {
    const doc = this.workspace.documentAt(path);
    if (!doc) {
      this.texts.delete(path);
      return this.workspace.files.read(path);
    }
    const known = this.texts.get(path);
    if (known?.doc === doc && known.version === doc.version) return known.text;
    const text = doc.getText();
    this.texts.set(path, { doc, version: doc.version, text });
    return text;
  }

  /** Whether a document is a policy test file, by its language or its name. */
  isScenarioFile(uri: string): boolean {
    const doc = this.workspace.document(uri);
    if (doc?.languageId === SCENARIO_LANGUAGE) return true;
    return SCENARIO_FILE.test(this.workspace.pathOf(uri) ?? uri);
  }

  /** What smtpd would answer, with main.cf at `mainPath` (open or on disk). */
  simulate(mainPath: string, tx: Transaction, options: { service?: string; version?: string } = {}): SimulateAnswer {
    const problems = transactionProblems(tx);
    if (problems.length) return { error: problems.join('; ') };
    const model = this.workspace.configAt(mainPath);
    if (!model) return { error: `cannot read ${mainPath}` };
    const masterPath = join(dirname(mainPath), 'master.cf');
    const config = { model, mainPath, masterPath: this.files.exists(masterPath) ? masterPath : undefined, files: this.files };
    return simulate(config, withoutUnknownNames(tx), options);
  }

  /** A scenario file read from the editor or the disk; undefined when it can be read from neither. */
  scenarios(uri: string): ScenarioFileView | undefined {
    const path = this.workspace.pathOf(uri);
    const text = this.workspace.document(uri)?.getText() ?? (path === undefined ? undefined : this.workspace.files.read(path));
    if (text === undefined) return undefined;
    const file: ScenarioFileView = parseScenarioFile(text);
    if (file.main && path !== undefined) file.mainPath = normalize(isAbsolute(file.main.path) ? file.main.path : join(dirname(path), file.main.path));
    return file;
  }

  /** Runs the scenarios of a file, or those whose indices are given. */
  run(uri: string, indices?: readonly number[]): ScenarioRun {
    const file = this.scenarios(uri);
    if (!file) return { scenarios: [], problems: [], results: [], error: `cannot read ${this.workspace.pathOf(uri) ?? uri}` };
    if (!file.mainPath)
      return { ...file, results: [], error: file.main ? 'the scenario file is not on disk: main is relative to it' : 'the file names no main.cf' };
    const mainPath = file.mainPath;
    if (!this.workspace.configAt(mainPath)) return { ...file, results: [], error: `cannot read the main.cf under test: ${mainPath}` };
    const wanted = indices && new Set(indices);
    const results = file.scenarios
      .filter((s) => !wanted || wanted.has(s.index))
      .map((s) =>
        runScenario(s, (tx, service) => {
          const answer = this.simulate(mainPath, tx, { service, version: file.version });
          return 'error' in answer ? { recipients: [], problems: [answer.error] } : answer;
        }),
      );
    return { ...file, results };
  }

  /** The file's problems and each failed expectation, where it is written. */
  diagnostics(uri: string): Diagnostic[] {
    const run = this.run(uri);
    const error = (range: Diagnostic['range'], code: string, message: string): Diagnostic => ({
      range,
      severity: DiagnosticSeverity.Error,
      source: SCENARIO_SOURCE,
      code,
      message,
    });
    const out = run.problems.map((p) => error(p.range, 'scenario-invalid', p.message));
    if (run.error && run.main) out.push(error(run.main.range, 'scenario-main-missing', run.error));
    for (const result of run.results) {
      if (result.passed) continue;
      const scenario = run.scenarios.find((s) => s.index === result.index);
      if (scenario) out.push(error(scenario.expectRange, 'scenario-failed', `${result.name}: ${result.failures.join('; ')}`));
    }
    return out;
  }
}
