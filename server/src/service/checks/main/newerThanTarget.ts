import { Code, diagnostic } from '../../diagnostics';
import { addedInText, availableIn } from '../../knowledge/versions';
import type { Check } from './context';

/** Parameters the target Postfix does not know yet: it ignores them as unused. */
export const checkNewerThanTarget: Check = ({ model, target }) =>
  model.main.assignments.flatMap((a) => {
    const info = model.builtin(a.name);
    if (!info?.since || availableIn(target, info.since, info.backports)) return [];
    return [
      diagnostic(
        Code.ParameterNewerThanTarget,
        a.nameRange,
        `"${a.name}" was added in Postfix ${addedInText(target, info.since, info.backports)}; the target Postfix ${target} ignores it (postconf: unused parameter).`,
      ),
    ];
  });
