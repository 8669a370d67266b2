import { Code, diagnostic } from '../../diagnostics';
import { parameters, suggestParameter } from '../../knowledge/parameters';
import { defineCheck, type SettingVisit } from '../check';
import { settingCheck } from './settingCheck';
import { replaceFix } from './fixes';

/** What postconf calls an "unused parameter": a name Postfix neither knows nor sees used where it is set. */
const unknownName: SettingVisit = (s, scope, context) => {
  if (context.model.builtin(s.name) || scope.nameInUse(s.name)) return undefined;
  const info = parameters.get(s.name);
  if (info?.removedIn) return undefined; // deprecated-parameter explains removed names
  if (info?.service) {
    return diagnostic(
      Code.UnknownParameter,
      s.nameRange,
      `"${s.name}" only applies while master.cf defines a delivery service named "${info.service}"; ` +
        'without one, Postfix ignores it (postconf: unused parameter).',
    );
  }
  if (info?.template) {
    const names = context.model.templateNames(info).slice(0, 3);
    return diagnostic(
      Code.UnknownParameter,
      s.nameRange,
      `"${s.name}" is a per-transport template, not a parameter: Postfix reads it only with a master.cf service name in place of "transport"` +
        `${names.length ? `, e.g. ${names.join(', ')}` : ''}. As written, ${scope.reader} ignores it (postconf: ${scope.postconfFile}unused parameter).`,
      // which service is meant is the user's choice: no fix is preferred when there are several
      names.map((name) => ({ ...replaceFix(`Change to "${name}"`, s.nameRange, name), preferred: names.length === 1 })),
    );
  }
  const suggestion = suggestParameter(s.name);
  return diagnostic(
    Code.UnknownParameter,
    s.nameRange,
    `Unknown parameter "${s.name}": ${scope.reader} ignores it (postconf: ${scope.postconfFile}unused parameter). ` +
      `A name of your own is fine only when ${scope.users} uses it as $${s.name}.` +
      (suggestion ? ` Did you mean "${suggestion}"?` : ''),
    suggestion ? [replaceFix(`Change to "${suggestion}"`, s.nameRange, suggestion)] : [],
  );
};

export const unknownParameter = defineCheck(settingCheck([Code.UnknownParameter], unknownName));
