import { Code, deleteLinesFix, diagnostic, replaceFix, type Fix } from '../../diagnostics';
import { parameters, type ParameterInfo } from '../../knowledge/parameters';
import { compareVersions } from '../../knowledge/versions';
import type { Assignment } from '../../syntax/mainCf';
import type { Check } from './context';

/** The edit that moves an obsolete assignment to its replacement, where one is safe. */
function migration(a: Assignment, info: ParameterInfo): Fix[] {
  const dep = info.deprecated;
  const removeLine = deleteLinesFix(`Remove "${a.name}"`, a.range.start.line, a.range.end.line);
  if (!dep) return [removeLine];
  if (dep.replacement === null) return [removeLine];
  if (dep.renamed) return [replaceFix(`Rename to "${dep.replacement}"`, a.nameRange, dep.replacement)];
  const mapped = dep.values?.[a.value.toLowerCase()];
  if (mapped === null) return [removeLine];
  if (mapped !== undefined) {
    const text = `${dep.replacement} = ${mapped}`;
    return [replaceFix(`Replace with "${text}"`, { start: a.nameRange.start, end: a.valueRange.end }, text)];
  }
  // a different table format or value syntax: no automatic rewrite
  return [];
}

/** Renamed, obsolete and removed parameters, with their replacement. */
export const checkDeprecatedParameters: Check = ({ model, target }) =>
  model.main.assignments.flatMap((a) => {
    const info = parameters.get(a.name);
    if (!info || !(info.deprecated || info.removedIn)) return [];
    const replacement = info.deprecated?.replacement ?? info.replacement;
    const instead = replacement ? ` Use "${replacement}" instead.` : ' Remove it and leave the default.';
    if (info.removedIn && compareVersions(target, info.removedIn) >= 0) {
      return [
        diagnostic(
          Code.DeprecatedParameter,
          a.nameRange,
          `"${a.name}" was removed in Postfix ${info.removedIn}; Postfix ignores it (postconf: unused parameter).${instead}`,
          migration(a, info),
        ),
      ];
    }
    if (!info.deprecated) return [];
    const since = info.deprecated.warnSince ? ` (Postfix ${info.deprecated.warnSince} and later warn about it)` : '';
    return [diagnostic(Code.DeprecatedParameter, a.nameRange, `"${a.name}" is deprecated${since}.${instead}`, migration(a, info))];
  });
