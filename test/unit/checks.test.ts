/**
 * One or more tests per diagnostic code, judged the way postconf and the
 * Postfix daemons judge main.cf (with or without a master.cf beside it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkMainCf, ConfigModel, resolveTarget, type CheckReport } from '../../server/src/service';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { valueProblem } from '../../server/src/service/checks/shared/invalidValue';
import { Code, DiagnosticSeverity, type Diagnostic, type Fix, type FixData } from '../../server/src/service/diagnostics';
import { NEWEST_VERSION } from '../../server/src/service/knowledge/versions';
import { defaultSettings, type Settings } from '../../server/src/service/settings';
import { range } from '../../server/src/service/syntax/text';

interface Options {
  master?: string;
  target?: string;
  settings?: Settings;
}

function check(main: string, options: Options = {}): CheckReport {
  const model = new ConfigModel(options.master === undefined ? { main } : { main, master: options.master });
  const report = checkMainCf(model, options.settings ?? defaultSettings, options.target ?? '3.11');
  assert.deepEqual(report.failures, [], 'no check threw');
  return report;
}

const withCode = (report: CheckReport, code: Code): Diagnostic[] => report.diagnostics.filter((d) => d.code === code);
/** Diagnostic.message may be markup in LSP 3.18; ours are plain strings. */
const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const fixes = (d: Diagnostic): Fix[] => (d.data as FixData | undefined)?.fixes ?? [];
/** The lines the diagnostics start on. */
const linesOf = (diagnostics: Diagnostic[]): number[] => diagnostics.map((d) => d.range.start.line);

/** master.cf with the stock services plus the given lines. */
const STOCK_MASTER = [
  'smtp      inet  n       -       n       -       -       smtpd',
  'pickup    unix  n       -       n       60      1       pickup',
  'cleanup   unix  n       -       n       -       0       cleanup',
  'qmgr      unix  n       -       n       300     1       qmgr',
  'rewrite   unix  -       -       n       -       -       trivial-rewrite',
  'bounce    unix  -       -       n       -       0       bounce',
  'defer     unix  -       -       n       -       0       bounce',
  'smtp      unix  -       -       n       -       -       smtp',
  'relay     unix  -       -       n       -       -       smtp',
  '        -o syslog_name=postfix/$service_name',
  'local     unix  -       n       n       -       -       local',
  'virtual   unix  -       n       n       -       -       virtual',
  'lmtp      unix  -       -       n       -       -       lmtp',
].join('\n');

// ---------------------------------------------------------------- syntax-error

test('syntax-error: a line without "="', () => {
  const d = withCode(check('myorigin = example.com\nnoequals\n'), Code.SyntaxError);
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(1, 0, 1, 8));
  assert.equal(d[0].severity, DiagnosticSeverity.Error);
  assert.equal(d[0].source, 'postfix');
});

test('syntax-error: a continuation line with nothing to continue', () => {
  const d = withCode(check('  myorigin = example.com\n'), Code.SyntaxError);
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(0, 2, 0, 24));
});

test('syntax-error: an unbalanced ${ at its document position, also on a continuation line', () => {
  const one = withCode(check('myorigin = ${mydomain\n'), Code.SyntaxError);
  assert.equal(one.length, 1);
  assert.deepEqual(one[0].range, range(0, 11, 0, 21));
  assert.match(text(one[0]), /unbalanced/);
  const two = withCode(check('alias_maps = hash:/etc/aliases,\n  ${virtual_alias_maps\n'), Code.SyntaxError);
  assert.equal(two.length, 1);
  assert.deepEqual(two[0].range, range(1, 2, 1, 22));
});

test('syntax-error: none for a clean file', () => {
  assert.deepEqual(withCode(check('# c\nmyorigin = $mydomain\n\nmynetworks = 127.0.0.0/8\n  [::1]/128\n'), Code.SyntaxError), []);
});

// ----------------------------------------------------------- unknown-parameter

test('unknown-parameter: a typo, with a did-you-mean fix that replaces the name', () => {
  const d = withCode(check('smtpd_relay_restriction = permit_mynetworks, reject\n'), Code.UnknownParameter);
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(0, 0, 0, 23));
  assert.equal(d[0].severity, DiagnosticSeverity.Warning);
  assert.match(text(d[0]), /Did you mean "smtpd_relay_restrictions"\?/);
  const [fix] = fixes(d[0]);
  assert.ok(fix, 'a fix');
  assert.deepEqual(fix.edits, [{ range: range(0, 0, 0, 23), newText: 'smtpd_relay_restrictions' }]);
});

test('unknown-parameter: another typo suggests the closest name', () => {
  const d = withCode(check('mynetwork = 10.0.0.0/8\n'), Code.UnknownParameter);
  assert.equal(d.length, 1);
  assert.equal(fixes(d[0])[0]?.edits[0].newText, 'mynetworks');
});

test('unknown-parameter: a name far from every parameter has no suggestion', () => {
  const d = withCode(check('qqqzzzxxyy = 1\n'), Code.UnknownParameter);
  assert.equal(d.length, 1);
  assert.doesNotMatch(text(d[0]), /Did you mean/);
  assert.equal(d[0].data, undefined);
});

test('unknown-parameter: not reported for a name used as $name elsewhere in main.cf', () => {
  const report = check('my_networks = 10.0.0.0/8\nmynetworks = 127.0.0.0/8 $my_networks\n');
  assert.deepEqual(withCode(report, Code.UnknownParameter), []);
});

test('unknown-parameter: not reported for a name used in ${name?...}, $(name) or a conditional branch', () => {
  const report = check('a_own =\nb_own =\nc_own = x\nmyorigin = ${a_own?x} $(b_own) ${mydomain?{$c_own}}\n');
  assert.deepEqual(withCode(report, Code.UnknownParameter), []);
});

test('unknown-parameter: not reported for a name used in a master.cf -o override', () => {
  const master = STOCK_MASTER + '\nsubmission inet n - n - - smtpd\n  -o smtpd_client_restrictions=$mua_client_restrictions\n';
  const report = check('mua_client_restrictions = permit_sasl_authenticated, reject\n', { master });
  assert.deepEqual(withCode(report, Code.UnknownParameter), []);
  // without that master.cf nothing uses it
  assert.equal(withCode(check('mua_client_restrictions = permit_sasl_authenticated, reject\n'), Code.UnknownParameter).length, 1);
});

