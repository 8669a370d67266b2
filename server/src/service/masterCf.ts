/**
 * Diagnostics for master.cf, judged with the main.cf beside it: the same
 * pipeline as checkMainCf (each check isolated, suppression comments,
 * severity settings).
 */
import { checkDeprecatedOverrides } from './checks/master/overrideDeprecated';
import { checkDuplicateServices } from './checks/master/duplicateService';
import { checkMasterSyntax } from './checks/master/syntax';
import { checkMaxproc } from './checks/master/maxproc';
import { checkNewerOverrides } from './checks/master/overrideNewer';
import { checkOverrideReferences } from './checks/master/overrideReferences';
import { checkOverrideRestrictions } from './checks/master/overrideRestrictions';
import { checkOverrideValues } from './checks/master/overrideValue';
import { checkPipeMacros } from './checks/master/pipeMacros';
import { checkReadOnlyOverrides } from './checks/master/overrideReadOnly';
import { checkServiceFlags } from './checks/master/serviceFlags';
import { checkServiceNames } from './checks/master/serviceName';
import { checkServiceTypes } from './checks/master/serviceType';
import { checkUnknownDaemons } from './checks/master/unknownDaemon';
import { checkUnknownOverrides } from './checks/master/overrideUnknown';
import { checkWakeup } from './checks/master/wakeup';
import type { MasterCheck, MasterCheckContext } from './checks/master/context';
import { runChecks, type CheckReport } from './pipeline';
import type { FileSystem } from './files';
import type { ConfigModel } from './model/config';
import type { Settings } from './settings';
import { entryStartingAt, logicalLineAfter, suppressionRules } from './suppression';

export type { CheckReport };

export const MASTER_CHECKS: readonly MasterCheck[] = [
  checkMasterSyntax,
  checkServiceTypes,
  checkServiceFlags,
  checkWakeup,
  checkMaxproc,
  checkServiceNames,
  checkDuplicateServices,
  checkUnknownDaemons,
  checkPipeMacros,
  checkUnknownOverrides,
  checkOverrideReferences,
  checkReadOnlyOverrides,
  checkOverrideValues,
  checkDeprecatedOverrides,
  checkNewerOverrides,
  checkOverrideRestrictions,
];

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
    logicalLineAfter(master.lines, entryStartingAt(master.services, (s) => ({ start: s.startLine, end: s.endLine }))),
  );
  return runChecks(MASTER_CHECKS, context, settings, rules);
}
