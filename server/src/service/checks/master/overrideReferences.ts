import { distance } from 'fastest-levenshtein';
import { Code, diagnostic, replaceFix } from '../../diagnostics';
import { parameters, suggestParameter } from '../../knowledge/parameters';
import { closest } from '../../knowledge/suggest';
import { definedForService } from '../../model/masterScope';
import type { Service } from '../../syntax/masterCf';
import { SuggestionBudget } from '../shared/suggestionBudget';
import type { MasterCheck } from './context';
import { eachOverride } from './overrides';

/** $names in -o values that nothing defines: Postfix expands them to nothing (postconf: undefined parameter). */
export const checkOverrideReferences: MasterCheck = (context) => {
  const { model } = context;
  const mainNames = [...model.assignments.keys()];
  const budget = new SuggestionBudget();
  const suggesters = new Map<Service, (name: string) => string | undefined>();
  /** The closest name of main.cf or of the service's overrides, main.cf first on a tie. */
  const ownName = (service: Service, name: string): string | undefined => {
    let suggest = suggesters.get(service);
    if (!suggest) {
      const names = [...new Set(service.overrides.map((o) => o.name))];
      suggest = budget.suggester(mainNames.length + names.length, (n) => {
        const a = closest(n, mainNames);
        const b = closest(n, names);
        return b !== undefined && (a === undefined || distance(n, b) < distance(n, a)) ? b : a;
      });
      suggesters.set(service, suggest);
    }
    return suggest(name);
  };
  return eachOverride(context, (service, o) => {
    if (o.references.length === 0 || parameters.get(o.name)?.raw) return [];
    return o.references
      .filter((r) => !definedForService(model, service, r.name))
      .map((r) => {
        const range = o.source.range(r.nameStart, r.nameEnd);
        const suggestion = ownName(service, r.name) ?? suggestParameter(r.name);
        return diagnostic(
          Code.UndefinedParameterReference,
          range,
          `"$${r.name}" is not defined in main.cf, by Postfix, or by another -o of this service: Postfix replaces it with nothing (postconf: undefined parameter).` +
            (suggestion ? ` Did you mean "$${suggestion}"?` : ''),
          suggestion ? [replaceFix(`Change to "$${suggestion}"`, range, suggestion)] : [],
        );
      });
  });
};