test('unknown-parameter: not reported for a name listed in smtpd_restriction_classes', () => {
  const main =
    'smtpd_restriction_classes = insiders_only, external\ninsiders_only = check_sender_access hash:/etc/postfix/insiders, reject\nexternal = reject\n';
  assert.deepEqual(withCode(check(main), Code.UnknownParameter), []);
});

test('unknown-parameter: relay_destination_concurrency_limit is fine with the stock services (no master.cf)', () => {
  const report = check('relay_destination_concurrency_limit = 2\n');
  assert.deepEqual(withCode(report, Code.UnknownParameter), []);
});

test('unknown-parameter: relay_destination_concurrency_limit is reported when master.cf has no relay service', () => {
  const master = 'smtp inet n - n - - smtpd\nsmtp unix - - n - - smtp\n';
  const d = withCode(check('relay_destination_concurrency_limit = 2\n', { master }), Code.UnknownParameter);
  assert.equal(d.length, 1);
  assert.match(text(d[0]), /"relay"/);
});

test('unknown-parameter: <service>_time_limit is fine for a pipe service in master.cf', () => {
  const master = STOCK_MASTER + '\nmytransport unix - n n - - pipe\n  flags=R user=nobody argv=/usr/local/bin/filter ${recipient}\n';
  const main = 'mytransport_time_limit = 3600s\nmytransport_destination_recipient_limit = 1\n';
  assert.deepEqual(withCode(check(main, { master }), Code.UnknownParameter), []);
  // the same main.cf without that service: both names are unused
  assert.deepEqual(linesOf(withCode(check(main), Code.UnknownParameter)), [0, 1]);
});

test('unknown-parameter: <name>_server_host is fine when a value uses ldap:<name>', () => {
  const main = 'virtual_alias_maps = proxy:ldap:corp\ncorp_server_host = ldap.example.com\ncorp_search_base = dc=example, dc=com\ncorp_no_such_suffix = 1\n';
  const d = withCode(check(main), Code.UnknownParameter);
  assert.deepEqual(linesOf(d), [3]);
  // a table given as a file path defines no parameters
  const path = withCode(check('virtual_alias_maps = ldap:/etc/postfix/corp.cf\ncorp_server_host = x\n'), Code.UnknownParameter);
  assert.deepEqual(linesOf(path), [1]);
});

test('unknown-parameter: relay_time_limit is reported (relay is an smtp service; _time_limit is for pipe/spawn)', () => {
  const d = withCode(check('relay_time_limit = 100s\n'), Code.UnknownParameter);
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(0, 0, 0, 16));
  const withMaster = withCode(check('relay_time_limit = 100s\n', { master: STOCK_MASTER }), Code.UnknownParameter);
  assert.equal(withMaster.length, 1);
});

test('unknown-parameter: a user name referenced only from mailbox_command is reported (that value is not expanded)', () => {
  const d = withCode(check('mailbox_command = /usr/bin/procmail -a $my_user_arg\nmy_user_arg = x\n'), Code.UnknownParameter);
  assert.deepEqual(linesOf(d), [1]);
  assert.deepEqual(d[0].range, range(1, 0, 1, 11));
});

test('unknown-parameter: built-in parameters and removed ones are not reported', () => {
  const report = check('myorigin = $mydomain\nsmtp_skip_4xx_greeting = yes\n');
  assert.deepEqual(withCode(report, Code.UnknownParameter), []);
});

// ----------------------------------------------- undefined-parameter-reference

test('undefined-parameter-reference: a $name nothing defines, at the name inside the value', () => {
  const d = withCode(check('myorigin = $my_domain_typo\n'), Code.UndefinedParameterReference);
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(0, 12, 0, 26));
  assert.match(text(d[0]), /"\$my_domain_typo"/);
});

test('undefined-parameter-reference: reported for ${x?y}', () => {
  const d = withCode(check('myorigin = ${x_undefined?y}\n'), Code.UndefinedParameterReference);
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(0, 13, 0, 24));
});

test('undefined-parameter-reference: not reported inside mailbox_command', () => {
  const report = check('mailbox_command = /usr/bin/procmail -a "$EXTENSION" -d $USER\n');
  assert.deepEqual(withCode(report, Code.UndefinedParameterReference), []);
});

test('undefined-parameter-reference: not reported for built-ins, main.cf names and service names', () => {
  const main = 'own = x\nmyorigin = $mydomain $own $relay_destination_concurrency_limit $mail_name\n';
  assert.deepEqual(withCode(check(main), Code.UndefinedParameterReference), []);
});

test('undefined-parameter-reference: reported on a continuation line', () => {
  const d = withCode(check('mynetworks = 127.0.0.0/8,\n   $extra_nets\n'), Code.UndefinedParameterReference);
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(1, 4, 1, 14));
});

test('undefined-parameter-reference: thousands of distinct undefined names are checked fast, and a typo is still named', () => {
  // every line defines a name and refers to an undefined one, so each answer would compare with 20,000 names
  const main = Array.from({ length: 20_000 }, (_, i) => `a${i} = $u${i}`).join('\n') + '\nmyorigin = $myhostnam\n';
  const model = new ConfigModel({ main });
  const started = performance.now();
  const report = checkMainCf(model, defaultSettings, '3.11');
  const elapsed = performance.now() - started;
  assert.deepEqual(report.failures, []);
  const d = withCode(report, Code.UndefinedParameterReference);
  assert.equal(d.length, 20_001);
  assert.match(text(d[d.length - 1]), /Did you mean "\$myhostname"\?/);
  assert.ok(elapsed < 2000, `took ${Math.round(elapsed)} ms`);
});

test('undefined-parameter-reference: a name of main.cf is suggested, and once per distinct name', () => {
  const main = 'relay_nets = 10.0.0.0/8\nmynetworks = $relay_net, $relay_net\n';
  const d = withCode(check(main), Code.UndefinedParameterReference);
  assert.deepEqual(
    d.map(text).map((m) => m.replace(/^.*Did you mean "\$([^"]+)".*$/, '$1')),
    ['relay_nets', 'relay_nets'],
  );
});

// ------------------------------------------------------------ read-only-parameter

test('read-only-parameter: process_id, with a fix that deletes the line', () => {
  const report = check('myorigin = x\nprocess_id = 1234\n');
  const d = withCode(report, Code.ReadOnlyParameter);
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(1, 0, 1, 10));
  assert.deepEqual(fixes(d[0])[0]?.edits, [{ range: range(1, 0, 2, 0), newText: '' }]);
  assert.deepEqual(withCode(report, Code.UnknownParameter), []);
});

