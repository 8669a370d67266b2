/**
 * The SMTP restriction-list diagnostics: one describe block per code, with
 * the cases where smtpd complains (at exact ranges) and the cases where it
 * does not (no false positive). The oracle test (test/oracle/smtpd.test.ts)
 * checks a subset against the real smtpd.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CreateFile, TextDocumentEdit } from 'vscode-languageserver-types';
import { checkMainCf, ConfigModel, type CheckReport, type FileSystem } from '../../server/src/service';
import { Code, DiagnosticSeverity, type Diagnostic, type Fix, type FixData } from '../../server/src/service/diagnostics';
import { codeActions } from '../../server/src/service/features/shared/codeActions';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { classNames, restrictionClasses, restrictionLists } from '../../server/src/service/model/restrictionLists';
import { defaultSettings } from '../../server/src/service/settings';
import { parseRestrictionList } from '../../server/src/service/syntax/restrictionList';
import { range } from '../../server/src/service/syntax/text';
import { find } from './ranges';
import { SEED_POLICY as SEED } from '../support/fixtures';

// ---------------------------------------------------------------- helpers

interface Options {
  master?: string;
  target?: string;
  files?: FileSystem;
}

function check(main: string, options: Options = {}): CheckReport {
  const model = new ConfigModel(options.master === undefined ? { main } : { main, master: options.master });
  const report = checkMainCf(model, defaultSettings, options.target ?? '3.11', options.files);
  assert.deepEqual(report.failures, [], 'no check threw');
  // the fixtures leave compatibility_level out to judge the lists at level 0; security-relay tests that warning
  return { ...report, diagnostics: report.diagnostics.filter((d) => d.code !== Code.CompatibilityLevelLegacy) };
}

const withCode = (report: CheckReport, code: Code): Diagnostic[] => report.diagnostics.filter((d) => d.code === code);
const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const fixes = (d: Diagnostic): Fix[] => (d.data as FixData | undefined)?.fixes ?? [];
/** "code@line" of every diagnostic. */
const summary = (report: CheckReport): string[] => report.diagnostics.map((d) => `${d.code}@${d.range.start.line}`);
/** errors and warnings only */
const serious = (report: CheckReport): Diagnostic[] =>
  report.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning);

/** The document after the edits of `fix`. */
function apply(doc: string, fix: Fix): string {
  return TextDocument.applyEdits(TextDocument.create('file:///etc/postfix/main.cf', 'postfix-main', 1, doc), fix.edits);
}

/** A file system that has exactly `present`. */
const fakeFiles = (present: string[] = [], listing: Record<string, string[]> = {}): FileSystem => ({
  exists: (path) => present.includes(path),
  list: (dir) => listing[dir] ?? [],
});

/** a default relay list, so that lists under test are judged alone */
const CL = 'compatibility_level = 3.6\n';

const SEED_WITHOUT_RELAY = SEED.replace(', reject_unauth_destination', '');

/** master.cf with the stock services and no other smtpd than smtp/inet. */
const STOCK_MASTER = [
  'smtp      inet  n       -       y       -       -       smtpd',
  'pickup    unix  n       -       y       60      1       pickup',
  'cleanup   unix  n       -       y       -       0       cleanup',
  'qmgr      unix  n       -       n       300     1       qmgr',
  'rewrite   unix  -       -       y       -       -       trivial-rewrite',
  'bounce    unix  -       -       y       -       0       bounce',
  'smtp      unix  -       -       y       -       -       smtp',
  'local     unix  -       n       n       -       -       local',
  '',
].join('\n');

// ---------------------------------------------------------------- the seed configuration

describe('the seed configuration', () => {
  test('without a file system: no diagnostic at all', () => {
    const report = check(SEED);
    assert.deepEqual(summary(report), []);
  });

  test('with files missing: only missing-lookup-table, once per table, at the table words', () => {
    const report = check(SEED, { files: fakeFiles() });
    assert.deepEqual(
      serious(report).map((d) => d.code),
      ['missing-lookup-table', 'missing-lookup-table', 'missing-lookup-table'],
    );
    assert.deepEqual(
      report.diagnostics.map((d) => d.range),
      [find(SEED, 'hash:/etc/postfix/recipient_access'), find(SEED, 'hash:/etc/postfix/helo_checks'), find(SEED, 'hash:/etc/postfix/sender_access')],
    );
  });

  test('with the tables and their .db files present: nothing', () => {
    const files = fakeFiles(['recipient_access', 'helo_checks', 'sender_access'].flatMap((t) => [`/etc/postfix/${t}`, `/etc/postfix/${t}.db`]));
    assert.deepEqual(summary(check(SEED, { files })), []);
  });
});

// ---------------------------------------------------------------- unknown-restriction

describe(Code.UnknownRestriction, () => {
  test('a typo: error at the word, with a did-you-mean fix', () => {
    const main = CL + 'smtpd_client_restrictions = permit_mynetworks, reject_unknown_clent_hostname\n';
    const d = withCode(check(main), Code.UnknownRestriction);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'reject_unknown_clent_hostname'));
    assert.equal(d[0].severity, DiagnosticSeverity.Error);
    assert.match(text(d[0]), /unknown smtpd restriction/);
    assert.match(text(d[0]), /Did you mean "reject_unknown_client_hostname"\?/);
    const [fix] = fixes(d[0]);
    assert.deepEqual(fix.edits, [{ range: d[0].range, newText: 'reject_unknown_client_hostname' }]);
    assert.deepEqual(withCode(check(apply(main, fix)), Code.UnknownRestriction), []);
  });

  test('on a continuation line, at its document position', () => {
    const main = CL + 'smtpd_recipient_restrictions = permit_mynetworks,\n    reject_unauth_destinaton, permit\n';
    const d = withCode(check(main), Code.UnknownRestriction);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'reject_unauth_destinaton'));
    assert.equal(d[0].range.start.line, 2);
  });

  test('a name far from every restriction: no suggestion, no fix', () => {
    const d = withCode(check(CL + 'smtpd_client_restrictions = qqqzzzxxyy\n'), Code.UnknownRestriction);
    assert.equal(d.length, 1);
    assert.doesNotMatch(text(d[0]), /Did you mean/);
    assert.deepEqual(fixes(d[0]), []);
  });

  test('a parameter used as a name without being a class: the hint says how to make it one', () => {
    const main = CL + 'my_own_list_of_checks = reject\nsmtpd_client_restrictions = my_own_list_of_checks\n';
    const d = withCode(check(main), Code.UnknownRestriction);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'my_own_list_of_checks', 1));
    assert.match(text(d[0]), /smtpd_restriction_classes/);
  });

  test("inside a user list spliced in with $name: reported on that list's line", () => {
    const main = CL + 'my_list = permit_mynetworks, reject_bogus_thing\nsmtpd_client_restrictions = $my_list\n';
    const d = withCode(check(main), Code.UnknownRestriction);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'reject_bogus_thing'));
  });

  test('a restriction class is compared with its case: MY_CLASS is not my_class', () => {
    const main = CL + 'smtpd_restriction_classes = my_class\nmy_class = reject\nsmtpd_client_restrictions = MY_CLASS\n';
    const d = withCode(check(main), Code.UnknownRestriction);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'MY_CLASS'));
  });

  test('no false positive: a restriction class listed in smtpd_restriction_classes', () => {
    const main =
      CL +
      [
        'smtpd_restriction_classes = from_friends, strict',
        'from_friends = check_sender_access hash:/etc/postfix/friends, reject',
        'strict = reject_unknown_client_hostname',
        'smtpd_recipient_restrictions = permit_mynetworks, strict, reject_unauth_destination, from_friends',
        '',
      ].join('\n');
    assert.deepEqual(summary(check(main)), []);
  });

  test('no false positive: a bare type:table in a list', () => {
    const main = CL + 'smtpd_client_restrictions = hash:/etc/postfix/access, permit\n';
    assert.deepEqual(summary(check(main)), []);
  });

  test('no false positive: $my_list references, $(name) and ${name}', () => {
    const main =
      CL +
      [
        'my_list = permit_mynetworks, reject_unauth_destination',
        'other_list = reject_unknown_client_hostname',
        'smtpd_relay_restrictions = $my_list',
        'smtpd_client_restrictions = ${other_list}, $(other_list)',
        '',
      ].join('\n');
    assert.deepEqual(summary(check(main)), []);
  });

  test('no false positive: names compared without regard to case', () => {
    const main = CL + 'smtpd_client_restrictions = PERMIT_MYNETWORKS, Reject_Unknown_Client_Hostname, Check_Client_Access hash:/etc/postfix/c\n';
    assert.deepEqual(summary(check(main)), []);
  });

  test('no false positive: check_policy_service { inet:127.0.0.1:10023, default_action=DUNNO }', () => {
    const main =
      CL +
      'smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination,\n    check_policy_service { inet:127.0.0.1:10023, default_action=DUNNO }, permit\n';
    assert.deepEqual(summary(check(main)), []);
    const items = parseRestrictionList('check_policy_service { inet:127.0.0.1:10023, default_action=DUNNO }, permit');
    assert.deepEqual(
      items.map((i) => [i.kind, i.word.text, i.kind === 'restriction' ? i.argument?.text : undefined]),
      [
        ['restriction', 'check_policy_service', '{ inet:127.0.0.1:10023, default_action=DUNNO }'],
        ['restriction', 'permit', undefined],
      ],
    );
  });
});

