import { Code, diagnostic } from '../../diagnostics';
import { expandValue } from '../../model/expand';
import { defineCheck } from '../check';
import { replaceFix } from './fixes';
import { eachSetting, type ParameterContext } from './parameterScope';

/** VRFY is on by default; only a setting that turns it on by name is worth a note. */
const checkVrfyEnabled = (context: ParameterContext) =>
  eachSetting(context, (setting, scope) => {
    if (setting.name !== 'disable_vrfy_command' || scope.own(setting.name) !== setting) return undefined;
    if (expandValue(context.model, setting.value).value.trim().toLowerCase() !== 'no') return undefined;
    return diagnostic(
      Code.VrfyEnabled,
      setting.valueRange,
      `VRFY stays on for ${scope.reader}: a client can ask whether an address exists without sending mail, and harvest the valid ones (see postconf(5) disable_vrfy_command).`,
      [replaceFix('Set disable_vrfy_command to yes', setting.valueRange, 'yes')],
    );
  });

export const vrfyEnabled = defineCheck({ codes: [Code.VrfyEnabled], kind: 'parameter', run: checkVrfyEnabled });
