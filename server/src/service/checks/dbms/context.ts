import type { Diagnostic } from '../../diagnostics';
import type { DbmsParameter, DbmsType } from '../../knowledge/dbms';
import { availableIn } from '../../knowledge/versions';
import type { DbmsInfo } from '../../model/clientFiles';
import type { Assignment, MainCf } from '../../syntax/mainCf';

export interface DbmsCheckContext {
  /** the file, read with the line rules of main.cf: Postfix reads both the same way */
  file: MainCf;
  info: DbmsInfo;
  /** the client type the file configures */
  type: DbmsType;
  /** every assignment of a name, in file order; the client uses the last one */
  assignments: ReadonlyMap<string, readonly Assignment[]>;
  /** the Postfix release to judge against, e.g. "3.7.11" or "3.11" */
  target: string;
}

export type DbmsCheck = (context: DbmsCheckContext) => Diagnostic[];

/** The value the client reads for `name`: the last assignment's, trimmed as Postfix trims it; undefined when unset. */
export function valueOf(context: DbmsCheckContext, name: string): string | undefined {
  const list = context.assignments.get(name);
  return list?.[list.length - 1]?.value;
}

/**
 * Set to something: the client takes an empty value for "not set" wherever
 * the setting is optional (cfg_get_str with no default returns nothing).
 */
export const isSet = (context: DbmsCheckContext, name: string): boolean => (valueOf(context, name) ?? '') !== '';

/** How postconf names the file in its warnings: mysql:/etc/postfix/x.cf. */
export const postconfName = (context: DbmsCheckContext): string => `${context.type.name}:${context.info.deployPath ?? context.info.path}`;

/** The parameter of this name that the client of the target release reads; undefined for unknown and newer names. */
export function readParameter(context: DbmsCheckContext, name: string): DbmsParameter | undefined {
  const p = context.type.parameters.get(name);
  return p && availableIn(context.target, p.since) ? p : undefined;
}

/** The setting the client reads among those of a name: the last one; the earlier ones are the duplicate check's. */
export const isRead = (context: DbmsCheckContext, a: Assignment): boolean => context.assignments.get(a.name)?.at(-1) === a;
