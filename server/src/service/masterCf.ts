/**
 * Diagnostics for master.cf, judged with the main.cf beside it: the same
 * pipeline as checkMainCf (each check isolated, suppression comments,
 * severity settings).
 */
import type { MasterCheckContext } from './checks/master/context';
import { masterCfChecks } from './checks/registry';
import { runChecks, type CheckReport } from './pipeline';
import type { FileSystem } from './files';
import type { ConfigModel } from './model/config';
import type { Settings } from './settings';
import { entryStartingAt, logicalLineAfter, suppressionRules } from './suppression';

export type { CheckReport };

/**
 * Diagnostics for master.cf (model.master); none when the model has no master.cf.
 * `files` and `configDir` (the directory of master.cf) are for the tables -o options name.
 */
export function checkMasterCf(model: ConfigModel, settings: Settings, target: string, files?: FileSystem, configDir?: string): CheckReport {
  const master = model.master;
  if (!master) return { diagnostics: [], failures: [] };
  const context: MasterCheckContext = { model, master, target, files, configDir };
  const rules = suppressionRules(
    master.comments,
    logicalLineAfter(
      master.lines,
      entryStartingAt(master.services, (s) => ({ start: s.startLine, end: s.endLine })),
    ),
  );
  return runChecks(masterCfChecks(context), settings, rules);
}
