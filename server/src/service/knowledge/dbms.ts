/**
 * Database client configuration files (mysql:, pgsql:, sqlite:, ldap:,
 * memcache:, mongodb:): the parameters each type reads from its file, with
 * value kinds, defaults, the release that added each, and which settings the
 * client cannot work without. The one home of these facts, read from
 * generated/dbms.json (see docs/knowledge-data.md); the same names are the
 * `<table>_<parameter>` settings postconf accepts in main.cf for a table named
 * without a path (see tableTypes.databaseSettings).
 */
import data from './generated/dbms.json';
import { flag, listOf, object, oneOf, optional, readData, recordOf, tagged, text, type Shape } from './jsonData';
import { suggester } from './suggest';

/** What a value must be for the client to start: the daemons check these when they open the table. */
export type DbmsKind =
  | { type: 'text'; nonEmpty?: boolean }
  | { type: 'list'; nonEmpty?: boolean }
  /** a whole number; below `min` or above `max` the daemon stops, outside `accepted` it warns and uses its default */
  | { type: 'integer'; min?: number; max?: number; accepted?: number[] }
  /** yes or no, in any case */
  | { type: 'boolean' }
  /** one of `values` in any case; another word stops the daemon, or with `fallback` makes it warn and use its default */
  | { type: 'keyword'; values: string[]; fallback?: boolean }
  /** text with `%` expansions of the lookup key (`query`) or of a result (`result`) */
  | { type: 'template'; template: 'query' | 'result'; nonEmpty?: boolean }
  /** a type:table */
  | { type: 'table' };

export interface DbmsParameter {
  name: string;
  /** the table type whose file takes it */
  type: string;
  /** the default the manual states, when it states one */
  default?: string;
  /** the release that added it; undefined: as old as the table type */
  since?: string;
  /** documented among the obsolete interfaces */
  obsolete?: boolean;
  /** the client logs a warning and does nothing with it */
  ignored?: boolean;
  /** what to set instead of an obsolete parameter */
  replacement?: string;
  /** the value may hold a password: it is never shown */
  secret?: boolean;
  kind: DbmsKind;
  summary: string;
}

/**
 * Settings the client needs: one of the sets in `anyOf`, each with all its
 * names set to a non-empty value.
 */
export interface DbmsRequirement {
  anyOf: string[][];
  /** from this release on, servers given as connection URIs bring this setting themselves */
  uriHostsExemptSince?: string;
  /** the client starts without it, but does not do what is meant */
  warning?: boolean;
}

export interface DbmsType {
  name: string;
  parameters: ReadonlyMap<string, DbmsParameter>;
  required: readonly DbmsRequirement[];
}

type Entry = Omit<DbmsParameter, 'name' | 'type'>;
type Kind<T extends DbmsKind['type']> = Extract<DbmsKind, { type: T }>;

const numbers: Shape<number[]> = (value) => (Array.isArray(value) && value.every((n) => typeof n === 'number') ? undefined : ': expected a list of numbers');
const number: Shape<number> = (value) => (typeof value === 'number' ? undefined : ': expected a number');

const KIND = tagged<DbmsKind>('type', {
  text: object<Kind<'text'>>({ type: oneOf('text'), nonEmpty: optional(flag) }),
  list: object<Kind<'list'>>({ type: oneOf('list'), nonEmpty: optional(flag) }),
  integer: object<Kind<'integer'>>({ type: oneOf('integer'), min: optional(number), max: optional(number), accepted: optional(numbers) }),
  boolean: object<Kind<'boolean'>>({ type: oneOf('boolean') }),
  keyword: object<Kind<'keyword'>>({ type: oneOf('keyword'), values: listOf(text), fallback: optional(flag) }),
  template: object<Kind<'template'>>({ type: oneOf('template'), template: oneOf('query', 'result'), nonEmpty: optional(flag) }),
  table: object<Kind<'table'>>({ type: oneOf('table') }),
});

const ENTRY = object<Entry>({
  default: optional(text),
  since: optional(text),
  obsolete: optional(flag),
  ignored: optional(flag),
  replacement: optional(text),
  secret: optional(flag),
  kind: KIND,
  summary: text,
});

const REQUIREMENT = object<DbmsRequirement>({
  anyOf: listOf(listOf(text)),
  uriHostsExemptSince: optional(text),
  warning: optional(flag),
});

const TYPE = object<{ required?: DbmsRequirement[]; parameters: Record<string, Entry> }>({
  required: optional(listOf(REQUIREMENT)),
  parameters: recordOf(ENTRY),
});

export const dbmsTypes: ReadonlyMap<string, DbmsType> = new Map(
  Object.entries(readData('generated/dbms.json', data, recordOf(TYPE))).map(([type, t]) => [
    type,
    {
      name: type,
      parameters: new Map(Object.entries(t.parameters).map(([name, e]) => [name, { name, type, ...e }])),
      required: t.required ?? [],
    },
  ]),
);

/** A parameter of a client file of `type`. */
export const dbmsParameter = (type: string, name: string): DbmsParameter | undefined => dbmsTypes.get(type)?.parameters.get(name);

const suggesters = new Map([...dbmsTypes].map(([type, t]) => [type, suggester([...t.parameters.keys()])]));

/** The parameter of `type` a misspelt name most likely meant. */
export const suggestDbmsParameter = (type: string, name: string): string | undefined => suggesters.get(type)?.(name);

/** The manual page of a client type on postfix.org. */
export const dbmsManual = (type: string): string => `https://www.postfix.org/${type}_table.5.html`;
