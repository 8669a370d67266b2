import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { Range } from './syntax/text';

export { DiagnosticSeverity, type Diagnostic };

/** Stable diagnostic codes: users silence and re-rank them by these names. */
export enum Code {
  SyntaxError = 'syntax-error',
  UnknownParameter = 'unknown-parameter',
  UndefinedParameterReference = 'undefined-parameter-reference',
  ReadOnlyParameter = 'read-only-parameter',
  DuplicateParameter = 'duplicate-parameter',
  InvalidValue = 'invalid-value',
  DeprecatedParameter = 'deprecated-parameter',
  ParameterNewerThanTarget = 'parameter-newer-than-target',
}

export interface CodeInfo {
  severity: DiagnosticSeverity;
  description: string;
}

export const codeInfo: Record<Code, CodeInfo> = {
  [Code.SyntaxError]: {
    severity: DiagnosticSeverity.Error,
    description: 'A line Postfix cannot read: no "=", a continuation line with nothing to continue, an unbalanced ${ or $(.',
  },
  [Code.UnknownParameter]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A name Postfix does not know and nothing uses; postconf reports it as an "unused parameter" and Postfix ignores it.',
  },
  [Code.UndefinedParameterReference]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A $name that no parameter defines; Postfix expands it to an empty string.',
  },
  [Code.ReadOnlyParameter]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A parameter Postfix sets itself; an assignment in main.cf is ignored.',
  },
  [Code.DuplicateParameter]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A parameter set more than once; the last assignment wins and the earlier ones have no effect.',
  },
  [Code.InvalidValue]: {
    severity: DiagnosticSeverity.Error,
    description: 'A value of the wrong kind (boolean, time, number, keyword); the Postfix daemons refuse to start with it.',
  },
  [Code.DeprecatedParameter]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A parameter that is renamed, obsolete or removed; use its replacement.',
  },
  [Code.ParameterNewerThanTarget]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A parameter that the target Postfix version does not have yet; that Postfix ignores it.',
  },
};

export const allCodes = Object.values(Code) as Code[];

/** Facts a code action needs, carried in Diagnostic.data. */
export interface FixData {
  /** replace the diagnostic's range with this text */
  replacement?: string;
  /** delete these whole lines (an overridden duplicate) */
  deleteLines?: { start: number; end: number };
}

export function diagnostic(code: Code, range: Range, message: string, data?: FixData): Diagnostic {
  return { range, severity: codeInfo[code].severity, code, source: 'postfix', message, ...(data ? { data } : {}) };
}
