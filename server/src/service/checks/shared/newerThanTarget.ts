import { Code, diagnostic } from '../../diagnostics';
import { addedInText, availableIn } from '../../knowledge/versions';
import { defineCheck } from '../check';
import { eachSetting, type ParameterContext } from './parameterScope';

/** Parameters the target Postfix does not know yet: it ignores them as unused. */
const checkNewerThanTarget = (context: ParameterContext) =>
  eachSetting(context, (s, scope) => {
    const { model, target } = context;
    const info = model.builtin(s.name);
    if (!info?.since || availableIn(target, info.since, info.backports)) return undefined;
    return diagnostic(
      Code.ParameterNewerThanTarget,
      s.nameRange,
      `"${s.name}" was added in Postfix ${addedInText(target, info.since, info.backports)}; the target Postfix ${target} ignores it (postconf: ${scope.postconfFile}unused parameter).`,
    );
  });

export const newerThanTarget = defineCheck({ codes: [Code.ParameterNewerThanTarget], kind: 'parameter', run: checkNewerThanTarget });
