/**
 * Restriction lists judged by the real smtpd (through the oracle
 * harness: master + smtpd on a loopback port and one SMTP
 * dialogue as 192.0.2.10, MAIL FROM sender@example.net, RCPT TO
 * rcpt@example.org and a local postmaster): where smtpd complains about a
 * list, we must report the expected code on the line of that list; where it
 * accepts the list, we must raise no error; where it silently skips a
 * restriction (smtpd_delay_reject = no), the dialogue shows it.
 *
 * Cases run concurrently on distinct ports; each run takes about a second.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import { DiagnosticSeverity, type Diagnostic } from '../../server/src/service/diagnostics';
import { defaultSettings } from '../../server/src/service/settings';
import { SEED_POLICY } from '../support/fixtures';
import { postfixVerdict } from './harness';
import { requirePostfix } from './support';

/** a default relay list (permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination) */
const BASE = 'compatibility_level = 3.6\n';

/** What smtpd says about a restriction list it cannot use. */
const COMPLAINT =
  /(warning|fatal): (unknown smtpd restriction|restriction |support for restriction|in parameter smtpd_relay_restrictions|RBL reply error|unsupported dictionary type|need service transport|invalid transport name|.*need maptype:mapname)/;

interface Case {
  name: string;
  main: string;
  /** smtpd's complaint; absent: smtpd accepts the list */
  smtpd?: RegExp;
  /** the diagnostics we must report, as [code, line] */
  ours?: [string, number][];
  /** warning lines of this case that are not about the list (e.g. an absent policy server) */
  noise?: RegExp;
  /** codes we must not report */
  notOurs?: string[];
  /** an SMTP reply that must (reply) or must not (noReply) appear in the dialogue */
  reply?: RegExp;
  noReply?: RegExp;
  /** smtpd only warns and keeps working: we must not raise an error either */
  warningOnly?: boolean;
  todo?: string;
}

/** The seed policy with tables smtpd can open (inline: and static: instead of hash: files that do not exist). */
const SEED_OPENABLE = SEED_POLICY.replace('hash:/etc/postfix/recipient_access', 'inline:{ rcpt@example.org=DUNNO }')
  .replace('hash:/etc/postfix/helo_checks', 'static:DUNNO')
  .replace('hash:/etc/postfix/sender_access', 'inline:{ sender@example.net=DUNNO }');

const RELAY_FATAL = /fatal: in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, specify at least one working instance of/;

