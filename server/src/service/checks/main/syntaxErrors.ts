import { Code, diagnostic } from '../../diagnostics';
import type { Check } from './context';
import { defineCheck } from '../check';

/** Lines Postfix cannot read, and $ expressions it reports as truncated. */
const checkSyntax: Check = ({ model }) => [
  ...model.main.problems.map((p) => diagnostic(Code.SyntaxError, p.range, p.message)),
  ...model.main.assignments.flatMap((a) => a.expansionProblems.map((p) => diagnostic(Code.SyntaxError, a.source.range(p.start, p.end), p.message))),
];

export const syntaxErrors = defineCheck({ codes: [Code.SyntaxError], kind: 'main', run: checkSyntax });
