/**
 * Thin VS Code client: starts the language server over IPC, shows the target
 * Postfix release, offers two commands that run Postfix's own tools, and the
 * simulator and policy tests (simulation.ts, policyTests.ts), which run none.
 * Programs run only in a trusted workspace, from machine-scoped paths,
 * with argument arrays and never through a shell.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { indexedTypes } from '../../server/src/service/knowledge/tableTypes';
import { isVersion, NEWEST_VERSION, RELEASES, targetVersionProblem } from '../../server/src/service/knowledge/versions';
import { PolicyTests, RUN_SCENARIO_CLIENT_COMMAND } from './policyTests';
import { registerSimulation } from './simulation';
import { registerLogReport } from './logReport';
import { SERVER_NODE_OPTIONS } from '../../server/src/nodeOptions';

const OTHER_RELEASE = 'Other release, e.g. 3.7.11 …';
const EFFECTIVE_SCHEME = 'postfix-effective';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

const log = (line: string): void => output?.appendLine(line);

interface RunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs a Postfix tool named by a machine-scoped setting; refuses in an untrusted workspace. Failures go to the Postfix channel. */
function runTool(setting: 'postconfPath' | 'postmapPath' | 'postaliasPath', fallback: string, args: string[]): Promise<RunResult> {
  const program = vscode.workspace.getConfiguration('postfix').get<string>(setting) || fallback;
  const line = [program, ...args].join(' ');
  if (!vscode.workspace.isTrusted) {
    log(`${line}: not run, this workspace is not trusted`);
    return Promise.resolve({ ok: false, stdout: '', stderr: 'This workspace is not trusted: Postfix tools are not run.' });
  }
  log(`$ ${line}`);
  return new Promise((resolve) => {
    execFile(program, args, { timeout: 30_000, shell: false, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const result = { ok: !error, stdout, stderr: stderr || (error ? error.message : '') };
      if (error) log(`${line} failed: ${result.stderr.trim()}`);
      resolve(result);
    });
  });
}

/** The directory of a file when a main.cf lies beside it: the configuration postmap and postalias read (-c). */
function configDirOf(file: string): string | undefined {
  const dir = dirname(file);
  return existsSync(join(dir, 'main.cf')) ? dir : undefined;
}

/** An aliases file, for which postalias is offered (the Postfix file name, as the language server reads it). */
function isAliasesFile(doc: vscode.TextDocument | undefined): boolean {
  return doc?.uri.scheme === 'file' && doc.languageId === 'postfix-map' && /^aliases($|\.)/i.test(basename(doc.uri.fsPath));
}

async function installedVersion(): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) return undefined;
  const result = await runTool('postconfPath', 'postconf', ['-dh', 'mail_version']);
  const version = result.stdout.trim();
  // the full version, patch level included: back-ports are judged by it
  return result.ok && isVersion(version) ? version : undefined;
}

/** The release diagnostics are judged against, as the status bar shows it. */
function targetLabel(installed: string | undefined): string {
  const setting = vscode.workspace.getConfiguration('postfix').get<string>('targetVersion') || 'auto';
  if (setting !== 'auto') return setting;
  return installed ? `${installed} (installed)` : `${NEWEST_VERSION} (newest known)`;
}

/** The active editor's file, when it is a Postfix file on disk. */
function activeFile(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === 'file' ? uri : undefined;
}

async function showEffectiveConfiguration(): Promise<void> {
  const file = activeFile();
  if (!file) {
    void vscode.window.showErrorMessage('Open a main.cf first: its directory is the configuration shown.');
    return;
  }
  const dir = dirname(file.fsPath);
  const uri = vscode.Uri.from({ scheme: EFFECTIVE_SCHEME, path: `${dir}/postconf -n`, query: dir });
  const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'postfix-main');
  await vscode.window.showTextDocument(doc, { preview: true });
}

/**
 * Rebuilds an indexed table with postmap or postalias, reading the main.cf
 * of `configDir` (the folder the table lies in, not /etc/postfix when that
 * is elsewhere); the output goes to the Postfix channel.
 */
