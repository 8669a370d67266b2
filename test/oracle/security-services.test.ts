/**
 * The real Postfix behind the service checks: master cannot bind two entries
 * that name one socket differently, and trivial-rewrite warns about a domain
 * in two address classes when mail for it comes in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import { Code } from '../../server/src/service/diagnostics';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { defaultSettings } from '../../server/src/service/settings';
import { postfixVerdict } from './harness';
import { requirePostfix } from './support';

const BASE = 'compatibility_level = 3.6\n';

test('duplicate-listener: an entry without address beside 127.0.0.1:PORT (inet_interfaces = 127.0.0.1): both listen, connections go to either', async (t) => {
  const version = requirePostfix(t);
  if (!version) return;
  const port = 3501;
  // the harness adds its own "127.0.0.1:PORT inet" smtpd after this entry
  const master = `${port} inet n - n - - smtpd -o smtpd_banner=other.example\n`;
  const verdict = await postfixVerdict({ main: BASE, port, master, greetings: 16 });
  assert.doesNotMatch(verdict, /Address already in use|fatal/, verdict);
  assert.match(verdict, /^<<< 220 other\.example$/m, 'the entry without address answers some connections');
  assert.match(verdict, /^<<< 220 \S+ ESMTP Postfix/m, "the harness's entry answers others");
  const whole = `${master}127.0.0.1:${port} inet n - n - - smtpd\n`;
  const ours = checkMasterCf(new ConfigModel({ main: BASE + 'inet_interfaces = 127.0.0.1\n', master: whole }), defaultSettings, version).diagnostics;
  const found = ours.filter((d) => d.code === Code.DuplicateListener);
  assert.deepEqual(
    found.map((d) => d.range.start.line),
    [1],
  );
  assert.match(typeof found[0].message === 'string' ? found[0].message : found[0].message.value, /at random/);
});

test('duplicate-listener near miss: the entry on another loopback address, every connection to 127.0.0.1 gets the same service', async (t) => {
  const version = requirePostfix(t);
  if (!version) return;
  const port = 3502;
  const master = `127.0.0.2:${port} inet n - n - - smtpd -o smtpd_banner=other.example\n`;
  const verdict = await postfixVerdict({ main: BASE, port, master, greetings: 8 });
  assert.match(verdict, /^<<< 220 \S+ ESMTP Postfix/m, verdict);
  assert.doesNotMatch(verdict, /other\.example/);
  const whole = `${master}127.0.0.1:${port} inet n - n - - smtpd\n`;
  const ours = checkMasterCf(new ConfigModel({ main: BASE + 'inet_interfaces = 127.0.0.1\n', master: whole }), defaultSettings, version).diagnostics;
  assert.deepEqual(
    ours.filter((d) => d.code === Code.DuplicateListener),
    [],
  );
});

test('domain-in-two-classes: trivial-rewrite warns when mail for the domain arrives', async (t) => {
  if (!requirePostfix(t)) return;
  // the harness sends RCPT TO:<rcpt@example.org>
  const main = `${BASE}alias_maps =\nmydestination = $myhostname, localhost, example.org\nvirtual_alias_domains = example.org\n`;
  const verdict = await postfixVerdict({ main, port: 3503 });
  assert.match(verdict, /trivial-rewrite: warning: do not list domain example\.org in BOTH mydestination and virtual_alias_domains/, verdict);
  const ours = checkMainCf(new ConfigModel({ main }), defaultSettings, '3.7').diagnostics.filter((d) => d.code === Code.DomainInTwoClasses);
  assert.equal(ours.length, 1);
  assert.equal(ours[0].range.start.line, 3);
});

test('domain-in-two-classes: trivial-rewrite warns about virtual_alias_domains and relay_domains too', async (t) => {
  if (!requirePostfix(t)) return;
  const main = `${BASE}virtual_alias_domains = example.org\nrelay_domains = example.org\n`;
  const verdict = await postfixVerdict({ main, port: 3505 });
  assert.match(verdict, /trivial-rewrite: warning: do not list domain example\.org in BOTH virtual_alias_domains and relay_domains/, verdict);
  const ours = checkMainCf(new ConfigModel({ main }), defaultSettings, '3.7').diagnostics.filter((d) => d.code === Code.DomainInTwoClasses);
  assert.deepEqual(
    ours.map((d) => d.range.start.line),
    [2],
  );
});

test('domain-in-two-classes near miss: mydestination and relay_domains, trivial-rewrite says nothing', async (t) => {
  if (!requirePostfix(t)) return;
  const main = `${BASE}alias_maps =\nmydestination = $myhostname, localhost, example.org\nrelay_domains = example.org\n`;
  const verdict = await postfixVerdict({ main, port: 3504 });
  assert.match(verdict, /<rcpt@example\.org>: .*local recipient table/, 'resolved as a local domain');
  assert.doesNotMatch(verdict, /in BOTH/);
  assert.deepEqual(
    checkMainCf(new ConfigModel({ main }), defaultSettings, '3.7').diagnostics.filter((d) => d.code === Code.DomainInTwoClasses),
    [],
  );
});
