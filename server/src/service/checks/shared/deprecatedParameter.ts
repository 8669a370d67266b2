import { Code, diagnostic, type Fix } from '../../diagnostics';
import { parameters, type ParameterInfo } from '../../knowledge/parameters';
import { compareVersions } from '../../knowledge/versions';
import type { Setting } from '../../syntax/setting';
import { defineCheck, type SettingVisit } from '../check';
import { settingCheck } from './settingCheck';
import { replaceFix } from './fixes';
import type { ParameterScope } from './parameterScope';

/** The edit that moves an obsolete setting to its replacement, where one is safe. */
function migration(s: Setting, info: ParameterInfo, scope: ParameterScope): Fix[] {
  const dep = info.deprecated;
  if (!dep || dep.replacement === null) return [scope.removeFix(s)];
  if (dep.renamed) return [replaceFix(`Rename to "${dep.replacement}"`, s.nameRange, dep.replacement)];
  const mapped = dep.values?.[s.value.toLowerCase()];
  if (mapped === null) return [scope.removeFix(s)];
  if (mapped !== undefined) {
    const text = scope.written(dep.replacement, mapped);
    return [replaceFix(`Replace with "${text}"`, { start: s.nameRange.start, end: s.valueRange.end }, text)];
  }
  // a different table format or value syntax: no automatic rewrite
  return [];
}

/** Renamed, obsolete and removed parameters, with their replacement. */
const deprecatedSetting: SettingVisit = (s, scope, context) => {
  const info = parameters.get(s.name);
  if (!info || !(info.deprecated || info.removedIn)) return undefined;
  const replacement = info.deprecated?.replacement ?? info.replacement;
  const instead = replacement ? ` Use "${replacement}" instead.` : ' Remove it and leave the default.';
  if (info.removedIn && compareVersions(context.target, info.removedIn) >= 0) {
    return diagnostic(
      Code.DeprecatedParameter,
      s.nameRange,
      `"${s.name}" was removed in Postfix ${info.removedIn}; ${scope.reader} ignores it (postconf: ${scope.postconfFile}unused parameter).${instead}`,
      migration(s, info, scope),
    );
  }
  if (!info.deprecated) return undefined;
  const since = info.deprecated.warnSince ? ` (Postfix ${info.deprecated.warnSince} and later warn about it)` : '';
  return diagnostic(Code.DeprecatedParameter, s.nameRange, `"${s.name}" is deprecated${since}.${instead}`, migration(s, info, scope));
};

export const deprecatedParameter = defineCheck(settingCheck([Code.DeprecatedParameter], deprecatedSetting));
