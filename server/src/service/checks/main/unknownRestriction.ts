import { Code, diagnostic } from '../../diagnostics';
import { suggestRestriction } from '../../knowledge/restrictions';
import { restrictionClasses, restrictionLists } from '../../model/restrictionLists';
import type { Check } from './context';
import { wordRange } from '../shared/restrictionHelpers';
import { defineCheck } from '../check';
import { replaceFix } from '../shared/fixes';

/** Words smtpd cannot resolve: it logs "unknown smtpd restriction" and answers 451 4.3.5. */
const checkUnknownRestrictions: Check = ({ model, lists }) => {
  const mainClasses = restrictionClasses(model);
  return (lists ?? restrictionLists(model)).flatMap((list) => {
    const classes = list.overrides ? restrictionClasses(model, list.overrides) : mainClasses;
    return list.items
      .filter((item) => item.kind === 'name' && !classes.has(item.word.text))
      .map((item) => {
        const range = wordRange(list, item.word);
        const suggestion = suggestRestriction(item.word.text.toLowerCase());
        const isParameter = model.assignments.has(item.word.text);
        const hint = suggestion
          ? ` Did you mean "${suggestion}"?`
          : isParameter
            ? ` To use the list "${item.word.text}" as a restriction class, add it to smtpd_restriction_classes, or write $${item.word.text}.`
            : '';
        return diagnostic(
          Code.UnknownRestriction,
          range,
          `"${item.word.text}" is not a restriction, a restriction class or a type:table: smtpd logs "unknown smtpd restriction" and answers 451 4.3.5 (server configuration error) when it reaches it.${hint}`,
          suggestion ? [replaceFix(`Change to "${suggestion}"`, range, suggestion)] : [],
        );
      });
  });
};

export const unknownRestriction = defineCheck({ codes: [Code.UnknownRestriction], kind: 'main', overrideLists: true, run: checkUnknownRestrictions });
