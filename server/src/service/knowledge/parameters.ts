import data from './generated/parameters.json';
import { flag, listOf, nullable, object, oneOf, optional, readData, recordOf, tagged, text } from './jsonData';
import { suggester } from './suggest';

export type ValueKind =
  | { type: 'boolean' }
  | { type: 'time'; unit: string }
  | { type: 'integer' }
  | { type: 'size' }
  | { type: 'enum'; values: string[]; list?: boolean }
  | { type: 'list' }
  | { type: 'tables' }
  | { type: 'restrictions' }
  | { type: 'text' };

export interface ParameterInfo {
  name: string;
  default: string;
  /** the default as Postfix computes it when it depends on compatibility_level */
  runtimeDefault?: string;
  since?: string;
  /** patch releases of older branches that also have it */
  backports?: string[];
  removedIn?: string;
  replacement?: string;
  deprecated?: {
    replacement: string | null;
    /** same meaning under the new name: a plain rename migrates it */
    renamed?: boolean;
    /** old value -> replacement's value; null: drop the line and keep the default */
    values?: Record<string, string | null>;
    warnSince?: string;
    removedIn?: string;
  };
  kind: ValueKind;
  summary: string;
  /** a pattern for "<service>_..." names, not a parameter of its own */
  template?: boolean;
  /** valid only while master.cf defines this service */
  service?: string;
  readOnly?: boolean;
  /** Postfix does not expand $names in this value (its daemon does its own) */
  raw?: boolean;
}

type Entry = Omit<ParameterInfo, 'name'>;
type Kind<T extends ValueKind['type']> = Extract<ValueKind, { type: T }>;

const VALUE_KIND = tagged<ValueKind>('type', {
  boolean: object<Kind<'boolean'>>({ type: oneOf('boolean') }),
  time: object<Kind<'time'>>({ type: oneOf('time'), unit: text }),
  integer: object<Kind<'integer'>>({ type: oneOf('integer') }),
  size: object<Kind<'size'>>({ type: oneOf('size') }),
  enum: object<Kind<'enum'>>({ type: oneOf('enum'), values: listOf(text), list: optional(flag) }),
  list: object<Kind<'list'>>({ type: oneOf('list') }),
  tables: object<Kind<'tables'>>({ type: oneOf('tables') }),
  restrictions: object<Kind<'restrictions'>>({ type: oneOf('restrictions') }),
  text: object<Kind<'text'>>({ type: oneOf('text') }),
});

const ENTRY = object<Entry>({
  default: text,
  runtimeDefault: optional(text),
  since: optional(text),
  backports: optional(listOf(text)),
  removedIn: optional(text),
  replacement: optional(text),
  deprecated: optional(
    object<NonNullable<Entry['deprecated']>>({
      replacement: nullable(text),
      renamed: optional(flag),
      values: optional(recordOf(nullable(text))),
      warnSince: optional(text),
      removedIn: optional(text),
    }),
  ),
  kind: VALUE_KIND,
  summary: text,
  template: optional(flag),
  service: optional(text),
  readOnly: optional(flag),
  raw: optional(flag),
});

const table = readData('generated/parameters.json', data, recordOf(ENTRY));

export const parameters: ReadonlyMap<string, ParameterInfo> = new Map(Object.entries(table).map(([name, e]) => [name, { name, ...e }]));

/** Real parameter names: templates excluded. */
export const parameterNames: readonly string[] = [...parameters.values()].filter((p) => !p.template).map((p) => p.name);

/** The known parameter a misspelt name most likely meant. */
export const suggestParameter = suggester(parameterNames);

/** Suffixes a master.cf service of a delivery agent may use: "<service>_destination_concurrency_limit" ... */
export const serviceSuffixes: readonly string[] = [...parameters.values()].filter((p) => p.template).map((p) => p.name.slice('transport'.length));

/**
 * The template a per-service name follows, and its service:
 * "smtp_destination_rate_delay" is transport_destination_rate_delay for smtp.
 */
export function serviceTemplate(name: string, isService: (service: string) => boolean): { template: ParameterInfo; service: string } | undefined {
  const suffix = serviceSuffixes.find((s) => name.length > s.length && name.endsWith(s) && isService(name.slice(0, -s.length)));
  if (suffix === undefined) return undefined;
  const template = parameters.get(`transport${suffix}`);
  return template && { template, service: name.slice(0, -suffix.length) };
}

export const OFFICIAL_DOC = 'https://www.postfix.org/postconf.5.html';
