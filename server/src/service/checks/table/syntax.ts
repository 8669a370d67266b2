import { Code, diagnostic, DiagnosticSeverity, type Diagnostic } from '../../diagnostics';
import { MAX_PER_CHECK, type TableCheck } from './context';
import { defineCheck } from '../check';

const CODES = {
  'missing-value': Code.TableMissingValue,
  syntax: Code.TableSyntaxError,
  pattern: Code.InvalidTablePattern,
} as const;

/** What the table reader says while it splits lines: missing values, unbalanced quotes, unknown lines. */
const checkTableSyntax: TableCheck = ({ parsed, info, limit = MAX_PER_CHECK }) => {
  const out: Diagnostic[] = [];
  for (const line of parsed.lines) {
    for (const issue of line.issues) {
      if (out.length >= limit) return out;
      let message = issue.message;
      let severity = issue.warning ? DiagnosticSeverity.Warning : undefined;
      if (issue.kind === 'missing-value' && issue.warning && info.role === 'access') {
        // smtpd takes an empty access table result as OK
        message += ' In an access table an empty result is taken as OK: smtpd accepts.';
        severity = undefined;
      }
      out.push(diagnostic(CODES[issue.kind], issue.range, message, [], severity));
    }
  }
  return out;
};

export const tableSyntax = defineCheck({
  codes: [Code.TableSyntaxError, Code.TableMissingValue, Code.InvalidTablePattern],
  kind: 'table',
  mode: 'line',
  run: checkTableSyntax,
});
