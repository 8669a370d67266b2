import { Code, diagnostic } from '../../diagnostics';
import { addedInText, availableIn } from '../../knowledge/versions';
import { defineCheck, type SettingVisit } from '../check';
import { settingCheck } from './settingCheck';

/** Parameters the target Postfix does not know yet: it ignores them as unused. */
const newerSetting: SettingVisit = (s, scope, context) => {
  const { model, target } = context;
  const info = model.builtin(s.name);
  if (!info?.since || availableIn(target, info.since, info.backports)) return undefined;
  return diagnostic(
    Code.ParameterNewerThanTarget,
    s.nameRange,
    `"${s.name}" was added in Postfix ${addedInText(target, info.since, info.backports)}; the target Postfix ${target} ignores it (postconf: ${scope.postconfFile}unused parameter).`,
  );
};

export const newerThanTarget = defineCheck(settingCheck([Code.ParameterNewerThanTarget], newerSetting));