// ---------------------------------------------------------------- restriction-missing-argument

describe(Code.RestrictionMissingArgument, () => {
  test('check_sender_access last in the list: error at the restriction', () => {
    const main = CL + 'smtpd_sender_restrictions = reject_non_fqdn_sender, check_sender_access\n';
    const report = check(main);
    const d = withCode(report, Code.RestrictionMissingArgument);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'check_sender_access'));
    assert.equal(d[0].severity, DiagnosticSeverity.Error);
    assert.match(text(d[0]), /needs a lookup table/);
    assert.deepEqual(summary(report), ['restriction-missing-argument@1']);
  });

  test('sleep, reject_rbl_client and check_policy_service at the end of their lists', () => {
    const main =
      CL +
      [
        'smtpd_client_restrictions = sleep',
        'smtpd_helo_restrictions = permit_mynetworks, reject_rbl_client',
        'smtpd_sender_restrictions = check_policy_service',
        '',
      ].join('\n');
    const d = withCode(check(main), Code.RestrictionMissingArgument);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(main, 'sleep'), find(main, 'reject_rbl_client'), find(main, 'check_policy_service')],
    );
    assert.match(text(d[0]), /number of seconds/);
    assert.match(text(d[1]), /DNS list domain/);
    assert.match(text(d[2]), /policy server/);
  });

  test('on a user list used by a stage', () => {
    const main = CL + 'my_checks = check_client_access\nsmtpd_client_restrictions = $my_checks\n';
    const d = withCode(check(main), Code.RestrictionMissingArgument);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'check_client_access'));
  });

  test('no false positive: every restriction followed by its argument', () => {
    const main =
      CL +
      'smtpd_client_restrictions = sleep 5, reject_rbl_client zen.spamhaus.org, check_client_access hash:/etc/postfix/c,\n    check_policy_service unix:private/policy\n';
    assert.deepEqual(summary(check(main)), []);
  });
});

// ---------------------------------------------------------------- restriction-invalid-argument

describe(Code.RestrictionInvalidArgument, () => {
  test('check_sender_access followed by permit_mynetworks: not a table, at the argument', () => {
    const main = CL + 'smtpd_sender_restrictions = check_sender_access permit_mynetworks\n';
    const report = check(main);
    const d = withCode(report, Code.RestrictionInvalidArgument);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'permit_mynetworks'));
    assert.equal(d[0].severity, DiagnosticSeverity.Error);
    assert.match(text(d[0]), /"permit_mynetworks" is not a type:table lookup table/);
    // the argument is consumed: no other diagnostic about it
    assert.deepEqual(summary(report), ['restriction-invalid-argument@1']);
  });

  test('check_sender_access foo:/x: an unknown table type', () => {
    const main = CL + 'smtpd_sender_restrictions = check_sender_access foo:/x\n';
    const d = withCode(check(main), Code.RestrictionInvalidArgument);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'foo:/x'));
    assert.match(text(d[0]), /"foo" is not a Postfix lookup table type/);
  });

  test('a bare foo:/x table in the list', () => {
    const main = CL + 'smtpd_client_restrictions = foo:/x, permit\n';
    const d = withCode(check(main), Code.RestrictionInvalidArgument);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'foo:/x'));
  });

  test('hash: with no table after it, and proxy:foo:', () => {
    const main = CL + 'smtpd_client_restrictions = check_client_access hash:, check_sender_access proxy:foo:/x\n';
    const d = withCode(check(main), Code.RestrictionInvalidArgument);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(main, 'hash:'), find(main, 'proxy:foo:/x')],
    );
    assert.match(text(d[0]), /names no table/);
    assert.match(text(d[1]), /"foo" is not a Postfix lookup table type/);
  });

  test('reject_rbl_client zen.spamhaus.org=127.0.0.256 and =1.2.3: bad reply filters', () => {
    const main = CL + 'smtpd_client_restrictions = reject_rbl_client zen.spamhaus.org=127.0.0.256,\n    reject_rbl_client bl.spamcop.net=1.2.3\n';
    const d = withCode(check(main), Code.RestrictionInvalidArgument);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(main, 'zen.spamhaus.org=127.0.0.256'), find(main, 'bl.spamcop.net=1.2.3')],
    );
    assert.match(text(d[0]), /"=127\.0\.0\.256" is not a reply filter/);
    assert.match(text(d[1]), /"=1\.2\.3" is not a reply filter/);
  });

  test('reject_rbl_client with a domain that is not one', () => {
    const main = CL + 'smtpd_client_restrictions = reject_rbl_client zen..spamhaus.org\n';
    assert.equal(withCode(check(main), Code.RestrictionInvalidArgument).length, 1);
  });

  test('sleep x: not a number', () => {
    const main = CL + 'smtpd_client_restrictions = sleep x, permit\n';
    const d = withCode(check(main), Code.RestrictionInvalidArgument);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, range(1, 34, 1, 35));
    assert.match(text(d[0]), /"x" is not a whole number of seconds/);
  });

  test('check_policy_service without inet:/unix:, and a { } form without a server', () => {
    const main = CL + 'smtpd_client_restrictions = check_policy_service 127.0.0.1:10023, check_policy_service { default_action=DUNNO }\n';
    const d = withCode(check(main), Code.RestrictionInvalidArgument);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(main, '127.0.0.1:10023'), find(main, '{ default_action=DUNNO }')],
    );
  });

  test('no false positive: valid arguments of every kind', () => {
    const main =
      CL +
      [
        'smtpd_client_restrictions = sleep 5,',
        '    reject_rbl_client zen.spamhaus.org=127.0.0.[2..11],',
        '    reject_rbl_client b.barracudacentral.org=127.0.0.2,',
        '    reject_rbl_client list.example=127.0.[0;1].[2;4..9],',
        '    check_client_access proxy:hash:/etc/postfix/c,',
        '    check_client_access inline:{ 192.0.2.1=OK, 192.0.2.2=REJECT },',
        '    check_client_access static:DUNNO,',
        '    check_client_access $my_table,',
        '    check_policy_service { inet:127.0.0.1:10023, default_action=DUNNO },',
        '    check_policy_service inet:[::1]:10023,',
        '    check_policy_service unix:private/policyd-spf',
        'my_table = cidr:/etc/postfix/c.cidr',
        '',
      ].join('\n');
    assert.deepEqual(summary(check(main)), []);
  });
});