// ------------------------------------------------------------ duplicate-parameter

test('duplicate-parameter: both lines reported, the later one wins, the earlier can be deleted', () => {
  const main = 'myhostname = a.example.com\n  # still the same logical line\n  b\nmydomain = example.com\nmyhostname = c.example.com\n';
  const d = withCode(check(main), Code.DuplicateParameter);
  assert.deepEqual(linesOf(d), [0, 4]);
  const [earlier, later] = d;
  assert.deepEqual(earlier.range, range(0, 0, 0, 10));
  assert.match(text(earlier), /line 5/);
  assert.match(text(earlier), /later value/);
  // the whole logical line, continuation included
  assert.deepEqual(fixes(earlier)[0]?.edits, [{ range: range(0, 0, 3, 0), newText: '' }]);
  assert.deepEqual(later.range, range(4, 0, 4, 10));
  assert.match(text(later), /overrides the earlier assignment on line 1/);
  assert.deepEqual(fixes(later), []);
});

test('duplicate-parameter: three assignments, each earlier one points at the winner', () => {
  const d = withCode(check('relayhost = a\nrelayhost = b\nrelayhost = c\n'), Code.DuplicateParameter);
  assert.deepEqual(linesOf(d), [0, 1, 2]);
  assert.match(text(d[0]), /line 3/);
  assert.match(text(d[1]), /line 3/);
  assert.match(text(d[2]), /line 2/);
});

test('duplicate-parameter: none for distinct names', () => {
  assert.deepEqual(withCode(check('relayhost = a\nmyorigin = b\n'), Code.DuplicateParameter), []);
});

// ------------------------------------------------------------------ invalid-value

const invalid = (main: string): Diagnostic[] => withCode(check(main), Code.InvalidValue);

test('invalid-value: booleans, case-insensitive', () => {
  assert.deepEqual(invalid('smtpd_sasl_auth_enable = YES\n'), []);
  assert.deepEqual(invalid('smtpd_sasl_auth_enable = No\n'), []);
  const d = invalid('smtpd_sasl_auth_enable = maybe\n');
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(0, 25, 0, 30));
  assert.equal(d[0].severity, DiagnosticSeverity.Error);
  assert.match(text(d[0]), /"maybe"/);
  assert.match(text(d[0]), /yes/);
});

test('invalid-value: an empty boolean is reported on the name', () => {
  const d = invalid('smtpd_sasl_auth_enable =\n');
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(0, 0, 0, 22));
});

test('invalid-value: times', () => {
  for (const ok of ['1h30m', '10s', '5', '2w']) {
    assert.deepEqual(invalid(`smtp_helo_timeout = ${ok}\n`), [], ok);
  }
  for (const bad of ['4H', '5 h', '10x', 'h', '-5s']) {
    const d = invalid(`smtp_helo_timeout = ${bad}\n`);
    assert.equal(d.length, 1, bad);
    assert.deepEqual(d[0].range, range(0, 20, 0, 20 + bad.length), bad);
  }
});

test('time-value-ignored-text: what follows the unit letter is read as nothing', () => {
  const ignored = (main: string): Diagnostic[] => withCode(check(main), Code.TimeValueIgnoredText);
  const d = ignored('maximal_queue_lifetime = 1h30m\n');
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(0, 27, 0, 30));
  assert.equal(d[0].severity, DiagnosticSeverity.Warning);
  assert.match(text(d[0]), /as 1h and ignores "30m".*90m/);
  assert.match(text(ignored('bounce_queue_lifetime = 2d12h\n')[0]), /60h/);
  // a word after the unit: no sum to offer, the time as Postfix reads it
  assert.match(text(ignored('smtp_helo_timeout = 300sec\n')[0]), /as 300s and ignores "ec".*e\.g\. 300s\.$/);
  // nothing for plain times, comments, $names or non-time parameters
  for (const fine of [
    'smtp_helo_timeout = 300s\n',
    'smtp_helo_timeout = 5\n',
    'smtp_helo_timeout = 30s # half a minute\n',
    'smtp_helo_timeout = ${t}m\n',
    'myhostname = 1h30m\n',
  ])
    assert.deepEqual(ignored(fine), [], fine);
  // master.cf -o settings too
  const master = checkMasterCf(
    new ConfigModel({ main: 'compatibility_level = 3.6\n', master: 'smtp inet n - y - - smtpd -o smtpd_timeout=1h30m\n' }),
    defaultSettings,
    '3.11',
  );
  assert.equal(master.diagnostics.filter((x) => x.code === Code.TimeValueIgnoredText).length, 1);
});

test('empty-macro-name: a "$" that starts no reference, as postconf stops on it; "$$", raw parameters and unused names of ones own are fine', () => {
  const found = (main: string): string[] => withCode(check(main), Code.EmptyMacroName).map((d) => `${d.range.start.line}:${d.range.start.character}`);
  assert.deepEqual(found('virtual_alias_maps = regexp:{{/^(.*)@old\\.example$/ $${1}@new.example}}\n'), ['0:49']);
  assert.match(text(withCode(check('virtual_alias_maps = regexp:{{/^a$/ b}}\n'), Code.EmptyMacroName)[0]), /end anchor as "\$\$"/);
  assert.deepEqual(found('myorigin = a$\nsmtpd_banner = $myhostname ESMTP $ here\n'), ['0:12', '1:33']);
  assert.deepEqual(found('myorigin = a$$\nsmtpd_banner = ${myhostname} $(mail_name) $$5\nmailbox_command = /bin/x $ y\nfoo = a$.b\n'), []);
  // a name of one's own is expanded where something uses it
  assert.deepEqual(found('smtpd_restriction_classes = cls\ncls = reject$\n'), ['1:12']);
  // in a branch: an error where the branch is taken, a warning where it is not (postconf warns, the daemons skip it)
  const severities = (main: string): [string, number | undefined][] =>
    withCode(check(main), Code.EmptyMacroName).map((d) => [`${d.range.start.line}:${d.range.start.character}`, d.severity]);
  assert.deepEqual(severities('smtpd_banner = x ${myhostname?$}\n'), [['0:30', 1]]);
  assert.deepEqual(severities('smtpd_banner = x ${nosuch?a $ b}\n'), [['0:28', 2]]);
  assert.deepEqual(severities('smtpd_banner = x ${nosuch:$}\n'), [['0:26', 1]]);
  assert.deepEqual(severities('smtpd_banner = x ${nosuch?$} ${myhostname:$} ${myhostname?${nosuch:$}}\n'), [['0:67', 1]]);
  // the two sides of ${name?{a}:{b}}, and a comparison: its operands are always expanded, its results only when picked
  assert.deepEqual(severities('smtpd_banner = ${myhostname?{a $ b}:{x}}\n'), [['0:31', 1]]);
  assert.deepEqual(severities('smtpd_banner = ${myhostname?{x}:{a $ b}}\n'), [['0:35', 2]]);
  assert.deepEqual(severities('smtpd_banner = ${{$myhostname} != {x} ? {a $ b}}\n'), [['0:43', 2]]);
  assert.deepEqual(severities('smtpd_banner = ${{$myhostname} != {a $ b} ? {x}}\n'), [['0:37', 1]]);
  assert.match(text(withCode(check('smtpd_banner = ${{$myhostname} != {x} ? {a $ b}}\n'), Code.EmptyMacroName)[0]), /only when the comparison picks it/);
  const master = checkMasterCf(
    new ConfigModel({ main: 'compatibility_level = 3.6\n', master: 'smtp inet n - y - - smtpd -o myorigin=a$\n' }),
    defaultSettings,
    '3.11',
  );
  assert.equal(master.diagnostics.filter((x) => x.code === Code.EmptyMacroName).length, 1);
});

