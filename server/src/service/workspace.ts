/**
 * The documents a client has open and what is read beside them: main.cf with
 * its master.cf, the lookup tables and database client files of the same
 * directory, what kind each document is. Each answer is kept for the document versions (and disk
 * reads) it was made from, so a text is parsed once per version and one
 * model of a configuration directory serves main.cf, master.cf and the
 * tables beside them. The file system comes in through WorkspaceFiles: the
 * server and the command line both give it the real disk.
 */
import { dirname, join, normalize } from 'node:path/posix';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { DbmsInfo } from './model/clientFiles';
import { parseClientFile } from './dbmsService';
import { CheckMemo } from './checks/memo';
import { LineDocument } from './lineDocument';
import { MAX_CHECKED_CHARACTERS } from './limits';
import { ConfigModel } from './model/config';
import { documentKind, SNIFF_LENGTH, type DocumentKind } from './model/documentKind';
import { restrictionClasses } from './model/restrictionLists';
import { accessKeysMatchSubdomains, type TableInfo } from './model/tableDetect';
import type { TableFiles } from './files';
import { TableSession } from './tableSession';
import type { MainCf } from './syntax/mainCf';

export interface WorkspaceFiles extends TableFiles {
  /** a file's text; undefined when it cannot be read */
  read(path: string): string | undefined;
  /** the local path a URI names; undefined for other schemes (untitled: ...) */
  pathOf(uri: string): string | undefined;
  /** the URI of a local path, for locations in files that are not open */
  uriOf(path: string): string;
}

export interface WorkspaceOptions {
  /** documents over MAX_CHECKED_CHARACTERS get no answers (the editor stays responsive) */
  limitSize?: boolean;
  /**
   * Documents are edited (an editor): a table keeps indexes, and the checks
   * of main.cf what they found, that make the check after an edit cheap.
   * Without, each check reads a file whole, which is faster for a file
   * checked once (the command line).
   */
  followEdits?: boolean;
}

/** A lookup table as the features read it. */
export interface TableView {
  info: TableInfo;
  /** smtpd_restriction_classes of the main.cf beside it; undefined without one */
  classes?: Set<string>;
  /** the main.cf beside it lets domain keys of access tables match subdomains (see accessKeysMatchSubdomains); undefined without one */
  subdomains?: boolean;
  session: TableSession;
}

/** A database client configuration file as the features read it. */
export interface ClientView {
  info: DbmsInfo;
  file: MainCf;
}

/** An open document parsed for its kind; tables are read by a session that follows the edits. */
export type Parsed =
  | { kind: 'main' | 'master'; doc: LineDocument; model: ConfigModel; configDir?: string; memo?: CheckMemo }
  | { kind: 'table'; doc: LineDocument; table: TableView }
  | { kind: 'dbms'; doc: LineDocument; client: ClientView };

/** Where one side of a configuration comes from: a path (the open editor's text, else the disk) or a document without one. */
type Source = { path: string; doc?: undefined } | { path?: string; doc: LineDocument };

/** A main.cf + master.cf pair, parsed, and the open documents it read at the versions it read them. */
interface Config {
  model: ConfigModel;
  /** main.cf exists, open or on disk: without it a table has no configuration beside it */
  hasMain: boolean;
  main?: Stamp;
  master?: Stamp;
  /** what the checks of main.cf found, kept from one version to the next where documents are edited (followEdits) */
  memo?: CheckMemo;
}

interface Stamp {
  doc: LineDocument;
  version: number;
}

interface KnownKind {
  stamp: Stamp;
  kind: DocumentKind;
  /** the configuration beside the document, when the kind depended on it */
  siblings?: Config;
  /** the configurations of the directories above, when the kind depended on them */
  ancestors?: Config[];
}

/** How many directories above a file are searched for the main.cf that names it as a database client file. */
const ANCESTOR_LEVELS = 3;

/** A lookup table open in the editor, whose session shares the document's lines. */
interface OpenTable {
  /** the document and version the session is up to date with (a reopened file is a new document) */
  stamp: Stamp;
  /** the kind and configuration the view was made with: when either is new, info and classes are read again */
  kind: DocumentKind;
  siblings?: Config;
  view: TableView;
}

const same = (stamp: Stamp | undefined, doc: LineDocument | undefined): boolean =>
  stamp === undefined ? doc === undefined : stamp.doc === doc && stamp.version === doc.version;

const stampOf = (doc: LineDocument | undefined): Stamp | undefined => doc && { doc, version: doc.version };

const sameConfigs = (a: readonly Config[], b: readonly { config: Config }[]): boolean => a.length === b.length && a.every((c, i) => c === b[i].config);

