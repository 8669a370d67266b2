/**
 * `check FILE` of an access map, answered without the language service where
 * it can be: the entry point tries this before it loads the commands' code,
 * which alone takes longer to start than postmap takes to build a database of
 * 200,000 lines. It answers only "nothing to report" (exit 0, no output), and
 * only where the check command would say the same: the file's name makes it
 * an access table, its compiled file is not stale, and cleanAccessTable finds
 * it clean. With no main.cf or master.cf beside it or in the three folders
 * above that sets anything (and no "# postfix-" first line) the name alone
 * tells what the table is; otherwise the check command's own workspace is
 * asked (accessTableFacts, loaded only then), so that the map is judged with
 * what main.cf says of it. Anything else returns undefined, and the check
 * command runs as ever.
 */
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { NEWEST_VERSION } from './service/knowledge/versions';
import { nodeFiles } from './nodeFiles';
import type { AccessTableFacts } from './accessTableFacts';

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

/** What the configuration around a map says of it: accessTableFacts, from a bundle of its own (dist/tableFacts.js). */
export type TableFacts = (path: string, ascii: Buffer) => AccessTableFacts | undefined;

/** The facts of a map that nothing around it says more about: its name tells them. */
function plainFacts(path: string, bytes: Buffer): AccessTableFacts | undefined {
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
  // a main.cf beside the table, even an empty one, makes its restriction classes known: none
  if (!main.exists) return { info: { path, flavour: 'indexed', role: 'access', source: 'name' } };
  return { info: { path, flavour: 'indexed', role: 'access', source: 'name', configDir: dir }, classes: new Set() };
}

/**
 * The exit status of `check FILE` when the shortcut can tell it, else
 * undefined. The checks it borrows are loaded only for a file it may take:
 * a main.cf goes on to the check command without them. `configured` is asked
 * only for a map with a configuration around it.
 */
export async function quickCheck(args: readonly string[], configured: TableFacts): Promise<number | undefined> {
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
  // the check command reads the file as UTF-8, which for ASCII gives a character for each byte
  if (!isAscii(bytes)) return undefined;
  const facts = plainFacts(path, bytes) ?? configured(path, bytes);
  if (!facts) return undefined;
  const [{ staleTable }, { cleanAccessTable }, { onlyClientLookups }] = await Promise.all([
    import('./service/checks/table/staleTable.js'),
    import('./service/cleanAccessTable.js'),
    import('./service/checks/table/accessKeys.js'),
  ]);
  // the stale check reads the first line only for where to put what it reports
  const parsed = { flavour: 'indexed' as const, lines: [], comments: [], lineCount: 0 };
  if (staleTable.run({ parsed, info: facts.info, target: NEWEST_VERSION, files: nodeFiles }).length) return undefined;
  const context = { classes: facts.classes, target: NEWEST_VERSION, clientOnly: onlyClientLookups(facts.info) };
  return cleanAccessTable(bytes, context) ? 0 : undefined;
}