test('reference-cycle: each setting of the loop, the loop told from it; a long chain is walked without recursion', () => {
  const d = withCode(check('myorigin = $mydomain\nmydomain = x.$myorigin\n'), Code.ReferenceCycle);
  assert.deepEqual(
    d.map((x) => [x.range.start.line, x.range.start.character]),
    [
      [0, 11],
      [1, 13],
    ],
  );
  assert.match(text(d[1]), /^\$myorigin leads back to mydomain: \$mydomain → \$myorigin → \$mydomain\./);
  const chain = Array.from({ length: 20_000 }, (_, i) => `n${i} = $n${i + 1}`).join('\n');
  assert.equal(withCode(check(`myorigin = $n0\n${chain}\nn20000 = $n0\n`), Code.ReferenceCycle).length, 20_001);
  assert.deepEqual(withCode(check(`myorigin = $n0\n${chain}\nn20000 = end\n`), Code.ReferenceCycle), []);
});

test('invalid-value: compatibility_level as Postfix reads a level; a line that continues it by mistake', () => {
  for (const ok of ['3.6', '2', '0', '3.6.1', '03.6', '99']) assert.deepEqual(invalid(`compatibility_level = ${ok}\n`), [], ok);
  for (const bad of ['x', '3.6 x', '3.6.', '3.6a', 'level']) {
    const d = invalid(`compatibility_level = ${bad}\n`);
    assert.equal(d.length, 1, bad);
    assert.match(text(d[0]), /malformed compatibility level syntax/);
  }
  assert.deepEqual(invalid('compatibility_level =\n')[0].range, range(0, 0, 0, 19));
  assert.match(text(invalid('compatibility_level = 3.6\n = x\n')[0]), /"3\.6 = x"/);
});

