import { Code, deleteLinesFix, diagnostic } from '../../diagnostics';
import { parameters } from '../../knowledge/parameters';
import type { Check } from './context';

export const checkReadOnlyParameters: Check = ({ model }) =>
  model.main.assignments
    .filter((a) => parameters.get(a.name)?.readOnly)
    .map((a) =>
      diagnostic(
        Code.ReadOnlyParameter,
        a.nameRange,
        `"${a.name}" is set by Postfix itself for each process; this assignment is ignored.`,
        [deleteLinesFix('Remove this assignment', a.range.start.line, a.range.end.line)],
      ),
    );
