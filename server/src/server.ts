/**
 * LSP wiring only: documents in, the language service's answers out.
 * The server reads a sibling master.cf from disk but never runs a program.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkMainCf, ConfigModel, resolveTarget } from './service';
import { codeActions } from './service/features/codeActions';
import { completion } from './service/features/completion';
import { hover } from './service/features/hover';
import { isVersion } from './service/knowledge/versions';
import { defaultSettings, normalizeSettings, type Settings } from './service/settings';
import { nodeFiles } from './nodeFiles';

const MAIN_CF = /(^|\.)main\.cf$|^main\.cf\.proto$/;

function isMainCf(doc: TextDocument): boolean {
  return doc.languageId === 'postfix-main' || MAIN_CF.test(basename(doc.uri));
}

function isMasterCf(doc: TextDocument): boolean {
  return doc.languageId === 'postfix-master' || basename(doc.uri) === 'master.cf';
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

export function startServer(): void {
  const connection: Connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const models = new Map<string, { version: number; model: ConfigModel }>();
  let canAskConfiguration = false;
  let canRegisterConfiguration = false;
  /** settings pushed with didChangeConfiguration, for clients that cannot be asked */
  let pushedSettings: Settings = defaultSettings;
  /** the installed Postfix release the client found (it honours workspace trust) */
  let installedVersion: string | undefined;
  let settings: Promise<Settings> | undefined;

  const log = (message: string): void => connection.console.error(message);

  /** The master.cf beside a main.cf: the open editor's text, else the file on disk. */
  function readMaster(mainUri: string): string | undefined {
    const mainPath = pathOf(mainUri);
    if (!mainPath) return undefined;
    const masterPath = join(dirname(mainPath), 'master.cf');
    const open = documents.all().find((d) => pathOf(d.uri) === masterPath);
    if (open) return open.getText();
    try {
      return readFileSync(masterPath, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** A master.cf changed or closed: the main.cf files beside it are judged again. */
  function revalidateSiblings(master: TextDocument): void {
    const masterPath = pathOf(master.uri);
    if (!masterPath) return;
    for (const other of documents.all()) {
      const otherPath = pathOf(other.uri);
      if (other !== master && otherPath && dirname(otherPath) === dirname(masterPath)) {
        models.delete(other.uri);
        void validate(other);
      }
    }
  }

  function modelFor(doc: TextDocument): ConfigModel {
    const cached = models.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.model;
    const model = new ConfigModel({ main: doc.getText(), master: readMaster(doc.uri) });
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

  async function validate(doc: TextDocument): Promise<void> {
    if (!isMainCf(doc)) return;
    try {
      const s = await currentSettings();
      const report = checkMainCf(modelFor(doc), s, resolveTarget(s, installedVersion), nodeFiles);
      for (const f of report.failures) log(`check ${f.check} failed on ${doc.uri}: ${String(f.error)}`);
      await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: report.diagnostics });
    } catch (error) {
      log(`validation of ${doc.uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }

  function revalidateAll(): void {
    models.clear();
    for (const doc of documents.all()) void validate(doc);
  }

  /** Answers a request, logging instead of failing when the service throws. */
  function guarded<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      try {
        return fn(...args);
      } catch (error) {
        log(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
        return fallback;
      }
    };
  }

  connection.onInitialize((params) => {
    canAskConfiguration = params.capabilities.workspace?.configuration === true;
    canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const options = params.initializationOptions as { installedVersion?: unknown } | null | undefined;
    if (typeof options?.installedVersion === 'string' && isVersion(options.installedVersion)) {
      installedVersion = options.installedVersion;
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['$', '{', ':', '='] },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
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
    if (isMasterCf(doc)) revalidateSiblings(doc);
    void validate(doc);
  });

  documents.onDidClose((event) => {
    models.delete(event.document.uri);
    // once closed, the master.cf on disk counts again
    if (isMasterCf(event.document)) revalidateSiblings(event.document);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onHover(
    guarded('hover', null, (params) => {
      const doc = documents.get(params.textDocument.uri);
      return doc && isMainCf(doc) ? hover(modelFor(doc), params.position) : null;
    }),
  );

  connection.onCompletion(
    guarded('completion', [], (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || !isMainCf(doc)) return [];
      const path = pathOf(doc.uri);
      return completion(modelFor(doc), params.position, { files: nodeFiles, configDir: path ? dirname(path) : undefined });
    }),
  );

  connection.onCodeAction(
    guarded('codeAction', [], (params) => {
      const doc = documents.get(params.textDocument.uri);
      const model = doc && isMainCf(doc) ? modelFor(doc) : undefined;
      return codeActions(params.textDocument.uri, params.context.diagnostics, model, params.range);
    }),
  );

  documents.listen(connection);
  connection.listen();
}
