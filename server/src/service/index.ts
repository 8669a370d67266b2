/**
 * The language service: pure functions of (documents, position, settings).
 * It never touches the LSP connection, the file system or processes.
 */
import type { CheckContext } from './checks/main/context';
import { CheckMemo } from './checks/memo';
import { withoutFollowOns } from './checks/main/assignmentInValue';
import { mainCfChecks } from './checks/registry';
import type { FileSystem } from './files';
import { ConfigModel, type ConfigInput } from './model/config';
import { runChecks, type CheckReport } from './pipeline';
import { NEWEST_VERSION } from './knowledge/versions';
import type { Settings } from './settings';
import { entryStartingAt, logicalLineAfter, suppressionRules } from './suppression';

export { CheckMemo, ConfigModel, type CheckReport, type ConfigInput, type FileSystem };

/** The release to judge against: the setting, else the installed Postfix, else the newest known. */
export function resolveTarget(settings: Settings, installedVersion?: string): string {
  if (settings.targetVersion !== 'auto') return settings.targetVersion;
  return installedVersion ?? NEWEST_VERSION;
}

/**
 * Diagnostics for main.cf, judged with the master.cf beside it. `files` and
 * `configDir` (the directory of main.cf) are for the tables it names. `memo`
 * keeps what the checks found for the next version of an open main.cf.
 */
export function checkMainCf(model: ConfigModel, settings: Settings, target: string, files?: FileSystem, configDir?: string, memo?: CheckMemo): CheckReport {
  memo?.begin(target, model.master);
  const context: CheckContext = { model, target, files, configDir, memo };
  const rules = suppressionRules(
    model.main.comments,
    logicalLineAfter(
      model.main.lines,
      entryStartingAt(model.main.assignments, (a) => ({ start: a.range.start.line, end: a.range.end.line })),
    ),
  );
  const report = runChecks(mainCfChecks(context), settings, rules);
  return { ...report, diagnostics: withoutFollowOns(model, report.diagnostics) };
}
