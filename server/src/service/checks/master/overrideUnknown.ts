import { Code, diagnostic, replaceFix } from '../../diagnostics';
import { parameters, suggestParameter } from '../../knowledge/parameters';
import { overrideNameReason } from '../../model/masterScope';
import type { MasterCheck } from './context';
import { eachOverride } from './overrides';

/** What postconf calls an "unused parameter" in master.cf: an -o name Postfix neither knows nor sees used. */
export const checkUnknownOverrides: MasterCheck = (context) =>
  eachOverride(context, (service, o) => {
    const { model } = context;
    if (model.builtin(o.name) || overrideNameReason(model, service, o.name)) return [];
    const info = parameters.get(o.name);
    if (info?.removedIn) return []; // deprecated-parameter explains removed names
    if (info?.service) {
      return [
        diagnostic(
          Code.UnknownParameter,
          o.nameRange,
          `"${o.name}" only applies while master.cf defines a delivery service named "${info.service}"; without one, Postfix ignores it (postconf: unused parameter).`,
        ),
      ];
    }
    const suggestion = suggestParameter(o.name);
    return [
      diagnostic(
        Code.UnknownParameter,
        o.nameRange,
        `Unknown parameter "${o.name}" in -o: the ${service.command} service ignores it (postconf: master.cf: unused parameter). ` +
          `A name of your own is fine only when a main.cf value, or another -o of this service, uses it as $${o.name}.` +
          (suggestion ? ` Did you mean "${suggestion}"?` : ''),
        suggestion ? [replaceFix(`Change to "${suggestion}"`, o.nameRange, suggestion)] : [],
      ),
    ];
  });
