import type { Diagnostic } from '../../diagnostics';
import type { TableInfo } from '../../model/tableDetect';
import type { ParsedTable } from '../../syntax/table';
import type { TableFiles } from '../../files';

export interface TableCheckContext {
  parsed: ParsedTable;
  info: TableInfo;
  /** the Postfix release to judge against, e.g. "3.7.11" or "3.11" */
  target: string;
  /**
   * Restriction classes of the main.cf that uses the table. Undefined when no
   * main.cf is known: then a lower-case word in an access table result may be
   * a class, and is not reported.
   */
  classes?: ReadonlySet<string>;
  /** absent in pure unit tests: file checks are then skipped */
  files?: TableFiles;
  /** at most this many diagnostics from a line-by-line check; default MAX_PER_CHECK */
  limit?: number;
}

export type TableCheck = (context: TableCheckContext) => Diagnostic[];

/** A diagnostic flood helps nobody: each check reports at most this many. */
export const MAX_PER_CHECK = 1000;
