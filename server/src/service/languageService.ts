/**
 * Every feature of the service behind one interface: a request names a
 * document by URI, the Workspace says what it is and hands over its parse,
 * and the feature function for that kind of file answers. The server
 * translates LSP messages into these calls and the command line asks for
 * diagnostics, so both judge a file alike.
 */
import { dirname, join } from 'node:path/posix';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  Diagnostic,
  DocumentHighlight,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  Location,
  SymbolInformation,
  TextEdit,
} from 'vscode-languageserver-types';
import { binaryFileDiagnostic } from './binaryFile';
import { logIndex } from './features/log/logIndex';
import { logHighlights, logMessageDefinition, logReferences, logSymbols, messageHover } from './features/log/messages';
import { rejectDefinition, rejectHover, type RejectContext } from './features/log/rejectLine';
import { logCodeLenses, logHoverSection, type LogCounts } from './features/log/restrictionCounts';
import { codeLenses } from './features/main/codeLens';
import { completion } from './features/main/completion';
import { foldingRanges } from './features/main/folding';
import { format } from './features/main/formatting';
import { hover } from './features/main/hover';
import { inlayHints } from './features/main/inlayHints';
import { definition, highlights, prepareRename, references, rename, type Documents, type RenameResult } from './features/main/navigation';
import { semanticTokens } from './features/main/semanticTokens';
import { documentSymbols } from './features/main/symbols';
import { masterCompletion } from './features/master/completion';
import { masterHover } from './features/master/hover';
import { masterSymbols } from './features/master/symbols';
import { scenarioLenses } from './features/scenario/codeLens';
import { codeActions, withFixes } from './features/shared/codeActions';
import { tableDefinition, tableLinks, type LocateTable } from './features/shared/tableLinks';
import { dbmsCompletion } from './features/dbms/completion';
import { dbmsHover } from './features/dbms/hover';
import { dbmsSemanticTokens } from './features/dbms/semanticTokens';
import { checkClientFile } from './dbmsService';
import { tableCompletion } from './features/table/completion';
import { tableHover } from './features/table/hover';
import { checkMainCf, resolveTarget } from './index';
import { tooLargeDiagnostic } from './limits';
import { attributeByReply, createAttributor, type Attributor } from './log/attribution';
import type { LineDocument } from './lineDocument';
import { checkMasterCf } from './masterCf';
import type { ConfigModel } from './model/config';
import { clientReferencesOf } from './model/clientFiles';
import { configPlace, findTable } from './model/tablePaths';
import { WorkspaceSimulator, type ScenarioFileView, type ScenarioRun, type SimulateAnswer } from './policyTests/workspaceSimulation';
import type { Transaction } from './simulate/transaction';
import type { Setting } from './syntax/setting';
import type { CheckReport } from './pipeline';
import type { Settings } from './settings';
import type { Position, Range } from './syntax/text';
import type { Workspace } from './workspace';

export { REMOVE_LINES_COMMAND } from './features/main/codeLens';
export { OPEN_FILE_COMMAND, withoutFixes } from './features/shared/codeActions';
export { RUN_SCENARIO_COMMAND } from './features/scenario/codeLens';
export { TOKEN_MODIFIERS, TOKEN_TYPES } from './features/main/semanticTokens';

export { ANALYZE_LOG_COMMAND } from './features/log/restrictionCounts';

export type PrepareRenameResult = { range: Range; placeholder: string } | { error: string };

/** What the mail-log features take from the server: its reading of the logs, and the setting that names their main.cf. */
export interface LogOptions {
  /** counts from the configured logs, for the lenses and hovers of main.cf */
  counts?: LogCounts;
  /** postfix.log.config: the main.cf that wrote the logs; empty: the one open or in the workspace */
  config?: string;
}

/** Where Debian and most packages keep the configuration: the last place a log's main.cf is looked for. */
const SYSTEM_MAIN_CF = '/etc/postfix/main.cf';