// ---------------------------------------------------------------- no-relay-protection

describe(Code.NoRelayProtection, () => {
  test('the seed without reject_unauth_destination: exactly one error; its fix adds it back', () => {
    const report = check(SEED_WITHOUT_RELAY);
    assert.deepEqual(summary(report), ['no-relay-protection@2']);
    const [d] = report.diagnostics;
    assert.deepEqual(d.range, find(SEED_WITHOUT_RELAY, 'smtpd_relay_restrictions'));
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(text(d), /specify at least one working instance/);
    assert.match(text(d), /smtpd \(smtp\)/);
    const [fix] = fixes(d);
    assert.equal(fix.title, 'Add reject_unauth_destination to smtpd_relay_restrictions');
    assert.equal(fix.preferred, true);
    const fixed = apply(SEED_WITHOUT_RELAY, fix);
    assert.equal(fixed.split('\n')[3], '    reject_unknown_sender_domain, reject_unauth_destination');
    assert.equal(fixed, SEED);
    assert.deepEqual(summary(check(fixed)), []);
  });

  test('the fix puts reject_unauth_destination before a final top-level permit', () => {
    const main = 'smtpd_relay_restrictions = permit_mynetworks, permit\n';
    const [d] = withCode(check(main), Code.NoRelayProtection);
    const fixed = apply(main, fixes(d)[0]);
    assert.equal(fixed, 'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination, permit\n');
    assert.deepEqual(withCode(check(fixed), Code.NoRelayProtection), []);
  });

  test('the fix fills an empty smtpd_relay_restrictions', () => {
    const main = 'smtpd_relay_restrictions =\n';
    const [d] = withCode(check(main), Code.NoRelayProtection);
    const fixed = apply(main, fixes(d)[0]);
    assert.equal(new ConfigModel({ main: fixed }).rawValue('smtpd_relay_restrictions'), 'reject_unauth_destination');
    assert.deepEqual(summary(check(fixed)), []);
  });

  test('the fix for an empty smtpd_relay_restrictions keeps a space after "="', () => {
    const main = 'smtpd_relay_restrictions =\n';
    const [d] = withCode(check(main), Code.NoRelayProtection);
    assert.equal(apply(main, fixes(d)[0]), 'smtpd_relay_restrictions = reject_unauth_destination\n');
  });

  test('an empty main.cf: compatibility_level 0 makes the default relay list empty', () => {
    const report = check('');
    assert.deepEqual(summary(report), ['no-relay-protection@0']);
    const [d] = report.diagnostics;
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(text(d), /compatibility_level 0/);
    const fixed = apply('', fixes(d)[0]);
    assert.match(fixed, /^smtpd_relay_restrictions = .*reject_unauth_destination\n$/);
    assert.deepEqual(summary(check(fixed)), []);
  });

  test('compatibility_level = 3.6 alone: the default list has defer_unauth_destination', () => {
    assert.deepEqual(summary(check('compatibility_level = 3.6\n')), []);
  });

  test('compatibility_level = 0 set explicitly: reported at that line', () => {
    const main = 'myhostname = mail.example.com\ncompatibility_level = 0\n';
    const d = withCode(check(main), Code.NoRelayProtection);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'compatibility_level'));
  });

  test('satisfied through a restriction class', () => {
    const main = [
      'smtpd_restriction_classes = relay_guard',
      'relay_guard = reject_unauth_destination',
      'smtpd_relay_restrictions = permit_mynetworks, relay_guard',
      '',
    ].join('\n');
    assert.deepEqual(summary(check(main)), []);
  });

  test('satisfied through a $list reference and through smtpd_recipient_restrictions', () => {
    assert.deepEqual(summary(check('my_relay = permit_mynetworks, reject_unauth_destination\nsmtpd_relay_restrictions = $my_relay\n')), []);
    assert.deepEqual(summary(check('smtpd_relay_restrictions =\nsmtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination\n')), []);
  });

  test('satisfied by defer_unauth_destination, reject, defer and defer_if_permit', () => {
    for (const word of ['defer_unauth_destination', 'reject', 'defer', 'defer_if_permit']) {
      assert.deepEqual(withCode(check(`smtpd_relay_restrictions = permit_mynetworks, ${word}\n`), Code.NoRelayProtection), [], word);
    }
  });

  test('check_relay_domains counts with target 3.7 but not with 3.11, where it is gone', () => {
    const main = 'smtpd_relay_restrictions = permit_mynetworks, check_relay_domains\n';
    assert.deepEqual(withCode(check(main, { target: '3.7' }), Code.NoRelayProtection), []);
    assert.equal(withCode(check(main, { target: '3.11' }), Code.NoRelayProtection).length, 1);
  });

  test('warn_if_reject reject_unauth_destination does NOT satisfy it', () => {
    const main = 'smtpd_relay_restrictions = permit_mynetworks, warn_if_reject reject_unauth_destination\n';
    assert.deepEqual(summary(check(main)), ['no-relay-protection@0']);
  });

  test('a top-level permit before reject_unauth_destination does not satisfy it', () => {
    const main = 'smtpd_relay_restrictions = permit_mynetworks, permit, reject_unauth_destination\n';
    const report = check(main);
    assert.deepEqual(withCode(report, Code.NoRelayProtection).length, 1);
    // and the entry after permit is dead
    assert.deepEqual(
      withCode(report, Code.UnreachableRestriction).map((d) => d.range),
      [find(main, 'reject_unauth_destination')],
    );
  });

  // smtpd's has_required() compares names with strcasecmp, but looks classes up case-sensitively (oracle, Postfix 3.7.11)
  test('REJECT_UNAUTH_DESTINATION in capitals satisfies it (smtpd starts)', () => {
    assert.deepEqual(summary(check('smtpd_relay_restrictions = permit_mynetworks, REJECT_UNAUTH_DESTINATION\n')), []);
  });

  test('WARN_IF_REJECT reject_unauth_destination does not satisfy it either (smtpd stops)', () => {
    const main = 'smtpd_relay_restrictions = permit_mynetworks, WARN_IF_REJECT reject_unauth_destination\n';
    assert.equal(withCode(check(main), Code.NoRelayProtection).length, 1);
  });

  test('a top-level PERMIT in capitals ends the search too (smtpd stops)', () => {
    const main = 'smtpd_relay_restrictions = PERMIT, reject_unauth_destination\n';
    assert.equal(withCode(check(main), Code.NoRelayProtection).length, 1);
  });

  test('a restriction class named in another case does not count: smtpd looks classes up case-sensitively (and stops)', () => {
    const main = 'smtpd_restriction_classes = my_class\nmy_class = reject_unauth_destination\nsmtpd_relay_restrictions = permit_mynetworks, MY_CLASS\n';
    const report = check(main);
    assert.deepEqual(
      withCode(report, Code.UnknownRestriction).map((d) => d.range),
      [find(main, 'MY_CLASS')],
    );
    assert.equal(withCode(report, Code.NoRelayProtection).length, 1);
  });

  test('a master.cf without any smtpd service: no relay check', () => {
    const master = STOCK_MASTER.split('\n')
      .filter((l) => !l.includes('smtpd'))
      .join('\n');
    assert.deepEqual(withCode(check('', { master }), Code.NoRelayProtection), []);
  });

  test('master.cf -o smtpd_relay_restrictions satisfies that service; main.cf still matters for smtp/inet', () => {
    const main = 'smtpd_relay_restrictions = permit_mynetworks\n';
    const submission = 'submission inet n - y - - smtpd\n  -o smtpd_relay_restrictions=permit_mynetworks,reject\n';
    // only the submission service: its own list protects it
    const onlySubmission =
      STOCK_MASTER.split('\n')
        .filter((l) => !l.includes('smtpd'))
        .join('\n') + submission;
    assert.deepEqual(withCode(check(main, { master: onlySubmission }), Code.NoRelayProtection), []);
    // with the plain smtp inet smtpd service, main.cf's lists are used for it
    const report = check(main, { master: STOCK_MASTER + submission });
    const d = withCode(report, Code.NoRelayProtection);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'smtpd_relay_restrictions'));
    assert.match(text(d[0]), /smtpd \(smtp\)/);
    assert.doesNotMatch(text(d[0]), /submission/);
    // fixing main.cf fixes it
    assert.deepEqual(withCode(check(apply(main, fixes(d[0])[0]), { master: STOCK_MASTER + submission }), Code.NoRelayProtection), []);
  });

  test('a master.cf -o that names a $list of main.cf', () => {
    const master =
      STOCK_MASTER.split('\n')
        .filter((l) => !l.includes('smtpd'))
        .join('\n') + 'submission inet n - y - - smtpd\n  -o smtpd_relay_restrictions=$mua_relay\n';
    assert.deepEqual(withCode(check('mua_relay = permit_sasl_authenticated, reject\n', { master }), Code.NoRelayProtection), []);
    assert.equal(withCode(check('mua_relay = permit_sasl_authenticated\n', { master }), Code.NoRelayProtection).length, 1);
  });
});