/** The start of a document, as much as documentKind looks at, without joining the whole text. */
function headOf(doc: LineDocument): string {
  let head = '';
  for (let n = 0; n < doc.lineCount && head.length < SNIFF_LENGTH; n++) head += doc.getText(doc.getLineRange(n)) + doc.getEOLCharacters(n);
  return head.slice(0, SNIFF_LENGTH);
}

export class Workspace {
  private readonly docs = new Map<string, LineDocument>();
  /** open documents by path: the text a sibling is read from before the disk */
  private readonly byPath = new Map<string, LineDocument>();
  private readonly kinds = new Map<string, KnownKind>();
  /** parsed configurations by the sources they were read from */
  private readonly configs = new Map<string, Config>();
  private readonly tables = new Map<string, OpenTable>();
  /** client files parsed, for the document version and kind they were parsed with */
  private readonly clients = new Map<string, { stamp: Stamp; kind: DocumentKind; view: ClientView }>();
  /** the folders the client opened, as paths */
  private folders: string[] = [];

  constructor(
    readonly files: WorkspaceFiles,
    private readonly options: WorkspaceOptions = {},
  ) {}

  /** Opens (or reopens) a document; returns the documents to check again. */
  open(uri: string, languageId: string, version: number, text: string): string[] {
    if (this.docs.has(uri)) this.forget(uri);
    const doc = new LineDocument(uri, languageId, version, text);
    this.docs.set(uri, doc);
    const path = this.files.pathOf(uri);
    if (path !== undefined) this.byPath.set(path, doc);
    return this.stale(doc);
  }

