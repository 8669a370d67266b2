import { Code, diagnostic, replaceFix } from '../diagnostics';
import { parameters, suggestParameter } from '../knowledge/parameters';
import { closest } from '../knowledge/suggest';
import type { Check } from './context';
import { SuggestionBudget } from './suggestionBudget';

/** $name references nothing defines; values Postfix hands to another program unexpanded are skipped. */
export const checkUndefinedReferences: Check = ({ model }) => {
  const mainNames = [...model.assignments.keys()];
  const ownName = new SuggestionBudget().suggester(mainNames.length, (name) => closest(name, mainNames));
  return model.main.assignments.flatMap((a) => {
    if (a.references.length === 0 || parameters.get(a.name)?.raw) return [];
    return a.references
      .filter((r) => !model.isDefined(r.name))
      .map((r) => {
        const range = a.source.range(r.nameStart, r.nameEnd);
        const suggestion = ownName(r.name) ?? suggestParameter(r.name);
        return diagnostic(
          Code.UndefinedParameterReference,
          range,
          `"$${r.name}" is not defined anywhere: Postfix replaces it with nothing (postconf: undefined parameter).` +
            (suggestion ? ` Did you mean "$${suggestion}"?` : ''),
          suggestion ? [replaceFix(`Change to "$${suggestion}"`, range, suggestion)] : [],
        );
      });
  });
};
