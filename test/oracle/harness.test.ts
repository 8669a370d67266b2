/**
 * The oracle harness itself: what a run asks for reaches smtpd, and a run
 * leaves no Postfix process of its instance behind.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { postfixSessions, postfixVerdict } from './harness';
import { canRunDaemons } from './support';

const BASE = 'compatibility_level = 3.6\n';
let port = 3700 + (process.pid % 200);

/** Processes that belong to the instance of `onPort`: master by its arguments, its children by MAIL_CONFIG. */
function leftovers(onPort: number): string[] {
  const instance = `pf-oracle-${onPort}-`;
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(instance) || readFileSync(`/proc/${pid}/environ`, 'latin1').includes(instance);
    } catch {
      return false; // gone meanwhile
    }
  });
}

test('extra files, the client address and the client name reach smtpd', async (t) => {
  if (!canRunDaemons(t)) return;
  const onPort = port++;
  const verdict = await postfixVerdict({
    main: BASE + 'smtpd_client_restrictions = check_client_access cidr:$config_directory/clients.cidr\n',
    port: onPort,
    clientAddress: '198.51.100.7',
    clientName: '[UNAVAILABLE]',
    files: { 'clients.cidr': '198.51.100.0/24 REJECT go away\n' },
  });
  assert.match(verdict, /^<<< 554 5\.7\.1 <unknown\[198\.51\.100\.7\]>: Client host rejected: go away$/m, verdict);
  assert.deepEqual(leftovers(onPort), []);
});

test('a master.cf entry takes the place of the harness listener; the HELO name reaches smtpd', async (t) => {
  if (!canRunDaemons(t)) return;
  const onPort = port++;
  const verdict = await postfixVerdict({
    main: BASE + 'smtpd_helo_restrictions = check_helo_access inline:{ { greeter.example = REJECT helo seen } }\n',
    port: onPort,
    helo: 'greeter.example',
    master: `127.0.0.1:${onPort} inet n - n - - smtpd -o smtpd_banner=harness-banner\n`,
  });
  assert.match(verdict, /^<<< 220 harness-banner$/m, verdict);
  assert.match(verdict, /Helo command rejected: helo seen/, verdict);
  assert.deepEqual(leftovers(onPort), []);
});

test('a run that smtpd cannot start stops too, with the reason', async (t) => {
  if (!canRunDaemons(t)) return;
  const onPort = port++;
  const verdict = await postfixVerdict({ main: BASE + 'smtpd_delay_reject = maybe\n', port: onPort });
  assert.match(verdict, /^!!! no SMTP greeting/m);
  assert.match(verdict, /^smtpd: fatal: bad boolean configuration: smtpd_delay_reject = maybe$/m);
  assert.deepEqual(leftovers(onPort), []);
});

test('sessions run one after the other against one instance, each as its client, and the whole log comes back', async (t) => {
  if (!canRunDaemons(t)) return;
  const onPort = port++;
  const result = await postfixSessions({
    main: BASE + 'alias_maps =\nsmtpd_relay_restrictions = check_client_access inline:{ { 198.51.100.9 = REJECT not you } }, reject_unauth_destination\n',
    port: onPort,
    clients: [
      { xclient: { ADDR: '198.51.100.9', HELO: 'one.example' }, steps: ['MAIL FROM:<a@example.net>', 'RCPT TO:<b@example.org>'] },
      { xclient: { ADDR: '198.51.100.10', NAME: 'two.example', HELO: 'two.example' }, steps: ['MAIL FROM:<>', 'RCPT TO:<postmaster@localhost>'] },
    ],
  });
  assert.equal(result.transcripts.length, 2);
  assert.ok(result.transcripts[0].includes('<<< 554 5.7.1 <unknown[198.51.100.9]>: Client host rejected: not you'), result.transcripts[0].join('\n'));
  assert.ok(result.transcripts[1].includes('<<< 250 2.1.5 Ok'), result.transcripts[1].join('\n'));
  assert.match(result.maillog, /NOQUEUE: reject: RCPT from unknown\[198\.51\.100\.9\]: 554 5\.7\.1 .*helo=<one\.example>/);
  assert.deepEqual(result.complaints, []);
  assert.deepEqual(leftovers(onPort), []);
});
