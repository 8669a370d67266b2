import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { restrictionLists } from '../../model/restrictionLists';
import type { ListItem } from '../../syntax/restrictionList';
import type { Check } from './context';
import { wordRange } from '../shared/restrictionHelpers';
import { defineCheck } from '../check';
import { removeWordsFix } from '../shared/fixes';

/** Restrictions that never reject: warn_if_reject before them has nothing to soften. */
const cannotReject = (item: ListItem): boolean =>
  item.kind === 'restriction' && (item.info.name.startsWith('permit') || item.info.name === 'warn_if_reject' || item.info.name === 'sleep');

const checkDanglingWarnIfReject: Check = ({ model, lists }) => {
  const out: Diagnostic[] = [];
  for (const list of lists ?? restrictionLists(model)) {
    list.items.forEach((item, i) => {
      if (item.kind !== 'restriction' || item.info.name !== 'warn_if_reject') return;
      const next = list.items[i + 1];
      if (next && !cannotReject(next)) return;
      const why = next ? `"${next.word.text}" never rejects` : 'nothing follows it';
      out.push(
        diagnostic(
          Code.DanglingWarnIfReject,
          wordRange(list, item.word),
          `warn_if_reject does nothing here: ${why}. It turns a reject by the restriction right after it into a logged warning.`,
          [removeWordsFix('Remove warn_if_reject', list, [item.word])],
        ),
      );
    });
  }
  return out;
};

export const danglingWarnIfReject = defineCheck({ codes: [Code.DanglingWarnIfReject], kind: 'main', overrideLists: true, run: checkDanglingWarnIfReject });