export interface LanguageService {
  /** `installedVersion`: the Postfix release where the files live, the target when the settings say "auto" */
  diagnostics(uri: string, settings: Settings, installedVersion?: string): CheckReport;
  hover(uri: string, position: Position, log?: LogOptions): Hover | null;
  completion(uri: string, position: Position): CompletionItem[];
  /**
   * Quick fixes carried by `diagnostics`, and the actions for what is at
   * `range`. Diagnostics as published (`withoutFixes`) have their fixes
   * found by checking the file again with the settings `published` names.
   */
  codeActions(uri: string, range: Range, diagnostics: readonly Diagnostic[], published?: { settings: Settings; installedVersion?: string }): CodeAction[];
  documentSymbols(uri: string): DocumentSymbol[];
  /** a parameter's assignment in main.cf; the file of a table path in main.cf or master.cf */
  definition(uri: string, position: Position, log?: LogOptions): Location | null;
  /** the table files main.cf or master.cf names */
  documentLinks(uri: string): DocumentLink[];
  /** the database client configuration files main.cf or master.cf names that exist: where each one is */
  clientFiles(uri: string): string[];
  references(uri: string, position: Position, includeDeclaration: boolean): Location[];
  highlights(uri: string, position: Position): DocumentHighlight[];
  /** null where there is nothing to rename; an error the user is shown when the name cannot be renamed */
  prepareRename(uri: string, position: Position): PrepareRenameResult | null;
  rename(uri: string, position: Position, newName: string): RenameResult | null;
  folding(uri: string): FoldingRange[];
  formatting(uri: string, settings: Settings): TextEdit[];
  rangeFormatting(uri: string, range: Range, settings: Settings): TextEdit[];
  semanticTokens(uri: string): number[];
  inlayHints(uri: string, range: Range, settings: Settings): InlayHint[];
  codeLenses(uri: string, log?: LogOptions): CodeLens[];
  /** the main.cf a mail log is read with: the setting, else an open main.cf, a workspace folder's, the system's */
  logConfigPath(setting?: string): string | undefined;
  /** the configuration of a main.cf (open text, else the disk) and how it attributes a log's rejects; undefined without one */
  logAttribution(mainPath: string): { model: ConfigModel; attribute: Attributor } | undefined;
  /** the settings and services of every open main.cf and master.cf whose name contains `query` */
  workspaceSymbols(query: string): SymbolInformation[];
  /** what smtpd would answer to a transaction, with the main.cf `uri` names (and the -o lists of master.cf's `service`), as the Postfix `version` would */
  simulate(uri: string, transaction: Transaction, options?: { service?: string; version?: string }): SimulateAnswer;
  /** a policy test file's scenarios and problems; undefined when it cannot be read */
  scenarios(uri: string): ScenarioFileView | undefined;
  /** runs a policy test file's scenarios, all or those at `indices` */
  runScenarios(uri: string, indices?: readonly number[]): ScenarioRun;
}

const nothing = (): CheckReport => ({ diagnostics: [], failures: [] });

/** A hover with what the mail logs say about its restriction added below (or alone, over the restriction's name). */
function withCounts(found: Hover | null, counts: { value: string; range: Range } | undefined): Hover | null {
  if (!counts) return found;
  const before = found && typeof found.contents === 'object' && 'kind' in found.contents ? found.contents.value : undefined;
  return { contents: { kind: 'markdown', value: before ? `${before}\n\n${counts.value}` : counts.value }, range: found?.range ?? counts.range };
}

