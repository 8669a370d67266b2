/**
 * LSP wiring only: documents in, the language service's answers out.
 * The server reads a sibling master.cf from disk but never runs a program.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  ResponseError,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CompletionItem,
  type CompletionParams,
  type Connection,
} from 'vscode-languageserver/node';
import { checkMainCf, ConfigModel, resolveTarget } from './service';
import { checkMasterCf } from './service/masterCf';
import { masterCompletion } from './service/features/master/completion';
import { masterHover } from './service/features/master/hover';
import { masterSymbols } from './service/features/master/symbols';
import { codeActions } from './service/features/shared/codeActions';
import { completion } from './service/features/main/completion';
import { foldingRanges } from './service/features/main/folding';
import { codeLenses, REMOVE_LINES_COMMAND } from './service/features/main/codeLens';
import { format } from './service/features/main/formatting';
import { inlayHints } from './service/features/main/inlayHints';
import { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from './service/features/main/semanticTokens';
import { hover } from './service/features/main/hover';
import { definition, highlights, prepareRename, references, rename, type Documents } from './service/features/main/navigation';
import { documentSymbols } from './service/features/main/symbols';
import { isVersion } from './service/knowledge/versions';
import { defaultSettings, normalizeSettings, type Settings } from './service/settings';
import { CompletionTransport } from './completionTransport';
import { LineDocument } from './lineDocument';
import { nodeFiles, nodeTableFiles } from './nodeFiles';
import { tableCompletion } from './service/features/table/completion';
import { tableHover } from './service/features/table/hover';
import { tooLargeDiagnostic } from './service/limits';
import { binaryFileDiagnostic } from './service/binaryFile';
import { documentKind, SNIFF_LENGTH, type DocumentKind } from './service/model/documentKind';
import { tableClasses, type TableInfo } from './service/tableService';
import { TableSession, type TextChange } from './service/tableSession';

/** The start of a document, as much as documentKind looks at, without joining the whole text. */
function headOf(doc: LineDocument): string {
  let head = '';
  for (let n = 0; n < doc.lineCount && head.length < SNIFF_LENGTH; n++) head += doc.getText(doc.getLineRange(n)) + doc.getEOLCharacters(n);
  return head.slice(0, SNIFF_LENGTH);
}

/** The file-system path of a file: URI; clients differ in how they escape characters. */
function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** A lookup table open in the editor, and the edits that arrived since its session last caught up. */
interface OpenTable {
  /** the document and version the session is up to date with (a reopened file is a new document) */
  doc: LineDocument;
  version: number;
  /** main.cf beside it changed: its kind and restriction classes are read again */
  infoStale?: boolean;
  table?: { info: TableInfo; classes?: Set<string> };
  session?: TableSession;
  changes: TextChange[];
}

/** The session read the edits as the editor did: same line count, same last line. */
function inStep(session: TableSession, doc: LineDocument): boolean {
  const last = doc.lineCount - 1;
  const lastLine = doc.getText({ start: { line: last, character: 0 }, end: { line: last + 1, character: 0 } });
  return session.lineCount === doc.lineCount && session.line(last) === lastLine;
}

