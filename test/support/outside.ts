/**
 * Material from outside the repository, named by environment variables:
 * POSTFIX_REFERENCE, a Postfix source tree (postconf.proto, man5/, readme/),
 * and POSTFIX_CORPUS, real configurations in main.cf/, master.cf/ and maps/.
 * A test that needs one and finds it unset is skipped with a line saying what
 * to set; in CI (env CI) it fails instead, since .ci/run sets both.
 * See docs/testing.md.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';

interface Material {
  variable: string;
  /** what the variable must name, for messages */
  what: string;
  /** an entry the directory must have */
  mark: string;
}

const REFERENCE: Material = { variable: 'POSTFIX_REFERENCE', what: 'a Postfix source tree such as postfix-3.11.6', mark: 'postconf.proto' };
const CORPUS: Material = { variable: 'POSTFIX_CORPUS', what: 'a folder of real configs (main.cf/, master.cf/, maps/)', mark: 'main.cf' };

const hint = (m: Material): string => `set ${m.variable} to ${m.what} (see docs/testing.md)`;

/** The directory the variable names, undefined when it is unset; a directory without the mark is a mistake. */
function located(m: Material): string | undefined {
  const dir = process.env[m.variable];
  if (!dir) return undefined;
  if (!existsSync(join(dir, m.mark))) throw new Error(`${m.variable}=${dir} has no ${m.mark}: ${hint(m)}`);
  return dir;
}

const unsetInCi = (m: Material): Error => new Error(`${m.variable} is not set, and CI must run every test: ${hint(m)}`);

function required(m: Material, t: TestContext): string | undefined {
  const dir = located(m);
  if (dir) return dir;
  if (process.env.CI) throw unsetInCi(m);
  t.skip(hint(m));
  return undefined;
}

/** The Postfix source tree, or undefined after skipping the test (failing it in CI). */
export const referenceDir = (t: TestContext): string | undefined => required(REFERENCE, t);

/** The corpus of real configurations, or undefined after skipping the test (failing it in CI). */
export const corpusDir = (t: TestContext): string | undefined => required(CORPUS, t);

/**
 * The corpus when POSTFIX_CORPUS names one, else undefined; in CI its absence
 * is an error. For code that has a fallback rather than a test to skip.
 */
export function corpusIfSet(): string | undefined {
  const dir = located(CORPUS);
  if (!dir && process.env.CI) throw unsetInCi(CORPUS);
  return dir;
}

/** What to set for the corpus, for a warning where a fallback replaces it. */
export const CORPUS_HINT = hint(CORPUS);

export type CorpusFolder = 'main.cf' | 'master.cf' | 'maps';

/**
 * The files of one corpus folder, sorted, for tests made one per file. Without
 * them one test named `title` stands in: skipped with the hint, or failed in
 * CI or when the folder is missing or empty.
 */
export function corpusFiles(folder: CorpusFolder, title: string): { dir: string; files: string[] } {
  let problem: Error | undefined;
  try {
    const root = located(CORPUS);
    if (root) {
      const dir = join(root, folder);
      const files = existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => statSync(join(dir, f)).isFile())
            .sort()
        : [];
      if (files.length) return { dir, files };
      problem = new Error(`POSTFIX_CORPUS=${root} has no files in ${folder}/`);
    }
  } catch (e) {
    problem = e as Error;
  }
  test(title, (t) => {
    if (problem) throw problem;
    corpusDir(t);
  });
  return { dir: '', files: [] };
}
