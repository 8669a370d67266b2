/**
 * master.cf: the parser (exact ranges), every master.cf check with a case
 * that fires and one that does not, the -o overrides judged like main.cf,
 * hover, completion, outline, the service templates, and the cross-file
 * rules between main.cf and master.cf.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { CompletionItemKind, SymbolKind, type CompletionItem, type Hover, type MarkupContent } from 'vscode-languageserver-types';
import { checkMainCf, ConfigModel, type CheckReport } from '../../server/src/service';
import { Code, DiagnosticSeverity } from '../../server/src/service/diagnostics';
import { masterCompletion } from '../../server/src/service/features/master/completion';
import { masterHover } from '../../server/src/service/features/master/hover';
import { masterSymbols } from '../../server/src/service/features/master/symbols';
import { MASTER_TEMPLATES, snippetText } from '../../server/src/service/knowledge/masterTemplates';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { defaultSettings, type Settings } from '../../server/src/service/settings';
import { parseMasterCf } from '../../server/src/service/syntax/masterCf';
import { range, type Position } from '../../server/src/service/syntax/text';
import { STOCK_MASTER as STOCK } from '../support/fixtures';
import { referenceDir } from '../support/outside';
import { apply, fixes, text, withCode } from '../support/diagnostics';

const root = join(__dirname, '..', '..', '..');
const MAIN = 'compatibility_level = 3.6\n';

interface Options {
  main?: string;
  target?: string;
  settings?: Settings;
}

function check(master: string, options: Options = {}): CheckReport {
  const model = new ConfigModel({ main: options.main ?? MAIN, master });
  const report = checkMasterCf(model, options.settings ?? defaultSettings, options.target ?? '3.11');
  assert.deepEqual(report.failures, [], 'no check threw');
  return report;
}

const at = (line: number, character: number): Position => ({ line, character });
const markdown = (h: Hover | null): string => {
  assert.ok(h, 'a hover');
  return (h.contents as MarkupContent).value;
};
const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);

const SMTPD = 'smtp      inet  n       -       n       -       -       smtpd';

// ---------------------------------------------------------------------- parser

test('parser: every column with its exact range', () => {
  const m = parseMasterCf('# header\nsmtp      inet  n       -       y       -       -       smtpd\n');
  assert.equal(m.services.length, 1);
  const s = m.services[0];
  assert.equal(s.name, 'smtp');
  assert.equal(s.type, 'inet');
  assert.equal(s.command, 'smtpd');
  assert.deepEqual(s.nameRange, range(1, 0, 1, 4));
  assert.deepEqual(s.columns.type.range, range(1, 10, 1, 14));
  assert.deepEqual(s.columns.private.range, range(1, 16, 1, 17));
  assert.deepEqual(s.columns.chroot.range, range(1, 32, 1, 33));
  assert.deepEqual(s.columns.command.range, range(1, 56, 1, 61));
  assert.deepEqual(s.range, range(1, 0, 1, 61));
  assert.equal(s.startLine, 1);
  assert.equal(s.endLine, 1);
  assert.deepEqual(m.comments, [{ line: 0, text: '# header' }]);
});

test('parser: continuation lines, comment and blank lines inside an entry, and -o in every form', () => {
  const src = [
    'submission inet n - n - - smtpd',
    '  -o syslog_name=postfix/submission',
    '#  -o smtpd_commented_out=yes',
    '',
    '  -o { smtpd_banner = $myhostname ESMTP ready }',
    '  -osmtpd_tls_auth_only=yes -vo smtpd_sasl_auth_enable=yes -D',
    'next unix - - n - - smtp',
  ].join('\n');
  const m = parseMasterCf(src);
  assert.equal(m.services.length, 2);
  const s = m.services[0];
  assert.equal(s.endLine, 5);
  assert.deepEqual(s.range, range(0, 0, 5, 61));
  assert.deepEqual(
    s.overrides.map((o) => [o.name, o.value, o.form]),
    [
      ['syslog_name', 'postfix/submission', 'short'],
      ['smtpd_banner', '$myhostname ESMTP ready', 'long'],
      ['smtpd_tls_auth_only', 'yes', 'joined'],
      ['smtpd_sasl_auth_enable', 'yes', 'short'],
    ],
  );
  const [syslog, banner, joined] = s.overrides;
  assert.deepEqual(syslog.nameRange, range(1, 5, 1, 16));
  assert.deepEqual(syslog.valueRange, range(1, 17, 1, 35));
  assert.deepEqual(syslog.range, range(1, 2, 1, 35));
  assert.deepEqual(banner.nameRange, range(4, 7, 4, 19));
  assert.deepEqual(banner.valueRange, range(4, 22, 4, 45));
  assert.deepEqual(
    banner.references.map((r) => r.name),
    ['myhostname'],
  );
  assert.deepEqual(banner.source.range(banner.references[0].nameStart, banner.references[0].nameEnd), range(4, 23, 4, 33));
  assert.deepEqual(joined.nameRange, range(5, 4, 5, 23));
  assert.equal(s.optionsEnd, s.args.length);
});

test('parser: words with { } keep their blanks; outer braces of an argument are removed', () => {
  const m = parseMasterCf('x unix - n n - - pipe user=nobody argv=/bin/prog { two words } name={a b}\n');
  const s = m.services[0];
  assert.deepEqual(
    s.args.map((a) => [a.text, a.value, a.braced]),
    [
      ['user=nobody', 'user=nobody', false],
      ['argv=/bin/prog', 'argv=/bin/prog', false],
      ['{ two words }', 'two words', true],
      ['name={a b}', 'name={a b}', false],
    ],
  );
  assert.deepEqual(s.args[2].range, range(0, 49, 0, 62));
  assert.equal(s.optionsEnd, 0);
});

test('parser: options end at the first non-option word or "--"', () => {
  const a = parseMasterCf('s unix - - n - - smtpd -o a_b=1 notanoption -o c_d=2\n').services[0];
  assert.deepEqual(
    a.overrides.map((o) => o.name),
    ['a_b'],
  );
  assert.equal(a.optionsEnd, 2);
  const b = parseMasterCf('s unix - - n - - smtpd -v -- -o c_d=2\n').services[0];
  assert.deepEqual(b.overrides, []);
  assert.equal(b.optionsEnd, 2);
});

test('parser: pipe attributes, argv= and its macros with ranges', () => {
  const src =
    'maildrop  unix  -       n       n       -       -       pipe\n  flags=DRXhu user=vmail argv=/usr/bin/maildrop -d ${recipient} -f $sender $$HOME ${nexthop?x}\n';
  const s = parseMasterCf(src).services[0];
  assert.ok(s.pipe);
  assert.deepEqual(
    s.pipe.attributes.map((a) => a.name),
    ['flags', 'user', 'argv'],
  );
  assert.deepEqual(
    s.pipe.argv.map((a) => a.value),
    ['/usr/bin/maildrop', '-d', '${recipient}', '-f', '$sender', '$$HOME', '${nexthop?x}'],
  );
  assert.deepEqual(
    s.pipe.macros.map((m) => m.name),
    ['recipient', 'sender', 'nexthop'],
  );
  assert.deepEqual(s.pipe.macros[0].range, range(1, 51, 1, 63));
  assert.deepEqual(s.pipe.macros[0].nameRange, range(1, 53, 1, 62));
  assert.deepEqual(s.pipe.macros[1].range, range(1, 67, 1, 74));
});

test('parser: entries with too few fields and stray continuation lines are problems, not services', () => {
  const m = parseMasterCf('  -o x=y\nsmtp inet n - n -\nok unix - - n - - smtp\n');
  assert.deepEqual(
    m.services.map((s) => s.name),
    ['ok'],
  );
  assert.equal(m.problems.length, 2);
  assert.deepEqual(m.problems[0].range, range(0, 2, 0, 8));
  assert.equal(m.problems[0].severity, 'warning');
  assert.deepEqual(m.problems[1].range, range(1, 0, 1, 17));
  assert.equal(m.problems[1].severity, 'error');
  assert.match(m.problems[1].message, /has 6, missing maxproc, command/);
});

test('parser: commented-out services are kept apart, with their commented -o lines', () => {
  const m = parseMasterCf(STOCK);
  assert.equal(m.services.length, 25);
  const names = m.commented.map((s) => `${s.name}/${s.type}`);
  assert.ok(names.includes('submission/inet') && names.includes('smtp/inet') && names.includes('mailman/unix'), names.join(' '));
  const submission = m.commented.find((s) => s.name === 'submission');
  assert.ok(submission);
  assert.ok(submission.commented);
  assert.deepEqual(submission.nameRange, range(16, 1, 16, 11));
  // prose comment lines in between are skipped, later -o lines still belong to it
  assert.ok(
    submission.overrides.some((o) => o.name === 'milter_macro_daemon_name'),
    submission.overrides.map((o) => o.name).join(' '),
  );
  // the header is no service
  assert.ok(!names.some((n) => n.startsWith('service/')));
});

test('parser: never throws, and stays linear on hostile input', () => {
  const hostile = [
    '{'.repeat(50_000),
    '}'.repeat(50_000) + ' a b c d e f g h',
    'x unix - - n - - pipe argv=' + '${'.repeat(20_000),
    's inet n - n - - smtpd ' + '-o '.repeat(20_000),
    '\u0000\uffff\r\r\n\t\t#',
    '  -o a=b\n'.repeat(20_000),
    'x unix - - n - - smtpd ' + '-' + 'v'.repeat(50_000),
  ];
  const started = Date.now();
  for (const h of hostile) {
    const model = new ConfigModel({ main: MAIN, master: h });
    const report = checkMasterCf(model, defaultSettings, '3.11');
    assert.deepEqual(report.failures, []);
    masterSymbols(model);
    masterHover(model, at(0, 3));
    masterCompletion(model, at(0, 3));
  }
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
});

// ------------------------------------------------------------------- done-when

test("done-when: Postfix's stock master.cf checks clean", () => {
  assert.deepEqual(check(STOCK).diagnostics, []);
  assert.deepEqual(check(STOCK, { target: '3.7.11' }).diagnostics, []);
});

test('done-when: type "inte", a misspelt -o and a duplicate smtp inet are flagged at their lines, with fixes', () => {
  const src = [
    SMTPD,
    'pickup    inte  n       -       n       60      1       pickup',
    'submission inet n       -       n       -       -       smtpd',
    '  -o smtpd_tls_securty_level=encrypt',
    'smtp      inet  n       -       n       -       1       postscreen',
  ].join('\n');
  const report = check(src);
  const type = withCode(report, Code.InvalidServiceType);
  assert.equal(type.length, 1);
  assert.deepEqual(type[0].range, range(1, 10, 1, 14));
  assert.equal(type[0].severity, DiagnosticSeverity.Error);
  assert.deepEqual(fixes(type[0])[0].edits, [{ range: range(1, 10, 1, 14), newText: 'inet' }]);

  const unknown = withCode(report, Code.UnknownParameter);
  assert.equal(unknown.length, 1);
  assert.deepEqual(unknown[0].range, range(3, 5, 3, 28));
  assert.match(text(unknown[0]), /Did you mean "smtpd_tls_security_level"\?/);
  assert.equal(apply(src, fixes(unknown[0])[0]).split('\n')[3], '  -o smtpd_tls_security_level=encrypt');

  const dup = withCode(report, Code.DuplicateService);
  assert.deepEqual(
    dup.map((d) => d.range.start.line),
    [0, 4],
  );
  const removeFirst = fixes(dup[0])[0];
  assert.match(removeFirst.title, /Remove/);
  assert.ok(!apply(src, removeFirst).includes('smtpd\npickup') && apply(src, removeFirst).startsWith('pickup'));
  assert.equal(apply(src, fixes(dup[1])[0]), apply(src, removeFirst));
  assert.ok(fixes(dup[1]).length === 2);
});

// --------------------------------------------------------------------- checks

test('master-syntax: too few fields, unbalanced braces, -o without name=value, bad options (errors)', () => {
  const cases: [string, RegExp, number][] = [
    ['smtp inet n - n - -\n', /needs 8 fields.*has 7/, 0],
    ['{# jinja comment #}\n', /template syntax/, 0],
    [SMTPD + ' -o { smtpd_banner = x\n', /Missing '}'/, 0],
    [SMTPD + ' { a }b\n', /Text after the closing/, 0],
    [SMTPD + '\n  -o smtpd_banner\n', /no '=' after the name/, 1],
    [SMTPD + ' -o =x\n', /no parameter name/, 0],
    [SMTPD + ' -o\n', /needs a value/, 0],
    [SMTPD + ' -x\n', /"-x" is not an option/, 0],
  ];
  for (const [src, message, line] of cases) {
    const d = withCode(check(src), Code.MasterSyntax);
    assert.equal(d.length, 1, src);
    assert.match(text(d[0]), message);
    assert.equal(d[0].severity, DiagnosticSeverity.Error, src);
    assert.equal(d[0].range.start.line, line, src);
  }
});

test('master-syntax: warnings for a stray continuation and one that follows a commented-out service', () => {
  const stray = withCode(check('  -o smtpd_banner=x\n' + SMTPD + '\n'), Code.MasterSyntax);
  assert.equal(stray.length, 1);
  assert.equal(stray[0].severity, DiagnosticSeverity.Warning);
  const trap = withCode(check([SMTPD, '#submission inet n - n - - smtpd', '  -o smtpd_tls_security_level=encrypt'].join('\n')), Code.MasterSyntax);
  assert.equal(trap.length, 1);
  assert.equal(trap[0].severity, DiagnosticSeverity.Warning);
  assert.match(text(trap[0]), /continues the entry on line 1, not the commented-out service on line 2/);
  assert.deepEqual(trap[0].range, range(2, 2, 2, 37));
});

test('master-syntax: none for well-formed entries in every style', () => {
  const src = [SMTPD, '  -o { smtpd_banner = two words }', '  -osmtpd_tls_auth_only=yes -v -D', 'x unix - n n - - pipe user=nobody argv=/bin/x { a b }'].join(
    '\n',
  );
  assert.deepEqual(withCode(check(src), Code.MasterSyntax), []);
});

test('invalid-service-type: did-you-mean, case, a type newer than the target; none for valid types', () => {
  const inte = withCode(check('smtp inte n - n - - smtpd\n'), Code.InvalidServiceType);
  assert.equal(inte.length, 1);
  assert.match(text(inte[0]), /Did you mean "inet"/);
  const upper = withCode(check('smtp INET n - n - - smtpd\n'), Code.InvalidServiceType);
  assert.equal(fixes(upper[0])[0].edits[0].newText, 'inet');
  const dgram = withCode(check('postlog unix-dgram n - n - 1 postlogd\n', { target: '3.3' }), Code.InvalidServiceType);
  assert.equal(dgram.length, 1);
  assert.match(text(dgram[0]), /added in Postfix 3\.4/);
  const ok = [
    'smtp inet n - n - - smtpd',
    'a unix - - n - - smtp',
    'b unix-dgram n - n - 1 postlogd',
    'c fifo n - n 60 1 pickup',
    'smtpd pass - - n - - smtpd',
  ].join('\n');
  assert.deepEqual(withCode(check(ok), Code.InvalidServiceType), []);
});

test('invalid-service-flag: not y/n/-, a private inet service, a daemon that needs root', () => {
  const yes = withCode(check('a unix yes - n - - smtp\n'), Code.InvalidServiceFlag);
  assert.equal(yes.length, 1);
  assert.deepEqual(yes[0].range, range(0, 7, 0, 10));
  assert.equal(fixes(yes[0])[0].edits[0].newText, 'y');
  const inet = withCode(check('smtp inet - - n - - smtpd\n'), Code.InvalidServiceFlag);
  assert.equal(inet.length, 1);
  assert.match(text(inet[0]), /cannot be private/);
  assert.equal(fixes(inet[0])[0].edits[0].newText, 'n');
  const local = withCode(check('local unix - - n - - local\n'), Code.InvalidServiceFlag);
  assert.equal(local.length, 1);
  assert.deepEqual(local[0].range, range(0, 13, 0, 14));
  assert.match(text(local[0]), /requires privileged operation/);
  assert.equal(local[0].severity, DiagnosticSeverity.Error);
  assert.deepEqual(withCode(check('local unix - n n - - local\nsmtp inet n y y - - smtpd\n'), Code.InvalidServiceFlag), []);
});

test('invalid-wakeup: not a number, "-?", and a missing timer for pickup (warning)', () => {
  const bad = withCode(check('a unix - - n 1a - smtp\n'), Code.InvalidWakeup);
  assert.equal(bad.length, 1);
  assert.equal(bad[0].severity, DiagnosticSeverity.Error);
  const dash = withCode(check('a unix - - n -? - smtp\n'), Code.InvalidWakeup);
  assert.equal(fixes(dash[0])[0].edits[0].newText, '-');
  const pickup = withCode(check('pickup unix n - n - 1 pickup\n'), Code.InvalidWakeup);
  assert.equal(pickup.length, 1);
  assert.equal(pickup[0].severity, DiagnosticSeverity.Warning);
  assert.equal(fixes(pickup[0])[0].edits[0].newText, '60');
  assert.deepEqual(withCode(check('pickup unix n - n 60 1 pickup\nflush unix n - n 1000? 0 flush\na unix - - n 0 - smtp\n'), Code.InvalidWakeup), []);
});

test('invalid-maxproc: not a number, and a limit the daemon refuses', () => {
  const bad = withCode(check('a unix - - n - 1x smtp\n'), Code.InvalidMaxproc);
  assert.equal(bad.length, 1);
  assert.deepEqual(bad[0].range, range(0, 15, 0, 17));
  const qmgr = withCode(check('qmgr unix n - n 300 - qmgr\n'), Code.InvalidMaxproc);
  assert.equal(qmgr.length, 1);
  assert.match(text(qmgr[0]), /means 100/);
  assert.equal(fixes(qmgr[0])[0].edits[0].newText, '1');
  const cleanup = withCode(check('cleanup unix n - n - 5 cleanup\n'), Code.InvalidMaxproc);
  assert.equal(fixes(cleanup[0])[0].edits[0].newText, '0');
  assert.deepEqual(withCode(check('qmgr unix n - n 300 - qmgr\n', { main: 'default_process_limit = 1\n' }), Code.InvalidMaxproc), []);
  assert.deepEqual(withCode(check('qmgr unix n - n 300 1 qmgr\ncleanup unix n - n - 0 cleanup\nsmtp unix - - n - 50 smtp\n'), Code.InvalidMaxproc), []);
});

test('invalid-service-name: what master refuses (errors) and what it bends (warnings)', () => {
  const errors = ['2613x', '[127.0.0.1]2641', '[127.0.0.1', '127.0.0.300:25', '*:25', '127.0.0.1:', '[127.0.0.1]'];
  for (const name of errors) {
    const d = withCode(check(`${name} inet n - n - - smtpd\n`), Code.InvalidServiceName);
    assert.equal(d.length, 1, name);
    assert.equal(d[0].severity, DiagnosticSeverity.Error, name);
    assert.deepEqual(d[0].range, range(0, 0, 0, name.length));
  }
  for (const name of ['70000', 'nosuchservice', '0']) {
    const d = withCode(check(`${name} inet n - n - - smtpd\n`), Code.InvalidServiceName);
    assert.equal(d.length, 1, name);
    assert.equal(d[0].severity, DiagnosticSeverity.Warning, name);
  }
  const ok = ['smtp', 'submission', 'submissions', '127.0.0.1:10025', '[::1]:25', '::1:smtp', 'mail.example.com:2525', ':2640', '0.0.0.0:465'];
  assert.deepEqual(withCode(check(ok.map((n) => `${n} inet n - n - - smtpd`).join('\n')), Code.InvalidServiceName), []);
  assert.deepEqual(withCode(check('anything-goes unix - - n - - smtp\n'), Code.InvalidServiceName), []);
});

test('duplicate-service: the same endpoint written differently; none across types or sockets', () => {
  const same = withCode(check('127.0.0.1:smtp inet n - n - - smtpd\n127.0.0.1:25 inet n - n - - smtpd\n'), Code.DuplicateService);
  assert.equal(same.length, 2);
  assert.match(text(same[0]), /defined again on line 2/);
  assert.equal(same[0].severity, DiagnosticSeverity.Warning);
  const distinct = [
    'smtp inet n - n - - smtpd',
    'smtp unix - - n - - smtp',
    'foo unix n - n - - smtp',
    'foo unix - - n - - smtp',
    '127.0.0.1:smtp inet n - n - - smtpd',
  ].join('\n');
  assert.deepEqual(withCode(check(distinct), Code.DuplicateService), []);
});

test('unknown-daemon: did-you-mean, programs that are no service, versions; absolute paths are left alone', () => {
  const typo = withCode(check('smtp inet n - n - - smtpdd\n'), Code.UnknownDaemon);
  assert.equal(typo.length, 1);
  assert.deepEqual(typo[0].range, range(0, 20, 0, 26));
  assert.equal(fixes(typo[0])[0].edits[0].newText, 'smtpd');
  const master = withCode(check('m unix - - n - - master\n'), Code.UnknownDaemon);
  assert.match(text(master[0]), /supervisor/);
  const old = withCode(check('postlog unix-dgram n - n - 1 postlogd\n', { target: '3.3' }), Code.UnknownDaemon);
  assert.match(text(old[0]), /added in Postfix 3\.4/);
  assert.deepEqual(withCode(check('x unix - n n - - /usr/local/libexec/mydaemon\ny unix - - n - - trivial-rewrite\n'), Code.UnknownDaemon), []);
});

test('unknown-pipe-macro: unknown names with did-you-mean, names newer than the target; known ones and $$ are fine', () => {
  const src = 'x unix - n n - - pipe\n  user=nobody argv=/bin/prog ${recipent} $bogus ${envid} $$literal ${queue_id}\n';
  const d = withCode(check(src, { target: '3.7' }), Code.UnknownPipeMacro);
  assert.deepEqual(
    d.map((x) => x.range),
    [range(1, 29, 1, 40), range(1, 41, 1, 47), range(1, 48, 1, 56)],
  );
  assert.equal(fixes(d[0])[0].edits[0].newText, 'recipient');
  assert.deepEqual(fixes(d[0])[0].edits[0].range, range(1, 31, 1, 39));
  assert.match(text(d[2]), /added to pipe in Postfix 3\.9/);
  assert.equal(withCode(check(src, { target: '3.11' }), Code.UnknownPipeMacro).length, 2);
  // not a pipe service: no macros
  assert.deepEqual(withCode(check('x unix - n n - - spawn user=nobody argv=/bin/x ${bogus}\n'), Code.UnknownPipeMacro), []);
});

test("unknown-parameter in -o: postconf's name spaces per service", () => {
  const src = [
    'a unix - - n - - smtp',
    '  -o smtp_helo_name=$my_helo',
    '  -o my_helo=mx.example.com',
    'b unix - - n - - smtp',
    '  -o my_helo=other.example.com',
    '  -o my_shared=1',
    '  -o corp_server_host=ldap.example.com',
    '  -o smtpd_restriction_classes=my_class',
    '  -o my_class=permit',
  ].join('\n');
  const d = withCode(check(src), Code.UnknownParameter);
  // my_helo is used in a (same service) but not in b; my_shared is used nowhere
  assert.deepEqual(
    d.map((x) => x.range.start.line),
    [4, 5, 6],
  );
  // main.cf referencing the names makes them global
  const main = 'compatibility_level = 3.6\nsmtp_bind_address = $my_shared\nalias_maps = ldap:corp\n';
  assert.deepEqual(
    withCode(check(src, { main }), Code.UnknownParameter).map((x) => x.range.start.line),
    [4],
  );
  // a main.cf name referenced from another service's -o is global
  const main2 = 'compatibility_level = 3.6\nmy_helo = x.example.com\n';
  assert.deepEqual(
    withCode(check(src, { main: main2 }), Code.UnknownParameter).map((x) => x.range.start.line),
    [5, 6],
  );
  // service-defined names
  assert.deepEqual(withCode(check('relay unix - - n - - smtp\nx unix - - n - - smtp -o relay_destination_concurrency_limit=5\n'), Code.UnknownParameter), []);
});

test('invalid-value in -o: the daemon refuses; $names are left to run time', () => {
  const d = withCode(
    check(SMTPD + '\n  -o smtpd_helo_required=maybe\n  -o smtpd_tls_security_level=$level\n', { main: MAIN + 'level = encrypt\n' }),
    Code.InvalidValue,
  );
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(1, 25, 1, 30));
  assert.equal(d[0].severity, DiagnosticSeverity.Error);
  assert.deepEqual(
    withCode(check(SMTPD + ' -o smtpd_helo_required=yes -o smtpd_tls_security_level=encrypt -o smtpd_client_restrictions=\n'), Code.InvalidValue),
    [],
  );
});

test('deprecated-parameter in -o: with the migration as a fix', () => {
  const src = 'amavis unix - - n - 2 smtp\n  -o disable_dns_lookups=yes\n';
  const d = withCode(check(src), Code.DeprecatedParameter);
  assert.equal(d.length, 1);
  assert.equal(apply(src, fixes(d[0])[0]), 'amavis unix - - n - 2 smtp\n  -o smtp_dns_support_level=disabled\n');
  const remove = withCode(check('amavis unix - - n - 2 smtp -o disable_dns_lookups=no -o max_use=20\n'), Code.DeprecatedParameter);
  assert.equal(
    apply('amavis unix - - n - 2 smtp -o disable_dns_lookups=no -o max_use=20\n', fixes(remove[0])[0]),
    'amavis unix - - n - 2 smtp -o max_use=20\n',
  );
  assert.deepEqual(withCode(check('amavis unix - - n - 2 smtp -o smtp_dns_support_level=disabled\n'), Code.DeprecatedParameter), []);
});

test('parameter-newer-than-target in -o', () => {
  const src = SMTPD + ' -o smtpd_hide_client_session=yes\n';
  assert.equal(withCode(check(src, { target: '3.7.11' }), Code.ParameterNewerThanTarget).length, 1);
  assert.deepEqual(withCode(check(src, { target: '3.11' }), Code.ParameterNewerThanTarget), []);
});

test('read-only-parameter in -o: removed with its line', () => {
  const src = SMTPD + '\n  -o process_id=3\n  -o smtpd_banner=x\n';
  const d = withCode(check(src), Code.ReadOnlyParameter);
  assert.equal(d.length, 1);
  assert.equal(apply(src, fixes(d[0])[0]), SMTPD + '\n  -o smtpd_banner=x\n');
});

test('undefined-parameter-reference in -o; names of the same service, main.cf and built-ins resolve', () => {
  const src =
    SMTPD + '\n  -o smtpd_banner=$nothing_here\n  -o syslog_name=postfix/$service_name\n  -o milter_macro_daemon_name=$x_name\n  -o x_name=ORIGINATING\n';
  const d = withCode(check(src), Code.UndefinedParameterReference);
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(1, 19, 1, 31));
});

test('undefined-parameter-reference in -o: suggests a name of main.cf or of the same service, main.cf first on a tie', () => {
  const main = MAIN + 'relay_hosts = a\n';
  const suggested = (master: string): string[] =>
    withCode(check(master, { main }), Code.UndefinedParameterReference).map((d) => text(d).replace(/^.*Did you mean "\$([^"]+)".*$/, '$1'));
  assert.deepEqual(suggested(SMTPD + '\n  -o x_tag=1\n  -o smtpd_banner=$x_tagg\n'), ['x_tag']);
  assert.deepEqual(suggested(SMTPD + '\n  -o relay_hostz=1\n  -o smtpd_banner=$relay_hostx\n'), ['relay_hosts']);
  // the same undefined name in many overrides: one diagnostic each, with the same suggestion
  const many = SMTPD + '\n' + Array.from({ length: 50 }, (_, i) => `  -o p${i}=$x_tagg`).join('\n') + '\n  -o x_tag=1\n';
  assert.deepEqual(new Set(suggested(many)), new Set(['x_tag']));
  assert.equal(suggested(many).length, 50);
});

test('suppression comments and severity settings apply to master.cf', () => {
  const src = ['# postfix-lsp: disable-next-line unknown-daemon', 'a unix - - n - - smtpdd', '  -o x=1', 'b unix - - n - - smtpdd'].join('\n');
  const report = check(src);
  assert.deepEqual(
    withCode(report, Code.UnknownDaemon).map((d) => d.range.start.line),
    [3],
  );
  assert.equal(withCode(report, Code.UnknownParameter).length, 1);
  assert.deepEqual(check('# postfix-lsp: disable\n' + src).diagnostics, []);
  const settings: Settings = { ...defaultSettings, severity: { 'unknown-daemon': 'error', 'unknown-parameter': 'ignore' } };
  const ranked = check(src, { settings });
  assert.ok(withCode(ranked, Code.UnknownDaemon).every((d) => d.severity === DiagnosticSeverity.Error));
  assert.deepEqual(withCode(ranked, Code.UnknownParameter), []);
});

test('checkMasterCf: nothing to report without a master.cf', () => {
  assert.deepEqual(checkMasterCf(new ConfigModel({ main: MAIN }), defaultSettings, '3.11'), { diagnostics: [], failures: [] });
});

// ------------------------------------------------------------------ cross-file

test('cross-file: a main.cf name used as $name in a master.cf -o is no unknown parameter in main.cf', () => {
  const main = 'compatibility_level = 3.6\nmua_sender_restrictions = reject_non_fqdn_sender, permit\n';
  const master = SMTPD + '\nsubmission inet n - n - - smtpd\n  -o smtpd_sender_restrictions=$mua_sender_restrictions\n';
  const report = checkMainCf(new ConfigModel({ main, master }), defaultSettings, '3.11');
  assert.deepEqual(
    report.diagnostics.filter((d) => d.code === Code.UnknownParameter),
    [],
  );
  // and in master.cf the reference resolves
  assert.deepEqual(withCode(check(master, { main }), Code.UndefinedParameterReference), []);
  // without the reference, postconf calls it unused
  const alone = checkMainCf(new ConfigModel({ main, master: SMTPD + '\n' }), defaultSettings, '3.11');
  assert.equal(alone.diagnostics.filter((d) => d.code === Code.UnknownParameter).length, 1);
});

test('cross-file: <service>_destination_concurrency_limit follows the services master.cf declares', () => {
  const main = 'compatibility_level = 3.6\nmyrelay_destination_concurrency_limit = 2\n';
  const unknown = (master: string): number =>
    checkMainCf(new ConfigModel({ main, master }), defaultSettings, '3.11').diagnostics.filter((d) => d.code === Code.UnknownParameter).length;
  assert.equal(unknown(SMTPD + '\nmyrelay unix - - n - - smtp\n'), 0);
  assert.equal(unknown(SMTPD + '\n'), 1);
  // a commented-out service defines nothing
  assert.equal(unknown(SMTPD + '\n#myrelay unix - - n - - smtp\n'), 1);
});

// ----------------------------------------------------------------------- hover

function hoverAt(master: string, position: Position, main = MAIN): string {
  return markdown(masterHover(new ConfigModel({ main, master }), position));
}

test('hover: columns say what they mean, their default, and what the value here means', () => {
  const src = SMTPD + '\nqmgr      unix  n       -       n       300     -       qmgr\n';
  assert.match(hoverAt(src, at(0, 11)), /\*\*Service type\*\*[\s\S]*TCP port/);
  const priv = hoverAt(src, at(0, 16));
  assert.match(priv, /\*\*Private\*\*/);
  assert.match(priv, /Default:\*\* `y`/);
  assert.match(priv, /Here:\*\* `n`: no/);
  assert.match(hoverAt(src, at(1, 41)), /Every 300 seconds/);
  assert.match(hoverAt(src, at(1, 49)), /default_process_limit`, here `100`/);
  assert.match(hoverAt(src, at(0, 2)), /Listens on port `smtp` of every address/);
  const h = masterHover(new ConfigModel({ main: MAIN, master: src }), at(0, 17));
  assert.deepEqual(h?.range, range(0, 16, 0, 17));
});

test('hover: the command column describes the daemon and links its manual page', () => {
  const text = hoverAt(SMTPD + '\n', at(0, 58));
  assert.match(text, /\*\*smtpd\*\* \(Postfix daemon\)/);
  assert.ok(text.includes('https://www.postfix.org/smtpd.8.html'));
  assert.match(hoverAt('qmgr unix n - n 300 1 qmgr\n', at(0, 24)), /Needs:\*\* maxproc `1`, a wake-up timer/);
  assert.match(hoverAt('x unix - n n - - /opt/bin/x\n', at(0, 20)), /outside daemon_directory/);
});

test('hover: -o names get the main.cf parameter facts, the main.cf value and the link', () => {
  const src = SMTPD + '\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_banner=$myhostname ESMTP\n';
  const text = hoverAt(src, at(1, 10), MAIN + 'smtpd_tls_security_level = may\n');
  assert.match(text, /\*\*smtpd_tls_security_level\*\* \(-o override for smtp inet\)/);
  assert.match(text, /Added in Postfix 2\.3/);
  assert.match(text, /main\.cf, line 2:\*\* `may`/);
  assert.match(text, /This service \(smtp\):\*\* `encrypt`/);
  assert.ok(text.includes('https://www.postfix.org/postconf.5.html#smtpd_tls_security_level'));
  assert.match(hoverAt(src, at(2, 20)), /\*\*\$myhostname\*\*/);
});

test('hover: an -o value whose expansion stops says why, as main.cf hover does', () => {
  const main = MAIN + 'a = $b\nb = $a\n';
  const cycle = hoverAt(SMTPD + ' -o smtpd_banner=$a\n', at(0, 66), main);
  assert.match(cycle, /This service \(smtp\):\*\* `\$a`/);
  assert.match(cycle, /Expansion stopped:\*\* circular reference: \$a → \$b → \$a/);
  assert.doesNotMatch(cycle, /Value used/);
  const undefinedName = hoverAt(SMTPD + ' -o smtpd_banner=x$nope\n', at(0, 66), main);
  assert.match(undefinedName, /Value used:\*\* `x`/);
  assert.match(undefinedName, /Undefined, expanded to nothing: `\$nope`/);
});

test('hover: pipe macros and attributes, and -o itself', () => {
  const src = 'x unix - n n - - pipe -v\n  flags=R user=nobody argv=/bin/prog ${recipient}\n';
  assert.match(hoverAt(src, at(1, 40)), /\*\*\$\{recipient\}\*\* \(pipe macro\)[\s\S]*pipe\.8\.html/);
  assert.match(hoverAt(src, at(1, 3)), /\*\*flags=\*\* \(pipe attribute\)/);
  assert.match(hoverAt(src, at(0, 23)), /verbosely/);
  assert.equal(masterHover(new ConfigModel({ main: MAIN, master: src }), at(5, 0)), null);
});

// ------------------------------------------------------------------ completion

function complete(master: string, position: Position): CompletionItem[] {
  return masterCompletion(new ConfigModel({ main: MAIN, master }), position);
}

test('completion: service templates at the start of a line', () => {
  const items = complete('sub', at(0, 3));
  assert.deepEqual(
    labels(items),
    MASTER_TEMPLATES.map((t) => t.label),
  );
  assert.ok(items.every((i) => i.kind === CompletionItemKind.Snippet && i.insertTextFormat === 2));
  assert.deepEqual(items[0].textEdit && 'range' in items[0].textEdit ? items[0].textEdit.range : undefined, range(0, 0, 0, 3));
});

test('completion: the values of each column', () => {
  assert.deepEqual(labels(complete('smtp ', at(0, 5))), ['inet', 'unix', 'unix-dgram', 'fifo', 'pass']);
  assert.deepEqual(labels(complete('smtp inet ', at(0, 10))), ['y', 'n', '-']);
  assert.deepEqual(labels(complete('smtp inet n - n ', at(0, 16))), ['-', '60', '300', '1000?']);
  assert.deepEqual(labels(complete('smtp inet n - n - ', at(0, 18))), ['-', '1', '0']);
  const daemons = labels(complete('smtp inet n - n - - sm', at(0, 22)));
  assert.ok(daemons.includes('smtpd') && daemons.includes('postscreen') && daemons.includes('trivial-rewrite'));
  assert.ok(!daemons.includes('nqmgr'));
});

test('completion: parameter names after -o, values after name=, -o itself in the options', () => {
  const names = complete(SMTPD + '\n  -o smtpd_tls_sec', at(1, 18));
  const item = names.find((i) => i.label === 'smtpd_tls_security_level');
  assert.ok(item);
  assert.equal(item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : '', 'smtpd_tls_security_level=');
  assert.deepEqual(item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined, range(1, 5, 1, 18));
  assert.ok(labels(complete(SMTPD + ' -o ', at(0, SMTPD.length + 4))).includes('smtpd_banner'));
  assert.deepEqual(labels(complete(SMTPD + '\n  -o smtpd_tls_auth_only=', at(1, 26))), ['yes', 'no']);
  assert.deepEqual(labels(complete(SMTPD + '\n  ', at(1, 2))), ['-o']);
  assert.deepEqual(complete('# smtp ', at(0, 7)), []);
});

test('completion: pipe attributes, then ${macros} in argv=', () => {
  const attrs = labels(complete('x unix - n n - - pipe flags=R ', at(0, 30)));
  assert.ok(attrs.includes('user=') && attrs.includes('argv=') && !attrs.includes('flags='));
  const macros = labels(complete('x unix - n n - - pipe user=nobody argv=/bin/x ${rec', at(0, 51)));
  assert.ok(macros.includes('${recipient}') && macros.includes('${sender}'));
});

test('completion: inside a "{" opened on an earlier line, the edit replaces only what is typed on the cursor line', () => {
  const items = complete(SMTPD + ' -o { smtpd_banner = x,\n    smtpd_tls_sec', at(1, 17));
  const item = items.find((i) => i.label === 'smtpd_tls_security_level');
  assert.ok(item, labels(items).slice(0, 5).join(', '));
  assert.deepEqual(item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined, range(1, 4, 1, 17));
  const types = complete('a {\n x', at(1, 2));
  assert.deepEqual(labels(types), ['inet', 'unix', 'unix-dgram', 'fifo', 'pass']);
  assert.ok(types.every((i) => i.textEdit && 'range' in i.textEdit && i.textEdit.range.start.character === 1));
});

// ------------------------------------------------------------------- symbols

test('symbols: services with their command, overrides as children, commented-out services marked', () => {
  const src = [
    SMTPD,
    '#submission inet n - n - - smtpd',
    '#  -o smtpd_tls_security_level=encrypt',
    'relay unix - - n - - smtp',
    '  -o syslog_name=postfix/relay',
  ].join('\n');
  const symbols = masterSymbols(new ConfigModel({ main: MAIN, master: src }));
  assert.deepEqual(
    symbols.map((s) => [s.name, s.detail]),
    [
      ['smtp inet', 'smtpd'],
      ['submission inet', 'smtpd (commented out)'],
      ['relay unix', 'smtp'],
    ],
  );
  assert.equal(symbols[0].kind, SymbolKind.Module);
  assert.equal(symbols[0].tags, undefined);
  assert.deepEqual(symbols[1].tags, [1]);
  assert.deepEqual(symbols[2].range, range(3, 0, 4, 30));
  assert.deepEqual(symbols[2].selectionRange, range(3, 0, 3, 5));
  assert.deepEqual(
    symbols[2].children?.map((c) => [c.name, c.detail]),
    [['syslog_name', 'postfix/relay']],
  );
  assert.deepEqual(symbols[2].children?.[0].selectionRange, range(4, 5, 4, 16));
  assert.deepEqual(
    symbols[1].children?.map((c) => c.name),
    ['smtpd_tls_security_level'],
  );
  assert.deepEqual(masterSymbols(new ConfigModel({ main: MAIN })), []);
});

// ----------------------------------------------------------------- templates

/** the templates that turn TLS on take the certificate from main.cf */
const MAIN_WITH_CERT = MAIN + 'smtpd_tls_chain_files = /etc/postfix/server.pem\n';

test('templates: each one, filled in with its defaults, checks clean on its own and after the stock services', () => {
  for (const t of MASTER_TEMPLATES) {
    const body = snippetText(t.snippet);
    assert.ok(!body.includes('$0') && !/\$\{\d/.test(body), t.label);
    for (const target of ['3.11', '3.7.11']) {
      assert.deepEqual(check(body + '\n', { target, main: MAIN_WITH_CERT }).diagnostics.map(text), [], `${t.label} (${target})`);
    }
  }
  const submission = snippetText(MASTER_TEMPLATES[0].snippet);
  assert.deepEqual(check(STOCK + submission + '\n', { main: MAIN_WITH_CERT }).diagnostics, []);
});

test('templates: submission and smtps set every restriction list, as the stock entry does, so main.cf MX checks do not reach them', () => {
  const mx =
    MAIN_WITH_CERT +
    'smtpd_helo_required = yes\nsmtpd_helo_restrictions = reject_non_fqdn_helo_hostname\nsmtpd_client_restrictions = reject_rbl_client zen.spamhaus.org\n';
  for (const t of MASTER_TEMPLATES.slice(0, 2)) {
    const body = snippetText(t.snippet);
    assert.match(body, /-o smtpd_recipient_restrictions=permit_sasl_authenticated,reject\n/, t.label);
    for (const list of ['client', 'helo', 'sender', 'relay']) assert.match(body, new RegExp(`-o smtpd_${list}_restrictions=\n`), `${t.label}: ${list}`);
    assert.deepEqual(check(body + '\n', { main: mx }).diagnostics.map(text), [], t.label);
  }
});

// ------------------------------------------------ submission-inherits-mx-checks

test('submission-inherits-mx-checks: a submission service that runs the MX checks of main.cf before permit_sasl_authenticated', () => {
  const main = MAIN + 'smtpd_helo_required = yes\nsmtpd_helo_restrictions = permit_mynetworks, reject_non_fqdn_helo_hostname\n';
  const src = 'submission inet n       -       n       -       -       smtpd\n  -o syslog_name=postfix/submission\n  -o smtpd_sasl_auth_enable=yes\n';
  const d = withCode(check(src, { main }), Code.SubmissionInheritsMxChecks);
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, DiagnosticSeverity.Warning);
  assert.deepEqual(d[0].range, range(0, 0, 0, 10), 'on the service name');
  assert.match(text(d[0]), /log in to submission still go through main\.cf's smtpd_helo_restrictions \(reject_non_fqdn_helo_hostname\)/);
  // the fix: the stock entry's override, after the other options
  const [fix] = fixes(d[0]);
  const fixed = apply(src, fix);
  assert.equal(fixed, src.replace(/\n$/, '\n  -o smtpd_helo_restrictions=\n'));
  assert.deepEqual(withCode(check(fixed, { main }), Code.SubmissionInheritsMxChecks), [], 'the fix ends it');
  // the recipient list gets the stock permit_sasl_authenticated,reject
  const rbl = MAIN + 'smtpd_recipient_restrictions = reject_rbl_client zen.spamhaus.org, permit_sasl_authenticated, reject_unauth_destination\n';
  const [rblFix] = fixes(withCode(check(src, { main: rbl }), Code.SubmissionInheritsMxChecks)[0]);
  assert.match(apply(src, rblFix), / {2}-o smtpd_sasl_auth_enable=yes\n {2}-o smtpd_recipient_restrictions=permit_sasl_authenticated,reject\n$/);
  // every rejecting restriction before users get through is named, those after are not
  const several =
    MAIN + 'smtpd_helo_restrictions = reject_invalid_helo_hostname, reject_non_fqdn_helo_hostname, permit_sasl_authenticated, reject_unknown_helo_hostname\n';
  assert.match(
    text(withCode(check(src, { main: several }), Code.SubmissionInheritsMxChecks)[0]),
    /\(reject_invalid_helo_hostname, reject_non_fqdn_helo_hostname\), which/,
  );
  // port 587 by number, SASL on in main.cf; the pre-2.3 names; a list spliced in with $name; a restriction class
  const byPort = '127.0.0.1:587 inet n - n - - smtpd\n';
  const sasl = MAIN + 'smtpd_sasl_auth_enable = yes\n';
  assert.equal(withCode(check(byPort, { main: sasl + 'smtpd_client_restrictions = reject_unknown_client\n' }), Code.SubmissionInheritsMxChecks).length, 1);
  const spliced = sasl + 'mx_checks = reject_unknown_reverse_client_hostname\nsmtpd_client_restrictions = $mx_checks, permit_sasl_authenticated\n';
  assert.equal(withCode(check(byPort, { main: spliced }), Code.SubmissionInheritsMxChecks).length, 1);
  const classes =
    sasl + 'smtpd_restriction_classes = strict\nstrict = reject_unknown_helo_hostname\nsmtpd_helo_required = yes\nsmtpd_helo_restrictions = strict\n';
  assert.equal(withCode(check(byPort, { main: classes }), Code.SubmissionInheritsMxChecks).length, 1);
});

test('submission-inherits-mx-checks: not when the service sets the list, when users get through first, or on the MX', () => {
  const main = MAIN + 'smtpd_sasl_auth_enable = yes\nsmtpd_helo_required = yes\nsmtpd_helo_restrictions = reject_invalid_helo_hostname\n';
  const submission = 'submission inet n       -       n       -       -       smtpd\n';
  const count = (master: string, m = main): number => withCode(check(master, { main: m }), Code.SubmissionInheritsMxChecks).length;
  assert.equal(count(submission), 1);
  assert.equal(count(submission + '  -o smtpd_helo_restrictions=\n'), 0, 'the service overrides the list');
  assert.equal(count(submission + '  -o smtpd_helo_restrictions=$mua_helo_restrictions\n', main + 'mua_helo_restrictions = permit_sasl_authenticated\n'), 0);
  const first =
    MAIN + 'smtpd_sasl_auth_enable = yes\nsmtpd_helo_required = yes\nsmtpd_helo_restrictions = permit_sasl_authenticated, reject_invalid_helo_hostname\n';
  assert.equal(count(submission, first), 0, 'permit_sasl_authenticated first');
  assert.equal(count(submission, first + 'smtpd_delay_reject = no\n'), 1, 'the HELO list runs before AUTH');
  const warned = MAIN + 'smtpd_sasl_auth_enable = yes\nsmtpd_client_restrictions = warn_if_reject reject_rbl_client zen.spamhaus.org\n';
  assert.equal(count(submission, warned), 0, 'warn_if_reject only logs');
  assert.equal(count(submission, MAIN + 'smtpd_helo_required = yes\nsmtpd_helo_restrictions = reject_invalid_helo_hostname\n'), 0, 'no SASL: nobody logs in');
  assert.equal(count(submission + '  -o smtpd_sasl_auth_enable=no\n'), 0);
  assert.equal(count(SMTPD + '\n'), 0, 'port 25 is the MX: the lists are its own');
  assert.equal(count(SMTPD + '\n  -o smtpd_sasl_auth_enable=yes\n'), 0);
  assert.equal(count('2525 inet n - n - - smtpd\n'), 0, 'another port without -o smtpd_sasl_auth_enable=yes');
  assert.equal(count('2525 inet n - n - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n'), 1);
  assert.equal(count(submission.replace('smtpd', 'postscreen')), 0);
});

test('templates and daemon texts are in our own words', (t) => {
  if (!referenceDir(t)) return;
  const dir = join(root, 'server', 'src', 'service', 'knowledge', 'overlays');
  const run = spawnSync(
    process.execPath,
    [join(root, 'scripts', 'check-own-words.mjs'), ...['master-daemons.json', 'master-columns.json', 'master-pipe.json'].map((f) => join(dir, f))],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(run.status, 0, run.stdout);
});

test('parameter-newer-than-target in -o: back-ports count, and the message names the one of the target branch', () => {
  const src = SMTPD + '\n  -o smtpd_forbid_unauth_pipelining=yes\n';
  assert.deepEqual(withCode(check(src, { target: '3.7.11' }), Code.ParameterNewerThanTarget), []);
  assert.deepEqual(withCode(check(src, { target: '3.7.6' }), Code.ParameterNewerThanTarget), []);
  const d = withCode(check(src, { target: '3.7.5' }), Code.ParameterNewerThanTarget);
  assert.equal(d.length, 1);
  assert.match(text(d[0]), /3\.9 \(3\.7\.6 on the 3\.7 branch\)/);
  assert.equal(withCode(check(src, { target: '3.7' }), Code.ParameterNewerThanTarget).length, 1);
});

test('hover: an -o per-service name shows the transport_* template it follows, with its version', () => {
  const src = 'slow unix - - n - - smtp\n  -o slow_destination_rate_delay=5s\n';
  const text = hoverAt(src, at(1, 8));
  assert.ok(text.includes('[`transport_destination_rate_delay`](https://www.postfix.org/postconf.5.html#transport_destination_rate_delay)'), text);
  assert.match(text, /of the service `slow`/);
  assert.match(text, /Added in Postfix 2\.5/);
  assert.match(text, /\*\*Default:\*\* `\$default_destination_rate_delay`/);
});

test('reference-cycle in -o options: an option that refers to itself, or loops through main.cf, as postconf stops on them', () => {
  const loops = (master: string, main = MAIN): string[] =>
    checkMasterCf(new ConfigModel({ main, master }), defaultSettings, '3.11')
      .diagnostics.filter((d) => d.code === 'reference-cycle')
      .map((d) => `${d.range.start.line}:${d.range.start.character}`);
  const self = checkMasterCf(
    new ConfigModel({ main: MAIN, master: `${SMTPD}\n  -o smtpd_recipient_restrictions=$smtpd_recipient_restrictions,reject\n` }),
    defaultSettings,
    '3.11',
  );
  const d = self.diagnostics.find((x) => x.code === 'reference-cycle');
  assert.deepEqual(d?.range.start, { line: 1, character: 34 });
  assert.match(typeof d?.message === 'string' ? d.message : '', /name of its own \(e\.g\. mx_smtpd_recipient_restrictions\)/);
  assert.deepEqual(loops(`${SMTPD}\n  -o myorigin=$mydomain\n`, `${MAIN}mydomain = $myorigin\n`), ['1:14']);
  assert.deepEqual(loops(`${SMTPD}\n  -o smtpd_client_restrictions=$mua\n`, `${MAIN}mua = permit_sasl_authenticated, reject\n`), []);
  assert.deepEqual(loops(`${SMTPD}\n  -o myorigin=\${myorigin?x}\n`), []);
});
