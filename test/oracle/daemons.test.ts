/**
 * Values postconf -n lets through but the daemons refuse at start: the real
 * master, smtpd and cleanup (through the oracle harness) decide,
 * and invalid-value must agree both ways.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import { defaultSettings } from '../../server/src/service/settings';
import { postfixVerdict } from './harness';
import { requirePostfix } from './support';

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
  // what follows the unit letter is ignored
  { line: 'delay_warning_time = 4h # four hours' },
  { line: 'smtp_tls_security_level = MAY' },
];

let port = 2700 + (process.pid % 200);

for (const c of cases) {
  test(`daemons agree: ${c.line}`, async (t) => {
    if (!requirePostfix(t)) return;
    if (process.getuid?.() !== 0) {
      t.skip('the daemon harness needs root');
      return;
    }
    const main = BASE + c.line + '\n';
    const verdict = await postfixVerdict({ main, port: port++ });
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
