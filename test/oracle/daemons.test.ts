/**
 * Values postconf -n lets through but the daemons refuse at start: the real
 * master, smtpd and cleanup (through the shared pf-oracle.sh harness) decide,
 * and invalid-value must agree both ways.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import { defaultSettings } from '../../server/src/service/settings';
import { repoRoot, requirePostfix } from './support';

const harness = join(repoRoot, '..', 'shared', 'tools', 'pf-oracle.sh');
/** a default relay list, so that smtpd starts when the line under test is fine */
const BASE = 'compatibility_level = 3.6\n';

const cases: { line: string; fatal?: RegExp }[] = [
  { line: 'smtpd_delay_reject = 1', fatal: /bad boolean configuration/ },
  { line: 'delay_warning_time = 4H', fatal: /bad time value/ },
  { line: 'delay_warning_time = 5 h', fatal: /bad time value/ },
  { line: 'message_size_limit = 10M', fatal: /bad numerical configuration/ },
  { line: 'smtpd_tls_security_level = bogus', fatal: /Invalid TLS level/ },
  { line: 'smtpd_helo_required = YES' },
  { line: 'delay_warning_time = 1h30m' },
  { line: 'smtp_tls_security_level = MAY' },
];

let port = 2700 + (process.pid % 200);

for (const c of cases) {
  test(`daemons agree: ${c.line}`, (t) => {
    if (!requirePostfix(t)) return;
    if (process.getuid?.() !== 0) {
      t.skip('the daemon harness needs root');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'pf-daemon-'));
    const file = join(dir, 'main.cf');
    const main = BASE + c.line + '\n';
    writeFileSync(file, main);
    const run = spawnSync('bash', [harness, file, String(port++)], { encoding: 'utf8', timeout: 60_000 });
    const verdict = run.stdout + run.stderr;
    const ours = checkMainCf(new ConfigModel({ main }), defaultSettings, '3.11').diagnostics.filter((d) => d.code === 'invalid-value');
    if (c.fatal) {
      assert.match(verdict, c.fatal, 'Postfix accepted a value the test expects it to refuse');
      assert.equal(ours.length, 1, 'invalid-value expected');
      assert.equal(ours[0].range.start.line, 1);
    } else {
      assert.doesNotMatch(verdict, /fatal: (bad|parameter|Invalid)/);
      assert.deepEqual(ours, []);
    }
  });
}