export function startServer(): void {
  const connection: Connection = createConnection(ProposedFeatures.all);
  const models = new Map<string, { version: number; model: ConfigModel }>();
  /** lookup tables being edited: read once, then brought up to date with each change's edits */
  const tables = new Map<string, OpenTable>();
  const documents = new TextDocuments<LineDocument>({
    create: (uri, languageId, version, text) => new LineDocument(uri, languageId, version, text),
    update: (doc, changes, version) => {
      const table = tables.get(doc.uri);
      if (table) for (const change of changes) table.changes.push(change);
      return doc.update(changes, version);
    },
  });
  /** the configuration beside open tables, by directory: each keystroke in a table needs it */
  const siblingModels = new Map<string, ConfigModel | undefined>();
  /** what each open document is, for its current version; dropped when the main.cf beside it changes */
  const kinds = new Map<string, { version: number; kind: DocumentKind }>();
  /** validations waiting for the current burst of changes to end */
  const pending = new Map<string, NodeJS.Timeout>();
  let canAskConfiguration = false;
  let canRegisterConfiguration = false;
  /** settings pushed with didChangeConfiguration, for clients that cannot be asked */
  let pushedSettings: Settings = defaultSettings;
  /** the installed Postfix release the client found (it honours workspace trust) */
  let installedVersion: string | undefined;
  let settings: Promise<Settings> | undefined;
  let transport = new CompletionTransport({});

  const log = (message: string): void => connection.console.error(message);

  /** The master.cf beside a main.cf: the open editor's text, else the file on disk. */
  /** A file beside `uri`: the open editor's text, else the file on disk. */
  function readSibling(uri: string, name: string): string | undefined {
    const path = pathOf(uri);
    if (!path) return undefined;
    const siblingPath = join(dirname(path), name);
    const open = documents.all().find((d) => pathOf(d.uri) === siblingPath);
    if (open) return open.getText();
    try {
      return readFileSync(siblingPath, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** main.cf and the master.cf beside it, as URIs the client knows. */
  function documentsOf(mainUri: string): Documents {
    const mainPath = pathOf(mainUri);
    if (!mainPath) return { mainUri };
    const masterPath = join(dirname(mainPath), 'master.cf');
    const open = documents.all().find((d) => pathOf(d.uri) === masterPath);
    return { mainUri, masterUri: open?.uri ?? pathToFileURL(masterPath).toString() };
  }

  /** The main.cf and master.cf beside a file, read once per directory until one of them changes or is saved. */
  function siblingModel(uri: string): ConfigModel | undefined {
    const path = pathOf(uri);
    if (!path) return undefined;
    const dir = dirname(path);
    if (!siblingModels.has(dir)) {
      const main = readSibling(uri, 'main.cf');
      siblingModels.set(dir, main === undefined ? undefined : new ConfigModel({ main, master: readSibling(uri, 'master.cf') }));
    }
    return siblingModels.get(dir);
  }

  /** What a document is: main.cf, master.cf, a table, binary or unknown (see documentKind). */
  function kindOf(doc: LineDocument): DocumentKind {
    const cached = kinds.get(doc.uri);
    if (cached?.version === doc.version) return cached.kind;
    const kind = documentKind({ path: pathOf(doc.uri) ?? doc.uri, languageId: doc.languageId, text: headOf(doc), siblings: () => siblingModel(doc.uri) });
    kinds.set(doc.uri, { version: doc.version, kind });
    return kind;
  }

  /** A lookup table: what kind it is, from its name, first line and the main.cf beside it. */
  function tableInfo(doc: LineDocument): { info: TableInfo; classes?: Set<string> } | undefined {
    const kind = kindOf(doc);
    if (kind.kind !== 'table') return undefined;
    const model = siblingModel(doc.uri);
    return { info: kind.info, classes: model ? tableClasses(model) : undefined };
  }

  /** A lookup table's kind and its session, up to date with the document's current version. */
  function tableState(doc: LineDocument): { info: TableInfo; classes?: Set<string>; session: TableSession } | undefined {
    let open = tables.get(doc.uri);
    if (!open || open.doc !== doc || open.version !== doc.version || open.infoStale) {
      // main.cf or the first line ("# postfix-map: ...") may have changed what kind of table this is
      const table = tableInfo(doc);
      const kept =
        open?.doc === doc && open.session && table && JSON.stringify(open.table?.info) === JSON.stringify(table.info) && open.session.update(open.changes) && inStep(open.session, doc);
      open = { doc, version: doc.version, table, session: kept ? open?.session : table && new TableSession(doc.getText(), table.info), changes: [] };
      tables.set(doc.uri, open);
    }
    return open.table && open.session && { ...open.table, session: open.session };
  }

  /** An open document the server works on: not one over the size limit. */
  function openDocument(uri: string): LineDocument | undefined {
    const doc = documents.get(uri);
    return doc && !tooLargeDiagnostic(doc.length) ? doc : undefined;
  }

  const isKind = (doc: LineDocument, kind: DocumentKind['kind']): boolean => kindOf(doc).kind === kind;

  /** The main.cf document of a request and its model, or nothing for other files. */
  function mainModel(uri: string): ConfigModel | undefined {
    const doc = openDocument(uri);
    return doc && isKind(doc, 'main') ? modelFor(doc) : undefined;
  }

  /** main.cf or master.cf changed or closed: the files beside it are judged again. */
  function revalidateSiblings(changed: LineDocument): void {
    const changedPath = pathOf(changed.uri);
    if (!changedPath || !(isKind(changed, 'main') || isKind(changed, 'master'))) return;
    siblingModels.delete(dirname(changedPath));
    for (const other of documents.all()) {
      const otherPath = pathOf(other.uri);
      if (other === changed || !otherPath || dirname(otherPath) !== dirname(changedPath)) continue;
      if (isKind(other, 'main') || isKind(other, 'master')) {
        models.delete(other.uri);
        void validate(other);
      } else {
        // what a table is and its restriction classes come from main.cf; the session is kept if the kind is the same
        kinds.delete(other.uri);
        const open = tables.get(other.uri);
        if (open) open.infoStale = true;
        schedule(other);
      }
    }
  }

  function modelFor(doc: LineDocument): ConfigModel {
    const cached = models.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.model;
    const model = isKind(doc, 'master')
      ? new ConfigModel({ main: readSibling(doc.uri, 'main.cf') ?? '', master: doc.getText() })
      : new ConfigModel({ main: doc.getText(), master: readSibling(doc.uri, 'master.cf') });
    models.set(doc.uri, { version: doc.version, model });
    return model;
  }

  async function currentSettings(): Promise<Settings> {
    if (!canAskConfiguration) return pushedSettings;
    settings ??= connection.workspace
      .getConfiguration({ section: 'postfix' })
      .then(normalizeSettings, () => defaultSettings);
    return await settings;
  }

  /** Validates once the changes that arrived together are applied: typing fast costs one check, not one per keystroke. */
  function schedule(doc: LineDocument): void {
    const uri = doc.uri;
    clearTimeout(pending.get(uri));
    // a timer fires after the messages already read are handled (each in its own immediate)
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        const current = documents.get(uri);
        if (current) void validate(current);
      }, 0),
    );
  }

  async function validate(doc: LineDocument): Promise<void> {
    const kind = kindOf(doc).kind;
    const tooLarge = kind === 'unknown' ? undefined : tooLargeDiagnostic(doc.length);
    if (kind === 'unknown' || kind === 'binary' || tooLarge) {
      // a table that stopped being one loses its session and its diagnostics
      tables.delete(doc.uri);
      const diagnostics = tooLarge ? [tooLarge] : kind === 'binary' ? [binaryFileDiagnostic()] : [];
      await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
      return;
    }
    if (kind === 'table') return validateTable(doc);
    try {
      const s = await currentSettings();
      if (documents.get(doc.uri) !== doc) return;
      const target = resolveTarget(s, installedVersion);
      const path = pathOf(doc.uri);
      const dir = path ? dirname(path) : undefined;
      const report = kind === 'master' ? checkMasterCf(modelFor(doc), s, target, nodeFiles, dir) : checkMainCf(modelFor(doc), s, target, nodeFiles, dir);
      for (const f of report.failures) log(`check ${f.check} failed on ${doc.uri}: ${String(f.error)}`);
      await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: report.diagnostics });
    } catch (error) {
      log(`validation of ${doc.uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }

  async function validateTable(doc: LineDocument): Promise<void> {
    try {
      const s = await currentSettings();
      if (documents.get(doc.uri) !== doc) return;
      const table = tableState(doc);
      const report = table?.session.check({ target: resolveTarget(s, installedVersion), classes: table.classes, files: nodeTableFiles }, s);
      for (const f of report?.failures ?? []) log(`check ${f.check} failed on ${doc.uri}: ${String(f.error)}`);
      await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: report?.diagnostics ?? [] });
    } catch (error) {
      log(`validation of ${doc.uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }

  function revalidateAll(): void {
    models.clear();
    tables.clear();
    siblingModels.clear();
    kinds.clear();
    for (const doc of documents.all()) void validate(doc);
  }

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

  connection.onInitialize((params) => {
    transport = new CompletionTransport(params.capabilities);
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
        executeCommandProvider: { commands: [REMOVE_LINES_COMMAND] },
        workspaceSymbolProvider: true,
        documentRangeFormattingProvider: true,
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
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as { postfix?: unknown } | null | undefined)?.postfix;
    if (pushed !== undefined) pushedSettings = normalizeSettings(pushed);
    settings = undefined;
    revalidateAll();
  });

  connection.onNotification('postfix/installedVersion', (params: { version?: unknown }) => {
    installedVersion = typeof params?.version === 'string' && isVersion(params.version) ? params.version : undefined;
    revalidateAll();
  });

  documents.onDidChangeContent((event) => {
    const doc = event.document;
    revalidateSiblings(doc);
    schedule(doc);
  });

  // a postmap run or an edit elsewhere may have changed what a table check sees
  documents.onDidSave((event) => {
    // a file saved (or a postmap run before it) may change what the tables are read with
    siblingModels.clear();
    kinds.clear();
    for (const open of tables.values()) open.infoStale = true;
    void validate(event.document);
  });
  connection.onNotification('postfix/revalidate', () => revalidateAll());

  documents.onDidClose((event) => {
    models.delete(event.document.uri);
    tables.delete(event.document.uri);
    clearTimeout(pending.get(event.document.uri));
    pending.delete(event.document.uri);
    // once closed, the file on disk counts again for the files beside it
    revalidateSiblings(event.document);
    kinds.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onHover(
    guarded('hover', null, (params) => {
      const doc = openDocument(params.textDocument.uri);
      if (doc && isKind(doc, 'master')) return masterHover(modelFor(doc), params.position);
      if (doc && isKind(doc, 'table')) {
        const table = tableState(doc);
        return table ? tableHover(table.session.parsed, params.position, { role: table.info.role, classes: table.classes }) : null;
      }
      const model = mainModel(params.textDocument.uri);
      return model ? hover(model, params.position) : null;
    }),
  );

  connection.onCompletion(
    guarded('completion', [], (params: CompletionParams) => transport.list(completionItems(params), (range) => documents.get(params.textDocument.uri)?.getText(range) ?? '')),
  );
  connection.onCompletionResolve((item) => guarded('completionResolve', item, () => transport.resolve(item))());

  function completionItems(params: CompletionParams): CompletionItem[] {
    const doc = openDocument(params.textDocument.uri);
    if (doc && isKind(doc, 'master')) return masterCompletion(modelFor(doc), params.position);
    if (doc && isKind(doc, 'table')) {
      const table = tableState(doc);
      return table ? tableCompletion(table.session.parsed, params.position, { role: table.info.role, classes: table.classes }) : [];
    }
    if (!doc || !isKind(doc, 'main')) return [];
    const path = pathOf(doc.uri);
    return completion(modelFor(doc), params.position, { files: nodeFiles, configDir: path ? dirname(path) : undefined });
  }

  connection.onCodeAction(
    guarded('codeAction', [], (params) => {
      const doc = openDocument(params.textDocument.uri);
      const model = doc && isKind(doc, 'main') ? modelFor(doc) : undefined;
      return codeActions(params.textDocument.uri, params.context.diagnostics, model, params.range);
    }),
  );

  connection.onDocumentSymbol(
    guarded('documentSymbol', [], (params) => {
      const doc = openDocument(params.textDocument.uri);
      if (doc && isKind(doc, 'master')) return masterSymbols(modelFor(doc));
      const model = mainModel(params.textDocument.uri);
      return model ? documentSymbols(model) : [];
    }),
  );

  connection.onDefinition(
    guarded('definition', null, (params) => {
      const model = mainModel(params.textDocument.uri);
      return model ? definition(model, params.position, documentsOf(params.textDocument.uri)) : null;
    }),
  );

  connection.onReferences(
    guarded('references', [], (params) => {
      const model = mainModel(params.textDocument.uri);
      return model ? references(model, params.position, documentsOf(params.textDocument.uri), params.context.includeDeclaration) : [];
    }),
  );

  connection.onDocumentHighlight(
    guarded('documentHighlight', [], (params) => {
      const model = mainModel(params.textDocument.uri);
      return model ? highlights(model, params.position, documentsOf(params.textDocument.uri)) : [];
    }),
  );

  connection.onPrepareRename(
    guarded('prepareRename', null, (params) => {
      const model = mainModel(params.textDocument.uri);
      if (!model) return null;
      const result = prepareRename(model, params.position);
      if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
      return result;
    }),
  );

  connection.onRenameRequest(
    guarded('rename', null, (params) => {
      const model = mainModel(params.textDocument.uri);
      if (!model) return null;
      const result = rename(model, params.position, params.newName, documentsOf(params.textDocument.uri));
      if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
      return result.edit;
    }),
  );

  connection.onFoldingRanges(
    guarded('foldingRange', [], (params) => {
      const model = mainModel(params.textDocument.uri);
      return model ? foldingRanges(model) : [];
    }),
  );

  connection.onDocumentFormatting(async (params) => {
    const model = mainModel(params.textDocument.uri);
    if (!model) return [];
    const { restrictionsOnePerLine } = await currentSettings();
    return guarded('formatting', [], () => format(model, { restrictionsOnePerLine }))();
  });

  connection.onDocumentRangeFormatting(async (params) => {
    const model = mainModel(params.textDocument.uri);
    if (!model) return [];
    const { restrictionsOnePerLine } = await currentSettings();
    return guarded('rangeFormatting', [], () => format(model, { restrictionsOnePerLine }, params.range))();
  });

  connection.languages.semanticTokens.on(
    guarded('semanticTokens', { data: [] }, (params) => {
      const model = mainModel(params.textDocument.uri);
      return { data: model ? semanticTokens(model) : [] };
    }),
  );

  connection.languages.inlayHint.on(async (params) => {
    const model = mainModel(params.textDocument.uri);
    if (!model || !(await currentSettings()).inlayHints) return [];
    return guarded('inlayHint', [], () => inlayHints(model, params.range))();
  });

  connection.onCodeLens(
    guarded('codeLens', [], (params) => {
      const model = mainModel(params.textDocument.uri);
      return model ? codeLenses(model, params.textDocument.uri) : [];
    }),
  );

  connection.onExecuteCommand(async (params) => {
    const [uri, start, end] = params.arguments ?? [];
    if (params.command !== REMOVE_LINES_COMMAND || typeof uri !== 'string' || typeof start !== 'number' || typeof end !== 'number') return;
    const range = { start: { line: start, character: 0 }, end: { line: end + 1, character: 0 } };
    await connection.workspace.applyEdit({ label: 'Remove a setting equal to the default', edit: { changes: { [uri]: [{ range, newText: '' }] } } });
  });

  connection.onWorkspaceSymbol(
    guarded('workspaceSymbol', [], (params) => {
      const query = params.query.toLowerCase();
      return documents.all().filter((doc) => openDocument(doc.uri)).flatMap((doc) => {
        const symbols = isKind(doc, 'master') ? masterSymbols(modelFor(doc)) : isKind(doc, 'main') ? documentSymbols(modelFor(doc)).flatMap((g) => g.children ?? []) : [];
        return symbols
          .filter((sym) => sym.name.toLowerCase().includes(query))
          .map((sym) => ({ name: sym.name, kind: sym.kind, containerName: basename(doc.uri), location: { uri: doc.uri, range: sym.selectionRange } }));
      });
    }),
  );

  documents.listen(connection);
  connection.listen();
}
