import type { Diagnostic } from '../../diagnostics';
import type { FileSystem } from '../../files';
import type { ConfigModel } from '../../model/config';
import type { ListSource } from '../../model/restrictionLists';
import type { CheckMemo } from '../memo';

export interface CheckContext {
  model: ConfigModel;
  /** the Postfix release to judge against, e.g. "3.7.11" or "3.11" */
  target: string;
  /** absent in pure unit tests: file checks are then skipped */
  files?: FileSystem;
  /** the directory main.cf is read from: table paths under config_directory are looked for there first */
  configDir?: string;
  /** the restriction lists the restriction checks judge; main.cf's when absent */
  lists?: readonly ListSource[];
  /** what the checks found in an earlier version of an open main.cf (see checks/memo.ts) */
  memo?: CheckMemo;
}

export type Check = (context: CheckContext) => Diagnostic[];
