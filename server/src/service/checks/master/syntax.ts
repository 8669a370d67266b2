import { Code, diagnostic, DiagnosticSeverity, type Diagnostic } from '../../diagnostics';
import type { MasterProblem } from '../../syntax/masterCf';
import type { MasterCheck } from './context';
import { defineCheck } from '../check';

const toDiagnostic = (p: MasterProblem): Diagnostic =>
  diagnostic(Code.MasterSyntax, p.range, p.message, [], p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning);

/** Entries Postfix cannot read: too few fields, unbalanced { }, bad options, stray continuation lines. */
const checkMasterSyntax: MasterCheck = ({ master }) => [...master.problems.map(toDiagnostic), ...master.services.flatMap((s) => s.problems.map(toDiagnostic))];

export const masterSyntax = defineCheck({ codes: [Code.MasterSyntax], kind: 'master', run: checkMasterSyntax });
