import { Code, DiagnosticSeverity, diagnostic, replaceFix, type Diagnostic } from '../../diagnostics';
import type { ConfigModel } from '../../model/config';
import { parameters, suggestParameter } from '../../knowledge/parameters';
import { closest } from '../../knowledge/suggest';
import type { Check } from './context';
import { SuggestionBudget } from '../shared/suggestionBudget';

/**
 * Names in smtpd_restriction_classes that nothing defines: postconf calls them
 * undefined parameters, and smtpd stops ("restriction class ... needs a
 * definition"), also when the definition is empty. A definition in a master.cf
 * -o is enough for postconf; the services that have it accept the class.
 */
function undefinedClasses(model: ConfigModel): Diagnostic[] {
  const list = model.effective('smtpd_restriction_classes');
  if (!list) return [];
  const inMaster = new Set((model.master?.services ?? []).flatMap((s) => s.overrides.map((o) => o.name)));
  const out: Diagnostic[] = [];
  for (const word of list.value.matchAll(/[^\s,]+/g)) {
    const name = word[0];
    // a $name is expanded first; its value is judged where it is set
    if (name.includes('$') || inMaster.has(name) || model.builtin(name)) continue;
    const definition = model.effective(name);
    if (definition && definition.value !== '') continue;
    const range = list.source.range(word.index, word.index + name.length);
    const message = definition
      ? `Restriction class "${name}" is empty on line ${definition.nameRange.start.line + 1}: smtpd stops at start-up (restriction class needs a definition). Give it a list of restrictions.`
      : `Restriction class "${name}" is not defined anywhere (postconf: undefined parameter): smtpd stops at start-up (restriction class needs a definition). Add "${name} = ..." with its restrictions.`;
    out.push(diagnostic(Code.UndefinedParameterReference, range, message, [], DiagnosticSeverity.Error));
  }
  return out;
}

/** $name references nothing defines; values Postfix hands to another program unexpanded are skipped. */
export const checkUndefinedReferences: Check = ({ model }) => {
  const mainNames = [...model.assignments.keys()];
  const ownName = new SuggestionBudget().suggester(mainNames.length, (name) => closest(name, mainNames));
  // one verdict per name: a value may repeat the same undefined $name thousands of times
  const verdicts = new Map<string, { message: string; suggestion?: string } | null>();
  const verdict = (name: string): { message: string; suggestion?: string } | null => {
    let v = verdicts.get(name);
    if (v !== undefined) return v;
    if (model.isDefined(name)) v = null;
    else {
      const suggestion = ownName(name) ?? suggestParameter(name);
      const message =
        `"$${name}" is not defined anywhere: Postfix replaces it with nothing (postconf: undefined parameter).` +
        (suggestion ? ` Did you mean "$${suggestion}"?` : '');
      v = { message, suggestion };
    }
    verdicts.set(name, v);
    return v;
  };
  const out: Diagnostic[] = [];
  for (const a of model.main.assignments) {
    if (a.references.length === 0 || parameters.get(a.name)?.raw) continue;
    for (const r of a.references) {
      const v = verdict(r.name);
      if (!v) continue;
      const range = a.source.range(r.nameStart, r.nameEnd);
      out.push(diagnostic(Code.UndefinedParameterReference, range, v.message, v.suggestion ? [replaceFix(`Change to "$${v.suggestion}"`, range, v.suggestion)] : []));
    }
  }
  return out.concat(undefinedClasses(model));
};
