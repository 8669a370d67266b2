import { Code, diagnostic } from '../../diagnostics';
import { addedInText, availableIn } from '../../knowledge/versions';
import type { MasterCheck } from './context';
import { eachOverride } from './overrides';

/** -o parameters the target Postfix does not know yet: it ignores them as unused. */
export const checkNewerOverrides: MasterCheck = (context) =>
  eachOverride(context, (_service, o) => {
    const info = context.model.builtin(o.name);
    if (!info?.since || availableIn(context.target, info.since, info.backports)) return [];
    return [
      diagnostic(
        Code.ParameterNewerThanTarget,
        o.nameRange,
        `"${o.name}" was added in Postfix ${addedInText(context.target, info.since, info.backports)}; the target Postfix ${context.target} ignores it (postconf: unused parameter).`,
      ),
    ];
  });
