/**
 * "Postfix: Analyze mail log": the language server reads the logs (the
 * open log, else postfix.log.files) with a progress notification that can
 * cancel it, and the report opens in a webview. The view gets the data as a
 * message and builds the page itself (dist/report.js) under a strict content
 * security policy: one nonce for its script and style, nothing remote, and
 * log text never reaches it as markup. A row's link opens only a file and
 * line the report itself names.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { ANALYZE_LOG_METHOD, type AnalyzeLogParams, type ReportData } from '../../server/src/service/features/log/reportData';

/** What a code lens asks for: the main.cf its counts were attributed with, and the restriction to show first. */
interface Focus {
  restriction?: string;
  line?: number;
  config?: string;
}

const CHOOSE_FILE = 'Choose a log file…';
const OPEN_SETTINGS = 'Open Settings';

/** The theme's chart colours: one per restriction shown on its own, then the rest together. */
const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 32px; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid var(--vscode-panel-border); }
.note { color: var(--vscode-descriptionForeground); } .problem { color: var(--vscode-errorForeground); }
.tiles { display: flex; flex-wrap: wrap; gap: 8px; } .tile { border: 1px solid var(--vscode-panel-border); padding: 6px 12px; min-width: 80px; }
.tile-count { display: block; font-size: 1.4em; } .tile-name { color: var(--vscode-descriptionForeground); }
table { border-collapse: collapse; margin-top: 8px; } th, td { text-align: left; padding: 2px 10px 2px 0; vertical-align: top; }
tr.focused { outline: 2px solid var(--vscode-focusBorder); }
a.restriction { color: var(--vscode-textLink-foreground); cursor: pointer; } .restriction { font-family: var(--vscode-editor-font-family); }
pre.example { white-space: pre-wrap; word-break: break-all; font-family: var(--vscode-editor-font-family); margin: 2px 0; max-width: 90ch; }
.chart { max-width: 100%; height: auto; } .axis { stroke: var(--vscode-charts-lines); } .tick { fill: var(--vscode-descriptionForeground); font-size: 10px; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; } .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; }
.columns { display: flex; flex-wrap: wrap; gap: 32px; } .columns > div { flex: 1; min-width: 280px; }
.bar-row { display: grid; grid-template-columns: minmax(120px, 40%) 1fr 60px; gap: 8px; align-items: center; }
.bar-label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-family: var(--vscode-editor-font-family); } .bar-count { text-align: right; }
.c0 { fill: var(--vscode-charts-blue); background-color: var(--vscode-charts-blue); }
.c1 { fill: var(--vscode-charts-red); background-color: var(--vscode-charts-red); }
.c2 { fill: var(--vscode-charts-yellow); background-color: var(--vscode-charts-yellow); }
.c3 { fill: var(--vscode-charts-orange); background-color: var(--vscode-charts-orange); }
.c4 { fill: var(--vscode-charts-green); background-color: var(--vscode-charts-green); }
.c5 { fill: var(--vscode-charts-purple); background-color: var(--vscode-charts-purple); }
.c6 { fill: var(--vscode-terminal-ansiCyan); background-color: var(--vscode-terminal-ansiCyan); }
.c-rest { fill: var(--vscode-charts-lines); background-color: var(--vscode-charts-lines); }
.s-sent { fill: var(--vscode-charts-green); background-color: var(--vscode-charts-green); }
.s-deferred { fill: var(--vscode-charts-yellow); background-color: var(--vscode-charts-yellow); }
.s-bounced { fill: var(--vscode-charts-red); background-color: var(--vscode-charts-red); }
.s-expired { fill: var(--vscode-charts-orange); background-color: var(--vscode-charts-orange); }
`;

/** The page: no data in it, only the script that asks for the data and builds the report. */
function page(webview: vscode.Webview, script: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const policy = `default-src 'none'; img-src ${webview.cspSource}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">${STYLE}</style>
<title>Mail log report</title>
</head>
<body>
<main id="report"><p>Reading the report…</p></main>
<script nonce="${nonce}" src="${webview.asWebviewUri(script).toString()}"></script>
</body>
</html>`;
}

/** The one report view, shown again with each new report. */
class ReportPanel {
  private static current: ReportPanel | undefined;
  private data: ReportData;
  private focus: Focus | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extension: vscode.Uri,
    data: ReportData,
  ) {
    this.data = data;
    panel.webview.html = page(panel.webview, vscode.Uri.joinPath(extension, 'dist', 'report.js'));
    panel.webview.onDidReceiveMessage((message: unknown) => this.received(message));
    panel.onDidDispose(() => {
      if (ReportPanel.current === this) ReportPanel.current = undefined;
    });
  }

  static show(extension: vscode.Uri, data: ReportData, focus: Focus | undefined): void {
    const existing = ReportPanel.current;
    if (existing) {
      existing.data = data;
      existing.focus = focus;
      existing.panel.reveal();
      existing.post();
      return;
    }
    const panel = vscode.window.createWebviewPanel('postfix.logReport', 'Mail log report', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extension, 'dist')],
    });
    ReportPanel.current = new ReportPanel(panel, extension, data);
    ReportPanel.current.focus = focus;
  }

  private post(): void {
    void this.panel.webview.postMessage({ type: 'report', data: this.data, focus: this.focus });
  }

  /** The view is ready (again, after it was hidden), or a link was clicked: only a file and line of the report open. */
  private received(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const { type, uri, line } = message as { type?: unknown; uri?: unknown; line?: unknown };
    if (type === 'ready') this.post();
    if (type !== 'open' || typeof uri !== 'string' || typeof line !== 'number') return;
    if (!this.data.rejects.some((r) => r.uri === uri && r.line === line)) return;
    const at = new vscode.Position(line, 0);
    void vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(at, at), viewColumn: vscode.ViewColumn.One });
  }
}

/** The open editor's log, if it is one on disk: analysed instead of the configured logs. */
function activeLog(): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === 'postfix-log' && doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined;
}

/**
 * The main.cf to attribute with: a code lens's, else the open main.cf when
 * postfix.log.config names none (the server then finds one itself).
 */
function configFor(focus: Focus | undefined): string | undefined {
  if (focus?.config) return focus.config;
  const doc = vscode.window.activeTextEditor?.document;
  const setting = vscode.workspace.getConfiguration('postfix').get<string>('log.config');
  return !setting && doc?.languageId === 'postfix-main' && doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined;
}

/** Asks the server for the report, with a progress notification whose Cancel stops the reading. */
async function analyze(client: LanguageClient, files: string[] | undefined, config: string | undefined): Promise<ReportData | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Postfix: reading the mail log', cancellable: true },
    async (progress, token) => {
      const workDoneToken = `postfix-log-${randomBytes(8).toString('hex')}`;
      let done = 0;
      const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind !== 'report' || value.percentage === undefined) return;
        progress.report({ increment: value.percentage - done, message: value.message });
        done = value.percentage;
      });
      const params: AnalyzeLogParams = { workDoneToken, ...(files ? { files } : {}), ...(config ? { config } : {}) };
      try {
        return await client.sendRequest<ReportData>(ANALYZE_LOG_METHOD, params, token);
      } catch (error) {
        if (token.isCancellationRequested) return undefined;
        throw error;
      } finally {
        listening.dispose();
      }
    },
  );
}

async function analyzeCommand(extension: vscode.Uri, client: LanguageClient | undefined, focus?: Focus, chosen?: string[]): Promise<void> {
  if (!client) return;
  let data: ReportData | undefined;
  try {
    const log = activeLog();
    data = await analyze(client, chosen ?? (log ? [log] : undefined), configFor(focus));
  } catch (error) {
    void vscode.window.showErrorMessage(`The mail log analysis failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!data) {
    void vscode.window.showInformationMessage('The mail log analysis was cancelled.');
    return;
  }
  if (data.lines === 0 && data.problems.length > 0) {
    const answer = await vscode.window.showErrorMessage(data.problems.join(' '), CHOOSE_FILE, OPEN_SETTINGS);
    if (answer === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'postfix.log.files');
    if (answer === CHOOSE_FILE) {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: 'Analyze', title: 'Mail logs to analyze' });
      if (picked?.length)
        await analyzeCommand(
          extension,
          client,
          focus,
          picked.map((u) => u.fsPath),
        );
    }
    return;
  }
  ReportPanel.show(extension, data, focus);
}

/** The command; `client` is the running language client, when there is one. */
export function registerLogReport(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): vscode.Disposable {
  return vscode.commands.registerCommand('postfix.analyzeLog', (focus?: Focus) => analyzeCommand(context.extensionUri, client(), focus));
}
