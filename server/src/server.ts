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

const MAIN_CF = /(^|\.)main\.cf$|^main\.cf\.proto$/;

function isMainCf(doc: TextDocument): boolean {
  return doc.languageId === 'postfix-main' || MAIN_CF.test(basename(doc.uri));
}

function isMasterCf(doc: TextDocument): boolean {
  return doc.languageId === 'postfix-master' || basename(doc.uri) === 'master.cf';
}

function masterUriFor(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  return pathToFileURL(join(dirname(fileURLToPath(uri)), 'master.cf')).toString();
}

export function startServer(): void {
  const connection: Connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const models = new Map<string, { version: number; model: ConfigModel }>();
  let canAskConfiguration = false;
  /** the installed Postfix release the client found (it honours workspace trust) */
  let installedVersion: string | undefined;
  let settings: Promise<Settings> | undefined;

  const log = (message: string): void => connection.console.error(message);

  function readMaster(mainUri: string): string | undefined {
    const uri = masterUriFor(mainUri);
    if (!uri) return undefined;
    const open = documents.get(uri);
    if (open) return open.getText();
    try {
      return readFileSync(fileURLToPath(uri), 'utf8');
    } catch {
      return undefined;
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
    if (!canAskConfiguration) return defaultSettings;
    settings ??= connection.workspace
      .getConfiguration({ section: 'postfix' })
      .then(normalizeSettings, () => defaultSettings);
    return await settings;
  }

  async function validate(doc: TextDocument): Promise<void> {
    if (!isMainCf(doc)) return;
    try {
      const s = await currentSettings();
      const report = checkMainCf(modelFor(doc), s, resolveTarget(s, installedVersion));
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
    if (canAskConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  });

  connection.onDidChangeConfiguration(() => {
    settings = undefined;
    revalidateAll();
  });

  connection.onNotification('postfix/installedVersion', (params: { version?: unknown }) => {
    installedVersion = typeof params?.version === 'string' && isVersion(params.version) ? params.version : undefined;
    revalidateAll();
  });

  documents.onDidChangeContent((event) => {
    const doc = event.document;
    if (isMasterCf(doc)) {
      const dir = dirname(doc.uri);
      for (const other of documents.all()) {
        if (other !== doc && dirname(other.uri) === dir) {
          models.delete(other.uri);
          void validate(other);
        }
      }
    }
    void validate(doc);
  });

  documents.onDidClose((event) => {
    models.delete(event.document.uri);
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
      return doc && isMainCf(doc) ? completion(modelFor(doc), params.position) : [];
    }),
  );

  connection.onCodeAction(
    guarded('codeAction', [], (params) => codeActions(params.textDocument.uri, params.context.diagnostics)),
  );

  documents.listen(connection);
  connection.listen();
}
