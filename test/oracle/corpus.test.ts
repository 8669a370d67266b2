/**
 * Every corpus main.cf parses, and our postconf-class checks agree with the
 * real `postconf -n` on it (with the master.cf of the same origin, else the
 * stock services of test/fixtures), the database client files it cannot
 * open included.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { nodeFiles } from '../../server/src/nodeFiles';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { defaultSettings } from '../../server/src/service/settings';
import { compareWithPostconf } from './compare';
import { MAIN_SECURITY, securitySummary } from './corpusSecurity';
import { configDir, runPostconf } from './postconf';
import { fixturesDir } from '../support/fixtures';
import { corpusFiles } from '../support/outside';
import { requirePostfix } from './support';

const mains = corpusFiles('main.cf', 'corpus main.cf files: parse, check, and agree with postconf -n');
const stockMaster = join(fixturesDir, 'seeds', 'master.cf', 'stock.cf');

/** The master.cf published beside this main.cf, else the only one of the same project. */
function masterFor(file: string): string | undefined {
  const masterDir = join(dirname(mains.dir), 'master.cf');
  const same = file.replace(/main\.cf.*$/, 'master.cf');
  if (existsSync(join(masterDir, same))) return join(masterDir, same);
  const origin = file.split('__')[0] + '__';
  const candidates = existsSync(masterDir) ? readdirSync(masterDir).filter((m) => m.startsWith(origin)) : [];
  return candidates.length === 1 ? join(masterDir, candidates[0]) : undefined;
}

for (const file of mains.files) {
  const mainPath = join(mains.dir, file);
  const masterPath = masterFor(file);
  const text = readFileSync(mainPath, 'utf8');
  const master = readFileSync(masterPath ?? stockMaster, 'utf8');

  test(`corpus ${file}: parses and checks without throwing`, () => {
    const report = checkMainCf(new ConfigModel({ main: text, master }), defaultSettings, '3.11');
    assert.deepEqual(report.failures, []);
  });

  test(`corpus ${file}: exactly the security diagnostics judged true`, () => {
    const report = checkMainCf(new ConfigModel({ main: text, master }), defaultSettings, '3.11');
    assert.deepEqual(securitySummary(report.diagnostics), MAIN_SECURITY[file] ?? []);
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

  test(`corpus ${file}: the client files postconf cannot open are those we report missing`, (t) => {
    const version = requirePostfix(t);
    if (!version) return;
    const dir = configDir(mainPath, masterPath ?? stockMaster, { isFile: true });
    const warnings = runPostconf(dir);
    // a line postconf stops at (a template's {% if %}) ends its reading before the tables
    if (warnings.some((w) => w.text.startsWith('postconf: fatal:'))) return;
    const opened = (text: string): string | undefined => / configuration "([^"]+)": No such file/.exec(text)?.[1];
    const theirs = new Set(warnings.map((w) => opened(w.text)).filter((p) => p !== undefined));
    const model = new ConfigModel({ main: text, master });
    const ours = new Set(
      [
        ...checkMainCf(model, defaultSettings, version, nodeFiles, dir).diagnostics,
        ...checkMasterCf(model, defaultSettings, version, nodeFiles, dir).diagnostics,
      ]
        .filter((d) => d.code === 'missing-lookup-table')
        .map((d) => opened(typeof d.message === 'string' ? d.message : d.message.value))
        .filter((p) => p !== undefined),
    );
    assert.deepEqual([...ours].sort(), [...theirs].sort());
  });
}