// ---------------------------------------------------------------- unreachable-restriction

describe(Code.UnreachableRestriction, () => {
  for (const final of ['permit', 'reject', 'defer']) {
    test(`entries after ${final} are each flagged; the fix removes them all`, () => {
      const main =
        CL + `smtpd_client_restrictions = permit_mynetworks, ${final}, reject_unknown_client_hostname,\n    check_client_access hash:/etc/postfix/c, sleep 1\n`;
      const d = withCode(check(main), Code.UnreachableRestriction);
      assert.deepEqual(
        d.map((x) => x.range),
        [find(main, 'reject_unknown_client_hostname'), find(main, 'check_client_access'), find(main, 'sleep')],
      );
      assert.equal(d[0].severity, DiagnosticSeverity.Warning);
      assert.match(text(d[0]), new RegExp(`"${final}" before it ends every check of smtpd_client_restrictions`));
      const [fix] = fixes(d[0]);
      assert.equal(fix.title, `Remove what follows "${final}"`);
      assert.deepEqual(fixes(d[2])[0], fix, 'every entry carries the same fix');
      const fixed = apply(main, fix);
      assert.equal(fixed, CL + `smtpd_client_restrictions = permit_mynetworks, ${final}\n`);
      const a = new ConfigModel({ main: fixed }).effective('smtpd_client_restrictions');
      assert.ok(a);
      const items = parseRestrictionList(a.value);
      assert.equal(items[items.length - 1].word.text, final, 'the list ends at the final word');
      assert.deepEqual(withCode(check(fixed), Code.UnreachableRestriction), []);
    });
  }

  test('dead entries on a continuation line: the fix removes the line break and the indentation too', () => {
    const main = CL + 'smtpd_client_restrictions = permit_mynetworks, reject,\n    reject_unknown_client_hostname\nmyhostname = mail.example.com\n';
    const d = withCode(check(main), Code.UnreachableRestriction);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(main, 'reject_unknown_client_hostname')],
    );
    const fixed = apply(main, fixes(d[0])[0]);
    assert.equal(fixed, CL + 'smtpd_client_restrictions = permit_mynetworks, reject\nmyhostname = mail.example.com\n');
    assert.deepEqual(summary(check(fixed)), []);
  });

  test('final words compared without regard to case', () => {
    const main = CL + 'smtpd_client_restrictions = REJECT, permit_mynetworks\n';
    const d = withCode(check(main), Code.UnreachableRestriction);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(main, 'permit_mynetworks')],
    );
  });

  test('in a $list spliced in: reported on that list', () => {
    const main = CL + 'my_list = permit, reject_unknown_client_hostname\nsmtpd_client_restrictions = $my_list\n';
    const d = withCode(check(main), Code.UnreachableRestriction);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(main, 'reject_unknown_client_hostname')],
    );
  });

  test('no false positive: warn_if_reject reject is not final', () => {
    const main = CL + 'smtpd_client_restrictions = warn_if_reject reject, permit_mynetworks, reject_unknown_client_hostname\n';
    assert.deepEqual(summary(check(main)), []);
  });

  test('no false positive: a final word at the end, permit_* and reject_* are not final', () => {
    const main = CL + 'smtpd_client_restrictions = permit_mynetworks, reject_unknown_client_hostname, permit_sasl_authenticated, reject\n';
    assert.deepEqual(summary(check(main)), []);
  });

  test('no false positive: permit inside a restriction class ends only the class', () => {
    const main =
      CL + ['smtpd_restriction_classes = friendly', 'friendly = permit', 'smtpd_client_restrictions = friendly, reject_unknown_client_hostname', ''].join('\n');
    assert.deepEqual(summary(check(main)), []);
  });
});

