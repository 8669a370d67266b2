/** Formatting keeps what Postfix reads: postconf -n prints the same before and after, for every corpus main.cf. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigModel } from '../../server/src/service';
import { format } from '../../server/src/service/features/main/formatting';
import { listWords } from '../../server/src/service/syntax/restrictionList';
import { configDir } from './postconf';
import { STOCK_MASTER as stockMaster } from '../support/fixtures';
import { corpusFiles } from '../support/outside';
import { requirePostfix } from './support';

/** postconf -n's verdict: each parameter's value as list words (commas and blanks separate alike), and its warnings. */
function postconfN(main: string): { values: Record<string, string[]>; warnings: string } {
  const dir = configDir(main, stockMaster);
  const run = spawnSync('postconf', ['-c', dir, '-n'], { encoding: 'utf8' });
  const values: Record<string, string[]> = {};
  for (const line of run.stdout.split(dir).join('DIR').split('\n')) {
    const eq = line.indexOf(' = ');
    if (eq > 0) values[line.slice(0, eq)] = listWords(line.slice(eq + 3)).map((w) => w.text);
  }
  // the values quoted in warnings keep their blanks as written: compare them as words
  const warnings = run.stderr
    .split(dir)
    .join('DIR')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' '))
    .sort();
  return { values, warnings: warnings.join('\n') };
}

const mains = corpusFiles('main.cf', 'postconf -n reads the corpus main.cf files the same after formatting');
for (const file of mains.files) {
  test(`postconf -n reads ${file} the same after formatting`, (t) => {
    if (!requirePostfix(t)) return;
    const text = readFileSync(join(mains.dir, file), 'utf8');
    const doc = TextDocument.create('file:///main.cf', 'postfix-main', 1, text);
    const formatted = TextDocument.applyEdits(doc, format(new ConfigModel({ main: text }), { restrictionsOnePerLine: true }));
    assert.deepEqual(postconfN(formatted), postconfN(text));
  });
}
