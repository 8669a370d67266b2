import { Code, diagnostic } from '../diagnostics';
import { parameters } from '../knowledge/parameters';
import { compareVersions } from '../knowledge/versions';
import type { Check } from './context';

/** Renamed, obsolete and removed parameters, with their replacement. */
export const checkDeprecatedParameters: Check = ({ model, target }) =>
  model.main.assignments.flatMap((a) => {
    const info = parameters.get(a.name);
    if (!info) return [];
    const replacement = info.deprecated?.replacement ?? info.replacement;
    const fix = replacement ? { replacement } : undefined;
    const instead = replacement ? ` Use "${replacement}" instead.` : ' Remove it and leave the default.';
    if (info.removedIn && compareVersions(target, info.removedIn) >= 0) {
      return [
        diagnostic(
          Code.DeprecatedParameter,
          a.nameRange,
          `"${a.name}" was removed in Postfix ${info.removedIn}; Postfix ignores it (postconf: unused parameter).${instead}`,
          fix,
        ),
      ];
    }
    if (info.deprecated) {
      const since = info.deprecated.warnSince ? ` (Postfix ${info.deprecated.warnSince} and later warn about it)` : '';
      return [diagnostic(Code.DeprecatedParameter, a.nameRange, `"${a.name}" is deprecated${since}.${instead}`, fix)];
    }
    return [];
  });
