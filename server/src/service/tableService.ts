/**
 * Diagnostics for Postfix lookup table source files (access, header_checks,
 * transport, virtual, aliases ... in indexed, regexp, pcre or cidr syntax).
 * Pure functions, like checkMainCf: the caller supplies the text, what kind
 * of table it is (see detectTable), the target release, the restriction
 * classes of main.cf and the file system.
 */
import { checkAccessActions } from './checks/table/accessActions';
import { checkAccessKeys } from './checks/table/accessKeys';
import { checkActionVersions } from './checks/table/actionVersions';
import { checkCidrPatterns } from './checks/table/cidrPatterns';
import type { TableCheck, TableCheckContext } from './checks/table/context';
import { checkDuplicateKeys } from './checks/table/duplicates';
import { checkHeaderActions } from './checks/table/headerActions';
import { checkIfEndif } from './checks/table/ifEndif';
import { checkTablePatterns } from './checks/table/patterns';
import { checkStaleTable } from './checks/table/staleTable';
import { checkTableSyntax } from './checks/table/syntax';
import { runChecks, type CheckReport } from './pipeline';
import type { TableInfo, TableRole } from './model/tableDetect';
import type { Settings } from './settings';
import { entryStartingAfter, suppressionRules } from './suppression';
import { parseTable, type ParsedTable, type TableFlavour } from './syntax/table';
import type { TableFiles } from './tableFiles';

export { detectTable, type TableInfo, type TableReference, type TableRole } from './model/tableDetect';
export { tableClasses, tableReferences } from './model/tableReferences';
export { parseTable, type ParsedTable, type TableFlavour } from './syntax/table';
export type { TableFiles } from './tableFiles';

const TABLE_CHECKS: readonly TableCheck[] = [
  checkTableSyntax,
  checkTablePatterns,
  checkCidrPatterns,
  checkIfEndif,
  checkDuplicateKeys,
  checkAccessActions,
  checkAccessKeys,
  checkHeaderActions,
  checkActionVersions,
  checkStaleTable,
];


/** What checkTable needs to know about the file: at least its path, flavour and role. */
export interface TableCheckInfo {
  path: string;
  flavour: TableFlavour;
  role: TableRole;
  /** the Postfix table type (hash, lmdb ...), for the stale-table check */
  type?: string;
  /** the regexp/pcre flavour is only guessed: see TableInfo.guessed */
  guessed?: boolean;
  /** the path main.cf names a copy by: see TableInfo.deployPath */
  deployPath?: string;
}

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
  return runChecks(TABLE_CHECKS, checkContext, settings, rules);
}
