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

/** A quick fix: edits to the checked document. */
export interface Fix {
  title: string;
  edits: { range: Range; newText: string }[];
  preferred?: boolean;
}

/** What a diagnostic carries in Diagnostic.data for the code actions. */
export interface FixData {
  fixes: Fix[];
}

export function diagnostic(code: Code, range: Range, message: string, fixes: Fix[] = []): Diagnostic {
  const data: FixData | undefined = fixes.length ? { fixes } : undefined;
  return { range, severity: codeInfo[code].severity, code, source: 'postfix', message, ...(data ? { data } : {}) };
}

/** Replace `range` with `text`. */
export const replaceFix = (title: string, range: Range, text: string): Fix => ({
  title,
  edits: [{ range, newText: text }],
  preferred: true,
});

/** Delete whole lines `start`..`end`. */
export const deleteLinesFix = (title: string, start: number, end: number): Fix => ({
  title,
  edits: [{ range: { start: { line: start, character: 0 }, end: { line: end + 1, character: 0 } }, newText: '' }],
});
