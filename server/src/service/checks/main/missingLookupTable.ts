import { Code, type Diagnostic } from '../../diagnostics';
import { PROXYMAP_LISTS } from '../../knowledge/tableTypes';
import { restrictionLists } from '../../model/restrictionLists';
import { configPlace } from '../../model/tablePaths';
import { braceWordSpans } from '../../syntax/braceWords';
import type { Check } from './context';
import { wordRange } from '../shared/restrictionHelpers';
import { defineCheck } from '../check';
import { accessEffect, parameterEffect, tableProblem } from '../shared/tableFiles';

/**
 * Tables Postfix cannot open: the access tables of restriction lists (of main.cf, or of
 * master.cf -o lists), and for main.cf also the tables its other parameters name
 * (virtual_alias_maps, header_checks, relay_domains ...). Present beside the
 * configuration or where they say, and absolute.
 */
const checkMissingLookupTables: Check = ({ model, files, configDir, lists }) => {
  const out: Diagnostic[] = [];
  const place = configDir === undefined ? undefined : configPlace(model, configDir);
  const inLists = new Set<string>();
  for (const list of lists ?? restrictionLists(model)) {
    inLists.add(list.name);
    for (const item of list.items) {
      const word = item.kind === 'table' ? item.word : item.kind === 'restriction' && item.info.argument === 'table' ? item.argument : undefined;
      const problem = word && tableProblem(word.text, wordRange(list, word), accessEffect, place, files);
      if (problem) out.push(problem);
    }
  }
  if (lists) return out;
  for (const name of model.assignments.keys()) {
    const kind = model.builtin(name)?.kind.type;
    if (inLists.has(name) || PROXYMAP_LISTS.has(name) || (kind !== 'tables' && kind !== 'list')) continue;
    const a = model.effective(name);
    if (!a?.value.includes(':')) continue;
    for (const word of braceWordSpans(a.value)) {
      const problem = tableProblem(word.text, a.source.range(word.start, word.start + word.text.length), (type) => parameterEffect(type, name), place, files);
      if (problem) out.push(problem);
    }
  }
  return out;
};

export const missingLookupTable = defineCheck({ codes: [Code.MissingLookupTable], kind: 'main', overrideLists: true, run: checkMissingLookupTables });