// ---------------------------------------------------------------- restriction-wrong-stage

describe(Code.RestrictionWrongStage, () => {
  test('check_sender_access in smtpd_client_restrictions with smtpd_delay_reject = no', () => {
    const main = CL + 'smtpd_delay_reject = no\nsmtpd_client_restrictions = permit_mynetworks, check_sender_access hash:/etc/postfix/s\n';
    const d = withCode(check(main), Code.RestrictionWrongStage);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'check_sender_access'));
    assert.equal(d[0].severity, DiagnosticSeverity.Warning);
    assert.match(text(d[0]), /never fires in smtpd_client_restrictions with smtpd_delay_reject = no/);
  });

  test('no false positive: the same list with the default smtpd_delay_reject = yes', () => {
    const main = CL + 'smtpd_client_restrictions = permit_mynetworks, check_sender_access hash:/etc/postfix/s\n';
    assert.deepEqual(summary(check(main)), []);
    assert.deepEqual(summary(check('smtpd_delay_reject = YES\n' + main)), []);
  });

  test('recipient checks in smtpd_helo_restrictions and smtpd_sender_restrictions with smtpd_delay_reject = no', () => {
    const main =
      CL +
      [
        'smtpd_delay_reject = no',
        'smtpd_helo_required = yes',
        'smtpd_helo_restrictions = reject_unknown_recipient_domain',
        'smtpd_sender_restrictions = reject_non_fqdn_sender, check_recipient_access hash:/etc/postfix/r',
        '',
      ].join('\n');
    const d = withCode(check(main), Code.RestrictionWrongStage);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(main, 'reject_unknown_recipient_domain'), find(main, 'check_recipient_access')],
    );
  });

  test('check_etrn_access in a list that never runs at ETRN, whatever smtpd_delay_reject', () => {
    const main = CL + 'smtpd_sender_restrictions = check_etrn_access hash:/etc/postfix/etrn\n';
    const d = withCode(check(main), Code.RestrictionWrongStage);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'check_etrn_access'));
    assert.match(text(d[0]), /never fires in smtpd_sender_restrictions:/);
  });

  test('check_etrn_access in smtpd_client_restrictions: smtpd runs that list again at ETRN, unless smtpd_delay_reject = no', () => {
    const main = CL + 'smtpd_client_restrictions = check_etrn_access hash:/etc/postfix/etrn\n';
    assert.deepEqual(withCode(check(main), Code.RestrictionWrongStage), []);
    const d = withCode(check(main + 'smtpd_delay_reject = no\n'), Code.RestrictionWrongStage);
    assert.equal(d.length, 1);
    assert.match(
      text(d[0]),
      /never fires in smtpd_client_restrictions with smtpd_delay_reject = no: only ETRN gives the domain it checks, and smtpd_client_restrictions runs when the client connects/,
    );
  });

  test('no false positive: check_etrn_access in smtpd_etrn_restrictions', () => {
    assert.deepEqual(summary(check(CL + 'smtpd_etrn_restrictions = permit_mynetworks, check_etrn_access hash:/etc/postfix/etrn, reject\n')), []);
  });

  test('envelope checks in smtpd_etrn_restrictions', () => {
    const main = CL + 'smtpd_etrn_restrictions = check_sender_access hash:/etc/postfix/s, reject\n';
    const d = withCode(check(main), Code.RestrictionWrongStage);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(main, 'check_sender_access')],
    );
    assert.match(text(d[0]), /smtpd_etrn_restrictions/);
  });

  test('a $list takes the stage of the list that uses it', () => {
    const list = CL + 'my_checks = check_sender_access hash:/etc/postfix/s\n';
    const early = list + 'smtpd_delay_reject = no\nsmtpd_client_restrictions = $my_checks\n';
    const d = withCode(check(early), Code.RestrictionWrongStage);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(early, 'check_sender_access')],
    );
    assert.match(text(d[0]), /smtpd_client_restrictions/);
    const late = list + 'smtpd_delay_reject = no\nsmtpd_recipient_restrictions = $my_checks\n';
    assert.deepEqual(withCode(check(late), Code.RestrictionWrongStage), []);
  });

  test('a restriction class takes the stage of the list that uses it', () => {
    const main =
      CL +
      [
        'smtpd_delay_reject = no',
        'smtpd_restriction_classes = sender_checks',
        'sender_checks = check_sender_access hash:/etc/postfix/s',
        'smtpd_client_restrictions = sender_checks',
        '',
      ].join('\n');
    const d = withCode(check(main), Code.RestrictionWrongStage);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(main, 'check_sender_access')],
    );
    // not used anywhere: no stage, nothing to say
    assert.deepEqual(withCode(check(main.replace('smtpd_client_restrictions = sender_checks\n', '')), Code.RestrictionWrongStage), []);
  });
});

// ---------------------------------------------------------------- dangling-warn-if-reject

describe(Code.DanglingWarnIfReject, () => {
  test('warn_if_reject at the end of a list; the fix removes it', () => {
    const main = CL + 'smtpd_client_restrictions = reject_unknown_client_hostname, warn_if_reject\n';
    const d = withCode(check(main), Code.DanglingWarnIfReject);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'warn_if_reject'));
    assert.match(text(d[0]), /nothing follows it/);
    const fixed = apply(main, fixes(d[0])[0]);
    assert.equal(fixed, CL + 'smtpd_client_restrictions = reject_unknown_client_hostname\n');
  });

  test('warn_if_reject before restrictions that never reject', () => {
    const main = CL + 'smtpd_client_restrictions = warn_if_reject permit_mynetworks, warn_if_reject sleep 1, reject\n';
    const d = withCode(check(main), Code.DanglingWarnIfReject);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(main, 'warn_if_reject'), find(main, 'warn_if_reject', 1)],
    );
    assert.match(text(d[0]), /"permit_mynetworks" never rejects/);
    // the first word of the list: the fix removes it and the separator after it
    assert.equal(apply(main, fixes(d[0])[0]), CL + 'smtpd_client_restrictions = permit_mynetworks, warn_if_reject sleep 1, reject\n');
  });

  test('no false positive: warn_if_reject before a restriction that can reject', () => {
    const main = CL + 'smtpd_client_restrictions = warn_if_reject reject_unknown_client_hostname, warn_if_reject check_client_access hash:/etc/postfix/c\n';
    assert.deepEqual(summary(check(main)), []);
  });
});

// ---------------------------------------------------------------- helo-not-required

