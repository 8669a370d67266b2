import { Code, DiagnosticSeverity, diagnostic, type Diagnostic } from '../../diagnostics';
import { classNames } from '../../model/restrictionLists';
import { defineCheck } from '../check';
import type { Check } from './context';

/**
 * Names in smtpd_restriction_classes that nothing defines: postconf calls them
 * undefined parameters, and smtpd stops ("restriction class ... needs a
 * definition"), also when the definition is empty. A definition in a master.cf
 * -o is enough for postconf; the services that have it accept the class.
 */
const checkUndefinedClasses: Check = ({ model }) => {
  const list = model.effective('smtpd_restriction_classes');
  if (!list) return [];
  const inMaster = new Set((model.master?.services ?? []).flatMap((s) => s.overrides.map((o) => o.name)));
  const out: Diagnostic[] = [];
  for (const { name, start } of classNames(list.value)) {
    // a $name is expanded first; its value is judged where it is set
    if (name.includes('$') || inMaster.has(name) || model.builtin(name)) continue;
    const definition = model.effective(name);
    if (definition && definition.value !== '') continue;
    const range = list.source.range(start, start + name.length);
    const message = definition
      ? `Restriction class "${name}" is empty on line ${definition.nameRange.start.line + 1}: smtpd stops at start-up (restriction class needs a definition). Give it a list of restrictions.`
      : `Restriction class "${name}" is not defined anywhere (postconf: undefined parameter): smtpd stops at start-up (restriction class needs a definition). Add "${name} = ..." with its restrictions.`;
    out.push(diagnostic(Code.UndefinedParameterReference, range, message, [], DiagnosticSeverity.Error));
  }
  return out;
};

export const undefinedClass = defineCheck({ codes: [Code.UndefinedParameterReference], kind: 'main', run: checkUndefinedClasses });
