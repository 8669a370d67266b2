import { Code, diagnostic, replaceFix } from '../../diagnostics';
import { parameters, suggestParameter } from '../../knowledge/parameters';
import { closest } from '../../knowledge/suggest';
import { definedForService } from '../../model/masterScope';
import type { MasterCheck } from './context';
import { eachOverride } from './overrides';

/** $names in -o values that nothing defines: Postfix expands them to nothing (postconf: undefined parameter). */
export const checkOverrideReferences: MasterCheck = (context) =>
  eachOverride(context, (service, o) => {
    const { model } = context;
    if (parameters.get(o.name)?.raw) return [];
    return o.references
      .filter((r) => !definedForService(model, service, r.name))
      .map((r) => {
        const range = o.source.range(r.nameStart, r.nameEnd);
        const own = [...model.assignments.keys(), ...service.overrides.map((x) => x.name)];
        const suggestion = closest(r.name, own) ?? suggestParameter(r.name);
        return diagnostic(
          Code.UndefinedParameterReference,
          range,
          `"$${r.name}" is not defined in main.cf, by Postfix, or by another -o of this service: Postfix replaces it with nothing (postconf: undefined parameter).` +
            (suggestion ? ` Did you mean "$${suggestion}"?` : ''),
          suggestion ? [replaceFix(`Change to "$${suggestion}"`, range, suggestion)] : [],
        );
      });
  });
