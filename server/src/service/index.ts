/**
 * The language service: pure functions of (documents, position, settings).
 * It never touches the LSP connection, the file system or processes.
 */
import { checkDeprecatedParameters } from './checks/deprecatedParameter';
import { checkDuplicateParameters } from './checks/duplicateParameter';
import { checkInvalidValues } from './checks/invalidValue';
import { checkNewerThanTarget } from './checks/newerThanTarget';
import { checkReadOnlyParameters } from './checks/readOnlyParameter';
import { checkSyntax } from './checks/syntaxErrors';
import { checkUndefinedReferences } from './checks/undefinedReference';
import { checkUnknownParameters } from './checks/unknownParameter';
import type { Check, CheckContext } from './checks/context';
import { checkDanglingWarnIfReject } from './checks/danglingWarnIfReject';
import { checkDeprecatedRestrictions } from './checks/deprecatedRestriction';
import { checkHeloNotRequired } from './checks/heloNotRequired';
import { checkMissingLookupTables } from './checks/missingLookupTable';
import { checkRelayProtection } from './checks/relayProtection';
import { checkRestrictionArguments } from './checks/restrictionArgument';
import { checkRestrictionStages } from './checks/restrictionStage';
import { checkUnknownRestrictions } from './checks/unknownRestriction';
import { checkUnreachableRestrictions } from './checks/unreachableRestriction';
import type { FileSystem } from './files';
import { DiagnosticSeverity, type Diagnostic } from './diagnostics';
import { ConfigModel, type ConfigInput } from './model/config';
import { NEWEST_VERSION, type SeverityLevel, type Settings } from './settings';
import { applySuppressions, suppressionRules } from './suppression';

export { ConfigModel, type ConfigInput, type FileSystem };

const CHECKS: readonly Check[] = [
  checkSyntax,
  checkUnknownParameters,
  checkUndefinedReferences,
  checkReadOnlyParameters,
  checkDuplicateParameters,
  checkInvalidValues,
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

const LEVEL: Record<Exclude<SeverityLevel, 'ignore'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The release to judge against: the setting, else the installed Postfix, else the newest known. */
export function resolveTarget(settings: Settings, installedVersion?: string): string {
  if (settings.targetVersion !== 'auto') return settings.targetVersion;
  return installedVersion ?? NEWEST_VERSION;
}

export interface CheckReport {
  diagnostics: Diagnostic[];
  /** checks that threw: their diagnostics are missing, the others are complete */
  failures: { check: string; error: unknown }[];
}

/** The lines of the logical line after comment line `line`: an assignment with its continuations, or one line. */
function nextLogicalLine(model: ConfigModel, line: number): { start: number; end: number } | undefined {
  const lines = model.main.lines;
  let next = line + 1;
  while (next < lines.length && /^\s*(#|$)/.test(lines[next])) next++;
  if (next >= lines.length) return undefined;
  const a = model.main.assignments.find((x) => x.range.start.line === next);
  return a ? { start: a.range.start.line, end: a.range.end.line } : { start: next, end: next };
}

/** Diagnostics for main.cf, judged with the master.cf beside it. */
export function checkMainCf(model: ConfigModel, settings: Settings, target: string, files?: FileSystem): CheckReport {
  const context: CheckContext = { model, target, files };
  const report: CheckReport = { diagnostics: [], failures: [] };
  for (const check of CHECKS) {
    try {
      report.diagnostics.push(...check(context));
    } catch (error) {
      report.failures.push({ check: check.name, error });
    }
  }
  const rules = suppressionRules(model.main.comments, (line) => nextLogicalLine(model, line));
  report.diagnostics = applySuppressions(report.diagnostics, rules).flatMap((d) => {
    const level = settings.severity[d.code as keyof Settings['severity']];
    if (level === 'ignore') return [];
    return [level ? { ...d, severity: LEVEL[level] } : d];
  });
  report.diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return report;
}
