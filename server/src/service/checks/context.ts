import type { Diagnostic } from '../diagnostics';
import type { ConfigModel } from '../model/config';

export interface CheckContext {
  model: ConfigModel;
  /** the Postfix release to judge against, e.g. "3.7.11" or "3.11" */
  target: string;
}

export type Check = (context: CheckContext) => Diagnostic[];
