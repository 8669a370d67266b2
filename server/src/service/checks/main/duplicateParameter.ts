import { Code } from '../../diagnostics';
import type { Check } from './context';
import { defineCheck } from '../check';
import { duplicateAssignments } from '../shared/duplicateAssignments';

const checkDuplicateParameters: Check = ({ model }) => duplicateAssignments(model.assignments);

export const duplicateParameter = defineCheck({
  codes: [Code.DuplicateParameter, Code.DuplicateParameterSameValue],
  kind: 'main',
  run: checkDuplicateParameters,
});
