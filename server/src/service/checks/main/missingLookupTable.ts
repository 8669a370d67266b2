import { isAbsolute, normalize } from 'node:path/posix';
import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { restrictionLists } from '../../model/restrictionLists';
import { configPlace, findTable, tablePlaces } from '../../model/tablePaths';
import { COMPILED_SUFFIXES } from '../table/staleTable';
import type { Check } from './context';
import { wordRange } from '../shared/restrictionHelpers';

/** Table types read from a file of their own (indexed ones from FILE.db and the like, made from FILE). */
const FILE_TYPES = new Set(['hash', 'btree', 'dbm', 'sdbm', 'lmdb', 'cdb', 'texthash', 'regexp', 'pcre', 'cidr']);

/** `type:path` of a file-based table, through proxy: */
export function tableFile(text: string): { type: string; path: string } | undefined {
  const m = /^(?:proxy:)?([a-z0-9]+):(.+)$/.exec(text);
  return m && FILE_TYPES.has(m[1]) ? { type: m[1], path: m[2] } : undefined;
}

/** Access tables named in restriction lists: absolute, and present beside the configuration or where they say. */
export const checkMissingLookupTables: Check = ({ model, files, configDir, lists }) => {
  const out: Diagnostic[] = [];
  const place = configDir === undefined ? undefined : configPlace(model, configDir);
  for (const list of (lists ?? restrictionLists(model))) {
    for (const item of list.items) {
      const word = item.kind === 'table' ? item.word : item.kind === 'restriction' && item.info.argument === 'table' ? item.argument : undefined;
      if (!word || word.text.includes('$')) continue;
      const table = tableFile(word.text);
      if (!table) continue;
      const range = wordRange(list, word);
      if (!isAbsolute(table.path)) {
        out.push(
          diagnostic(
            Code.MissingLookupTable,
            range,
            `"${table.path}" is a relative path: Postfix daemons resolve it against their own working directory (the queue directory, maybe inside a chroot). Give the absolute path, e.g. /etc/postfix/${table.path}.`,
          ),
        );
        continue;
      }
      if (!files || findTable(table.path, place, files, COMPILED_SUFFIXES[table.type])) continue;
      // in a configuration kept away from config_directory, the file belongs beside its main.cf
      const [first] = tablePlaces(table.path, place);
      const copy = first === normalize(table.path) ? undefined : first;
      out.push(
        diagnostic(
          Code.MissingLookupTable,
          range,
          `${table.path} does not exist${copy ? `, nor does ${copy} beside this configuration` : ''}: smtpd cannot open the ${table.type} table and answers 451 4.3.5 for mail that reaches it.` +
            (FILE_TYPES.has(table.type) && !['regexp', 'pcre', 'cidr', 'texthash'].includes(table.type) ? ` Create it, then run "postmap ${table.type}:${table.path}".` : ''),
          [{ title: `Create ${first}`, edits: [], createFile: first }],
        ),
      );
    }
  }
  return out;
};