const cases: Case[] = [
  // ------------------------------------------------------------ smtpd complains
  {
    name: 'an unknown name in smtpd_client_restrictions',
    main: BASE + 'smtpd_client_restrictions = reject_bogus_thing\n',
    smtpd: /warning: unknown smtpd restriction: "reject_bogus_thing"/,
    ours: [['unknown-restriction', 1]],
  },
  {
    name: 'an unknown name in a $list spliced into smtpd_client_restrictions',
    main: BASE + 'my_list = reject_bogus_thing\nsmtpd_client_restrictions = $my_list\n',
    smtpd: /warning: unknown smtpd restriction: "reject_bogus_thing"/,
    ours: [['unknown-restriction', 1]],
  },
  {
    name: 'a restriction class named in another case',
    main: BASE + 'smtpd_restriction_classes = my_class\nmy_class = reject_unauth_destination\nsmtpd_relay_restrictions = permit_mynetworks, MY_CLASS\n',
    smtpd: RELAY_FATAL,
    ours: [
      ['no-relay-protection', 3],
      ['unknown-restriction', 3],
    ],
  },
  {
    name: 'check_client_access without a table',
    main: BASE + 'smtpd_client_restrictions = check_client_access\n',
    smtpd: /warning: restriction check_client_access: bad argument/,
    ours: [['restriction-missing-argument', 1]],
  },
  {
    name: 'reject_rbl_client without a domain',
    main: BASE + 'smtpd_client_restrictions = permit_sasl_authenticated, reject_rbl_client\n',
    smtpd: /warning: restriction reject_rbl_client requires domain name argument/,
    ours: [['restriction-missing-argument', 1]],
  },
  {
    name: 'sleep x',
    main: BASE + 'smtpd_client_restrictions = sleep x\n',
    smtpd: /warning: restriction sleep must be followed by number/,
    ours: [['restriction-invalid-argument', 1]],
  },
  {
    name: 'check_client_access followed by a restriction, not a table',
    main: BASE + 'smtpd_client_restrictions = check_client_access permit_mynetworks\n',
    smtpd: /bad argument "permit_mynetworks": need maptype:mapname/,
    ours: [['restriction-invalid-argument', 1]],
  },
  {
    name: 'a table of an unknown type',
    main: BASE + 'smtpd_client_restrictions = check_client_access foo:/x\n',
    smtpd: /unsupported dictionary type: foo/,
    ours: [['restriction-invalid-argument', 1]],
  },
  {
    name: 'a DNS list reply filter out of range',
    main: BASE + 'smtpd_client_restrictions = reject_rbl_client zen.spamhaus.org=127.0.0.256\n',
    smtpd: /fatal: RBL reply error/,
    ours: [['restriction-invalid-argument', 1]],
  },
  {
    name: 'a policy server without inet: or unix:',
    main: BASE + 'smtpd_client_restrictions = check_policy_service 127.0.0.1:10023\n',
    smtpd: /fatal: invalid transport name/,
    ours: [['restriction-invalid-argument', 1]],
  },
  {
    name: 'no relay protection: smtpd_relay_restrictions = permit_mynetworks',
    main: BASE + 'smtpd_relay_restrictions = permit_mynetworks\n',
    smtpd: RELAY_FATAL,
    ours: [['no-relay-protection', 1]],
  },
  {
    name: 'no relay protection: an empty main.cf (compatibility_level 0)',
    main: '',
    smtpd: RELAY_FATAL,
    ours: [['no-relay-protection', 0]],
  },
  {
    name: 'no relay protection: only warn_if_reject reject_unauth_destination',
    main: BASE + 'smtpd_relay_restrictions = permit_mynetworks, warn_if_reject reject_unauth_destination\n',
    smtpd: RELAY_FATAL,
    ours: [['no-relay-protection', 1]],
  },
  {
    name: 'no relay protection: reject_unauth_destination after permit',
    main: BASE + 'smtpd_relay_restrictions = permit, reject_unauth_destination\n',
    smtpd: /warning: restriction `reject_unauth_destination' after `permit' is ignored/,
    ours: [
      ['no-relay-protection', 1],
      ['unreachable-restriction', 1],
    ],
  },
  {
    name: 'check_relay_domains: deprecated, still working in 3.7',
    main: BASE + 'smtpd_relay_restrictions = permit_mynetworks, check_relay_domains\n',
    smtpd: /warning: support for restriction "check_relay_domains" will be removed/,
    ours: [['deprecated-restriction', 1]],
    warningOnly: true,
  },
  {
    name: 'no relay protection: WARN_IF_REJECT in capitals does not count either',
    main: BASE + 'smtpd_relay_restrictions = permit_mynetworks, WARN_IF_REJECT reject_unauth_destination\n',
    smtpd: RELAY_FATAL,
    ours: [['no-relay-protection', 1]],
  },
  {
    name: 'no relay protection: PERMIT in capitals ends the search',
    main: BASE + 'smtpd_relay_restrictions = PERMIT, reject_unauth_destination\n',
    smtpd: RELAY_FATAL,
    ours: [['no-relay-protection', 1]],
  },
  // ------------------------------------------------------------ smtpd accepts
  {
    name: 'the seed configuration with tables that open (inline:, static:)',
    main: SEED_OPENABLE,
  },
  {
    name: 'relay protection through a restriction class, after warn_if_reject and a restriction',
    main:
      BASE +
      'smtpd_restriction_classes = relay_guard\n' +
      'relay_guard = reject_unauth_destination\n' +
      'smtpd_relay_restrictions = permit_mynetworks, warn_if_reject reject_unknown_sender_domain, relay_guard\n',
  },
  {
    name: 'names in any case, a bare table, inline:, a reply filter, a { } policy server, relay protection in smtpd_recipient_restrictions',
    main:
      BASE +
      'smtpd_client_restrictions = REJECT_UNAUTH_PIPELINING, Permit_Mynetworks, static:DUNNO,\n' +
      '    reject_rbl_client zen.spamhaus.org=127.0.0.[2..11], check_client_access inline:{ 192.0.2.99=REJECT },\n' +
      '    check_policy_service { inet:127.0.0.1:10023, default_action=DUNNO }\n' +
      'smtpd_relay_restrictions =\n' +
      'smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination\n',
    noise: /(connect to|problem talking to server) 127\.0\.0\.1:10023/,
  },
  // smtpd_delay_reject = no: the client list runs at connect time, before MAIL FROM
  {
    name: 'check_sender_access in smtpd_client_restrictions with smtpd_delay_reject = no never fires',
    main: BASE + 'smtpd_delay_reject = no\nsmtpd_client_restrictions = check_sender_access inline:{ sender@example.net=REJECT }\n',
    noReply: /Sender address rejected/,
    ours: [['restriction-wrong-stage', 2]],
  },
  {
    name: 'check_sender_access in smtpd_client_restrictions with the default smtpd_delay_reject = yes fires',
    main: BASE + 'smtpd_client_restrictions = check_sender_access inline:{ sender@example.net=REJECT }\n',
    reply: /554 5\.7\.1 <sender@example\.net>: Sender address rejected: Access denied/,
    notOurs: ['restriction-wrong-stage'],
  },
  {
    name: 'REJECT_UNAUTH_DESTINATION in capitals is relay protection',
    main: BASE + 'smtpd_relay_restrictions = permit_mynetworks, REJECT_UNAUTH_DESTINATION\n',
  },
  {
    name: 'the sleep example of postconf(5) at connection time is accepted, and no wrong stage',
    main: BASE + 'smtpd_delay_reject = no\nsmtpd_client_restrictions = sleep 1, reject_unauth_pipelining\n',
    notOurs: ['restriction-wrong-stage'],
  },
  {
    name: 'a restriction class without a definition stops smtpd',
    main: BASE + 'smtpd_restriction_classes = trusted\n',
    smtpd: /fatal: restriction class `trusted' needs a definition/,
    ours: [['undefined-parameter-reference', 1]],
  },
  {
    name: 'a comment after a restriction list is read as restrictions',
    main: BASE + 'smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination # no relay\n',
    smtpd: /warning: unknown smtpd restriction: "#"/,
    ours: [['inline-comment', 1]],
    notOurs: ['unknown-restriction'],
  },
];

let port = 3200 + (process.pid % 400);

/**
 * smtpd's verdict on `main`: the harness output (warnings, fatals, transcript).
 * On a loaded machine smtpd may not answer within the harness's 5 s; without a
 * fatal that explains it, that run says nothing and is repeated once.
 */
async function oracle(main: string, onPort: number): Promise<string> {
  const first = await postfixVerdict({ main, port: onPort });
  if (!/^!!! (cannot connect|no SMTP greeting)/m.test(first) || / fatal: /.test(first)) return first;
  return postfixVerdict({ main, port: onPort + 1000 });
}

const where = (ds: Diagnostic[]): string[] => ds.map((d) => `${d.code}@${d.range.start.line}`);

describe('smtpd agrees on restriction lists', { concurrency: 6 }, () => {
  for (const c of cases) {
    const onPort = port++;
    test(c.name, { todo: c.todo }, async (t) => {
      const installed = requirePostfix(t);
      if (!installed) return;
      if (process.getuid?.() !== 0) {
        t.skip('the smtpd harness needs root');
        return;
      }
      const verdict = await oracle(c.main, onPort);
      const report = checkMainCf(new ConfigModel({ main: c.main }), defaultSettings, installed);
      assert.deepEqual(report.failures, []);
      const ours = report.diagnostics;
      if (c.smtpd) {
        assert.match(verdict, c.smtpd, `smtpd did not complain as expected:\n${verdict}`);
        if (c.warningOnly) {
          assert.doesNotMatch(verdict, /fatal:|451 4\.3\.5/, `smtpd failed:\n${verdict}`);
          assert.deepEqual(where(ours.filter((d) => d.severity === DiagnosticSeverity.Error)), []);
        }
      } else {
        const complaints = verdict.split('\n').filter((l) => /\b(warning|fatal):/.test(l) && !(c.noise && c.noise.test(l)));
        assert.deepEqual(complaints, [], `smtpd complained:\n${verdict}`);
        assert.doesNotMatch(verdict, COMPLAINT);
        assert.doesNotMatch(verdict, /451 4\.3\.5|no SMTP greeting/, `smtpd failed:\n${verdict}`);
        const errors = ours.filter((d) => d.severity === DiagnosticSeverity.Error);
        assert.deepEqual(where(errors), [], 'no error-severity diagnostic for a list smtpd accepts');
      }
      if (c.reply) assert.match(verdict, c.reply, `the dialogue lacks ${c.reply}:\n${verdict}`);
      if (c.noReply) assert.doesNotMatch(verdict, c.noReply, `the dialogue has ${c.noReply}:\n${verdict}`);
      for (const [code, line] of c.ours ?? []) {
        assert.ok(
          ours.some((d) => d.code === code && d.range.start.line === line),
          `expected ${code}@${line}; we report ${where(ours).join(', ') || 'nothing'}\nsmtpd:\n${verdict}`,
        );
      }
      for (const code of c.notOurs ?? []) {
        assert.deepEqual(where(ours.filter((d) => d.code === code)), [], `no ${code} expected`);
      }
    });
  }
});
