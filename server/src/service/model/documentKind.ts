/**
 * What a file is: main.cf, master.cf, a lookup table source, or something
 * the service does not read. The server and the check command both ask
 * here, so a file is judged alike in the editor and from a shell.
 *
 * Strongest first: NUL bytes (not text at all), the editor's language or
 * the name (main.cf, master.cf, a mail log), how the main.cf beside the file uses it or
 * a "# postfix-map:" first line, the name of a table, and last the content:
 * mostly `name = value` lines make a main.cf.
 */
import { dirname } from 'node:path/posix';
import type { ConfigModel } from './config';
import { detectTable, tableTarget, type TableInfo } from './tableDetect';
import { configPlace, tablePlaces } from './tablePaths';
import { tableReferences } from './tableReferences';

export type DocumentKind =
  | { kind: 'main' }
  | { kind: 'master' }
  | { kind: 'table'; info: TableInfo }
  | { kind: 'binary' }
  /** a mail log (mail.log, maillog, mail.log.1 ...): read, never checked */
  | { kind: 'log' }
  /** not checked; `reason` says why and how to name the file */
  | { kind: 'unknown'; reason: string };

export interface DocumentFacts {
  /** the file's path, or its URI when it has none */
  path: string;
  /** the editor's language (postfix-main, postfix-master, postfix-map), when there is one */
  languageId?: string;
  /** the text; only its start is read (see SNIFF_LENGTH) */
  text: string;
  /** the main.cf (and master.cf) in the file's directory; asked only when the language and name do not tell */
  siblings?: () => ConfigModel | undefined;
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

const NOT_A_SOURCE = 'by its name a compiled table, a backup copy or an address list (mynetworks), not a table source';

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** Most logical lines (not blank, not comments, not continuations) are `name = value`. */
function looksLikeSettings(head: string): boolean {
  let lines = 0;
  let settings = 0;
  for (const line of head.split(/\r\n|\r|\n/)) {
    if (line.trim() === '' || /^\s/.test(line) || line.startsWith('#')) continue;
    lines++;
    if (/^[A-Za-z0-9_.-]+[ \t]*=/.test(line)) settings++;
  }
  return settings * 2 > lines;
}

export function documentKind(facts: DocumentFacts): DocumentKind {
  const head = facts.text.slice(0, SNIFF_LENGTH);
  if (head.includes('\0')) return { kind: 'binary' };
  const name = basename(facts.path);
  if (facts.languageId === 'postfix-master' || MASTER_NAME.test(name)) return { kind: 'master' };
  if (facts.languageId === 'postfix-main' || MAIN_NAME.test(name)) return { kind: 'main' };
  if (facts.languageId === 'postfix-log' || (facts.languageId !== 'postfix-map' && LOG_NAME.test(name))) return { kind: 'log' };

  const model = facts.siblings?.();
  const place = model && configPlace(model, dirname(facts.path));
  const references = model ? tableReferences(model) : [];
  const info = detectTable(facts.path, /^[^\r\n]*/.exec(head)?.[0] ?? '', references, place);
  if (facts.languageId === 'postfix-map') {
    return info ? { kind: 'table', info } : { kind: 'unknown', reason: NOT_A_SOURCE };
  }
  if (info && (info.source === 'comment' || info.source === 'reference')) return { kind: 'table', info };
  const client = references.map((r) => tableTarget(r.table)).find((t) => t && tablePlaces(t.path, place).includes(facts.path));
  if (client) return { kind: 'unknown', reason: `main.cf uses it as the configuration of a ${client.type}: table, which is not checked` };
  const settings = looksLikeSettings(head);
  if (settings && name.endsWith('.cf')) {
    return {
      kind: 'unknown',
      reason: `a .cf file of name = value lines is usually the configuration of a database table (mysql:, pgsql:, ldap: ...), which is not checked; ${NAMING}`,
    };
  }
  if (info?.source === 'name') return { kind: 'table', info };
  if (settings) return { kind: 'main' };
  if (!info) return { kind: 'unknown', reason: NOT_A_SOURCE };
  return { kind: 'unknown', reason: `its kind cannot be told from its name, its first line or a main.cf beside it; ${NAMING}` };
}
