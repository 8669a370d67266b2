/**
 * Every corpus main.cf parses, and our postconf-class checks agree with the
 * real `postconf -n` on it (with the master.cf of the same origin, else the
 * stock one).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import { defaultSettings } from '../../server/src/service/settings';
import { compareWithPostconf } from './compare';
import { configDir, runPostconf } from './postconf';
import { corpusDir, requirePostfix } from './support';

const mainDir = join(corpusDir, 'main.cf');
const masterDir = join(corpusDir, 'master.cf');
const stockMaster = join(masterDir, 'postfix__postfix_conf_master.cf');

/** The master.cf published beside this main.cf, else the only one of the same project. */
function masterFor(file: string): string | undefined {
  const same = file.replace(/main\.cf.*$/, 'master.cf');
  if (existsSync(join(masterDir, same))) return join(masterDir, same);
  const origin = file.split('__')[0] + '__';
  const candidates = readdirSync(masterDir).filter((m) => m.startsWith(origin));
  return candidates.length === 1 ? join(masterDir, candidates[0]) : undefined;
}

const files = readdirSync(mainDir).sort();

test('the corpus is there', () => assert.ok(files.length >= 30, `${files.length} main.cf files`));

for (const file of files) {
  const mainPath = join(mainDir, file);
  const masterPath = masterFor(file);
  const text = readFileSync(mainPath, 'utf8');
  const master = readFileSync(masterPath ?? stockMaster, 'utf8');

  test(`corpus ${file}: parses and checks without throwing`, () => {
    const report = checkMainCf(new ConfigModel({ main: text, master }), defaultSettings, '3.11');
    assert.deepEqual(report.failures, []);
  });

  test(`corpus ${file}: agrees with postconf -n`, (t) => {
    const version = requirePostfix(t);
    if (!version) return;
    const dir = configDir(mainPath, masterPath ?? stockMaster, { isFile: true });
    const warnings = runPostconf(dir);
    const report = checkMainCf(new ConfigModel({ main: text, master }), defaultSettings, version);
    const { missing, extra } = compareWithPostconf(text, report.diagnostics, warnings);
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
  });
}


