import { Code, diagnostic } from '../../diagnostics';
import { parameters } from '../../knowledge/parameters';
import { defineCheck, type SettingVisit } from '../check';
import { settingCheck } from './settingCheck';

/** Parameters Postfix sets itself for each process: a setting of them is dropped. */
const readOnlySetting: SettingVisit = (s, scope) =>
  parameters.get(s.name)?.readOnly
    ? diagnostic(
        Code.ReadOnlyParameter,
        s.nameRange,
        `"${s.name}" is set by Postfix itself for each process; ${scope.reader} ignores this setting (postconf: ${scope.postconfFile}read-only parameter assignment).`,
        [scope.removeFix(s)],
      )
    : undefined;

export const readOnlyParameter = defineCheck(settingCheck([Code.ReadOnlyParameter], readOnlySetting));