export function createLanguageService(workspace: Workspace): LanguageService {
  const simulator = new WorkspaceSimulator(workspace);

  /** The model of a main.cf, or nothing for other files. */
  function mainModel(uri: string): ConfigModel | undefined {
    const p = workspace.parsed(uri);
    return p?.kind === 'main' ? p.model : undefined;
  }

  /** main.cf and the master.cf beside it, as URIs the client knows. */
  function documentsOf(mainUri: string): Documents {
    const path = workspace.pathOf(mainUri);
    if (path === undefined) return { mainUri };
    const masterPath = join(dirname(path), 'master.cf');
    return { mainUri, masterUri: workspace.documentAt(masterPath)?.uri ?? workspace.files.uriOf(masterPath) };
  }

  /** The settings of main.cf or master.cf, and where the tables they name are: beside main.cf first, then where they say. */
  function tableSettings(uri: string): { settings: readonly Setting[]; locate: LocateTable } | undefined {
    const p = workspace.parsed(uri);
    if (p?.kind !== 'main' && p?.kind !== 'master') return undefined;
    const settings = p.kind === 'main' ? p.model.main.assignments : (p.model.master?.services ?? []).flatMap((s) => s.overrides);
    const place = p.configDir === undefined ? undefined : configPlace(p.model, p.configDir);
    const locate: LocateTable = (path) => {
      const found = findTable(path, place, workspace.files);
      return found === undefined ? undefined : { uri: workspace.documentAt(found)?.uri ?? workspace.files.uriOf(found), path: found };
    };
    return { settings, locate };
  }

  /** An open mail log the features work on; undefined for other kinds and logs over the limit. */
  function logDocument(uri: string): LineDocument | undefined {
    return workspace.kind(uri)?.kind === 'log' && !workspace.overLimit(uri) ? workspace.document(uri) : undefined;
  }

  function logConfigPath(setting?: string): string | undefined {
    if (setting) return setting;
    const open = workspace.uris().find((uri) => workspace.kind(uri)?.kind === 'main' && workspace.pathOf(uri) !== undefined);
    if (open) return workspace.pathOf(open);
    const inFolder = workspace
      .folderPaths()
      .map((folder) => join(folder, 'main.cf'))
      .find((path) => workspace.files.exists(path));
    return inFolder ?? (workspace.files.exists(SYSTEM_MAIN_CF) ? SYSTEM_MAIN_CF : undefined);
  }

  /** One attributor per parse of a configuration: it keeps what it learnt of the restriction lists. */
  const attributors = new WeakMap<ConfigModel, Attributor>();

  function logAttribution(mainPath: string): { model: ConfigModel; attribute: Attributor } | undefined {
    const model = workspace.configAt(mainPath);
    if (!model) return undefined;
    let attribute = attributors.get(model);
    if (!attribute) {
      const dir = dirname(mainPath);
      attribute = createAttributor({ model, mainPath, masterPath: join(dir, 'master.cf'), files: workspace.files, place: configPlace(model, dir) });
      attributors.set(model, attribute);
    }
    return { model, attribute };
  }

  /** How reject lines of a log are attributed and shown. */
  function rejectContext(log: LogOptions | undefined): RejectContext {
    const mainPath = logConfigPath(log?.config);
    const found = mainPath === undefined ? undefined : logAttribution(mainPath);
    return {
      attribute: found?.attribute ?? attributeByReply,
      mainPath: found ? mainPath : undefined,
      missingConfig:
        mainPath === undefined
          ? 'no main.cf is open or in the workspace: set postfix.log.config'
          : found
            ? undefined
            : `${mainPath} cannot be read (postfix.log.config)`,
      uriOf: (path) => workspace.documentAt(path)?.uri ?? workspace.files.uriOf(path),
      lineOf: (path, n) => workspace.documentAt(path)?.line(n) ?? workspace.files.read(path)?.split(/\r\n|\r|\n/)[n],
    };
  }

  /** A main.cf feature's answer on main.cf, `fallback` on other files. */
  function onMain<R>(uri: string, fallback: R, feature: (model: ConfigModel) => R): R {
    const model = mainModel(uri);
    return model ? feature(model) : fallback;
  }

  const service: LanguageService = {
    diagnostics(uri, settings, installedVersion) {
      const doc = workspace.document(uri);
      if (doc && simulator.isScenarioFile(uri)) {
        const tooLarge = workspace.overLimit(uri) ? tooLargeDiagnostic(doc.length) : undefined;
        return { diagnostics: tooLarge ? [tooLarge] : simulator.diagnostics(uri), failures: [] };
      }
      const kind = workspace.kind(uri)?.kind;
      if (!doc || kind === undefined || kind === 'unknown') return nothing();
      const tooLarge = workspace.overLimit(uri) ? tooLargeDiagnostic(doc.length) : undefined;
      if (tooLarge) return { diagnostics: [tooLarge], failures: [] };
      if (kind === 'binary') return { diagnostics: [binaryFileDiagnostic()], failures: [] };
      const target = resolveTarget(settings, installedVersion);
      const p = workspace.parsed(uri);
      switch (p?.kind) {
        case 'main':
          return checkMainCf(p.model, settings, target, workspace.files, p.configDir, p.memo);
        case 'master':
          return checkMasterCf(p.model, settings, target, workspace.files, p.configDir);
        case 'table':
          return p.table.session.check({ target, classes: p.table.classes, files: workspace.files }, settings);
        case 'dbms':
          return checkClientFile(p.client.file, p.client.info, target, settings);
        default:
          return nothing();
      }
    },

    hover(uri, position, log) {
      const doc = logDocument(uri);
      if (doc) return messageHover(logIndex(doc), doc, position) ?? rejectHover(doc, position, rejectContext(log));
      const p = workspace.parsed(uri);
      switch (p?.kind) {
        case 'main':
          return withCounts(hover(p.model, position), log?.counts && logHoverSection(p.model, position, log.counts));
        case 'master':
          return withCounts(masterHover(p.model, position), log?.counts && logHoverSection(p.model, position, log.counts, 'master.cf'));
        case 'table':
          return tableHover(p.table.session.parsed, position, {
            role: p.table.info.role,
            classes: p.table.classes,
            lookups: p.table.info.lookups,
            subdomains: p.table.subdomains,
          });
        case 'dbms':
          return dbmsHover(p.client.file, p.client.info.type, position);
        default:
          return null;
      }
    },

    completion(uri, position) {
      const p = workspace.parsed(uri);
      switch (p?.kind) {
        case 'main':
          return completion(p.model, position, { files: workspace.files, configDir: p.configDir });
        case 'master':
          return masterCompletion(p.model, position);
        case 'table':
          return tableCompletion(p.table.session.parsed, position, { role: p.table.info.role, classes: p.table.classes });
        case 'dbms':
          return dbmsCompletion(p.client.file, p.client.info.type, position);
        default:
          return [];
      }
    },

    codeActions(uri, range, diagnostics, published) {
      const complete = published
        ? withFixes(diagnostics, () => service.diagnostics(uri, published.settings, published.installedVersion).diagnostics)
        : diagnostics;
      return codeActions(uri, complete, mainModel(uri), range, (path) => workspace.inFolders(path));
    },

    documentSymbols(uri) {
      const doc = logDocument(uri);
      if (doc) return logSymbols(logIndex(doc));
      const p = workspace.parsed(uri);
      if (p?.kind === 'master') return masterSymbols(p.model);
      return p?.kind === 'main' ? documentSymbols(p.model) : [];
    },

    definition(uri, position, log) {
      const doc = logDocument(uri);
      if (doc) return logMessageDefinition(logIndex(doc), position, uri) ?? rejectDefinition(doc, position, rejectContext(log));
      const tables = tableSettings(uri);
      const file = tables && tableDefinition(tables.settings, position, tables.locate);
      return file ?? onMain(uri, null, (model) => definition(model, position, documentsOf(uri)));
    },
    documentLinks(uri) {
      const tables = tableSettings(uri);
      return tables ? tableLinks(tables.settings, tables.locate) : [];
    },
    clientFiles(uri) {
      const p = workspace.parsed(uri);
      const tables = tableSettings(uri);
      if (!tables || (p?.kind !== 'main' && p?.kind !== 'master')) return [];
      const found = tables.settings.flatMap((s) => clientReferencesOf(p.model, s).map((r) => tables.locate(r.path)?.path));
      return [...new Set(found.filter((path) => path !== undefined))];
    },
    references(uri, position, includeDeclaration) {
      const doc = logDocument(uri);
      if (doc) return logReferences(logIndex(doc), position, uri, includeDeclaration);
      return onMain(uri, [], (model) => references(model, position, documentsOf(uri), includeDeclaration));
    },
    highlights(uri, position) {
      const doc = logDocument(uri);
      if (doc) return logHighlights(logIndex(doc), position);
      return onMain(uri, [], (model) => highlights(model, position, documentsOf(uri)));
    },
    prepareRename: (uri, position) => onMain(uri, null, (model) => prepareRename(model, position)),
    rename: (uri, position, newName) => onMain(uri, null, (model) => rename(model, position, newName, documentsOf(uri))),
    folding: (uri) => onMain(uri, [], foldingRanges),
    formatting: (uri, settings) => onMain(uri, [], (model) => format(model, { restrictionsOnePerLine: settings.restrictionsOnePerLine })),
    rangeFormatting: (uri, range, settings) => onMain(uri, [], (model) => format(model, { restrictionsOnePerLine: settings.restrictionsOnePerLine }, range)),
    semanticTokens(uri) {
      const p = workspace.parsed(uri);
      if (p?.kind === 'dbms') return dbmsSemanticTokens(p.client.file, p.client.info.type);
      return p?.kind === 'main' ? semanticTokens(p.model) : [];
    },
    inlayHints: (uri, range, settings) => onMain(uri, [], (model) => (settings.inlayHints ? inlayHints(model, range) : [])),
    codeLenses(uri, log) {
      if (simulator.isScenarioFile(uri)) {
        const file = workspace.overLimit(uri) ? undefined : simulator.scenarios(uri);
        return file ? scenarioLenses(file, uri) : [];
      }
      const p = workspace.parsed(uri);
      if (p?.kind === 'master') return log?.counts ? logCodeLenses(p.model, log.counts, 'master.cf') : [];
      return onMain(uri, [], (model) => [...codeLenses(model, uri), ...(log?.counts ? logCodeLenses(model, log.counts) : [])]);
    },
    logConfigPath,
    logAttribution,

    workspaceSymbols(query) {
      const lower = query.toLowerCase();
      return workspace.uris().flatMap((uri) => {
        const p = workspace.parsed(uri);
        const symbols = p?.kind === 'master' ? masterSymbols(p.model) : p?.kind === 'main' ? documentSymbols(p.model).flatMap((g) => g.children ?? []) : [];
        const file = uri.slice(uri.lastIndexOf('/') + 1);
        return symbols
          .filter((sym) => sym.name.toLowerCase().includes(lower))
          .map((sym) => ({ name: sym.name, kind: sym.kind, containerName: file, location: { uri, range: sym.selectionRange } }));
      });
    },

    simulate(uri, transaction, options = {}) {
      const path = workspace.pathOf(uri);
      if (path === undefined) return { error: 'the simulator reads main.cf and its tables from disk: save main.cf as a file first' };
      return simulator.simulate(path, transaction, options);
    },
    scenarios: (uri) => simulator.scenarios(uri),
    runScenarios: (uri, indices) => simulator.run(uri, indices),
  };
  return service;
}
