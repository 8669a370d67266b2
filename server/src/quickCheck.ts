/**
 * `check FILE` of an access map with no configuration around it, answered
 * without the language service: the entry point tries this before it loads
 * the commands' code, which alone takes longer to start than postmap takes
 * to build a database of 200,000 lines. It answers only "nothing to
 * report" (exit 0, no output), and only where the check command would say
 * the same: the file is taken for an indexed access table by its name alone
 * (no main.cf or master.cf beside it or in the three folders above that
 * sets anything, no "# postfix-" first line), its compiled file is not stale,
 * and cleanAccessTable finds it clean. Anything else returns undefined, and
 * the check command runs as ever.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { NEWEST_VERSION } from './service/knowledge/versions';
import { nodeFiles } from './nodeFiles';

/** access, sender_access, client-access ...: names that make an access table and nothing else (see roleFromName in tableDetect). */
const ACCESS_NAME = /^(access|[a-z0-9]+[_-]access)$/i;
/** names an earlier rule of roleFromName takes for another role */
const OTHER_ROLE = /postscreen|header|body/i;
const BLANK_OR_COMMENT = /^[ \t]*(#.*)?$/;
/** how many folders above a file the workspace reads main.cf in (database client files) */
const ANCESTOR_LEVELS = 3;

/** A main.cf or master.cf that sets nothing: missing, or only blank and comment lines; undefined when it sets something or cannot be read. */
function setsNothing(path: string): { exists: boolean } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { exists: false } : undefined;
  }
  return text.split('\n').every((line) => BLANK_OR_COMMENT.test(line)) ? { exists: true } : undefined;
}

/**
 * The exit status of `check FILE` when the shortcut can tell it, else
 * undefined. The checks it borrows are loaded only for a file it may take:
 * a main.cf goes on to the check command without them.
 */
export async function quickCheck(args: readonly string[]): Promise<number | undefined> {
  if (args.length !== 1 || args[0].startsWith('-')) return undefined;
  const path = resolve(args[0]);
  const name = basename(path);
  if (!ACCESS_NAME.test(name) || OTHER_ROLE.test(name)) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  // "# postfix-map: ..." or "# postfix-dbms: ..." says what the file is
  const lf = bytes.indexOf(10);
  if (/postfix-/i.test(bytes.toString('latin1', 0, lf < 0 ? bytes.length : lf))) return undefined;
  const dir = dirname(path);
  const main = setsNothing(join(dir, 'main.cf'));
  if (!main || !setsNothing(join(dir, 'master.cf'))) return undefined;
  for (let level = 0, above = dir; level < ANCESTOR_LEVELS && above !== dirname(above); level++) {
    above = dirname(above);
    if (!setsNothing(join(above, 'main.cf')) || !setsNothing(join(above, 'master.cf'))) return undefined;
  }
  const info = { path, flavour: 'indexed', role: 'access', source: 'name', ...(main.exists ? { configDir: dir } : {}) } as const;
  const [{ staleTable }, { cleanAccessTable }] = await Promise.all([import('./service/checks/table/staleTable.js'), import('./service/cleanAccessTable.js')]);
  // the stale check reads the first line only for where to put what it reports
  const parsed = { flavour: 'indexed' as const, lines: [], comments: [], lineCount: 0 };
  if (staleTable.run({ parsed, info, target: NEWEST_VERSION, files: nodeFiles }).length) return undefined;
  // a main.cf beside the table, even an empty one, makes its restriction classes known: none
  const classes = main.exists ? new Set<string>() : undefined;
  return cleanAccessTable(bytes, { classes, target: NEWEST_VERSION }) ? 0 : undefined;
}
