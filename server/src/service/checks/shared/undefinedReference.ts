import { distance } from 'fastest-levenshtein';
import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { parameters, suggestParameter } from '../../knowledge/parameters';
import { closest } from '../../knowledge/suggest';
import { defineCheck } from '../check';
import { replaceFix } from './fixes';
import type { ParameterContext, ParameterScope } from './parameterScope';
import { SuggestionBudget } from './suggestionBudget';

interface Verdict {
  message: string;
  suggestion?: string;
}

/** $name references nothing defines; values Postfix hands to another program unexpanded are skipped. */
const checkUndefinedReferences = ({ model, scopes }: ParameterContext): Diagnostic[] => {
  const mainNames = [...model.assignments.keys()];
  const budget = new SuggestionBudget();
  /** The closest name of main.cf or of the scope's own, main.cf first on a tie. */
  const suggester = (scope: ParameterScope): ((name: string) => string | undefined) => {
    const own = scope.ownNames();
    return budget.suggester(mainNames.length + own.length, (name) => {
      const a = closest(name, mainNames);
      const b = closest(name, own);
      return b !== undefined && (a === undefined || distance(name, b) < distance(name, a)) ? b : a;
    });
  };
  const out: Diagnostic[] = [];
  for (const scope of scopes) {
    let suggest: ((name: string) => string | undefined) | undefined;
    // one verdict per name: a value may repeat the same undefined $name thousands of times
    const verdicts = new Map<string, Verdict | null>();
    const verdict = (name: string): Verdict | null => {
      let v = verdicts.get(name);
      if (v !== undefined) return v;
      if (scope.isDefined(name)) v = null;
      else {
        suggest ??= suggester(scope);
        const suggestion = suggest(name) ?? suggestParameter(name);
        const message =
          `"$${name}" is not defined ${scope.definedIn}: Postfix replaces it with nothing (postconf: undefined parameter).` +
          (suggestion ? ` Did you mean "$${suggestion}"?` : '');
        v = { message, suggestion };
      }
      verdicts.set(name, v);
      return v;
    };
    for (const s of scope.settings) {
      if (s.references.length === 0 || parameters.get(s.name)?.raw) continue;
      for (const r of s.references) {
        const v = verdict(r.name);
        if (!v) continue;
        const range = s.source.range(r.nameStart, r.nameEnd);
        out.push(
          diagnostic(Code.UndefinedParameterReference, range, v.message, v.suggestion ? [replaceFix(`Change to "$${v.suggestion}"`, range, v.suggestion)] : []),
        );
      }
    }
  }
  return out;
};

export const undefinedReference = defineCheck({ codes: [Code.UndefinedParameterReference], kind: 'parameter', run: checkUndefinedReferences });
