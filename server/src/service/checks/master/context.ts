import type { Diagnostic } from '../../diagnostics';
import type { FileSystem } from '../../files';
import type { ConfigModel } from '../../model/config';
import type { MasterCf } from '../../syntax/masterCf';

export interface MasterCheckContext {
  model: ConfigModel;
  master: MasterCf;
  /** the Postfix release to judge against, e.g. "3.7.11" or "3.11" */
  target: string;
  /** as in CheckContext: absent in pure unit tests */
  files?: FileSystem;
  /** the directory master.cf and its main.cf are read from */
  configDir?: string;
}

export type MasterCheck = (context: MasterCheckContext) => Diagnostic[];
