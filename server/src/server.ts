/**
 * LSP wiring only: notifications go to the Workspace, requests to the
 * language service, answers and diagnostics back to the client. What stays
 * here is what belongs to the transport: settings asked of the client,
 * timers that let a burst of edits end before checking, and logging a
 * failed request instead of failing it.
 */
import {
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  LSPErrorCodes,
  DidChangeWatchedFilesNotification,
  WatchKind,
  ErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  ProposedFeatures,
  RequestType,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { dirname, join } from 'node:path/posix';
import { CompletionTransport } from './completionTransport';
import { LogInsight } from './logInsight';
import { readLogs } from './logReading';
import { nodeFiles } from './nodeFiles';
import { compiledFileSuffixes } from './service/knowledge/tableTypes';
import { isVersion } from './service/knowledge/versions';
import { ANALYZE_LOG_METHOD, reportData, type AnalyzeLogParams, type ReportData } from './service/features/log/reportData';
import {
  createLanguageService,
  OPEN_FILE_COMMAND,
  REMOVE_LINES_COMMAND,
  RUN_SCENARIO_COMMAND,
  TOKEN_MODIFIERS,
  TOKEN_TYPES,
  withoutFixes,
  type LogOptions,
} from './service/languageService';
import { readTransaction } from './service/policyTests/transactionInput';
import { defaultSettings, normalizeSettings, type Settings } from './service/settings';
import { Workspace } from './service/workspace';

/** "Postfix: Analyze mail log" asks the server for the report of the logs. */
const ANALYZE_LOG = new RequestType<AnalyzeLogParams | null, ReportData, void>(ANALYZE_LOG_METHOD);

export function startServer(): void {
  const connection: Connection = createConnection(ProposedFeatures.all);
  const workspace = new Workspace(nodeFiles, { limitSize: true, followEdits: true });
  const service = createLanguageService(workspace);
  /** validations waiting for the current burst of changes to end */
  const pending = new Map<string, NodeJS.Timeout>();
  let canAskConfiguration = false;
  let canRegisterConfiguration = false;
  let capabilities: InitializeParams['capabilities'] = {};
  /** the client's folders (URIs): quick fixes create files only inside them */
  let folders: string[] = [];
  /** settings pushed with didChangeConfiguration, for clients that cannot be asked */
  let pushedSettings: Settings = defaultSettings;
  /** the installed Postfix release the client found (it honours workspace trust) */
  let installedVersion: string | undefined;
  let settings: Promise<Settings> | undefined;
  let transport = new CompletionTransport({});

  const log = (message: string): void => connection.console.error(message);
  /** Asks the client for the code lenses again: the counts from the logs changed. */
  const refreshLenses = (): void => {
    if (capabilities.workspace?.codeLens?.refreshSupport === true) {
      connection.sendRequest(CodeLensRefreshRequest.type).catch((error: unknown) => log(`code lens refresh failed: ${String(error)}`));
    }
  };
  /** counts from the mail logs for the lenses of main.cf, read in the background */
  const insight = new LogInsight(refreshLenses, { info: (message) => connection.console.info(message), error: log });

  /** What the mail-log features need for a document: the counts for a main.cf (or the one beside a master.cf), the setting naming the logs' main.cf. */
  function logOptions(uri: string, s: Settings): LogOptions {
    const path = workspace.pathOf(uri);
    const kind = workspace.kind(uri)?.kind;
    if (path === undefined || !s.logCodeLens || (kind !== 'main' && kind !== 'master')) return { config: s.logConfig };
    const mainPath = kind === 'main' ? path : join(dirname(path), 'main.cf');
    const config = service.logAttribution(mainPath);
    return { config: s.logConfig, counts: config && insight.counts({ files: s.logFiles, mainPath, ...config }) };
  }

  async function currentSettings(): Promise<Settings> {
    if (!canAskConfiguration) return pushedSettings;
    settings ??= connection.workspace.getConfiguration({ section: 'postfix' }).then(normalizeSettings, () => defaultSettings);
    return await settings;
  }

  /** Validates once the changes that arrived together are applied: typing fast costs one check, not one per keystroke. */
  function schedule(uris: readonly string[]): void {
    for (const uri of uris) {
      clearTimeout(pending.get(uri));
      // a timer fires after the messages already read are handled (each in its own immediate)
      pending.set(
        uri,
        setTimeout(() => {
          pending.delete(uri);
          void validate(uri);
        }, 0),
      );
    }
  }

  async function validate(uri: string): Promise<void> {
    const doc = workspace.document(uri);
    if (!doc) return;
    try {
      const s = await currentSettings();
      // closed or reopened while the settings were asked for
      if (workspace.document(uri) !== doc) return;
      const report = service.diagnostics(uri, s, installedVersion);
      for (const f of report.failures) log(`check ${f.check} failed on ${uri}: ${String(f.error)}`);
      await connection.sendDiagnostics({ uri, version: doc.version, diagnostics: withoutFixes(report.diagnostics) });
    } catch (error) {
      log(`validation of ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }

  const validateAll = (uris: readonly string[]): void => uris.forEach((uri) => void validate(uri));

  /** Answers a request, logging instead of failing when the service throws. */
  function guarded<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      try {
        return fn(...args);
      } catch (error) {
        // an answer for the user (rename refused ...) goes back as the request's error
        if (error instanceof ResponseError) throw error;
        log(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
        return fallback;
      }
    };
  }

  /** Files a code action creates, where the client can create files (workspace edits with resource operations). */
  function creatable(action: CodeAction): boolean {
    const creates = action.edit?.documentChanges?.some((change) => 'kind' in change && change.kind === 'create') ?? false;
    return !creates || (capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create') ?? false);
  }

  /**
   * Asks the client to report compiled tables written by postmap (in a
   * terminal or by the editor) and files created or deleted: the table
   * checks then look at the disk again.
   */
  function watchFiles(): void {
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration !== true) return;
    const compiled = compiledFileSuffixes.map((s) => s.slice(1)).join(',');
    const watchers = [{ globPattern: `**/*.{${compiled}}` }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }];
    connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers })
      .catch((error: unknown) => log(`client refused file watching: ${String(error)}`));
  }

  /** A refusal the user reads (rename of a built-in name ...) as the request's error. */
  function refused<R>(result: R | { error: string } | null): R | null {
    if (result && typeof result === 'object' && 'error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
    return result;
  }

  connection.onInitialize((params) => {
    capabilities = params.capabilities;
    transport = new CompletionTransport(params.capabilities);
    folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspace.setFolders(folders);
    canAskConfiguration = params.capabilities.workspace?.configuration === true;
    canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const options = params.initializationOptions as { installedVersion?: unknown } | null | undefined;
    if (typeof options?.installedVersion === 'string' && isVersion(options.installedVersion)) {
      installedVersion = options.installedVersion;
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['$', '{', ':', '='], resolveProvider: true },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [REMOVE_LINES_COMMAND, OPEN_FILE_COMMAND, RUN_SCENARIO_COMMAND] },
        workspaceSymbolProvider: true,
        documentRangeFormattingProvider: true,
        documentLinkProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'postfix-language-server' },
    };
  });

  connection.onInitialized(() => {
    if (canAskConfiguration && canRegisterConfiguration) {
      connection.client
        .register(DidChangeConfigurationNotification.type, undefined)
        .catch((error: unknown) => log(`client refused configuration change notifications: ${String(error)}`));
    }
    watchFiles();
    if (capabilities.workspace?.workspaceFolders === true) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        const gone = new Set(removed.map((f) => f.uri));
        folders = [...folders.filter((uri) => !gone.has(uri)), ...added.map((f) => f.uri)];
        workspace.setFolders(folders);
      });
    }
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as { postfix?: unknown } | null | undefined)?.postfix;
    if (pushed !== undefined) pushedSettings = normalizeSettings(pushed);
    settings = undefined;
    // other logs, or lenses turned off: counts are read again when the lenses are asked for
    insight.dispose();
    refreshLenses();
    validateAll(workspace.revalidateAll());
  });

  connection.onNotification('postfix/installedVersion', (params: { version?: unknown }) => {
    installedVersion = typeof params?.version === 'string' && isVersion(params.version) ? params.version : undefined;
    validateAll(workspace.revalidateAll());
  });
  connection.onNotification('postfix/revalidate', () => validateAll(workspace.revalidateAll()));

  connection.onDidOpenTextDocument(({ textDocument: d }) => schedule(workspace.open(d.uri, d.languageId, d.version, d.text)));
  connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => schedule(workspace.change(d.uri, d.version, contentChanges)));
  connection.onDidSaveTextDocument(({ textDocument: d }) => validateAll(workspace.save(d.uri)));
  connection.onDidChangeWatchedFiles(({ changes }) => schedule(workspace.filesChanged(changes.map((c) => c.uri))));
  connection.onDidCloseTextDocument(({ textDocument: { uri } }) => {
    clearTimeout(pending.get(uri));
    pending.delete(uri);
    // once closed, the file on disk counts again for the files beside it
    schedule(workspace.close(uri));
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onHover(async (p) => {
    const s = await currentSettings();
    return guarded('hover', null, () => service.hover(p.textDocument.uri, p.position, logOptions(p.textDocument.uri, s)))();
  });
  connection.onCompletion(
    guarded('completion', [], (p) =>
      transport.list(service.completion(p.textDocument.uri, p.position), (range) => workspace.document(p.textDocument.uri)?.getText(range) ?? ''),
    ),
  );
  connection.onCompletionResolve((item) => guarded('completionResolve', item, () => transport.resolve(item))());
  connection.onCodeAction(async (p) => {
    const published = { settings: await currentSettings(), installedVersion };
    return guarded('codeAction', [], () => service.codeActions(p.textDocument.uri, p.range, p.context.diagnostics, published).filter(creatable))();
  });
  connection.onDocumentSymbol(guarded('documentSymbol', [], (p) => service.documentSymbols(p.textDocument.uri)));
  connection.onDefinition(async (p) => {
    const s = await currentSettings();
    return guarded('definition', null, () => service.definition(p.textDocument.uri, p.position, { config: s.logConfig }))();
  });
  connection.onDocumentLinks(guarded('documentLink', [], (p) => service.documentLinks(p.textDocument.uri)));
  connection.onReferences(guarded('references', [], (p) => service.references(p.textDocument.uri, p.position, p.context.includeDeclaration)));
  connection.onDocumentHighlight(guarded('documentHighlight', [], (p) => service.highlights(p.textDocument.uri, p.position)));
  connection.onPrepareRename(guarded('prepareRename', null, (p) => refused(service.prepareRename(p.textDocument.uri, p.position))));
  connection.onRenameRequest(guarded('rename', null, (p) => refused(service.rename(p.textDocument.uri, p.position, p.newName))?.edit ?? null));
  connection.onFoldingRanges(guarded('foldingRange', [], (p) => service.folding(p.textDocument.uri)));
  connection.onDocumentFormatting(async (p) => {
    const s = await currentSettings();
    return guarded('formatting', [], () => service.formatting(p.textDocument.uri, s))();
  });
  connection.onDocumentRangeFormatting(async (p) => {
    const s = await currentSettings();
    return guarded('rangeFormatting', [], () => service.rangeFormatting(p.textDocument.uri, p.range, s))();
  });
  connection.languages.semanticTokens.on(guarded('semanticTokens', { data: [] }, (p) => ({ data: service.semanticTokens(p.textDocument.uri) })));
  connection.languages.inlayHint.on(async (p) => {
    const s = await currentSettings();
    return guarded('inlayHint', [], () => service.inlayHints(p.textDocument.uri, p.range, s))();
  });
  connection.onCodeLens(async (p) => {
    const s = await currentSettings();
    return guarded('codeLens', [], () => service.codeLenses(p.textDocument.uri, logOptions(p.textDocument.uri, s)))();
  });
  connection.onWorkspaceSymbol(guarded('workspaceSymbol', [], (p) => service.workspaceSymbols(p.query)));

  /** The custom requests of docs/lsp-extensions.md: a mistake in the params is the request's error. */
  const invalid = (message: string): ResponseError<void> => new ResponseError(ErrorCodes.InvalidParams, message);
  connection.onRequest('postfix/simulate', (params: { uri?: unknown; transaction?: unknown; service?: unknown; version?: unknown } | null) => {
    if (typeof params?.uri !== 'string') throw invalid('uri (the main.cf) must be a string');
    const tx = readTransaction(params.transaction);
    if (typeof tx === 'string') throw invalid(tx);
    if (params.service !== undefined && typeof params.service !== 'string') throw invalid('service must be a string');
    if (params.version !== undefined && (typeof params.version !== 'string' || !isVersion(params.version))) {
      throw invalid('version must be a Postfix release such as 3.7 or 3.7.11');
    }
    const uri = params.uri;
    const options = { service: params.service, version: params.version };
    const answer = guarded('simulate', { error: 'the simulator failed (see the log)' }, () => service.simulate(uri, tx, options))();
    if ('error' in answer) throw invalid(answer.error);
    return answer;
  });
  connection.onRequest('postfix/scenarios', (params: { uri?: unknown } | null) => {
    if (typeof params?.uri !== 'string') throw invalid('uri (the policy test file) must be a string');
    const uri = params.uri;
    return guarded('scenarios', null, () => service.scenarios(uri) ?? null)();
  });
  connection.onRequest('postfix/runScenarios', (params: { uri?: unknown; indices?: unknown } | null) => {
    if (typeof params?.uri !== 'string') throw invalid('uri (the policy test file) must be a string');
    const indices = params.indices;
    if (indices !== undefined && !(Array.isArray(indices) && indices.every((i) => typeof i === 'number'))) throw invalid('indices must be an array of numbers');
    const uri = params.uri;
    return guarded('runScenarios', null, () => service.runScenarios(uri, indices))();
  });

  /** The lens "Run scenario" in editors without a Testing view: the result as a message, failures as diagnostics. */
  function runScenarioCommand(uri: string, index: number | undefined): unknown {
    const run = service.runScenarios(uri, index === undefined ? undefined : [index]);
    const failed = run.results.filter((r) => !r.passed);
    const message = run.error
      ? `Policy tests not run: ${run.error}`
      : failed.length
        ? `${failed.length} of ${run.results.length} scenarios failed: ${failed.map((r) => `${r.name}: ${r.failures.join('; ')}`).join(' | ')}`
        : `${run.results.length} scenario${run.results.length === 1 ? '' : 's'} passed`;
    // a notification: the request form would wait for the user to close the message
    void connection.sendNotification(ShowMessageNotification.type, { type: run.error || failed.length ? MessageType.Warning : MessageType.Info, message });
    if (workspace.document(uri)) schedule([uri]);
    return run;
  }

  connection.onExecuteCommand(async (params) => {
    const args: unknown[] = params.arguments ?? [];
    const [uri, start, end] = args;
    if (params.command === RUN_SCENARIO_COMMAND && typeof uri === 'string') {
      return guarded('runScenario', null, () => runScenarioCommand(uri, typeof start === 'number' ? start : undefined))();
    }
    if (params.command === OPEN_FILE_COMMAND && typeof uri === 'string') {
      // a file a quick fix just created: shown where the client can show documents
      if (capabilities.window?.showDocument?.support === true) await connection.window.showDocument({ uri, takeFocus: true });
      return null;
    }
    if (params.command !== REMOVE_LINES_COMMAND || typeof uri !== 'string' || typeof start !== 'number' || typeof end !== 'number') return null;
    const range = { start: { line: start, character: 0 }, end: { line: end + 1, character: 0 } };
    await connection.workspace.applyEdit({ label: 'Remove a setting equal to the default', edit: { changes: { [uri]: [{ range, newText: '' }] } } });
    return null;
  });

  /**
   * "Postfix: Analyze mail log": the configured logs (or the files asked for)
   * read into a report, with progress, until the client cancels.
   */
  connection.onRequest(ANALYZE_LOG, async (params, token) => {
    const s = await currentSettings();
    const asked: unknown = params?.files;
    const files = Array.isArray(asked) && asked.length > 0 && asked.every((f): f is string => typeof f === 'string') ? asked : s.logFiles;
    const mainPath = service.logConfigPath(typeof params?.config === 'string' && params.config !== '' ? params.config : s.logConfig);
    const found = mainPath === undefined ? undefined : service.logAttribution(mainPath);
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const progress = connection.languages.attachWorkDoneProgress(params ?? {});
    progress.begin('Reading mail logs', 0, files.join(', '), true);
    let shown = -1;
    const reading = await readLogs(files, {
      attribute: found?.attribute,
      signal: abort.signal,
      onProgress: (done, total) => {
        const percent = total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 0;
        if (percent === shown) return;
        shown = percent;
        progress.report(percent, `${(done / 1048576).toFixed(1)} of ${(total / 1048576).toFixed(1)} MB`);
      },
    }).finally(() => progress.done());
    if (!reading) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The mail log analysis was cancelled.');
    for (const problem of reading.report.problems) connection.console.info(`mail log: ${problem}`);
    return reportData(reading.report, files, found ? (mainPath ?? null) : null, (path) => workspace.documentAt(path)?.uri ?? workspace.files.uriOf(path));
  });

  connection.onShutdown(() => insight.dispose());

  connection.listen();
}
