import { isAbsolute, normalize } from 'node:path/posix';
import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { restrictionLists } from '../../model/restrictionLists';
import { configPlace, findTable, tablePlaces } from '../../model/tablePaths';
import { compiledSuffixes, hasSourceFile } from '../../knowledge/tableTypes';
import { tableTarget } from '../../model/tableDetect';
import type { Check } from './context';
import { wordRange } from '../shared/restrictionHelpers';
import { defineCheck } from '../check';
import { createFileFix } from '../shared/fixes';

/** Access tables named in restriction lists: absolute, and present beside the configuration or where they say. */
const checkMissingLookupTables: Check = ({ model, files, configDir, lists }) => {
  const out: Diagnostic[] = [];
  const place = configDir === undefined ? undefined : configPlace(model, configDir);
  for (const list of lists ?? restrictionLists(model)) {
    for (const item of list.items) {
      const word = item.kind === 'table' ? item.word : item.kind === 'restriction' && item.info.argument === 'table' ? item.argument : undefined;
      if (!word || word.text.includes('$')) continue;
      const table = tableTarget(word.text);
      if (!table || !hasSourceFile(table.type) || table.path === '') continue;
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
      if (!files || findTable(table.path, place, files, compiledSuffixes(table.type))) continue;
      // in a configuration kept away from config_directory, the file belongs beside its main.cf
      const [first] = tablePlaces(table.path, place);
      const copy = first === normalize(table.path) ? undefined : first;
      out.push(
        diagnostic(
          Code.MissingLookupTable,
          range,
          `${table.path} does not exist${copy ? `, nor does ${copy} beside this configuration` : ''}: smtpd cannot open the ${table.type} table and answers 451 4.3.5 for mail that reaches it.` +
            (compiledSuffixes(table.type).length ? ` Create it, then run "postmap ${table.type}:${table.path}".` : ''),
          [createFileFix(first)],
        ),
      );
    }
  }
  return out;
};

export const missingLookupTable = defineCheck({ codes: [Code.MissingLookupTable], kind: 'main', overrideLists: true, run: checkMissingLookupTables });
