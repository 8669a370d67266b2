import { Code } from '../../diagnostics';
import type { Check } from './context';
import { defineCheck } from '../check';
import { duplicateAssignments, duplicatesOf } from '../shared/duplicateAssignments';

const checkDuplicateParameters: Check = ({ model, memo }) =>
  memo ? memo.duplicateFindings(model.assignments, duplicatesOf) : duplicateAssignments(model.assignments);

export const duplicateParameter = defineCheck({
  codes: [Code.DuplicateParameter, Code.DuplicateParameterSameValue],
  kind: 'main',
  run: checkDuplicateParameters,
});
