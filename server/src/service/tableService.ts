/**
 * Diagnostics for Postfix lookup table source files (access, header_checks,
 * transport, virtual, aliases ... in indexed, regexp, pcre or cidr syntax).
 * Pure functions, like checkMainCf: the caller supplies the text, what kind
 * of table it is (see detectTable), the target release, the restriction
 * classes of main.cf and the file system.
 */
import type { TableCheckContext } from './checks/table/context';
import { tableChecks } from './checks/registry';
import { runChecks, type CheckReport } from './pipeline';
import type { TableInfo } from './model/tableDetect';
import type { Settings } from './settings';
import { entryStartingAfter, suppressionRules } from './suppression';
import { parseTable, type ParsedTable } from './syntax/table';
import type { TableFiles } from './files';

export { detectTable, type TableInfo, type TableReference, type TableRole } from './model/tableDetect';
export { restrictionClasses } from './model/restrictionLists';
export { tableReferences } from './model/tableReferences';
export { parseTable, type ParsedTable, type TableFlavour } from './syntax/table';
export type { TableFiles } from './files';

/** What checkTable needs to know about the file: what detectTable tells, whatever it was told by. */
export type TableCheckInfo = Omit<TableInfo, 'source'>;

export interface TableContext {
  /** the Postfix release to judge against, e.g. "3.7.11" */
  target: string;
  /** smtpd_restriction_classes of main.cf; undefined when no main.cf is known */
  classes?: ReadonlySet<string>;
  files?: TableFiles;
}

/** Diagnostics for a table source text. */
export function checkTable(text: string, info: TableCheckInfo, context: TableContext, settings: Settings): CheckReport {
  return checkParsedTable(parseTable(text, info.flavour), info, context, settings);
}

/** Diagnostics for an already parsed table (its flavour must be info.flavour). */
export function checkParsedTable(parsed: ParsedTable, info: TableCheckInfo, context: TableContext, settings: Settings): CheckReport {
  const full: TableInfo = { source: 'default', ...info };
  const checkContext: TableCheckContext = { parsed, info: full, target: context.target, classes: context.classes, files: context.files };
  const rules = suppressionRules(parsed.comments, entryStartingAfter(parsed.lines));
  return runChecks(tableChecks(checkContext), settings, rules);
}
