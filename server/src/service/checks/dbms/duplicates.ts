import { Code } from '../../diagnostics';
import { defineCheck } from '../check';
import { duplicateAssignments } from '../shared/duplicateAssignments';
import type { DbmsCheck } from './context';

/** The client keeps the last setting of a name, and postconf warns where a line changes it, as in main.cf. */
const checkDuplicates: DbmsCheck = ({ assignments }) => duplicateAssignments(assignments);

export const dbmsDuplicates = defineCheck({ codes: [Code.DuplicateParameter, Code.DuplicateParameterSameValue], kind: 'dbms', run: checkDuplicates });
