/**
 * The relay checks against the real smtpd (test/oracle/harness.ts: one SMTP
 * dialogue through XCLIENT, RCPT TO rcpt@example.org, a remote domain):
 * where we report open-relay, smtpd accepts the remote recipient from a
 * client outside mynetworks; its near miss gets "Relay access denied". And
 * XCLIENT from an authorized host makes smtpd judge the claimed address, so
 * a wide smtpd_authorized_xclient_hosts lets any client there pass
 * permit_mynetworks. Ports 3400-3449.
 */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import type { Diagnostic } from '../../server/src/service/diagnostics';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { defaultSettings } from '../../server/src/service/settings';
import { postfixVerdict, type SmtpdRun } from './harness';
import { requirePostfix } from './support';

const BASE = 'compatibility_level = 3.6\n';
// 554 from reject_unauth_destination, 454 from the default relay list's defer_unauth_destination
const DENIED = /<<< (554 5|454 4)\.7\.1 <rcpt@example\.org>: Relay access denied/;

/** smtpd's dialogue; a run that got no greeting on a loaded machine is tried once more on another port. */
async function oracle(run: SmtpdRun): Promise<string> {
  const first = await postfixVerdict(run);
  if (!/^!!! (cannot connect|no SMTP greeting)/m.test(first) || / fatal: /.test(first)) return first;
  return postfixVerdict({ ...run, port: run.port + 20 });
}

function ready(t: TestContext): string | undefined {
  const installed = requirePostfix(t);
  if (installed && process.getuid?.() !== 0) {
    t.skip('the smtpd harness needs root');
    return undefined;
  }
  return installed;
}

const where = (ds: Diagnostic[], code: string): number[] => ds.filter((d) => d.code === code).map((d) => d.range.start.line);

interface RelayCase {
  name: string;
  main: string;
  /** the 0-based line of our open-relay error; undefined: none, and smtpd must deny */
  line?: number;
}

const relayCases: RelayCase[] = [
  {
    name: 'check_client_access static:OK before reject_unauth_destination',
    main: BASE + 'smtpd_relay_restrictions = permit_mynetworks, check_client_access static:OK, reject_unauth_destination\n',
    line: 1,
  },
  {
    name: 'near miss: static:DUNNO',
    main: BASE + 'smtpd_relay_restrictions = permit_mynetworks, check_client_access static:DUNNO, reject_unauth_destination\n',
  },
  {
    name: 'a catch-all inline cidr table',
    main: BASE + 'smtpd_relay_restrictions = check_client_access cidr:{ {192.0.2.99 REJECT}, {0.0.0.0/0 OK} }, reject_unauth_destination\n',
    line: 1,
  },
  {
    name: 'near miss: an inline cidr table for another network',
    main: BASE + 'smtpd_relay_restrictions = check_client_access cidr:{ {198.51.100.0/24 OK} }, reject_unauth_destination\n',
  },
  {
    name: 'a restriction class that permits',
    main: BASE + 'smtpd_restriction_classes = anyone\nanyone = permit\nsmtpd_relay_restrictions = anyone, reject_unauth_destination\n',
    line: 3,
  },
  {
    name: 'the old style: an empty relay list and static:OK in the recipient list',
    main: BASE + 'smtpd_relay_restrictions =\nsmtpd_recipient_restrictions = check_recipient_access static:OK, reject_unauth_destination\n',
    line: 2,
  },
  {
    name: 'near miss: the same recipient list behind a relay list that protects',
    main: BASE + 'smtpd_recipient_restrictions = check_recipient_access static:OK, reject_unauth_destination\n',
  },
];

let port = 3400;

describe('open-relay: smtpd relays where we say so', { concurrency: 4 }, () => {
  for (const c of relayCases) {
    const onPort = port++;
    test(c.name, async (t) => {
      const installed = ready(t);
      if (!installed) return;
      const verdict = await oracle({ main: c.main, port: onPort });
      const ours = checkMainCf(new ConfigModel({ main: c.main }), defaultSettings, installed).diagnostics;
      if (c.line === undefined) {
        assert.match(verdict, DENIED, `smtpd did not deny the relay:\n${verdict}`);
        assert.deepEqual(where(ours, 'open-relay'), []);
      } else {
        assert.match(verdict, /RCPT TO:<rcpt@example\.org>\n<<< 250 /, `smtpd did not relay:\n${verdict}`);
        assert.doesNotMatch(verdict, DENIED);
        assert.deepEqual(where(ours, 'open-relay'), [c.line]);
      }
    });
  }
});

describe('xclient-hosts-too-wide: XCLIENT from an authorized host is trusted as the claimed address', { concurrency: 2 }, () => {
  // mynetworks leaves out loopback, where the harness connects from
  const main = BASE + 'mynetworks = 198.51.100.0/24\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n';
  const service = (onPort: number, hosts: string): string => `127.0.0.1:${onPort} inet n - n - - smtpd\n  -o smtpd_authorized_xclient_hosts=${hosts}\n`;

  test('authorized for everyone: a client claiming an address in mynetworks relays', async (t) => {
    const installed = ready(t);
    if (!installed) return;
    const onPort = port++;
    const master = service(onPort, '0.0.0.0/0');
    const verdict = await postfixVerdict({ main, master, port: onPort, clientAddress: '198.51.100.7' });
    assert.match(verdict, /XCLIENT ADDR=198\.51\.100\.7/, verdict);
    assert.match(verdict, /RCPT TO:<rcpt@example\.org>\n<<< 250 /, `the claimed address was not trusted:\n${verdict}`);
    const ours = checkMasterCf(new ConfigModel({ main, master }), defaultSettings, installed).diagnostics;
    assert.deepEqual(where(ours, 'xclient-hosts-too-wide'), [1]);
  });

  test('near miss: XCLIENT only for one other host, so the loopback client is judged as itself', async (t) => {
    const installed = ready(t);
    if (!installed) return;
    const onPort = port++;
    const master = service(onPort, '192.0.2.1');
    const verdict = await postfixVerdict({ main, master, port: onPort, clientAddress: '198.51.100.7' });
    assert.doesNotMatch(verdict, />>> XCLIENT/, verdict);
    assert.match(verdict, DENIED, `smtpd did not deny the relay:\n${verdict}`);
    const ours = checkMasterCf(new ConfigModel({ main, master }), defaultSettings, installed).diagnostics;
    assert.deepEqual(where(ours, 'xclient-hosts-too-wide'), []);
  });
});