test('invalid-table-name: words of table lists that are no type:name or of no known type; $names, braces, proxy: inside', () => {
  const found = (main: string): string[] =>
    withCode(check(main), Code.InvalidTableName).map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character}`);
  assert.deepEqual(found('transport_maps = hash:/etc/postfix/transport hash\n'), ['0:45-49']);
  assert.deepEqual(found('virtual_alias_maps = proxy:hashh:/x\n'), ['0:27-32']);
  assert.match(text(withCode(check('virtual_alias_maps = proxy:hashh:/x\n'), Code.InvalidTableName)[0]), /did you mean "hash"/);
  for (const fine of [
    'virtual_alias_maps = proxy:mysql:/etc/postfix/x.cf, $virtual_maps, regexp:{{/a/ b}, {/c/ d}}\n',
    'local_recipient_maps = proxy:unix:passwd.byname $alias_maps\n',
    'smtpd_tls_session_cache_database = btree:${data_directory}/smtpd_scache\n',
    'proxy_read_maps = $local_recipient_maps $mydestination localhost\n',
    'alias_maps =\n',
  ])
    assert.deepEqual(found(fine), [], fine);
  const master = checkMasterCf(
    new ConfigModel({ main: 'compatibility_level = 3.6\n', master: 'smtp inet n - y - - smtpd -o header_checks=regexp\n' }),
    defaultSettings,
    '3.11',
  );
  assert.equal(master.diagnostics.filter((x) => x.code === Code.InvalidTableName).length, 1);
});

test('invalid-value: integers and sizes', () => {
  assert.equal(valueProblem({ type: 'integer' }, '-1'), undefined);
  assert.equal(valueProblem({ type: 'integer' }, '42'), undefined);
  assert.match(valueProblem({ type: 'integer' }, '10M') ?? '', /whole number/);
  assert.deepEqual(invalid('default_process_limit = 200\n'), []);
  assert.equal(invalid('default_process_limit = 10M\n').length, 1);
  assert.equal(invalid('message_size_limit = 10M\n').length, 1);
  assert.deepEqual(invalid('message_size_limit = 52428800\n'), []);
});

test('invalid-value: enums; case-insensitive; empty is fine', () => {
  const d = invalid('smtpd_tls_security_level = bogus\n');
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(0, 27, 0, 32));
  assert.match(text(d[0]), /may/);
  assert.deepEqual(invalid('smtpd_tls_security_level = MAY\n'), []);
  assert.deepEqual(invalid('smtpd_tls_security_level = encrypt\n'), []);
  assert.deepEqual(invalid('smtpd_tls_security_level =\n'), []);
});

test('invalid-value: values containing $ are left to run time', () => {
  const main = 'my_flag = maybe\nsmtpd_sasl_auth_enable = $my_flag\nsmtp_helo_timeout = ${my_flag?5s}\n';
  assert.deepEqual(invalid(main), []);
});

test('invalid-value: user names and unknown names are not judged', () => {
  assert.deepEqual(invalid('smtpd_sasl_auth_enabled = maybe\n'), []);
});

// ------------------------------------------------------------ deprecated-parameter

test('deprecated-parameter: virtual_maps -> virtual_alias_maps with a rename fix', () => {
  const d = withCode(check('virtual_maps = hash:/etc/postfix/virtual\n'), Code.DeprecatedParameter);
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(0, 0, 0, 12));
  assert.match(text(d[0]), /virtual_alias_maps/);
  const [fix] = fixes(d[0]);
  assert.ok(fix, 'a fix');
  assert.deepEqual(fix.edits, [{ range: range(0, 0, 0, 12), newText: 'virtual_alias_maps' }]);
});

test('deprecated-parameter: smtp_skip_4xx_greeting was removed', () => {
  const d = withCode(check('myorigin = x\nsmtp_skip_4xx_greeting = yes\n'), Code.DeprecatedParameter);
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(1, 0, 1, 22));
  assert.match(text(d[0]), /removed in Postfix 2\.1/);
  // nothing replaces it: the fix deletes the line
  assert.deepEqual(fixes(d[0])[0]?.edits, [{ range: range(1, 0, 2, 0), newText: '' }]);
});

test('deprecated-parameter: none for current parameters', () => {
  assert.deepEqual(withCode(check('virtual_alias_maps = hash:/etc/postfix/virtual\n'), Code.DeprecatedParameter), []);
});

// ---------------------------------------------------- parameter-newer-than-target

test('parameter-newer-than-target: a 3.11 parameter for target 3.7.11', () => {
  const d = withCode(check('requiretls_enable = yes\n', { target: '3.7.11' }), Code.ParameterNewerThanTarget);
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(0, 0, 0, 17));
  assert.match(text(d[0]), /3\.11/);
  assert.match(text(d[0]), /3\.7\.11/);
  assert.deepEqual(withCode(check('requiretls_enable = yes\n', { target: '3.11' }), Code.ParameterNewerThanTarget), []);
  assert.deepEqual(withCode(check('requiretls_enable = yes\n', { target: '3.11.6' }), Code.ParameterNewerThanTarget), []);
});

test('parameter-newer-than-target: smtpd_forbid_unauth_pipelining was back-ported to 3.7.6', () => {
  const main = 'smtpd_forbid_unauth_pipelining = yes\n';
  assert.deepEqual(withCode(check(main, { target: '3.7.11' }), Code.ParameterNewerThanTarget), []);
  assert.deepEqual(withCode(check(main, { target: '3.7.6' }), Code.ParameterNewerThanTarget), []);
  assert.deepEqual(withCode(check(main, { target: '3.8.1' }), Code.ParameterNewerThanTarget), []);
  assert.equal(withCode(check(main, { target: '3.7.5' }), Code.ParameterNewerThanTarget).length, 1);
  assert.equal(withCode(check(main, { target: '3.8' }), Code.ParameterNewerThanTarget).length, 1);
});

test('parameter-newer-than-target: smtpd_forbid_bare_newline and tls_config_name exist in 3.7.11 (back-ported)', () => {
  const main = 'smtpd_forbid_bare_newline = normalize\ntls_config_name = postfix\n';
  assert.deepEqual(withCode(check(main, { target: '3.7.11' }), Code.ParameterNewerThanTarget), []);
});

test('resolveTarget: setting, else installed Postfix, else newest known', () => {
  assert.equal(resolveTarget({ ...defaultSettings, targetVersion: '3.8' }, '3.7.11'), '3.8');
  assert.equal(resolveTarget({ ...defaultSettings, targetVersion: 'auto' }, '3.7.11'), '3.7.11');
  assert.equal(resolveTarget({ ...defaultSettings, targetVersion: 'auto' }), NEWEST_VERSION);
});

// ------------------------------------------------------- settings and suppression

test('severity override: ignore removes a code, error re-ranks one', () => {
  const main = 'qqqzzzxxyy = 1\nrelayhost = a\nrelayhost = b\n';
  const settings: Settings = { ...defaultSettings, severity: { [Code.UnknownParameter]: 'ignore', [Code.DuplicateParameter]: 'error' } };
  const report = check(main, { settings });
  assert.deepEqual(withCode(report, Code.UnknownParameter), []);
  const dup = withCode(report, Code.DuplicateParameter);
  assert.equal(dup.length, 2);
  assert.ok(dup.every((d) => d.severity === DiagnosticSeverity.Error));
  // unchanged without the override
  assert.ok(withCode(check(main), Code.DuplicateParameter).every((d) => d.severity === DiagnosticSeverity.Warning));
  assert.equal(withCode(check(main), Code.UnknownParameter).length, 1);
});

test('severity override: hint and information', () => {
  const settings: Settings = { ...defaultSettings, severity: { [Code.InvalidValue]: 'hint', [Code.SyntaxError]: 'information' } };
  const report = check('smtpd_sasl_auth_enable = maybe\nbroken line\n', { settings });
  assert.equal(withCode(report, Code.InvalidValue)[0]?.severity, DiagnosticSeverity.Hint);
  assert.equal(withCode(report, Code.SyntaxError)[0]?.severity, DiagnosticSeverity.Information);
});

test('suppression: disable-next-line with a code silences that code on the next logical line only', () => {
  const main = '# postfix-lsp: disable-next-line unknown-parameter\nqqqzzzxxyy = 1\nqqqzzzxxyz = 2\n';
  assert.deepEqual(linesOf(withCode(check(main), Code.UnknownParameter)), [2]);
});

test('suppression: disable-next-line with another code does not silence', () => {
  const main = '# postfix-lsp: disable-next-line duplicate-parameter\nqqqzzzxxyy = 1\n';
  assert.deepEqual(linesOf(withCode(check(main), Code.UnknownParameter)), [1]);
});

test('suppression: several codes, separated by commas and blanks', () => {
  const main = '#postfix-lsp: disable-next-line  invalid-value,unknown-parameter\nsmtpd_sasl_auth_enable = maybe\nqqqzzzxxyy = 1\n';
  const report = check(main);
  assert.deepEqual(withCode(report, Code.InvalidValue), []);
  assert.deepEqual(linesOf(withCode(report, Code.UnknownParameter)), [2]);
});

test('suppression: disable-next-line without codes silences everything on the whole logical line', () => {
  const main = '# postfix-lsp: disable-next-line\nmyorigin = $undefined_one\n  $undefined_two\nrelayhost = $undefined_three\n';
  const d = withCode(check(main), Code.UndefinedParameterReference);
  assert.deepEqual(linesOf(d), [3]);
});

test('suppression: disable <code> applies to the whole file, wherever the comment is', () => {
  const main = 'smtpd_sasl_auth_enable = maybe\nqqqzzzxxyy = 1\nsmtp_helo_timeout = 4H\n# postfix-lsp: disable invalid-value\n';
  const report = check(main);
  assert.deepEqual(withCode(report, Code.InvalidValue), []);
  assert.equal(withCode(report, Code.UnknownParameter).length, 1);
});

test('suppression: a plain comment mentioning the directive elsewhere does nothing', () => {
  const main = '# see postfix-lsp: disable-next-line docs\nqqqzzzxxyy = 1\n';
  assert.equal(withCode(check(main), Code.UnknownParameter).length, 1);
});

test('suppression: disable-next-line applies to the next line even when it is not an assignment', () => {
  const main = '# postfix-lsp: disable-next-line\nthis line is broken\nqqqzzzxxyy = 1\n';
  const report = check(main);
  assert.deepEqual(withCode(report, Code.SyntaxError), []);
  assert.deepEqual(linesOf(withCode(report, Code.UnknownParameter)), [2]);
});

// ------------------------------------------------------------ robustness

test('a check that throws does not lose the diagnostics of the others', () => {
  const model = new ConfigModel({ main: 'qqqzzzxxyy = 1\nrelayhost = a\nrelayhost = b\nprocess_id = 1\nbroken\n' });
  // only the unknown-parameter check asks for userNameReason
  (model as unknown as { userNameReason: () => never }).userNameReason = () => {
    throw new Error('boom');
  };
  const report = checkMainCf(model, defaultSettings, '3.11');
  assert.equal(report.failures.length, 1);
  assert.equal(report.failures[0].check, 'unknownParameter');
  assert.match((report.failures[0].error as Error).message, /boom/);
  assert.deepEqual(withCode(report, Code.UnknownParameter), []);
  assert.equal(withCode(report, Code.DuplicateParameter).length, 2);
  assert.equal(withCode(report, Code.ReadOnlyParameter).length, 1);
  assert.equal(withCode(report, Code.SyntaxError).length, 1);
});

test('diagnostics come sorted by position', () => {
  const report = check('relayhost = a\nqqqzzzxxyy = $nothing_here\nrelayhost = b\nsmtpd_sasl_auth_enable = maybe\n');
  const keys = report.diagnostics.map((d) => d.range.start.line * 1e6 + d.range.start.character);
  assert.deepEqual(
    keys,
    [...keys].sort((a, b) => a - b),
  );
  assert.ok(report.diagnostics.length >= 5);
});

test('checking hostile input does not throw', () => {
  for (const main of ['a = ' + '${'.repeat(10000), 'a = ' + '${x?'.repeat(10000) + '}'.repeat(10000), 'x'.repeat(1 << 20)]) {
    const report = checkMainCf(new ConfigModel({ main }), defaultSettings, '3.11');
    assert.deepEqual(report.failures, []);
  }
});

test('parameter-newer-than-target: the message names the back-port of the target branch, and 3.7 means 3.7.0', () => {
  const main = 'smtpd_forbid_unauth_pipelining = yes\n';
  const [d] = withCode(check(main, { target: '3.7' }), Code.ParameterNewerThanTarget);
  assert.ok(d);
  assert.match(text(d), /added in Postfix 3\.9 \(3\.7\.6 on the 3\.7 branch\); the target Postfix 3\.7 ignores it/);
  // tls_append_default_CA: 2.4.15, 2.5.11, 2.6.8, 2.7.2 and later
  const old = 'tls_append_default_CA = no\n';
  assert.equal(withCode(check(old, { target: '2.5' }), Code.ParameterNewerThanTarget).length, 1);
  assert.deepEqual(withCode(check(old, { target: '2.5.11' }), Code.ParameterNewerThanTarget), []);
  assert.deepEqual(withCode(check(old, { target: '2.8' }), Code.ParameterNewerThanTarget), []);
});

// ------------------------------------------ duplicates that keep the same value

/** The document after the edits of `fix`. */
const applyFix = (doc: string, fix: Fix): string =>
  TextDocument.applyEdits(TextDocument.create('file:///etc/postfix/main.cf', 'postfix-main', 1, doc), fix.edits);

test('duplicate-parameter-same-value: the same value twice is a hint on the earlier line, with no postconf warning claimed', () => {
  const main = 'mydomain = example.com\nmyorigin = $mydomain\nmydomain =   example.com  \n';
  const report = check(main);
  assert.deepEqual(withCode(report, Code.DuplicateParameter), []);
  const d = withCode(report, Code.DuplicateParameterSameValue);
  assert.deepEqual(linesOf(d), [0]);
  assert.equal(d[0].severity, DiagnosticSeverity.Hint);
  assert.deepEqual(d[0].range, range(0, 0, 0, 8));
  assert.match(text(d[0]), /same value on line 3/);
  assert.doesNotMatch(text(d[0]), /postconf|overrid/);
  assert.equal(applyFix(main, fixes(d[0])[0]), 'myorigin = $mydomain\nmydomain =   example.com  \n');
});

test('duplicate-parameter-same-value: continuation lines are joined as Postfix joins them', () => {
  // "a\n b" is stored as "a b"; "a\n  b" as "a  b" (postconf warns for the second pair)
  const same = check('relayhost = a\n b\nrelayhost = a b\n');
  assert.equal(withCode(same, Code.DuplicateParameterSameValue).length, 1);
  assert.deepEqual(withCode(same, Code.DuplicateParameter), []);
  const changed = check('relayhost = a\n  b\nrelayhost = a b\n');
  assert.deepEqual(linesOf(withCode(changed, Code.DuplicateParameter)), [0, 2]);
  assert.deepEqual(withCode(changed, Code.DuplicateParameterSameValue), []);
});

test('duplicate-parameter: warnings where postconf warns, a hint where the value only repeats', () => {
  const duplicates = (main: string): Diagnostic[] =>
    check(main).diagnostics.filter((x) => x.code === Code.DuplicateParameter || x.code === Code.DuplicateParameterSameValue);
  // postconf: line 2 overrides line 1, line 3 repeats line 2 without a warning
  const d = duplicates('relayhost = a\nrelayhost = b\nrelayhost = b\n');
  assert.deepEqual(
    d.map((x) => `${x.code}@${x.range.start.line}`),
    ['duplicate-parameter@0', 'duplicate-parameter@1'],
  );
  assert.match(text(d[0]), /line 3 with another value/);
  assert.match(text(d[1]), /overrides the earlier assignment on line 1 \(postconf: overriding earlier entry\), and line 3 sets the same value again/);
  // postconf: lines 2 and 3 both change the value; line 1 repeats the winner
  const back = duplicates('relayhost = a\nrelayhost = b\nrelayhost = a\n');
  assert.deepEqual(
    back.map((x) => `${x.code}@${x.range.start.line}`),
    ['duplicate-parameter-same-value@0', 'duplicate-parameter@1', 'duplicate-parameter@2'],
  );
  assert.match(text(back[2]), /overrides the earlier assignment on line 2 \(postconf: overriding earlier entry\)/);
});

// ----------------------------------------------------------------- inline-comment

test('inline-comment: an error where the kind of the value refuses the text, with a fix that moves it above', () => {
  const main = 'myhostname = localhost # set at runtime\n';
  const d = withCode(check(main), Code.InlineComment);
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, DiagnosticSeverity.Error);
  assert.deepEqual(d[0].range, range(0, 23, 0, 39));
  assert.match(text(d[0]), /"# set at runtime" is part of the value of myhostname/);
  assert.equal(applyFix(main, fixes(d[0])[0]), '# set at runtime\nmyhostname = localhost\n');
});

test('inline-comment: booleans, numbers, times, tables and restriction lists are errors, without a second report', () => {
  for (const line of [
    'smtpd_helo_required = yes # yes',
    'message_size_limit = 1000 # bytes',
    'smtpd_timeout = 300 # seconds',
    'alias_maps = hash:/etc/aliases # local',
    'compatibility_level = 3.6 # current',
  ]) {
    const report = check(`${line}\n`);
    const d = withCode(report, Code.InlineComment);
    assert.equal(d.length, 1, line);
    assert.equal(d[0].severity, DiagnosticSeverity.Error, line);
    assert.deepEqual(withCode(report, Code.InvalidValue), [], line);
  }
  const list = 'compatibility_level = 3.6\nsmtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination # no relay\n';
  const report = check(list);
  assert.equal(withCode(report, Code.InlineComment)[0]?.severity, DiagnosticSeverity.Error);
  assert.deepEqual(withCode(report, Code.UnknownRestriction), []);
  // the words before the comment are still judged
  assert.equal(withCode(check(`${list}smtpd_client_restrictions = rejct # typo\n`), Code.UnknownRestriction).length, 1);
});

