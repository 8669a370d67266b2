/**
 * What a file is: main.cf, master.cf, a lookup table source, a database
 * client configuration file, or something the service does not read. The
 * server and the check command both ask here, so a file is judged alike in
 * the editor and from a shell.
 *
 * Strongest first: NUL bytes (not text at all), the editor's language or
 * the name (main.cf, master.cf, a mail log), a "# postfix-dbms:" or "# postfix-map:"
 * first line, how the main.cf (or master.cf) beside the file uses it, the
 * name of a table, a client type in the name of a .cf file of that type's
 * settings, and last the content: mostly `name = value` lines make a main.cf.
 */
import { dirname } from 'node:path/posix';
import { dbmsParameter } from '../knowledge/dbms';
import { clientReferences, detectClientFile, typeFromComment, typeFromName, type DbmsInfo } from './clientFiles';
import type { ConfigModel } from './config';
import { detectTable, type TableInfo } from './tableDetect';
import { configPlace } from './tablePaths';
import { tableReferences } from './tableReferences';

export type DocumentKind =
  | { kind: 'main' }
  | { kind: 'master' }
  | { kind: 'table'; info: TableInfo }
  /** a database client configuration file (mysql:/etc/postfix/x.cf ...) */
  | { kind: 'dbms'; info: DbmsInfo }
  | { kind: 'binary' }
  /** a mail log (mail.log, maillog, mail.log.1 ...): read, never checked */
  | { kind: 'log' }
  /** not checked; `reason` says why and how to name the file */
  | { kind: 'unknown'; reason: string };

export interface DocumentFacts {
  /** the file's path, or its URI when it has none */
  path: string;
  /** the editor's language (postfix-main, postfix-master, postfix-map, postfix-dbms), when there is one */
  languageId?: string;
  /** the text; only its start is read (see SNIFF_LENGTH) */
  text: string;
  /** the main.cf (and master.cf) in the file's directory; asked only when the language and name do not tell */
  siblings?: () => ConfigModel | undefined;
  /**
   * The main.cf files of the directories above, nearest first, with their
   * directories: a client file often sits in a folder of its own
   * (/etc/postfix/sql/domains.cf).
   */
  ancestors?: () => { model: ConfigModel; dir: string }[];
}

/** The client file a configuration beside the file, or one in a directory above it, names it as. */
function clientUse(facts: DocumentFacts, model: ConfigModel | undefined): DbmsInfo | undefined {
  const dir = dirname(facts.path);
  const beside = model && detectClientFile(facts.path, clientReferences(model), configPlace(model, dir));
  if (beside) return beside;
  for (const c of facts.ancestors?.() ?? []) {
    const info = detectClientFile(facts.path, clientReferences(c.model), configPlace(c.model, c.dir));
    if (info) return info;
  }
  return undefined;
}

/** How much of the text is looked at: enough to tell text from binary and settings from table entries. */
export const SNIFF_LENGTH = 8192;

/** main.cf, foo.main.cf, main.cf.proto, main.cf.j2 ... but not virtual_domain.cf */
const MAIN_NAME = /(^|[._-])main\.cf(\.[\w-]+)?$/;
const MASTER_NAME = /(^|[._-])master\.cf(\.[\w-]+)?$/;
/** the names syslog and Postfix's maillog_file give mail logs, with rotation suffixes: mail.log.1, maillog-20240101 (not the .gz, which is not text) */
const LOG_NAME = /^(mail\.(log|err|warn|info)|maillog|postfix\.log)([.-]\d+)?$/;

const NAMING =
  'name a main.cf "main.cf" (or "<anything>.main.cf") and a master.cf "master.cf"; for a lookup table, keep it beside the main.cf that names it ' +
  '(e.g. "check_client_access cidr:/etc/postfix/<file>") or put a first line such as "# postfix-map: access cidr" (see docs/tables.md)';

const DBMS_NAMING =
  'keep it beside the main.cf that names it (e.g. "virtual_mailbox_maps = mysql:/etc/postfix/<file>") or put a first line such as "# postfix-dbms: mysql" ' +
  '(mysql, pgsql, sqlite, ldap, memcache or mongodb; see docs/tables.md)';