async function rebuildTable(tool: 'postmap' | 'postalias', table?: string, configDir?: string): Promise<void> {
  let target = table;
  let dir = configDir;
  if (!target) {
    const file = activeFile();
    if (!file) {
      void vscode.window.showErrorMessage('Open a lookup table file first.');
      return;
    }
    const type = await vscode.window.showQuickPick([...indexedTypes], { placeHolder: `Table type of ${file.fsPath}` });
    if (!type) return;
    target = `${type}:${file.fsPath}`;
    dir = configDirOf(file.fsPath);
  }
  const result = await runTool(tool === 'postmap' ? 'postmapPath' : 'postaliasPath', tool, dir === undefined ? [target] : ['-c', dir, target]);
  if (result.stdout) log(result.stdout);
  if (result.ok && result.stderr) log(result.stderr);
  if (result.ok) {
    void vscode.window.showInformationMessage(`${tool} ${target}: done.`);
    // the compiled table is new now: stale-lookup-table is judged again
    await client?.sendNotification('postfix/revalidate');
  } else {
    output?.show(true);
    void vscode.window.showErrorMessage(`${tool} ${target} failed: ${result.stderr.split('\n')[0]}`);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Postfix');
  context.subscriptions.push(output);
  let installed = await installedVersion();
  log(
    `Postfix extension ${(context.extension.packageJSON as { version?: string }).version ?? '?'}; checking against Postfix ${targetLabel(installed)}; ` +
      (vscode.workspace.isTrusted ? 'workspace trusted' : 'workspace not trusted: postconf, postmap and postalias are not run'),
  );
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009', ...SERVER_NODE_OPTIONS] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'postfix-main' },
      { scheme: 'file', language: 'postfix-master' },
      { scheme: 'file', language: 'postfix-map' },
      { scheme: 'file', language: 'postfix-dbms' },
      { scheme: 'file', language: 'postfix-log' },
      { scheme: 'untitled', language: 'postfix-main' },
      { scheme: 'file', language: 'postfix-test' },
    ],
    synchronize: { configurationSection: 'postfix' },
    initializationOptions: { installedVersion: installed },
    middleware: {
      // the server's "Run scenario" lens runs through the Testing view here, where the results are kept
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        for (const lens of lenses ?? []) if (lens.command?.command === 'postfix.runScenario') lens.command.command = RUN_SCENARIO_CLIENT_COMMAND;
        return lenses;
      },
    },
  };
  client = new LanguageClient('postfix', 'Postfix Language Server', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = 'postfix.chooseTargetVersion';
  status.tooltip = 'Postfix release the configuration is checked against (click to choose)';
  const refreshStatus = (): void => {
    status.text = `Postfix ${targetLabel(installed)}`;
    void vscode.commands.executeCommand('setContext', 'postfix.aliasesFile', isAliasesFile(vscode.window.activeTextEditor?.document));
    const language = vscode.window.activeTextEditor?.document.languageId ?? '';
    if (language.startsWith('postfix-')) status.show();
    else status.hide();
  };

  const effective: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const result = await runTool('postconfPath', 'postconf', ['-c', uri.query, '-n']);
      return result.ok ? result.stdout : `# postconf -c ${uri.query} -n failed:\n# ${result.stderr.replace(/\n/g, '\n# ')}`;
    },
  };

  context.subscriptions.push(
    status,
    vscode.workspace.registerTextDocumentContentProvider(EFFECTIVE_SCHEME, effective),
    vscode.window.onDidChangeActiveTextEditor(refreshStatus),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('postfix')) refreshStatus();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      installed = await installedVersion();
      log(`Workspace trusted; checking against Postfix ${targetLabel(installed)}`);
      refreshStatus();
      await client?.sendNotification('postfix/installedVersion', { version: installed });
    }),
    vscode.commands.registerCommand('postfix.chooseTargetVersion', async () => {
      let picked = await vscode.window.showQuickPick(['auto', ...RELEASES, OTHER_RELEASE], { placeHolder: 'Check against which Postfix release?' });
      if (picked === OTHER_RELEASE) {
        picked = await vscode.window.showInputBox({
          prompt: 'Postfix release, with its patch level when back-ported features matter',
          placeHolder: '3.7.11',
          validateInput: (v) => targetVersionProblem(v.trim()),
        });
        picked = picked?.trim();
      }
      if (picked) await vscode.workspace.getConfiguration('postfix').update('targetVersion', picked, vscode.ConfigurationTarget.Workspace);
    }),
    vscode.commands.registerCommand('postfix.showEffectiveConfiguration', showEffectiveConfiguration),
    vscode.commands.registerCommand('postfix.runPostmap', (table?: string, configDir?: string) => rebuildTable('postmap', table, configDir)),
    vscode.commands.registerCommand('postfix.runPostalias', (table?: string, configDir?: string) => rebuildTable('postalias', table, configDir)),
    registerLogReport(context, () => client),
  );
  registerSimulation(context, () => client);
  refreshStatus();
  await client.start();
  const tests = new PolicyTests(() => client);
  context.subscriptions.push(tests);
  void tests.discover();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
