import { Code, diagnostic } from '../../diagnostics';
import { suggester } from '../../knowledge/suggest';
import { isWrapper, PROXYMAP_LISTS, tableTypes } from '../../knowledge/tableTypes';
import { braceWordSpans } from '../../syntax/braceWords';
import { defineCheck, type SettingVisit } from '../check';
import { settingCheck } from './settingCheck';

const suggestType = suggester([...tableTypes.keys()]);

/** What is wrong with a table name as Postfix opens it, or undefined: the type, and for proxy: or debug: the table inside. */
function nameProblem(spec: string): { offset: number; length: number; problem: string } | undefined {
  let offset = 0;
  for (;;) {
    const rest = spec.slice(offset);
    const colon = rest.indexOf(':');
    // a $name or ${...} stands for text that is judged where it is set
    if (rest.startsWith('$') || (colon < 0 ? rest : rest.slice(0, colon)).includes('$')) return undefined;
    if (colon <= 0 || colon === rest.length - 1) {
      const bare = colon < 0 ? rest : rest.slice(0, colon);
      const example = tableTypes.has(bare) ? `${bare}:/etc/postfix/NAME` : bare.includes('/') ? `hash:${bare}` : 'hash:/etc/postfix/NAME';
      return {
        offset,
        length: rest.length,
        problem: `"${rest}" is no table: Postfix expects type:name, such as ${example}, and the daemon that opens it stops (expecting "type:name" form)`,
      };
    }
    const type = rest.slice(0, colon);
    if (!tableTypes.has(type)) {
      const guess = suggestType(type.toLowerCase());
      return {
        offset,
        length: colon,
        problem: `"${type}" is not a Postfix lookup table type${guess ? ` (did you mean "${guess}"?)` : ''}: every lookup in it fails and the mail that needs it waits in the queue (unsupported dictionary type)`,
      };
    }
    if (!isWrapper(type)) return undefined;
    offset += colon + 1;
  }
}

/** A table list (virtual_alias_maps, header_checks ...) with a word Postfix cannot open as a table. */
const invalidTables: SettingVisit = (s, _scope, context) => {
  const info = context.model.builtin(s.name);
  if (info?.kind.type !== 'tables' || PROXYMAP_LISTS.has(s.name) || s.value === '') return undefined;
  for (const word of braceWordSpans(s.value)) {
    const found = nameProblem(word.text);
    if (!found) continue;
    const start = word.start + found.offset;
    return diagnostic(Code.InvalidTableName, s.source.range(start, start + found.length), `${found.problem}.`);
  }
  return undefined;
};

export const invalidTableName = defineCheck(settingCheck([Code.InvalidTableName], invalidTables));