describe(Code.HeloNotRequired, () => {
  const lists = 'smtpd_helo_restrictions = permit_mynetworks, reject_invalid_helo_hostname, check_helo_access hash:/etc/postfix/helo\n';

  test('smtpd_helo_required absent: warning per HELO check; the fix appends smtpd_helo_required = yes', () => {
    const main = CL + 'myhostname = mail.example.com\n' + lists;
    const d = withCode(check(main), Code.HeloNotRequired);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(main, 'reject_invalid_helo_hostname'), find(main, 'check_helo_access')],
    );
    assert.equal(d[0].severity, DiagnosticSeverity.Warning);
    const [fix] = fixes(d[0]);
    assert.equal(fix.title, 'Set smtpd_helo_required = yes');
    const fixed = apply(main, fix);
    assert.equal(fixed, main + 'smtpd_helo_required = yes\n');
    assert.deepEqual(withCode(check(fixed), Code.HeloNotRequired), []);
  });

  test('appending to a file without a final newline', () => {
    const main = CL + lists.trimEnd();
    const [d] = withCode(check(main), Code.HeloNotRequired);
    assert.equal(apply(main, fixes(d)[0]), main + '\nsmtpd_helo_required = yes\n');
  });

  test('smtpd_helo_required = no: the fix replaces the value', () => {
    const main = CL + 'smtpd_helo_required = no\n' + lists;
    const d = withCode(check(main), Code.HeloNotRequired);
    assert.equal(d.length, 2);
    const fixed = apply(main, fixes(d[0])[0]);
    assert.equal(fixed, CL + 'smtpd_helo_required = yes\n' + lists);
    assert.deepEqual(withCode(check(fixed), Code.HeloNotRequired), []);
  });

  test('HELO checks in smtpd_recipient_restrictions count too', () => {
    const main = CL + 'smtpd_recipient_restrictions = reject_non_fqdn_helo_hostname, permit\n';
    assert.deepEqual(
      withCode(check(main), Code.HeloNotRequired).map((x) => x.range),
      [find(main, 'reject_non_fqdn_helo_hostname')],
    );
  });

  test('no false positive: smtpd_helo_required = yes (any case), or no HELO check', () => {
    assert.deepEqual(summary(check(CL + 'smtpd_helo_required = yes\n' + lists)), []);
    assert.deepEqual(summary(check(CL + 'smtpd_helo_required = YES\n' + lists)), []);
    assert.deepEqual(summary(check(CL + 'smtpd_client_restrictions = reject_unknown_client_hostname\n')), []);
  });
});

// ---------------------------------------------------------------- deprecated-restriction

describe(Code.DeprecatedRestriction, () => {
  test('reject_unknown_client: the old name, with a rename fix', () => {
    const main = CL + 'smtpd_client_restrictions = permit_mynetworks, reject_unknown_client\n';
    const d = withCode(check(main), Code.DeprecatedRestriction);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'reject_unknown_client'));
    assert.equal(d[0].severity, DiagnosticSeverity.Warning);
    assert.match(text(d[0]), /old name \(before Postfix 2\.3\) of reject_unknown_client_hostname/);
    const [fix] = fixes(d[0]);
    assert.equal(fix.title, 'Change to "reject_unknown_client_hostname"');
    const fixed = apply(main, fix);
    assert.equal(fixed, CL + 'smtpd_client_restrictions = permit_mynetworks, reject_unknown_client_hostname\n');
    assert.deepEqual(summary(check(fixed)), []);
  });

  test('check_relay_domains with target 3.7: a warning (smtpd warns it will be removed)', () => {
    const main = CL + 'smtpd_relay_restrictions = permit_mynetworks, check_relay_domains, reject_unauth_destination\n';
    const report = check(main, { target: '3.7' });
    const d = withCode(report, Code.DeprecatedRestriction);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'check_relay_domains'));
    assert.equal(d[0].severity, DiagnosticSeverity.Warning);
    assert.match(text(d[0]), /removed in Postfix 3\.9/);
    assert.equal(fixes(d[0])[0]?.edits[0].newText, 'reject_unauth_destination');
    assert.deepEqual(summary(report), ['deprecated-restriction@1']);
  });

  test('check_relay_domains with target 3.11: an error (severity 1)', () => {
    const main = CL + 'smtpd_relay_restrictions = permit_mynetworks, check_relay_domains, reject_unauth_destination\n';
    const d = withCode(check(main, { target: '3.11' }), Code.DeprecatedRestriction);
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, 1);
    assert.match(text(d[0]), /was removed in Postfix 3\.9/);
  });

  test('reject_maps_rbl and permit_naked_ip_address: removed names', () => {
    const main = CL + 'smtpd_helo_required = yes\nsmtpd_client_restrictions = permit_naked_ip_address, reject_maps_rbl\n';
    const d = withCode(check(main), Code.DeprecatedRestriction);
    assert.deepEqual(
      d.map((x) => [x.range, x.severity]),
      [
        [find(main, 'permit_naked_ip_address'), DiagnosticSeverity.Error],
        [find(main, 'reject_maps_rbl'), DiagnosticSeverity.Error],
      ],
    );
  });

  test('no false positive: current names', () => {
    assert.deepEqual(
      summary(check(CL + 'smtpd_client_restrictions = reject_unknown_client_hostname, reject_unknown_reverse_client_hostname\n', { target: '3.7' })),
      [],
    );
  });
});

// ---------------------------------------------------------------- restriction-newer-than-target

describe(Code.RestrictionNewerThanTarget, () => {
  const main = CL + 'smtpd_client_restrictions = check_client_a_access hash:/etc/postfix/client_a\n';

  test('check_client_a_access with target 2.11', () => {
    const d = withCode(check(main, { target: '2.11' }), Code.RestrictionNewerThanTarget);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'check_client_a_access'));
    assert.equal(d[0].severity, DiagnosticSeverity.Warning);
    assert.match(text(d[0]), /added in Postfix 3\.0; smtpd of the target Postfix 2\.11 does not know it/);
  });

  test('no false positive: target 3.0 and later', () => {
    assert.deepEqual(summary(check(main, { target: '3.0' })), []);
    assert.deepEqual(summary(check(main, { target: '3.7.11' })), []);
  });

  test('restrictions without a "since" are never newer', () => {
    assert.deepEqual(
      withCode(check(CL + 'smtpd_client_restrictions = check_client_access hash:/etc/postfix/c\n', { target: '2.0' }), Code.RestrictionNewerThanTarget),
      [],
    );
  });
});

// ---------------------------------------------------------------- missing-lookup-table

