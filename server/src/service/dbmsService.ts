/**
 * Diagnostics for database client configuration files (mysql:, pgsql:,
 * sqlite:, ldap:, memcache:, mongodb:), a pure function like checkMainCf:
 * the caller supplies the text, the client type (see detectClientFile), the
 * target release and the settings.
 */
import { dbmsChecks } from './checks/registry';
import { dbmsTypes } from './knowledge/dbms';
import type { DbmsInfo } from './model/clientFiles';
import { runChecks, type CheckReport } from './pipeline';
import type { Settings } from './settings';
import { entryStartingAt, logicalLineAfter, suppressionRules } from './suppression';
import { parseMainCf, type Assignment, type MainCf } from './syntax/mainCf';

export { clientReferences, detectClientFile, type ClientReference, type DbmsInfo } from './model/clientFiles';

/** A client file parsed: its lines follow the rules of main.cf (comments, continuation lines, name = value), as Postfix reads both alike. */
export const parseClientFile = (text: string): MainCf => parseMainCf(text);

/** Diagnostics for a parsed client file; none for a type without client parameters. */
export function checkClientFile(file: MainCf, info: DbmsInfo, target: string, settings: Settings): CheckReport {
  const type = dbmsTypes.get(info.type);
  if (!type) return { diagnostics: [], failures: [] };
  const assignments = new Map<string, Assignment[]>();
  for (const a of file.assignments) {
    const list = assignments.get(a.name);
    if (list) list.push(a);
    else assignments.set(a.name, [a]);
  }
  const rules = suppressionRules(
    file.comments,
    logicalLineAfter(
      file.lines,
      entryStartingAt(file.assignments, (a) => ({ start: a.range.start.line, end: a.range.end.line })),
    ),
  );
  return runChecks(dbmsChecks({ file, info, type, assignments, target }), settings, rules);
}