test('inline-comment: a warning where the text is taken as part of a free value', () => {
  // smtpd reads a time up to its unit letter and ignores the rest (seen with Postfix 3.7)
  const freeValues = [
    'smtpd_banner = $myhostname ESMTP # hi\n',
    'mynetworks = 127.0.0.0/8 # local\n',
    'smtpd_timeout = 300s # x\n',
    'my_own = a # b\nx_checks = $my_own\n',
  ];
  for (const main of freeValues) {
    const d = withCode(check(main), Code.InlineComment);
    assert.equal(d.length, 1, main);
    assert.equal(d[0].severity, DiagnosticSeverity.Warning, main);
    assert.deepEqual(withCode(check(main), Code.InvalidValue), [], main);
  }
});

test('inline-comment: a comment at the start of a value, and one on a continuation line', () => {
  const main = 'relayhost = # none yet\nmydestination = localhost, # this host\n  example.com\n';
  const d = withCode(check(main), Code.InlineComment);
  assert.deepEqual(
    d.map((x) => x.range),
    [range(0, 12, 0, 22), range(1, 27, 1, 38)],
  );
  assert.equal(applyFix(main, fixes(d[1])[0]), 'relayhost = # none yet\n# this host\nmydestination = localhost,\n  example.com\n');
});

test('inline-comment: none for a # without a blank before it, inside { }, or on a comment line', () => {
  const main = [
    'smtpd_banner = $myhostname ESMTP#1',
    'smtpd_command_filter = pcre:{{/^(.*) #x$/ $1}}',
    'mydestination = localhost,',
    '  # a comment line inside the value',
    '  example.com',
    '',
  ].join('\n');
  assert.deepEqual(withCode(check(main), Code.InlineComment), []);
});

