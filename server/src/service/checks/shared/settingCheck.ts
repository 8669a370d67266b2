/**
 * Parameter checks that judge each setting by itself. Apart from check.ts,
 * which only declares what a check is: what loads the descriptors (the
 * command line's shortcut for tables) does without the parameter knowledge.
 */
import type { Code } from '../../diagnostics';
import type { ParameterDescriptor, SettingVisit } from '../check';
import { eachSetting } from './parameterScope';

/**
 * A parameter check that judges each setting by itself, from nothing but the
 * setting, the Postfix release, the services of master.cf and why its name
 * is in use (ConfigModel.userNameReason): an open main.cf then keeps what it
 * found on each assignment from one edit to the next (checks/memo.ts).
 */
export const settingCheck = (codes: readonly Code[], visit: SettingVisit): ParameterDescriptor => ({
  codes,
  kind: 'parameter',
  visit,
  run: (context) => eachSetting(context, (setting, scope) => visit(setting, scope, context)),
});
