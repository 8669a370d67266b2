/**
 * Postfix lookup table types and what each is: the one home of these facts,
 * read from overlays/tableTypes.json. The overlay lists the types in the
 * order completion offers them, the most used first; every list here keeps
 * that order.
 */
import data from './overlays/tableTypes.json';
import { dbmsTypes } from './dbms';
import { listOf, object, oneOf, optional, readData, recordOf, text } from './jsonData';

/**
 * indexed: postmap builds binary files from a text source, and Postfix reads only those;
 * file: Postfix reads the source file as it is;
 * client: lookups go to a server or database, configured by a file or by main.cf parameters
 *   (the parameters of those postconf checks are in knowledge/dbms.ts);
 * inline: the entries are written in the table's name (inline:{ a=b });
 * builtin: the data comes from Postfix or the system itself;
 * wrapper: the name is another table (proxy:hash:/etc/postfix/x).
 */
export type TableKind = 'indexed' | 'file' | 'client' | 'inline' | 'builtin' | 'wrapper';

/** The syntax of a file of patterns tried in order. */
export type PatternSyntax = 'regexp' | 'pcre' | 'cidr';

interface TableTypeEntry {
  kind: TableKind;
  /** indexed: the suffixes of the files postmap makes from the source */
  compiled?: readonly string[];
  /** file: the syntax of a pattern file; none for key/value text */
  pattern?: PatternSyntax;
  since: string;
  summary: string;
}

export interface TableType extends TableTypeEntry {
  name: string;
}

const ENTRY = object<TableTypeEntry>({
  kind: oneOf('indexed', 'file', 'client', 'inline', 'builtin', 'wrapper'),
  compiled: optional(listOf(text)),
  pattern: optional(oneOf('regexp', 'pcre', 'cidr')),
  since: text,
  summary: text,
});

export const tableTypes: ReadonlyMap<string, TableType> = new Map(
  Object.entries(readData('overlays/tableTypes.json', data, recordOf(ENTRY))).map(([name, t]) => [name, { name, ...t }]),
);

const named = (test: (t: TableType) => boolean): string[] => [...tableTypes.values()].filter(test).map((t) => t.name);

/** Types whose tables postmap builds: what a "run postmap" command offers. */
export const indexedTypes: readonly string[] = named((t) => t.kind === 'indexed');

/** Types whose name is a file of their own: the source of an indexed table, or a file read as it is. */
export const fileTypes: readonly string[] = named((t) => t.kind === 'indexed' || t.kind === 'file');

export const hasSourceFile = (type: string): boolean => fileTypes.includes(type);

/** proxymap's lists: they take whole parameter values ($mydestination ...) and use only their proxy: tables, which other parameters name. */
export const PROXYMAP_LISTS: ReadonlySet<string> = new Set(['proxy_read_maps', 'proxy_write_maps']);

/** Types whose name is another table (proxy:, debug:). */
export const isWrapper = (type: string): boolean => tableTypes.get(type)?.kind === 'wrapper';

/** The files postmap makes from the source of a `type` table; none for types Postfix reads otherwise. */
export const compiledSuffixes = (type: string): readonly string[] => tableTypes.get(type)?.compiled ?? [];

/** The most used indexed type that makes a file with `suffix` (.db: hash rather than btree). */
export const typeOfCompiled = (suffix: string): string | undefined => indexedTypes.find((t) => compiledSuffixes(t).includes(suffix));

/** Every suffix of a compiled table, each once. */
export const compiledFileSuffixes: readonly string[] = [...new Set(indexedTypes.flatMap(compiledSuffixes))];

/**
 * Database types and the `<table>_<suffix>` settings postconf accepts in
 * main.cf for a table named without a path (ldap:corp): the parameters of
 * their client files.
 */
export const databaseTypes: ReadonlyMap<string, readonly string[]> = new Map([...dbmsTypes].map(([type, t]) => [type, [...t.parameters.keys()]]));

/** The settings among those whose value may hold a password (ldap bind_pw, mysql password ...). */
const databaseSecrets: ReadonlyMap<string, readonly string[]> = new Map(
  [...dbmsTypes].map(([type, t]) => [type, [...t.parameters.values()].filter((p) => p.secret).map((p) => p.name)]),
);

const DATABASE_TABLE = new RegExp(String.raw`(?:^|[\s,{:])(${[...databaseTypes.keys()].join('|')}):([^\s,{}/][^\s,{}]*)`, 'g');

/**
 * The main.cf settings of the database tables a value names without a path:
 * `ldap:corp` makes corp_server_host, corp_search_base ... legitimate names;
 * with `secret`, only those that may hold a password (corp_bind_pw).
 */
export function databaseSettings(value: string, only?: 'secret'): string[] {
  // every table name has a ':'; most values have none, and need no regular expression run
  if (!value.includes(':')) return [];
  const suffixes = only === 'secret' ? databaseSecrets : databaseTypes;
  return [...value.matchAll(DATABASE_TABLE)].flatMap((m) => (suffixes.get(m[1]) ?? []).map((suffix) => `${m[2]}_${suffix}`));
}
