import { Code, diagnostic, DiagnosticSeverity, type Diagnostic } from '../../diagnostics';
import { availableIn, compareVersions } from '../../knowledge/versions';
import { restrictionLists } from '../../model/restrictionLists';
import type { Check } from './context';
import { wordRange } from '../shared/restrictionHelpers';
import { defineCheck } from '../check';
import { replaceFix } from '../shared/fixes';

/** Old, deprecated and removed restriction names, and names newer than the target release. */
const checkDeprecatedRestrictions: Check = ({ model, target, lists }) => {
  const out: Diagnostic[] = [];
  for (const list of lists ?? restrictionLists(model)) {
    for (const item of list.items) {
      if (item.kind !== 'restriction') continue;
      const info = item.info;
      const range = wordRange(list, item.word);
      const rename = info.replacement ? [replaceFix(`Change to "${info.replacement}"`, range, info.replacement)] : [];
      if (info.removedIn && compareVersions(target, info.removedIn) >= 0) {
        out.push(
          diagnostic(
            Code.DeprecatedRestriction,
            range,
            `${info.name} was removed in Postfix ${info.removedIn}: smtpd logs that support has been removed and answers 451 4.3.5.` +
              (info.replacement ? ` Use ${info.replacement}.` : ''),
            rename,
            DiagnosticSeverity.Error,
          ),
        );
      } else if (info.removedIn || info.replacement !== undefined) {
        const what = info.renamedIn
          ? `the old name (before Postfix ${info.renamedIn}) of ${info.replacement}`
          : info.removedIn
            ? `deprecated and removed in Postfix ${info.removedIn}`
            : `deprecated since Postfix ${info.warnSince}`;
        const advice = info.replacement
          ? ` Use ${info.replacement}.`
          : info.name === 'permit_mx_backup'
            ? ' List the backup domains in relay_domains instead.'
            : '';
        out.push(diagnostic(Code.DeprecatedRestriction, range, `${item.word.text} is ${what}.${advice}`, rename));
      } else if (!availableIn(target, info.since)) {
        out.push(
          diagnostic(
            Code.RestrictionNewerThanTarget,
            range,
            `${info.name} was added in Postfix ${info.since}; smtpd of the target Postfix ${target} does not know it and answers 451 4.3.5.`,
          ),
        );
      }
    }
  }
  return out;
};

export const deprecatedRestriction = defineCheck({
  codes: [Code.DeprecatedRestriction, Code.RestrictionNewerThanTarget],
  kind: 'main',
  overrideLists: true,
  run: checkDeprecatedRestrictions,
});
