/**
 * The lookup tables a main.cf uses, with the parameter or restriction that
 * uses each: the input of detectTable(). Restriction lists (and the classes
 * they run) give access tables; every other parameter value is searched for
 * type:/path words (header_checks = pcre:/etc/postfix/header_checks ...).
 */
import { listWords } from '../syntax/restrictionList';
import type { ConfigModel } from './config';
import { restrictionLists } from './restrictionLists';
import { tableTarget, type TableReference } from './tableDetect';

export function tableReferences(model: ConfigModel): TableReference[] {
  const out: TableReference[] = [];
  const inLists = new Set<string>();
  for (const list of restrictionLists(model)) {
    inLists.add(list.assignment.name);
    for (const item of list.items) {
      if (item.kind === 'table') out.push({ table: item.word.text, use: list.assignment.name });
      else if (item.kind === 'restriction' && item.info.argument === 'table' && item.argument) out.push({ table: item.argument.text, use: item.info.name });
    }
  }
  for (const [name, assignments] of model.assignments) {
    if (inLists.has(name)) continue;
    const value = assignments[assignments.length - 1]?.value ?? '';
    for (const w of listWords(value)) if (tableTarget(w.text)?.path.startsWith('/')) out.push({ table: w.text, use: name });
  }
  return out;
}
