/**
 * Database client configuration files: the `mysql:/etc/postfix/x.cf`
 * (pgsql:, sqlite:, ldap:, memcache:, mongodb:) words of main.cf values and
 * master.cf -o values, read as postconf reads them, and what makes a file
 * one of them. Strongest first:
 *
 *   # postfix-dbms: mysql
 *
 * on the first line, then a use in the main.cf or master.cf beside the file
 * (by the paths of tablePaths.ts: the deploy path or beside main.cf), then,
 * when asked, a type named in the file name.
 */
import { normalize } from 'node:path/posix';
import { dbmsTypes } from '../knowledge/dbms';
import { isWrapper } from '../knowledge/tableTypes';
import { listWords } from '../syntax/restrictionList';
import type { Setting } from '../syntax/setting';
import type { ConfigModel } from './config';
import { expandValue } from './expand';
import { configDirectoryOf, tablePlaces, type ConfigPlace } from './tablePaths';

export interface DbmsInfo {
  /** the file */
  path: string;
  /** the client type: mysql, pgsql, sqlite, ldap, memcache, mongodb */
  type: string;
  /** the path main.cf names the file by, when that is not where the file is (a copy beside main.cf) */
  deployPath?: string;
  /** the directory of the main.cf beside the file, when there is one */
  configDir?: string;
  source: 'comment' | 'reference' | 'name';
}

/** A `type:/path` word of a setting that names a client file. */
export interface ClientReference {
  type: string;
  /** the path Postfix opens: the written one after $name expansion */
  path: string;
  setting: Setting;
  /** offsets of the whole word (proxy: included) in the setting's value */
  start: number;
  end: number;
}

/** Types whose name is another table's list: pcre and regexp tables inside braces hold patterns, not tables. */
const PATTERN_TYPES = new Set(['pcre', 'regexp']);

/**
 * The client words of a value, inside `{ ... }` too (unionmap:{ mysql:/a, ... }),
 * as postconf finds them: `proxy:` and `debug:` are looked through, and only
 * absolute paths name files (`mysql:name` takes `name_*` settings of main.cf).
 */
function clientWords(model: ConfigModel, setting: Setting, value: string, offset: number, out: ClientReference[], depth: number): void {
  // a value has few ':' at most; most have none
  if (!value.includes(':') || depth > 8) return;
  for (const word of listWords(value)) {
    const at = offset + word.start;
    if (word.text.startsWith('{')) {
      clientWords(model, setting, word.text.slice(1, word.text.endsWith('}') ? -1 : undefined), at + 1, out, depth + 1);
      continue;
    }
    let rest = word.text;
    let type: string | undefined;
    for (let m = /^([A-Za-z0-9_-]+):/.exec(rest); m; m = /^([A-Za-z0-9_-]+):/.exec(rest)) {
      rest = rest.slice(m[0].length);
      if (!isWrapper(m[1])) {
        type = m[1];
        break;
      }
    }
    if (type === undefined) continue;
    if (rest.startsWith('{')) {
      if (!PATTERN_TYPES.has(type))
        clientWords(model, setting, rest.slice(1, rest.endsWith('}') ? -1 : undefined), at + word.text.length - rest.length + 1, out, depth + 1);
      continue;
    }
    if (!dbmsTypes.has(type)) continue;
    const path = rest.includes('$') ? expandedPath(model, rest) : rest;
    if (path?.startsWith('/')) out.push({ type, path: normalize(path), setting, start: at, end: at + word.text.length });
  }
}

/** $config_directory, ${config_directory} and $(config_directory): its default is the installation's, known here as /etc/postfix. */
const CONFIG_DIRECTORY = /\$(?:config_directory\b|\{config_directory\}|\(config_directory\))/g;

/**
 * A path with $names (mysql:$config_directory/x.cf) as Postfix expands it;
 * undefined when a name has no value, or one whose default only the
 * installed Postfix knows.
 */
function expandedPath(model: ConfigModel, written: string): string | undefined {
  const e = expandValue(model, written.replace(CONFIG_DIRECTORY, configDirectoryOf(model)));
  return e.stopped || e.undefinedNames.length || e.value.includes('postconf -d') ? undefined : e.value;
}

/** The client files a setting names. */
export function clientReferencesOf(model: ConfigModel, setting: Setting): ClientReference[] {
  const out: ClientReference[] = [];
  clientWords(model, setting, setting.value, 0, out, 0);
  return out;
}

/** Every client file main.cf and the -o options of master.cf name: postconf reads all of them, whatever parameter names them. */
export function clientReferences(model: ConfigModel): ClientReference[] {
  const settings: Setting[] = [...model.main.assignments, ...(model.master?.services ?? []).flatMap((s) => s.overrides)];
  return settings.flatMap((s) => clientReferencesOf(model, s));
}

const OVERRIDE = /^\s*#\s*postfix-dbms:\s*([A-Za-z0-9_-]*)/i;

/** The type a "# postfix-dbms: TYPE" first line names: undefined without one, '' for an unknown type. */
export function typeFromComment(firstLine: string): string | undefined {
  const m = OVERRIDE.exec(firstLine);
  if (!m) return undefined;
  const type = m[1].toLowerCase();
  return dbmsTypes.has(type) ? type : '';
}

/** The one client type a name contains as a word (mysql-virtual.cf, virtual_pgsql.cf), if any. */
function typeIn(name: string): string | undefined {
  const words = name.toLowerCase().split(/[^a-z0-9]+/);
  const found = [...dbmsTypes.keys()].filter((t) => words.includes(t));
  return found.length === 1 ? found[0] : undefined;
}

/** The client type the file name tells, else the name of its folder (/etc/postfix/ldap/users.cf). */
export function typeFromName(path: string): string | undefined {
  const parts = path.split('/');
  return typeIn(parts[parts.length - 1]) ?? (parts.length > 1 ? typeIn(parts[parts.length - 2]) : undefined);
}

/**
 * The client file a use in `references` (resolved against `place`, where
 * that main.cf is) makes `path`; undefined when none names it.
 */
export function detectClientFile(path: string, references: readonly ClientReference[], place?: ConfigPlace): DbmsInfo | undefined {
  const use = references.find((r) => tablePlaces(r.path, place).includes(path));
  if (!use) return undefined;
  return { path, type: use.type, ...(use.path !== path ? { deployPath: use.path } : {}), ...(place ? { configDir: place.dir } : {}), source: 'reference' };
}