describe(Code.MissingLookupTable, () => {
  const main =
    CL +
    'smtpd_sender_restrictions = check_sender_access hash:/etc/postfix/sender_access,\n    pcre:/etc/postfix/sender.pcre, check_client_access proxy:hash:/etc/postfix/client\n';

  test('files that do not exist, at the table words, with a createFile fix', () => {
    const d = withCode(check(main, { files: fakeFiles() }), Code.MissingLookupTable);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(main, 'hash:/etc/postfix/sender_access'), find(main, 'pcre:/etc/postfix/sender.pcre'), find(main, 'proxy:hash:/etc/postfix/client')],
    );
    assert.equal(d[0].severity, DiagnosticSeverity.Warning);
    assert.match(text(d[0]), /\/etc\/postfix\/sender_access does not exist/);
    assert.match(text(d[0]), /postmap hash:\/etc\/postfix\/sender_access/);
    assert.doesNotMatch(text(d[1]), /postmap/, 'pcre tables need no postmap');
    assert.deepEqual(fixes(d[0]), [{ title: 'Create /etc/postfix/sender_access', edits: [], createFile: '/etc/postfix/sender_access' }]);
    assert.equal(fixes(d[2])[0].createFile, '/etc/postfix/client');
  });

  test('tables of other parameters: maps, checks, match lists, aliases (postalias); not proxy_read_maps; $names left alone', () => {
    const params =
      CL +
      'virtual_alias_maps = hash:/etc/postfix/virtual, regexp:{{/a/ b}}\nheader_checks = pcre:/etc/postfix/header_checks\n' +
      'relay_domains = example.com, hash:/etc/postfix/relay_domains\nalias_maps = hash:/etc/aliases\nproxy_read_maps = hash:/etc/postfix/other\n' +
      'transport_maps = hash:${config_directory}/transport\n';
    const d = withCode(check(params, { files: fakeFiles(['/etc/aliases']) }), Code.MissingLookupTable);
    assert.deepEqual(
      d.map((x) => x.range),
      [
        find(params, 'hash:/etc/postfix/virtual'),
        find(params, 'pcre:/etc/postfix/header_checks'),
        find(params, 'hash:/etc/postfix/relay_domains'),
        find(params, 'hash:/etc/aliases'),
      ],
    );
    assert.match(text(d[0]), /the hash table of virtual_alias_maps: its lookups fail, and the mail that needs them is deferred/);
    assert.match(text(d[3]), /postalias hash:\/etc\/aliases/);
    assert.equal(fixes(d[3])[0].command?.command, 'postfix.runPostalias');
    // rules written in the name have no file, in a list as in a parameter
    const inline = CL + 'smtpd_client_restrictions = check_client_access pcre:{{/x/ REJECT}}, check_sender_access inline:{a=OK}\n';
    assert.deepEqual(withCode(check(inline, { files: fakeFiles() }), Code.MissingLookupTable), []);
  });

  test('the createFile fix becomes a WorkspaceEdit with a create operation', () => {
    const uri = 'file:///etc/postfix/main.cf';
    const d = withCode(check(main, { files: fakeFiles() }), Code.MissingLookupTable);
    const actions = codeActions(uri, [d[0]]);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, 'Create /etc/postfix/sender_access');
    const changes = actions[0].edit?.documentChanges as (CreateFile | TextDocumentEdit)[] | undefined;
    assert.deepEqual(changes, [{ kind: 'create', uri: 'file:///etc/postfix/sender_access', options: { ignoreIfExists: true } }]);
    assert.equal(actions[0].edit?.changes, undefined);
    assert.deepEqual(actions[0].command, {
      title: 'Open /etc/postfix/sender_access',
      command: 'postfix.openFile',
      arguments: ['file:///etc/postfix/sender_access'],
    });
    const outside = codeActions(uri, [d[0]], undefined, undefined, (path) => path.startsWith('/home/'));
    assert.deepEqual(outside, [], 'no file is created outside where the caller allows');
  });

  test('files that exist, with the .db of the indexed ones: nothing', () => {
    const files = fakeFiles(['/etc/postfix/sender_access.db', '/etc/postfix/sender.pcre', '/etc/postfix/client', '/etc/postfix/client.db']);
    assert.deepEqual(summary(check(main, { files })), []);
  });

  test('an indexed source without its .db: smtpd cannot open it; the fix runs postmap', () => {
    const d = withCode(
      check(main, { files: fakeFiles(['/etc/postfix/sender_access', '/etc/postfix/sender.pcre', '/etc/postfix/client.db']) }),
      Code.MissingLookupTable,
    );
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(main, 'hash:/etc/postfix/sender_access'));
    assert.match(text(d[0]), /^\/etc\/postfix\/sender_access\.db does not exist: smtpd opens hash: tables by that file/);
    assert.deepEqual(fixes(d[0]), [
      {
        title: 'Run postmap hash:/etc/postfix/sender_access',
        edits: [],
        command: { title: 'Run postmap hash:/etc/postfix/sender_access', command: 'postfix.runPostmap', arguments: ['hash:/etc/postfix/sender_access'] },
      },
    ]);
  });

  test('without a file system: no existence check at all', () => {
    assert.deepEqual(summary(check(main)), []);
  });

  test('a relative path: warning even without a file system', () => {
    const rel = CL + 'smtpd_client_restrictions = check_client_access hash:client_access\n';
    const d = withCode(check(rel), Code.MissingLookupTable);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, find(rel, 'hash:client_access'));
    assert.match(text(d[0]), /relative path/);
    assert.match(text(d[0]), /\/etc\/postfix\/client_access/);
  });

  test('a bare table in a list is checked too', () => {
    const bare = CL + 'smtpd_client_restrictions = cidr:/etc/postfix/clients.cidr, permit\n';
    const d = withCode(check(bare, { files: fakeFiles() }), Code.MissingLookupTable);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(bare, 'cidr:/etc/postfix/clients.cidr')],
    );
  });

  test('tables of master.cf -o options: the maps and checks of a service; its restriction lists once; not proxy lists nor $names', () => {
    const master =
      'submission inet n - y - - smtpd\n  -o smtpd_sender_login_maps=hash:/etc/postfix/login_maps\n  -o header_checks=pcre:/etc/postfix/submission_header_checks\n' +
      '  -o smtpd_sender_restrictions=check_sender_access,hash:/etc/postfix/sender_access\n  -o proxy_read_maps=hash:/etc/postfix/x\n  -o transport_maps=$transport_maps\n' +
      'smtps inet n - y - - smtpd\n  -o smtpd_sender_login_maps=hash:/etc/postfix/login_maps\n';
    const model = new ConfigModel({ main: CL, master });
    const d = checkMasterCf(model, defaultSettings, '3.11', fakeFiles(['/etc/postfix/login_maps'])).diagnostics.filter(
      (x) => x.code === Code.MissingLookupTable,
    );
    const at = (needle: string, from = 0): string => {
      const offset = master.indexOf(needle, from);
      const line = master.slice(0, offset).split('\n').length - 1;
      return `${line}:${offset - master.lastIndexOf('\n', offset - 1) - 1}`;
    };
    assert.deepEqual(
      d.map((x) => `${x.range.start.line}:${x.range.start.character}`).sort(),
      [
        at('hash:/etc/postfix/login_maps'),
        at('hash:/etc/postfix/login_maps', master.indexOf('smtps')),
        at('pcre:/etc/postfix/submission_header_checks'),
        at('hash:/etc/postfix/sender_access'),
      ].sort(),
    );
    assert.match(
      text(d.find((x) => x.range.start.line === 1)!),
      /login_maps\.db does not exist: Postfix opens hash: tables by that file, not the text: the lookups of smtpd_sender_login_maps fail/,
    );
    assert.deepEqual(
      checkMasterCf(model, defaultSettings, '3.11').diagnostics.filter((x) => x.code === Code.MissingLookupTable),
      [],
      'no file system, no existence check',
    );
  });

  test('no false positive: tables that are not files, and $names', () => {
    const other =
      CL +
      'smtpd_client_restrictions = check_client_access static:DUNNO, check_client_access inline:{ 1.2.3.4=OK },\n    check_client_access hash:$config_directory/access, check_client_access $my_table\nmy_table = hash:/nonexistent\n';
    assert.deepEqual(withCode(check(other, { files: fakeFiles() }), Code.MissingLookupTable), []);
  });
});

