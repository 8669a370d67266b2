import { Code, diagnostic } from '../../diagnostics';
import { defineCheck } from '../check';
import type { DbmsCheck } from './context';

/**
 * Lines the client cannot read. postconf stops at a line without "=" and
 * warns about a first line that starts with white space; the daemons that
 * open the table stop at both.
 */
const checkSyntax: DbmsCheck = ({ file }) => file.problems.map((p) => diagnostic(Code.SyntaxError, p.range, p.message));

export const dbmsSyntax = defineCheck({ codes: [Code.SyntaxError], kind: 'dbms', run: checkSyntax });
