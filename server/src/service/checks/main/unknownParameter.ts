import { Code, diagnostic, replaceFix } from '../../diagnostics';
import { parameters, suggestParameter } from '../../knowledge/parameters';
import type { Check } from './context';

/** What postconf calls an "unused parameter": a name Postfix neither knows nor sees used. */
export const checkUnknownParameters: Check = ({ model }) =>
  model.main.assignments.flatMap((a) => {
    if (model.builtin(a.name) || model.userNameReason(a.name)) return [];
    const info = parameters.get(a.name);
    if (info?.removedIn) return []; // deprecated-parameter explains removed names
    if (info?.service) {
      return [
        diagnostic(
          Code.UnknownParameter,
          a.nameRange,
          `"${a.name}" only applies while master.cf defines a delivery service named "${info.service}"; ` +
            'without one, Postfix ignores it (postconf: unused parameter).',
        ),
      ];
    }
    const suggestion = suggestParameter(a.name);
    const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
    return [
      diagnostic(
        Code.UnknownParameter,
        a.nameRange,
        `Unknown parameter "${a.name}": Postfix ignores it (postconf: unused parameter). ` +
          `A name of your own is fine only when some value uses it as $${a.name}.${hint}`,
        suggestion ? [replaceFix(`Change to "${suggestion}"`, a.nameRange, suggestion)] : [],
      ),
    ];
  });