// ---------------------------------------------------------------- restriction-wrong-stage: true reasons

describe('restriction-wrong-stage: the sleep idiom and the data each early list lacks', () => {
  const EARLY = CL + 'smtpd_delay_reject = no\n';
  const wrongStage = (main: string): Diagnostic[] => withCode(check(main), Code.RestrictionWrongStage);
  /** The message for `restriction` alone in `list`, with smtpd_delay_reject = no. */
  const messageFor = (list: string, restriction: string): string | undefined => {
    const d = wrongStage(`${EARLY}${list} = ${restriction}\n`);
    assert.ok(d.length <= 1, `${list}: ${restriction}`);
    return d[0] && text(d[0]);
  };

  test('no warning for "sleep 1, reject_unauth_pipelining", the example postconf(5) gives under sleep', () => {
    assert.deepEqual(summary(check(EARLY + 'smtpd_client_restrictions = sleep 1, reject_unauth_pipelining\n')), []);
    assert.deepEqual(summary(check(CL + 'smtpd_client_restrictions =\n    sleep 1, reject_unauth_pipelining\nsmtpd_delay_reject = no\n')), []);
  });

  test('no warning for reject_unauth_pipelining at connection time without the sleep either: smtpd 3.7 rejects a client that talks first', () => {
    assert.deepEqual(wrongStage(EARLY + 'smtpd_client_restrictions = reject_unauth_pipelining\n'), []);
  });

  test('smtpd_client_restrictions: no HELO, TLS, AUTH, sender or recipient yet', () => {
    const list = 'smtpd_client_restrictions';
    assert.match(messageFor(list, 'check_helo_access hash:/etc/postfix/h') ?? '', /runs when the client connects, before the client sends HELO\/EHLO/);
    assert.match(messageFor(list, 'permit_tls_clientcerts') ?? '', /when the client connects, before STARTTLS/);
    assert.match(messageFor(list, 'permit_sasl_authenticated') ?? '', /when the client connects, before the client can log in with AUTH/);
    assert.match(messageFor(list, 'check_sender_access hash:/etc/postfix/s') ?? '', /when the client connects, before MAIL FROM gives the sender address/);
    assert.match(messageFor(list, 'reject_unknown_recipient_domain') ?? '', /when the client connects, before RCPT TO gives a recipient address/);
    assert.equal(messageFor(list, 'check_client_access hash:/etc/postfix/c'), undefined);
  });

  test('smtpd_helo_restrictions: no AUTH, sender or recipient yet; the HELO name and TLS are there', () => {
    const list = 'smtpd_helo_required = yes\nsmtpd_helo_restrictions';
    const sasl = messageFor(list, 'permit_sasl_authenticated') ?? '';
    assert.match(
      sasl,
      /permit_sasl_authenticated never fires in smtpd_helo_restrictions with smtpd_delay_reject = no: smtpd_helo_restrictions runs at HELO\/EHLO, before the client can log in with AUTH/,
    );
    assert.doesNotMatch(sasl, /recipient/);
    assert.match(messageFor(list, 'reject_non_fqdn_sender') ?? '', /runs at HELO\/EHLO, before MAIL FROM/);
    assert.match(messageFor(list, 'check_recipient_access hash:/etc/postfix/r') ?? '', /runs at HELO\/EHLO, before RCPT TO/);
    assert.equal(messageFor(list, 'check_helo_access hash:/etc/postfix/h'), undefined);
    assert.equal(messageFor(list, 'permit_tls_clientcerts'), undefined);
  });

  test('smtpd_sender_restrictions: no recipient yet; AUTH is there', () => {
    const list = 'smtpd_sender_restrictions';
    assert.match(
      messageFor(list, 'check_recipient_access hash:/etc/postfix/r') ?? '',
      /smtpd_sender_restrictions runs at MAIL FROM, before RCPT TO gives a recipient address/,
    );
    assert.equal(messageFor(list, 'permit_sasl_authenticated'), undefined);
    assert.equal(messageFor(list, 'check_sasl_access hash:/etc/postfix/sasl'), undefined);
  });

  test('smtpd_etrn_restrictions: no envelope, whatever smtpd_delay_reject; the HELO name may be there', () => {
    const main =
      CL + 'smtpd_helo_required = yes\nsmtpd_etrn_restrictions = check_helo_access hash:/etc/postfix/h, check_recipient_access hash:/etc/postfix/r\n';
    const d = wrongStage(main);
    assert.deepEqual(
      d.map((x) => x.range),
      [find(main, 'check_recipient_access')],
    );
    assert.match(text(d[0]), /runs at ETRN, outside any mail transaction: there is no recipient address/);
    assert.doesNotMatch(text(d[0]), /delay_reject/);
  });

  test('with smtpd_delay_reject = yes, none of these', () => {
    const main =
      CL + 'smtpd_client_restrictions = permit_sasl_authenticated, permit_tls_clientcerts, reject_unauth_pipelining, check_sender_access hash:/etc/postfix/s\n';
    assert.deepEqual(wrongStage(main), []);
  });

  test('TLS before the client list: smtpd_tls_wrappermode = yes on a service', () => {
    const main = EARLY + 'smtpd_client_restrictions = permit_tls_clientcerts, reject\n';
    const wrapped = `${STOCK_MASTER}smtps inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n`;
    assert.deepEqual(withCode(check(main, { master: wrapped }), Code.RestrictionWrongStage), []);
    assert.equal(withCode(check(main, { master: STOCK_MASTER }), Code.RestrictionWrongStage).length, 1);
  });

  test('a master.cf list is judged with the smtpd_delay_reject of its service', () => {
    const main = EARLY + 'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n';
    const service = (delay: string): string =>
      `${STOCK_MASTER}submission inet n - y - - smtpd\n${delay}  -o smtpd_client_restrictions=permit_sasl_authenticated,reject\n`;
    const stages = (master: string): Diagnostic[] =>
      checkMasterCf(new ConfigModel({ main, master }), defaultSettings, '3.11').diagnostics.filter((d) => d.code === Code.RestrictionWrongStage);
    const d = stages(service(''));
    assert.equal(d.length, 1);
    assert.match(text(d[0]), /before the client can log in with AUTH/);
    assert.deepEqual(stages(service('  -o smtpd_delay_reject=yes\n')), []);
  });
});

describe('restriction classes: one reading of smtpd_restriction_classes for every use', () => {
  test('names split at commas and blanks, with their offsets', () => {
    assert.deepEqual(classNames(' strict,\tlax  other,'), [
      { name: 'strict', start: 1 },
      { name: 'lax', start: 9 },
      { name: 'other', start: 14 },
    ]);
  });

  test('main.cf classes are restriction classes to the model, the lists and completion alike', () => {
    const model = new ConfigModel({ main: 'smtpd_restriction_classes = strict,lax\nstrict = reject\nlax = permit\n' });
    assert.deepEqual([...restrictionClasses(model)], ['strict', 'lax']);
    assert.equal(model.userNameReason('lax'), 'restriction-class');
    assert.ok(restrictionLists(model).find((l) => l.name === 'strict')?.isClass);
  });
});
