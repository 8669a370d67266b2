import { dirname, isAbsolute, normalize } from 'node:path/posix';
import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import type { FileSystem } from '../../files';
import { restrictionLists } from '../../model/restrictionLists';
import { configPlace, tablePlaces, type ConfigPlace } from '../../model/tablePaths';
import { compiledSuffixes, hasSourceFile } from '../../knowledge/tableTypes';
import { tableTarget } from '../../model/tableDetect';
import type { Range } from '../../syntax/text';
import type { Check } from './context';
import { wordRange } from '../shared/restrictionHelpers';
import { defineCheck } from '../check';
import { createFileFix, rebuildFix } from '../shared/fixes';

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/**
 * A table Postfix cannot open: no file at any place it may be, or for an
 * indexed type no compiled file (smtpd opens only that, the source may be
 * there or not). Undefined when it is there.
 */
function missing(table: { type: string; path: string }, place: ConfigPlace | undefined, files: FileSystem, range: Range): Diagnostic | undefined {
  const compiled = compiledSuffixes(table.type);
  const places = tablePlaces(table.path, place);
  const opens = (p: string): boolean => (compiled.length ? compiled.every((suffix) => files.exists(p + suffix)) : files.exists(p));
  if (places.some(opens)) return undefined;
  const deployed = normalize(table.path);
  const source = places.find((p) => files.exists(p));
  if (source === undefined) {
    // in a configuration kept away from config_directory, the file belongs beside its main.cf
    const [first] = places;
    const copy = first === deployed ? undefined : first;
    return diagnostic(
      Code.MissingLookupTable,
      range,
      `${table.path} does not exist${copy ? `, nor does ${copy} beside this configuration` : ''}: smtpd cannot open the ${table.type} table and answers 451 4.3.5 for mail that reaches it.` +
        (compiled.length ? ` Create it, then run "postmap ${table.type}:${table.path}".` : ''),
      [createFileFix(first)],
    );
  }
  const suffix = compiled.find((s) => !files.exists(source + s)) ?? compiled[0];
  // postmap reads the main.cf of the folder the source lies in, when that is this configuration
  const configDir = place && source.startsWith(`${place.dir}/`) ? place.dir : undefined;
  const fix = rebuildFix('postmap', `${table.type}:${source}`, configDir);
  const consequence = `smtpd opens ${table.type}: tables by that file, not the text, and answers 451 4.3.5 for mail that reaches one it cannot open.`;
  if (source !== deployed) {
    return diagnostic(
      Code.MissingLookupTable,
      range,
      `${table.path} lies beside main.cf (${source}) with no ${basename(source)}${suffix} made from it: ${consequence} Deploy it to ${dirname(deployed)} and run postmap there, or run postmap here.`,
      [fix],
    );
  }
  return diagnostic(Code.MissingLookupTable, range, `${source}${suffix} does not exist: ${consequence} Run "postmap ${table.type}:${source}".`, [fix]);
}

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
      const problem = files && missing(table, place, files, range);
      if (problem) out.push(problem);
    }
  }
  return out;
};

export const missingLookupTable = defineCheck({ codes: [Code.MissingLookupTable], kind: 'main', overrideLists: true, run: checkMissingLookupTables });
