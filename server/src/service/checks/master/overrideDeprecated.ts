import { Code, diagnostic, replaceFix, type Fix } from '../../diagnostics';
import { parameters, type ParameterInfo } from '../../knowledge/parameters';
import { compareVersions } from '../../knowledge/versions';
import type { Override, Service } from '../../syntax/masterCf';
import { removeOverrideFix, type MasterCheck } from './context';
import { eachOverride } from './overrides';

function migration(service: Service, o: Override, info: ParameterInfo, lines: readonly string[]): Fix[] {
  const dep = info.deprecated;
  const remove = removeOverrideFix(`Remove "-o ${o.name}"`, service, o, lines);
  if (!dep || dep.replacement === null) return [remove];
  if (dep.renamed) return [replaceFix(`Rename to "${dep.replacement}"`, o.nameRange, dep.replacement)];
  const mapped = dep.values?.[o.value.toLowerCase()];
  if (mapped === null) return [remove];
  if (mapped !== undefined) {
    const text = `${dep.replacement}=${mapped}`;
    return [replaceFix(`Replace with "${text}"`, { start: o.nameRange.start, end: o.valueRange.end }, text)];
  }
  return [];
}

/** Renamed, obsolete and removed parameters in -o overrides, with their replacement. */
export const checkDeprecatedOverrides: MasterCheck = (context) =>
  eachOverride(context, (service, o) => {
    const info = parameters.get(o.name);
    if (!info || !(info.deprecated || info.removedIn)) return [];
    const replacement = info.deprecated?.replacement ?? info.replacement;
    const instead = replacement ? ` Use "${replacement}" instead.` : ' Remove it and leave the default.';
    const fixes = migration(service, o, info, context.master.lines);
    if (info.removedIn && compareVersions(context.target, info.removedIn) >= 0) {
      return [
        diagnostic(
          Code.DeprecatedParameter,
          o.nameRange,
          `"${o.name}" was removed in Postfix ${info.removedIn}; the service ignores it (postconf: unused parameter).${instead}`,
          fixes,
        ),
      ];
    }
    if (!info.deprecated) return [];
    const since = info.deprecated.warnSince ? ` (Postfix ${info.deprecated.warnSince} and later warn about it)` : '';
    return [diagnostic(Code.DeprecatedParameter, o.nameRange, `"${o.name}" is deprecated${since}.${instead}`, fixes)];
  });
