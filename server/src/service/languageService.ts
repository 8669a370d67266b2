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
import { codeActions } from './features/shared/codeActions';
import { tableDefinition, tableLinks, type LocateTable } from './features/shared/tableLinks';
import { tableCompletion } from './features/table/completion';
import { tableHover } from './features/table/hover';
import { checkMainCf, resolveTarget } from './index';
import { tooLargeDiagnostic } from './limits';
import { checkMasterCf } from './masterCf';
import type { ConfigModel } from './model/config';
import { configPlace, findTable } from './model/tablePaths';
import type { Setting } from './syntax/setting';
import type { CheckReport } from './pipeline';
import type { Settings } from './settings';
import type { Position, Range } from './syntax/text';
import type { Workspace } from './workspace';

export { REMOVE_LINES_COMMAND } from './features/main/codeLens';
export { OPEN_FILE_COMMAND } from './features/shared/codeActions';
export { TOKEN_MODIFIERS, TOKEN_TYPES } from './features/main/semanticTokens';

export type PrepareRenameResult = { range: Range; placeholder: string } | { error: string };

export interface LanguageService {
  /** `installedVersion`: the Postfix release where the files live, the target when the settings say "auto" */
  diagnostics(uri: string, settings: Settings, installedVersion?: string): CheckReport;
  hover(uri: string, position: Position): Hover | null;
  completion(uri: string, position: Position): CompletionItem[];
  /** quick fixes carried by `diagnostics`, and the actions for what is at `range` */
  codeActions(uri: string, range: Range, diagnostics: readonly Diagnostic[]): CodeAction[];
  documentSymbols(uri: string): DocumentSymbol[];
  /** a parameter's assignment in main.cf; the file of a table path in main.cf or master.cf */
  definition(uri: string, position: Position): Location | null;
  /** the table files main.cf or master.cf names */
  documentLinks(uri: string): DocumentLink[];
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
  codeLenses(uri: string): CodeLens[];
  /** the settings and services of every open main.cf and master.cf whose name contains `query` */
  workspaceSymbols(query: string): SymbolInformation[];
}

const nothing = (): CheckReport => ({ diagnostics: [], failures: [] });

export function createLanguageService(workspace: Workspace): LanguageService {
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

  /** A main.cf feature's answer on main.cf, `fallback` on other files. */
  function onMain<R>(uri: string, fallback: R, feature: (model: ConfigModel) => R): R {
    const model = mainModel(uri);
    return model ? feature(model) : fallback;
  }

  return {
    diagnostics(uri, settings, installedVersion) {
      const doc = workspace.document(uri);
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
        default:
          return nothing();
      }
    },

    hover(uri, position) {
      const p = workspace.parsed(uri);
      switch (p?.kind) {
        case 'main':
          return hover(p.model, position);
        case 'master':
          return masterHover(p.model, position);
        case 'table':
          return tableHover(p.table.session.parsed, position, {
            role: p.table.info.role,
            classes: p.table.classes,
            lookups: p.table.info.lookups,
            subdomains: p.table.subdomains,
          });
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
        default:
          return [];
      }
    },

    codeActions(uri, range, diagnostics) {
      return codeActions(uri, diagnostics, mainModel(uri), range, (path) => workspace.inFolders(path));
    },

    documentSymbols(uri) {
      const p = workspace.parsed(uri);
      if (p?.kind === 'master') return masterSymbols(p.model);
      return p?.kind === 'main' ? documentSymbols(p.model) : [];
    },

    definition(uri, position) {
      const tables = tableSettings(uri);
      const file = tables && tableDefinition(tables.settings, position, tables.locate);
      return file ?? onMain(uri, null, (model) => definition(model, position, documentsOf(uri)));
    },
    documentLinks(uri) {
      const tables = tableSettings(uri);
      return tables ? tableLinks(tables.settings, tables.locate) : [];
    },
    references: (uri, position, includeDeclaration) => onMain(uri, [], (model) => references(model, position, documentsOf(uri), includeDeclaration)),
    highlights: (uri, position) => onMain(uri, [], (model) => highlights(model, position, documentsOf(uri))),
    prepareRename: (uri, position) => onMain(uri, null, (model) => prepareRename(model, position)),
    rename: (uri, position, newName) => onMain(uri, null, (model) => rename(model, position, newName, documentsOf(uri))),
    folding: (uri) => onMain(uri, [], foldingRanges),
    formatting: (uri, settings) => onMain(uri, [], (model) => format(model, { restrictionsOnePerLine: settings.restrictionsOnePerLine })),
    rangeFormatting: (uri, range, settings) => onMain(uri, [], (model) => format(model, { restrictionsOnePerLine: settings.restrictionsOnePerLine }, range)),
    semanticTokens: (uri) => onMain(uri, [], semanticTokens),
    inlayHints: (uri, range, settings) => onMain(uri, [], (model) => (settings.inlayHints ? inlayHints(model, range) : [])),
    codeLenses: (uri) => onMain(uri, [], (model) => codeLenses(model, uri)),

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
  };
}