const NOT_A_SOURCE = 'by its name a compiled table, a backup copy or an address list (mynetworks), not a table source';

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** The names of the logical lines that are `name = value`, and how many logical lines there are (not blank, not comments, not continuations). */
function settingNames(head: string): { names: string[]; lines: number } {
  const names: string[] = [];
  let lines = 0;
  for (const line of head.split(/\r\n|\r|\n/)) {
    if (line.trim() === '' || /^\s/.test(line) || line.startsWith('#')) continue;
    lines++;
    const m = /^([A-Za-z0-9_.-]+)[ \t]*=/.exec(line);
    if (m) names.push(m[1]);
  }
  return { names, lines };
}

export function documentKind(facts: DocumentFacts): DocumentKind {
  const head = facts.text.slice(0, SNIFF_LENGTH);
  if (head.includes('\0')) return { kind: 'binary' };
  const name = basename(facts.path);
  if (facts.languageId === 'postfix-master' || MASTER_NAME.test(name)) return { kind: 'master' };
  if (facts.languageId === 'postfix-main' || MAIN_NAME.test(name)) return { kind: 'main' };
  if (facts.languageId === 'postfix-log' || (facts.languageId !== 'postfix-map' && LOG_NAME.test(name))) return { kind: 'log' };

  const firstLine = /^[^\r\n]*/.exec(head)?.[0] ?? '';
  const model = facts.siblings?.();
  const place = model && configPlace(model, dirname(facts.path));
  // asked only when needed: it may read the main.cf of the folders above
  let used: { info?: DbmsInfo } | undefined;
  const clientUseOnce = (): DbmsInfo | undefined => (used ??= { info: clientUse(facts, model) }).info;
  const commented = typeFromComment(firstLine);
  if (commented) return { kind: 'dbms', info: { ...clientUseOnce(), path: facts.path, type: commented, source: 'comment' } };
  if (commented === '') return { kind: 'unknown', reason: `its first line names no client type Postfix reads a file for: ${DBMS_NAMING}` };
  if (facts.languageId === 'postfix-dbms') {
    const client = clientUseOnce();
    if (client) return { kind: 'dbms', info: client };
    const type = typeFromName(facts.path);
    if (type) return { kind: 'dbms', info: { path: facts.path, type, source: 'name' } };
    return { kind: 'unknown', reason: `the client type of this database configuration is not known: ${DBMS_NAMING}` };
  }
  const info = detectTable(facts.path, firstLine, model ? tableReferences(model) : [], place);
  if (facts.languageId === 'postfix-map') {
    return info ? { kind: 'table', info } : { kind: 'unknown', reason: NOT_A_SOURCE };
  }
  if (info && (info.source === 'comment' || info.source === 'reference')) return { kind: 'table', info };
  const client = clientUseOnce();
  if (client) return { kind: 'dbms', info: client };
  const settings = settingNames(head);
  const looksLikeSettings = settings.names.length * 2 > settings.lines;
  if (looksLikeSettings && name.endsWith('.cf')) {
    const type = typeFromName(facts.path);
    // the name says which client, and the names set are that client's
    if (type && settings.names.filter((n) => dbmsParameter(type, n)).length * 2 >= settings.names.length) {
      return { kind: 'dbms', info: { path: facts.path, type, source: 'name' } };
    }
    return {
      kind: 'unknown',
      reason: `a .cf file of name = value lines is usually the configuration of a database table (mysql:, pgsql:, ldap: ...): ${DBMS_NAMING}; or ${NAMING}`,
    };
  }
  if (info?.source === 'name') return { kind: 'table', info };
  if (looksLikeSettings) return { kind: 'main' };
  if (!info) return { kind: 'unknown', reason: NOT_A_SOURCE };
  return { kind: 'unknown', reason: `its kind cannot be told from its name, its first line or a main.cf beside it; ${NAMING}` };
}
