/** Running a family of checks the same way for every kind of file. */
import { DiagnosticSeverity, type Diagnostic } from './diagnostics';
import type { SeverityLevel, Settings } from './settings';
import { applySuppressions, type Rule } from './suppression';

export interface CheckReport {
  diagnostics: Diagnostic[];
  /** checks that threw: their diagnostics are missing, the others are complete */
  failures: { check: string; error: unknown }[];
}

/** A check with the context it runs in; `name` is what a failure is reported by. */
export interface BoundCheck {
  name: string;
  run: () => Diagnostic[];
}

const LEVEL: Record<Exclude<SeverityLevel, 'ignore'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Runs every check (one that throws loses only its own diagnostics), drops
 * what suppression comments silence, applies the severity settings, and
 * orders the result by position.
 */
export function runChecks(checks: readonly BoundCheck[], settings: Settings, rules: readonly Rule[]): CheckReport {
  const report: CheckReport = { diagnostics: [], failures: [] };
  const found: Diagnostic[] = [];
  for (const check of checks) {
    try {
      // one by one, not push(...): a big file can have more diagnostics than a call takes arguments
      for (const d of check.run()) found.push(d);
    } catch (error) {
      report.failures.push({ check: check.name, error });
    }
  }
  for (const d of applySuppressions(found, rules)) {
    const level = settings.severity[d.code as keyof Settings['severity']];
    if (level === 'ignore') continue;
    report.diagnostics.push(level ? { ...d, severity: LEVEL[level] } : d);
  }
  report.diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return report;
}