// --------------------------------------------- restriction classes without a definition

test('undefined-parameter-reference: a restriction class with no definition, at its name (postconf: undefined parameter)', () => {
  const main = 'smtpd_restriction_classes = trusted, known\nknown = permit_mynetworks\n';
  const d = withCode(check(main), Code.UndefinedParameterReference);
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range, range(0, 28, 0, 35));
  assert.equal(d[0].severity, DiagnosticSeverity.Error);
  assert.match(text(d[0]), /"trusted" is not defined anywhere \(postconf: undefined parameter\)/);
  assert.match(text(d[0]), /needs a definition/);
});

test('undefined-parameter-reference: an empty restriction class stops smtpd too', () => {
  const d = withCode(check('smtpd_restriction_classes = trusted\ntrusted =\n'), Code.UndefinedParameterReference);
  assert.equal(d.length, 1);
  assert.match(text(d[0]), /"trusted" is empty on line 2/);
});

test('undefined-parameter-reference: none for a class defined in a master.cf -o, as postconf accepts it', () => {
  const master = `${STOCK_MASTER}\nsubmission inet n - n - - smtpd\n  -o trusted=permit_sasl_authenticated,reject\n`;
  const main = 'smtpd_restriction_classes = trusted\n';
  assert.deepEqual(withCode(check(main, { master }), Code.UndefinedParameterReference), []);
  assert.equal(withCode(check(main, { master: STOCK_MASTER }), Code.UndefinedParameterReference).length, 1);
});

// --------------------------------------------- assignment-in-value

/** Enter after the last item kept the indent, and the next setting was typed there. */
const JOINED = [
  'compatibility_level = 3.6',
  'myhostname = mail.example.com',
  'smtpd_recipient_restrictions =',
  '    permit_mynetworks,',
  '    reject_unauth_destination',
  '    smtpd_banner = $myhostname ESMTP',
  '',
].join('\n');

