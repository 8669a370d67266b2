/**
 * The language service: pure functions of (documents, position, settings).
 * It never touches the LSP connection, the file system or processes.
 */
import { checkDeprecatedParameters } from './checks/main/deprecatedParameter';
import { checkDuplicateParameters } from './checks/main/duplicateParameter';
import { checkInvalidValues } from './checks/main/invalidValue';
import { checkInlineComments } from './checks/main/inlineComment';
import { checkNewerThanTarget } from './checks/main/newerThanTarget';
import { checkReadOnlyParameters } from './checks/main/readOnlyParameter';
import { checkSyntax } from './checks/main/syntaxErrors';
import { checkUndefinedReferences } from './checks/main/undefinedReference';
import { checkUnknownParameters } from './checks/main/unknownParameter';
import type { Check, CheckContext } from './checks/main/context';
import { checkDanglingWarnIfReject } from './checks/main/danglingWarnIfReject';
import { checkDeprecatedRestrictions } from './checks/main/deprecatedRestriction';
import { checkHeloNotRequired } from './checks/main/heloNotRequired';
import { checkMissingLookupTables } from './checks/main/missingLookupTable';
import { checkRelayProtection } from './checks/main/relayProtection';
import { checkRestrictionArguments } from './checks/main/restrictionArgument';
import { checkRestrictionStages } from './checks/main/restrictionStage';
import { checkUnknownRestrictions } from './checks/main/unknownRestriction';
import { checkUnreachableRestrictions } from './checks/main/unreachableRestriction';
import type { FileSystem } from './files';
import { ConfigModel, type ConfigInput } from './model/config';
import { runChecks, type CheckReport } from './pipeline';
import { NEWEST_VERSION } from './knowledge/versions';
import type { Settings } from './settings';
import { entryStartingAt, logicalLineAfter, suppressionRules } from './suppression';

export { ConfigModel, type CheckReport, type ConfigInput, type FileSystem };

const CHECKS: readonly Check[] = [
  checkSyntax,
  checkUnknownParameters,
  checkUndefinedReferences,
  checkReadOnlyParameters,
  checkDuplicateParameters,
  checkInvalidValues,
  checkInlineComments,
  checkDeprecatedParameters,
  checkNewerThanTarget,
  checkUnknownRestrictions,
  checkRestrictionArguments,
  checkRelayProtection,
  checkUnreachableRestrictions,
  checkRestrictionStages,
  checkDanglingWarnIfReject,
  checkHeloNotRequired,
  checkDeprecatedRestrictions,
  checkMissingLookupTables,
];

/** The release to judge against: the setting, else the installed Postfix, else the newest known. */
export function resolveTarget(settings: Settings, installedVersion?: string): string {
  if (settings.targetVersion !== 'auto') return settings.targetVersion;
  return installedVersion ?? NEWEST_VERSION;
}

/**
 * Diagnostics for main.cf, judged with the master.cf beside it. `files` and
 * `configDir` (the directory of main.cf) are for the tables it names.
 */
export function checkMainCf(model: ConfigModel, settings: Settings, target: string, files?: FileSystem, configDir?: string): CheckReport {
  const context: CheckContext = { model, target, files, configDir };
  const rules = suppressionRules(
    model.main.comments,
    logicalLineAfter(model.main.lines, entryStartingAt(model.main.assignments, (a) => ({ start: a.range.start.line, end: a.range.end.line }))),
  );
  return runChecks(CHECKS, context, settings, rules);
}
