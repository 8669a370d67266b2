import { distance } from 'fastest-levenshtein';
import { Code, diagnostic, replaceFix } from '../../diagnostics';
import { parameters, suggestParameter } from '../../knowledge/parameters';
import { closest } from '../../knowledge/suggest';
import { definedForService } from '../../model/masterScope';
import type { Service } from '../../syntax/masterCf';
import type { MasterCheck } from './context';
import { eachOverride } from './overrides';

/**
 * Names a check run may compare with the undefined names it reports: each new
 * one is compared with every name of main.cf and of its service, and a hostile
 * file may have thousands of both. Past it, only Postfix's own names are suggested.
 */
const SUGGESTION_BUDGET = 2_000_000;

/** $names in -o values that nothing defines: Postfix expands them to nothing (postconf: undefined parameter). */
export const checkOverrideReferences: MasterCheck = (context) => {
  const { model } = context;
  const mainNames = [...model.assignments.keys()];
  /** per service: the names its overrides set, and the answers so far */
  const seen = new Map<Service, { names: string[]; answers: Map<string, string | undefined> }>();
  let budget = SUGGESTION_BUDGET;
  /** The closest name of main.cf or of the service's overrides, main.cf first on a tie. */
  const ownName = (service: Service, name: string): string | undefined => {
    let own = seen.get(service);
    if (!own) seen.set(service, (own = { names: [...new Set(service.overrides.map((o) => o.name))], answers: new Map() }));
    if (own.answers.has(name)) return own.answers.get(name);
    let answer: string | undefined;
    const cost = mainNames.length + own.names.length;
    if (cost <= budget) {
      budget -= cost;
      const a = closest(name, mainNames);
      const b = closest(name, own.names);
      answer = b !== undefined && (a === undefined || distance(name, b) < distance(name, a)) ? b : a;
    }
    own.answers.set(name, answer);
    return answer;
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
