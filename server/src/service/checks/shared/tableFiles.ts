/**
 * Whether Postfix can open the file of a table a configuration names, and
 * what follows when it cannot: shared by the main.cf check (restriction lists
 * and table parameters) and the master.cf check of -o options.
 */
import { dirname, isAbsolute, normalize } from 'node:path/posix';
import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import type { FileSystem } from '../../files';
import { compiledSuffixes, hasSourceFile } from '../../knowledge/tableTypes';
import { tableTarget } from '../../model/tableDetect';
import { tablePlaces, type ConfigPlace } from '../../model/tablePaths';
import type { Range } from '../../syntax/text';
import { createFileFix, rebuildFix } from './fixes';

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** What follows when Postfix cannot open a table: for an access table of a restriction, or for a table a parameter names. */
export interface Effect {
  absent: string;
  notCompiled: string;
  /** what builds the compiled file: postalias for alias tables */
  tool: 'postmap' | 'postalias';
}

export const accessEffect = (type: string): Effect => ({
  absent: `smtpd cannot open the ${type} table and answers 451 4.3.5 for mail that reaches it.`,
  notCompiled: `smtpd opens ${type}: tables by that file, not the text, and answers 451 4.3.5 for mail that reaches one it cannot open.`,
  tool: 'postmap',
});

export const parameterEffect = (type: string, parameter: string): Effect => ({
  absent: `Postfix cannot open the ${type} table of ${parameter}: its lookups fail, and the mail that needs them is deferred.`,
  notCompiled: `Postfix opens ${type}: tables by that file, not the text: the lookups of ${parameter} fail, and the mail that needs them is deferred.`,
  tool: parameter === 'alias_maps' || parameter === 'alias_database' ? 'postalias' : 'postmap',
});

/**
 * A table Postfix cannot open: no file at any place it may be, or for an
 * indexed type no compiled file (Postfix opens only that, the source may be
 * there or not). Undefined when it is there.
 */
function missing(
  table: { type: string; path: string },
  place: ConfigPlace | undefined,
  files: FileSystem,
  range: Range,
  effect: Effect,
): Diagnostic | undefined {
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
      `${table.path} does not exist${copy ? `, nor does ${copy} beside this configuration` : ''}: ${effect.absent}` +
        (compiled.length ? ` Create it, then run "${effect.tool} ${table.type}:${table.path}".` : ''),
      [createFileFix(first)],
    );
  }
  const suffix = compiled.find((s) => !files.exists(source + s)) ?? compiled[0];
  // postmap reads the main.cf of the folder the source lies in, when that is this configuration
  const configDir = place && source.startsWith(`${place.dir}/`) ? place.dir : undefined;
  const fix = rebuildFix(effect.tool, `${table.type}:${source}`, configDir);
  if (source !== deployed) {
    return diagnostic(
      Code.MissingLookupTable,
      range,
      `${table.path} lies beside main.cf (${source}) with no ${basename(source)}${suffix} made from it: ${effect.notCompiled} Deploy it to ${dirname(deployed)} and run ${effect.tool} there, or run ${effect.tool} here.`,
      [fix],
    );
  }
  return diagnostic(Code.MissingLookupTable, range, `${source}${suffix} does not exist: ${effect.notCompiled} Run "${effect.tool} ${table.type}:${source}".`, [
    fix,
  ]);
}

/** The problem with one table word, or undefined: a relative path, or a file Postfix cannot open. */
export function tableProblem(
  text: string,
  range: Range,
  effect: (type: string) => Effect,
  place: ConfigPlace | undefined,
  files: FileSystem | undefined,
): Diagnostic | undefined {
  if (text.includes('$')) return undefined;
  const table = tableTarget(text);
  // regexp:{{/a/ b}} and the like hold their rules in the name: no file to find
  if (!table || !hasSourceFile(table.type) || table.path === '' || table.path.startsWith('{')) return undefined;
  if (!isAbsolute(table.path)) {
    return diagnostic(
      Code.MissingLookupTable,
      range,
      `"${table.path}" is a relative path: Postfix daemons resolve it against their own working directory (the queue directory, maybe inside a chroot). Give the absolute path, e.g. /etc/postfix/${table.path}.`,
    );
  }
  return files && missing(table, place, files, range, effect(table.type));
}
