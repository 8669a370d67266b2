import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { restrictionLists } from '../../model/restrictionLists';
import type { Check } from './context';
import { wordRange } from '../shared/restrictionHelpers';
import { defineCheck } from '../check';
import { removeWordsFix } from '../shared/fixes';

const FINAL = new Set(['permit', 'reject', 'defer']);

/** Entries after an unconditional permit, reject or defer: smtpd stops before them. */
const checkUnreachableRestrictions: Check = ({ model, lists }) => {
  const out: Diagnostic[] = [];
  for (const list of lists ?? restrictionLists(model)) {
    const items = list.items;
    const end = items.findIndex(
      (item, i) =>
        item.kind === 'restriction' &&
        FINAL.has(item.info.name) &&
        !(i > 0 && items[i - 1].kind === 'restriction' && (items[i - 1] as { info: { name: string } }).info.name === 'warn_if_reject'),
    );
    if (end < 0 || end === items.length - 1) continue;
    const final = items[end].word.text;
    const rest = items.slice(end + 1);
    const words = rest.flatMap((item) => (item.kind === 'restriction' && item.argument ? [item.word, item.argument] : [item.word]));
    for (const item of rest) {
      out.push(
        diagnostic(Code.UnreachableRestriction, wordRange(list, item.word), `Never evaluated: "${final}" before it ends every check of ${list.name}.`, [
          removeWordsFix(`Remove what follows "${final}"`, list, words),
        ]),
      );
    }
  }
  return out;
};

export const unreachableRestriction = defineCheck({
  codes: [Code.UnreachableRestriction],
  kind: 'main',
  overrideLists: true,
  run: checkUnreachableRestrictions,
});