test('assignment-in-value: one warning on an indented "name = value" line, nothing about its words', () => {
  const report = check(JOINED);
  assert.deepEqual(
    report.diagnostics.map((d) => d.code),
    [Code.AssignmentInValue],
  );
  const d = report.diagnostics[0];
  assert.deepEqual(d.range, range(5, 4, 5, 36));
  assert.equal(d.severity, DiagnosticSeverity.Warning);
  assert.match(text(d), /does not set smtpd_banner: Postfix reads the line as more of the value of smtpd_recipient_restrictions \(line 3\)/);
  // without the line, the list itself is fine: the other checks were quiet only about the joined line
  assert.equal(withCode(check(JOINED.replace('reject_unauth_destination', 'reject_unauth_destinaton')), Code.UnknownRestriction).length, 1);
});

test('assignment-in-value: the fix removes the indent and starts a new parameter', () => {
  const [d] = withCode(check(JOINED), Code.AssignmentInValue);
  const [fix] = fixes(d);
  assert.equal(fix.title, 'Start a new parameter here');
  assert.equal(fix.preferred, true);
  const fixed = applyFix(JOINED, fix);
  assert.ok(fixed.includes('\nsmtpd_banner = $myhostname ESMTP\n'));
  assert.deepEqual(check(fixed).diagnostics, []);
});

test('assignment-in-value: the lines continuing it belong to it; a value starting below its name counts too', () => {
  const main = [
    'compatibility_level = 3.6',
    'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
    'smtpd_client_restrictions =',
    '    smtpd_helo_restrictions = permit_mynetworks,',
    '        reject_bogus_helo_check',
    '',
  ].join('\n');
  const report = check(main);
  assert.deepEqual(
    report.diagnostics.map((d) => `${d.code}@${d.range.start.line}`),
    ['assignment-in-value@3'],
  );
});

test('assignment-in-value: none for values with "=" of their own', () => {
  const main = [
    'compatibility_level = 3.6',
    'import_environment = MAIL_CONFIG MAIL_DEBUG',
    '    TZ=UTC LANG=C',
    'transport_maps = inline:{',
    '    example.com = smtp:[relay.example.com],',
    '    example.net=smtp:[mx.example.net] }',
    'smtpd_recipient_restrictions = reject_unauth_destination,',
    '    check_policy_service { inet:127.0.0.1:10023,',
    '        default_action = DUNNO }',
    'debugger_command =',
    '    PATH=/bin:/usr/bin; export PATH; (echo cont;',
    '    echo where) | gdb $daemon_directory/$process_name $process_id 2>&1',
    '    >$config_directory/$process_name.$process_id.log & sleep 5',
    '',
  ].join('\n');
  assert.deepEqual(withCode(check(main), Code.AssignmentInValue), []);
});

// --------------------------------------------- problems found through a $name

test('a restriction list splicing in $myhostname: the problem is reported at the $name, not on the myhostname line', () => {
  const main = [
    'compatibility_level = 3.6',
    'myhostname = mail.example.com',
    'smtpd_recipient_restrictions = permit_mynetworks, $myhostname, reject_unauth_destination',
    'smtpd_client_restrictions = $myhostname',
    '',
  ].join('\n');
  const d = withCode(check(main), Code.UnknownRestriction);
  assert.deepEqual(
    d.map((x) => x.range),
    [range(2, 50, 2, 61), range(3, 28, 3, 39)],
  );
  assert.match(text(d[0]), /^Through \$myhostname, set to "mail\.example\.com" on line 2: "mail\.example\.com" is not a restriction/);
  assert.deepEqual(fixes(d[0]), [], 'no fix that would change myhostname');
});

test('through $name: one diagnostic per $name and code; a chain names every step', () => {
  const main = [
    'compatibility_level = 3.6',
    'my_text = nothing here',
    'my_more = $my_text',
    'smtpd_banner = $myhostname ESMTP $my_text $my_more',
    'smtpd_recipient_restrictions = reject_unauth_destination, $my_more',
    '',
  ].join('\n');
  const d = withCode(check(main), Code.UnknownRestriction);
  assert.deepEqual(
    d.map((x) => x.range),
    [range(4, 58, 4, 66)],
  );
  assert.match(text(d[0]), /^Through \$my_more and then \$my_text, set to "nothing here" on line 2: "nothing" is not a restriction/);
});

test('through $name: a list of your own that only restriction lists use keeps its problems on its own line', () => {
  const main = [
    'compatibility_level = 3.6',
    'my_checks = reject_unknwn_client_hostname',
    'smtpd_client_restrictions = $my_checks',
    'smtpd_helo_restrictions = $my_checks',
    '',
  ].join('\n');
  const d = withCode(check(main), Code.UnknownRestriction);
  assert.deepEqual(linesOf(d), [1]);
  assert.equal(fixes(d[0])[0].edits[0].newText, 'reject_unknown_client_hostname');
  // used by another value too: then it is no list by nature, and each list that splices it in gets the report
  const shared = main.replace('compatibility_level = 3.6', 'compatibility_level = 3.6\nsmtpd_banner = $my_checks');
  assert.deepEqual(linesOf(withCode(check(shared), Code.UnknownRestriction)), [3, 4]);
});

test('unknown-parameter: a literal transport_* template is reported, with how to name it for a service', () => {
  const d = withCode(check('transport_destination_concurrency_failed_cohort_limit = 1\n', { master: STOCK_MASTER }), Code.UnknownParameter);
  assert.equal(d.length, 1);
  assert.match(text(d[0]), /is a per-transport template, not a parameter: .* e\.g\. smtp_destination_concurrency_failed_cohort_limit, relay_/);
  assert.match(text(d[0]), /postconf: unused parameter/);
  const offered = fixes(d[0]);
  assert.deepEqual(
    offered.map((f) => f.edits[0].newText),
    [
      'smtp_destination_concurrency_failed_cohort_limit',
      'relay_destination_concurrency_failed_cohort_limit',
      'local_destination_concurrency_failed_cohort_limit',
    ],
  );
  assert.ok(
    offered.every((f) => !f.preferred),
    'which service is meant is for the user to say',
  );
  const pipe = 'dovecot   unix  -       n       n       -       -       pipe\n  flags=DRhu user=vmail argv=/usr/lib/dovecot/deliver -d ${recipient}\n';
  const [single] = withCode(check('transport_time_limit = 600s\n', { master: pipe }), Code.UnknownParameter);
  assert.deepEqual(
    fixes(single).map((f) => [f.edits[0].newText, f.preferred]),
    [['dovecot_time_limit', true]],
  );
});