  /** Applies the edits of one change notification; returns the documents to check again. */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): string[] {
    const doc = this.docs.get(uri);
    if (!doc) return [];
    doc.update(changes, version);
    // a table over the limit is not checked: its session would only hold on to the lines
    if (this.overLimit(uri)) this.tables.delete(uri);
    return this.stale(doc);
  }

  /** Closes a document; returns the documents beside it to check again, now against the file on disk. */
  close(uri: string): string[] {
    const doc = this.docs.get(uri);
    if (!doc) return [];
    const configFile = this.isConfigFile(doc);
    this.forget(uri);
    return configFile ? this.besides(doc) : [];
  }

  /**
   * A document was saved: the files on disk (a postmap run before the save,
   * another file written) may have changed what its neighbours are read with,
   * so disk reads are made again when next needed. Returns what to check again.
   */
  save(uri: string): string[] {
    this.configs.clear();
    return this.docs.has(uri) ? [uri] : [];
  }

  /**
   * Files changed on disk (a postmap run wrote a .db, a table was created or
   * deleted): disk reads are made again when next needed. Returns the open
   * documents in the directories of the changed files and every main.cf and
   * master.cf above them, whose tables may be among them.
   */
  filesChanged(uris: readonly string[]): string[] {
    this.configs.clear();
    const paths = uris.map((uri) => this.files.pathOf(uri)).filter((p) => p !== undefined);
    const dirs = new Set(paths.map(dirname));
    return [...this.docs.values()]
      .filter((doc) => {
        const path = this.files.pathOf(doc.uri);
        if (path === undefined) return false;
        const dir = dirname(path);
        return dirs.has(dir) || (this.isConfigFile(doc) && paths.some((p) => p.startsWith(`${dir}/`)));
      })
      .map((doc) => doc.uri);
  }

  /** The folders the client opened (their URIs): the only places a quick fix creates files in. */
  setFolders(uris: readonly string[]): void {
    this.folders = uris.map((uri) => this.files.pathOf(uri)).filter((p) => p !== undefined);
  }

  /** The client's folders, as paths. */
  folderPaths(): readonly string[] {
    return this.folders;
  }

  /** The path lies inside one of the client's folders. */
  inFolders(path: string): boolean {
    const clean = normalize(path);
    return this.folders.some((folder) => {
      const dir = normalize(folder).replace(/(.)\/+$/, '$1');
      return clean === dir || clean.startsWith(dir === '/' ? '/' : `${dir}/`);
    });
  }

  /** Forgets every parse and disk read; returns every open document, all to be checked again. */
  revalidateAll(): string[] {
    this.configs.clear();
    this.kinds.clear();
    this.tables.clear();
    this.clients.clear();
    return [...this.docs.keys()];
  }

  document(uri: string): LineDocument | undefined {
    return this.docs.get(uri);
  }

  uris(): string[] {
    return [...this.docs.keys()];
  }

  /** The open document at a path, if any. */
  documentAt(path: string): LineDocument | undefined {
    return this.byPath.get(path);
  }

  pathOf(uri: string): string | undefined {
    return this.files.pathOf(uri);
  }

  /** The document is too big to be worked on while the user types. */
  overLimit(uri: string): boolean {
    return this.options.limitSize === true && (this.docs.get(uri)?.length ?? 0) > MAX_CHECKED_CHARACTERS;
  }

  /** What an open document is (see documentKind), for its current version and the configuration beside it. */
  kind(uri: string): DocumentKind | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    const known = this.kinds.get(uri);
    if (
      known &&
      same(known.stamp, doc) &&
      (!known.siblings || known.siblings === this.siblings(doc)) &&
      (!known.ancestors || sameConfigs(known.ancestors, this.ancestors(doc)))
    ) {
      return known.kind;
    }
    let siblings: Config | undefined;
    let ancestors: { config: Config; dir: string }[] | undefined;
    const kind = documentKind({
      path: this.files.pathOf(uri) ?? uri,
      languageId: doc.languageId,
      text: headOf(doc),
      siblings: () => {
        siblings = this.siblings(doc);
        return siblings?.hasMain ? siblings.model : undefined;
      },
      ancestors: () => {
        ancestors = this.ancestors(doc);
        return ancestors.filter((a) => a.config.hasMain).map((a) => ({ model: a.config.model, dir: a.dir }));
      },
    });
    this.kinds.set(uri, { stamp: { doc, version: doc.version }, kind, siblings, ancestors: ancestors?.map((a) => a.config) });
    // a table that stopped being one loses its session
    if (kind.kind !== 'table') this.tables.delete(uri);
    if (kind.kind !== 'dbms') this.clients.delete(uri);
    return kind;
  }

  /** An open document the features work on, parsed; undefined for other kinds and documents over the limit. */
  parsed(uri: string): Parsed | undefined {
    const doc = this.docs.get(uri);
    const kind = this.kind(uri);
    if (!doc || !kind || this.overLimit(uri)) return undefined;
    if (kind.kind === 'table') return { kind: 'table', doc, table: this.table(doc, kind) };
    if (kind.kind === 'dbms') return { kind: 'dbms', doc, client: this.client(doc, kind) };
    if (kind.kind !== 'main' && kind.kind !== 'master') return undefined;
    const path = this.files.pathOf(uri);
    const dir = path === undefined ? undefined : dirname(path);
    const self: Source = { path, doc };
    const config =
      kind.kind === 'main'
        ? this.config(self, dir === undefined ? undefined : { path: join(dir, 'master.cf') })
        : this.config(dir === undefined ? undefined : { path: join(dir, 'main.cf') }, self);
    return { kind: kind.kind, doc, model: config.model, configDir: dir, memo: config.memo };
  }

  /**
   * The configuration of the main.cf at `path` with the master.cf beside it,
   * open text over disk, whether or not main.cf is open; undefined when it
   * cannot be read. What a policy test or the simulator runs against.
   */
  configAt(path: string): ConfigModel | undefined {
    const config = this.config({ path }, { path: join(dirname(path), 'master.cf') });
    return config.hasMain ? config.model : undefined;
  }

  /** The main.cf and master.cf in a document's directory; undefined for a document without a path. */
  private siblings(doc: LineDocument): Config | undefined {
    const path = this.files.pathOf(doc.uri);
    if (path === undefined) return undefined;
    const dir = dirname(path);
    return this.config({ path: join(dir, 'main.cf') }, { path: join(dir, 'master.cf') });
  }

  /** The main.cf and master.cf of the directories above a document's, nearest first. */
  private ancestors(doc: LineDocument): { config: Config; dir: string }[] {
    const path = this.files.pathOf(doc.uri);
    const out: { config: Config; dir: string }[] = [];
    if (path === undefined) return out;
    let dir = dirname(path);
    for (let level = 0; level < ANCESTOR_LEVELS && dir !== dirname(dir); level++) {
      dir = dirname(dir);
      out.push({ config: this.config({ path: join(dir, 'main.cf') }, { path: join(dir, 'master.cf') }), dir });
    }
    return out;
  }

  /** The configuration read from two sources, parsed again only when one of them changed. */
  private config(main: Source | undefined, master: Source | undefined): Config {
    const key = `${this.sourceKey(main)}\u0000${this.sourceKey(master)}`;
    const mainDoc = this.openDoc(main);
    const masterDoc = this.openDoc(master);
    const cached = this.configs.get(key);
    if (cached && same(cached.main, mainDoc) && same(cached.master, masterDoc)) return cached;
    const config = (cached && this.edited(cached, mainDoc, masterDoc)) ?? this.read(main, mainDoc, master, masterDoc, cached?.memo);
    this.configs.set(key, config);
    return config;
  }

  /** The configuration after edits of the open main.cf alone: the model reads again what they touched. */
  private edited(cached: Config, mainDoc: LineDocument | undefined, masterDoc: LineDocument | undefined): Config | undefined {
    if (!mainDoc || cached.main?.doc !== mainDoc || !same(cached.master, masterDoc)) return undefined;
    const splice = mainDoc.splicesSince(cached.main.version);
    if (!splice) return undefined;
    return { ...cached, model: cached.model.edited(mainDoc.lineArray, splice), main: stampOf(mainDoc) };
  }

  /** The configuration read whole; an open document's lines are read as they are, without joining its text. */
  private read(
    main: Source | undefined,
    mainDoc: LineDocument | undefined,
    master: Source | undefined,
    masterDoc: LineDocument | undefined,
    memo = this.options.followEdits ? new CheckMemo() : undefined,
  ): Config {
    const mainText = mainDoc ? mainDoc.lineArray : this.textOf(main, undefined);
    return {
      model: new ConfigModel({ main: mainText ?? '', master: this.textOf(master, masterDoc) }),
      hasMain: mainText !== undefined,
      main: stampOf(mainDoc),
      master: stampOf(masterDoc),
      memo,
    };
  }

  private sourceKey(source: Source | undefined): string {
    if (source?.path !== undefined) return source.path;
    return source?.doc ? `uri:${source.doc.uri}` : '';
  }

  private openDoc(source: Source | undefined): LineDocument | undefined {
    return source?.doc ?? (source?.path === undefined ? undefined : this.byPath.get(source.path));
  }

  private textOf(source: Source | undefined, open: LineDocument | undefined): string | undefined {
    if (open) return open.getText();
    return source?.path === undefined ? undefined : this.files.read(source.path);
  }

  /** A lookup table's view, its session brought up to date with the edits since it was last read. */
  private table(doc: LineDocument, kind: Extract<DocumentKind, { kind: 'table' }>): TableView {
    const siblings = this.siblings(doc);
    let open = this.tables.get(doc.uri);
    if (!open || !same(open.stamp, doc) || open.kind !== kind || open.siblings !== siblings) {
      // main.cf or the first line ("# postfix-map: ...") may have changed what kind of table this is
      const splice = open?.stamp.doc === doc ? doc.splicesSince(open.stamp.version) : undefined;
      const kept =
        splice !== undefined && open !== undefined && JSON.stringify(open.view.info) === JSON.stringify(kind.info) && open.view.session.linesChanged(splice);
      const view: TableView = {
        info: kind.info,
        classes: siblings?.hasMain ? restrictionClasses(siblings.model) : undefined,
        subdomains: siblings?.hasMain ? accessKeysMatchSubdomains(siblings.model) : undefined,
        session: kept && open ? open.view.session : new TableSession(doc.lineArray, kind.info, this.options.followEdits === true),
      };
      open = { stamp: { doc, version: doc.version }, kind, siblings, view };
      this.tables.set(doc.uri, open);
    }
    return open.view;
  }

  /** A client file parsed once per version and kind. */
  private client(doc: LineDocument, kind: Extract<DocumentKind, { kind: 'dbms' }>): ClientView {
    const known = this.clients.get(doc.uri);
    if (known && same(known.stamp, doc) && known.kind === kind) return known.view;
    const view: ClientView = { info: kind.info, file: parseClientFile(doc.getText()) };
    this.clients.set(doc.uri, { stamp: { doc, version: doc.version }, kind, view });
    return view;
  }

  /** main.cf or master.cf: what the other files of its directory are judged with. */
  private isConfigFile(doc: LineDocument): boolean {
    const kind = this.kind(doc.uri)?.kind;
    return kind === 'main' || kind === 'master';
  }

  /** For main.cf or master.cf, the open documents beside it; then the document itself. */
  private stale(doc: LineDocument): string[] {
    return this.isConfigFile(doc) ? [...this.besides(doc), doc.uri] : [doc.uri];
  }

  /**
   * The other open documents in the directory of `doc`, and in the folders
   * below it that a main.cf there may name client files in.
   */
  private besides(doc: LineDocument): string[] {
    const path = this.files.pathOf(doc.uri);
    if (path === undefined) return [];
    const dir = dirname(normalize(path));
    const out: string[] = [];
    for (const [uri, other] of this.docs) {
      const written = this.files.pathOf(uri);
      if (other === doc || written === undefined) continue;
      const otherPath = normalize(written);
      const below = otherPath.startsWith(dir === '/' ? '/' : `${dir}/`) && otherPath.slice(dir.length).split('/').length - 2 <= ANCESTOR_LEVELS;
      if (below) out.push(uri);
    }
    return out;
  }

  private forget(uri: string): void {
    const doc = this.docs.get(uri);
    this.docs.delete(uri);
    this.kinds.delete(uri);
    this.tables.delete(uri);
    this.clients.delete(uri);
    const path = this.files.pathOf(uri);
    if (path !== undefined && this.byPath.get(path) === doc) this.byPath.delete(path);
    // parses that read the document are of no more use
    for (const [key, config] of this.configs) if (config.main?.doc === doc || config.master?.doc === doc) this.configs.delete(key);
  }
}
