/**
 * Differential tests: for main.cf fixtures covering each warning postconf
 * prints, our diagnostics include it at the line it concerns, and we report
 * no unknown or undefined name that postconf does not.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import { DiagnosticSeverity } from '../../server/src/service/diagnostics';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { defaultSettings } from '../../server/src/service/settings';
import { compareWithPostconf } from './compare';
import { configDir, runPostconf, type PostconfWarning } from './postconf';
import { STOCK_MASTER as stockMaster } from '../support/fixtures';
import { requirePostfix } from './support';

interface Fixture {
  name: string;
  main: string;
  master?: string;
  /** the kind of warning postconf must print for the fixture to mean anything */
  expect: PostconfWarning['kind'];
}

const fixtures: Fixture[] = [
  { name: 'a misspelt parameter', main: 'myhostname = mail.example.com\nsmtpd_helo_requird = yes\n', expect: 'unused' },
  {
    name: 'a name of our own that nothing uses',
    main: 'my_networks_list = 192.0.2.0/24\nmynetworks = 127.0.0.0/8\n',
    expect: 'unused',
  },
  { name: 'a per-service time limit on an smtp service', main: 'relay_time_limit = 100s\n', expect: 'unused' },
  {
    name: 'a database setting with an unknown suffix',
    main: 'alias_maps = ldap:corp\ncorp_server_host = ldap.example.com\ncorp_serverhost = x\n',
    expect: 'unused',
  },
  {
    name: 'a name used only from an unexpanded value',
    main: 'mailbox_command = /usr/bin/procmail -a "$EXTENSION" $my_flags\nmy_flags = -t\n',
    expect: 'unused',
  },
  { name: 'a removed parameter', main: 'smtp_skip_4xx_greeting = yes\n', expect: 'unused' },
  { name: 'a service template name', main: 'transport_time_limit = 100s\n', expect: 'unused' },
  {
    name: 'undefined references in every form',
    main: 'my_list = $nothing_here ${not_here_either} $(nor_here) ${absent?x} ${missing:y}\nmynetworks = $my_list\n',
    expect: 'undefined',
  },
  {
    name: 'an overridden entry',
    main: 'myhostname = a.example.com\nmydomain = example.com\nmyhostname = b.example.com\n',
    expect: 'overriding',
  },
  { name: 'a read-only parameter', main: 'process_id = 12\n', expect: 'read-only' },
  { name: 'a restriction class without a definition', main: 'smtpd_restriction_classes = trusted, known\nknown = permit\n', expect: 'undefined' },
  {
    name: 'a restriction class defined only in a master.cf -o',
    main: 'smtpd_restriction_classes = trusted\n',
    master: stockMaster + 'submission inet n - n - - smtpd\n  -o trusted=permit_mynetworks\n',
    expect: 'other',
  },
  { name: 'a line without "="', main: 'myhostname = a.example.com\nmydomain example.com\n', expect: 'syntax' },
  { name: 'a leading continuation line', main: '  mydomain = example.com\nmyhostname = a.example.com\n', expect: 'syntax' },
  { name: 'a truncated macro reference', main: 'my_thing = ${zzz\nmynetworks = $my_thing\n', expect: 'other' },
  {
    name: 'names that are legitimate for postconf',
    main:
      [
        'smtpd_restriction_classes = strict_class',
        'strict_class = reject_unknown_sender_domain',
        'relay_destination_concurrency_limit = 2',
        'mytransport_time_limit = 300s',
        'mytransport_destination_recipient_limit = 1',
        'alias_maps = proxy:mysql:aliasdb',
        'aliasdb_hosts = db.example.com',
        'aliasdb_query = SELECT 1',
        'my_helper = x',
        'my_user = $my_helper',
        'smtpd_banner = $myhostname ESMTP ${my_user}',
      ].join('\n') + '\n',
    master: stockMaster + 'mytransport unix - n n - - pipe flags=F user=nobody argv=/bin/cat\n',
    expect: 'other',
  },
];

for (const f of fixtures) {
  test(`postconf agrees: ${f.name}`, (t) => {
    const version = requirePostfix(t);
    if (!version) return;
    const master = f.master ?? stockMaster;
    const warnings = runPostconf(configDir(f.main, master));
    if (f.expect !== 'other') {
      assert.ok(
        warnings.some((w) => w.kind === f.expect),
        `postconf printed no "${f.expect}" warning: ${JSON.stringify(warnings)}`,
      );
    }
    const report = checkMainCf(new ConfigModel({ main: f.main, master }), defaultSettings, version);
    assert.deepEqual(compareWithPostconf(f.main, report.diagnostics, warnings), { missing: [], extra: [] });
  });
}

test('postconf agrees: a truncated macro reference is a syntax error here', (t) => {
  const version = requirePostfix(t);
  if (!version) return;
  const main = 'my_thing = ${zzz\nmynetworks = $my_thing\n';
  const warnings = runPostconf(configDir(main, stockMaster));
  assert.ok(
    warnings.some((w) => /truncated macro reference/.test(w.text)),
    JSON.stringify(warnings),
  );
  const report = checkMainCf(new ConfigModel({ main, master: stockMaster }), defaultSettings, version);
  assert.ok(report.diagnostics.some((d) => d.code === 'syntax-error' && d.range.start.line === 0));
});

test('postconf agrees: a "$" that names nothing stops postconf, and is an error here at its place; in a branch not taken, both warn; "$$" and raw values pass both', (t) => {
  const version = requirePostfix(t);
  if (!version) return;
  const cases: { main: string; at?: [number, number]; warns?: boolean }[] = [
    { main: 'virtual_alias_maps = regexp:{{/^(.*)@old\\.example$/ $$1@new.example}}\n', at: [0, 49] },
    { main: 'mydomain = example.com\nsmtpd_banner = $myhostname ESMTP $\n', at: [1, 33] },
    { main: 'smtpd_banner = $myhostname ESMTP ${myhostname?$}\n', at: [0, 46] },
    { main: 'smtpd_banner = $myhostname ESMTP ${nosuch:$}\n', at: [0, 42] },
    { main: 'smtpd_banner = $myhostname ESMTP ${nosuch?$}\n', at: [0, 42], warns: true },
    { main: 'smtpd_banner = $myhostname ESMTP ${nosuch?$} ${myhostname:$} $\n', at: [0, 61] },
    { main: 'smtpd_banner = ${nosuch?{x}:{a $ b}}\n', at: [0, 31] },
    { main: 'smtpd_banner = ${myhostname?{x} : {a $ b}}\n', at: [0, 37], warns: true },
    { main: 'smtpd_banner = ${{$myhostname} == {nomatch} ? {a $ b} : {fine}}\n', at: [0, 49], warns: true },
    { main: 'smtpd_banner = ${{a $ b} == {nomatch} ? {x} : {fine}}\n', at: [0, 20] },
    { main: 'virtual_alias_maps = regexp:{{/^(.*)@old\\.example$$/ $$1@new.example}}\nmailbox_command = /bin/cat $ x\n' },
  ];
  for (const c of cases) {
    const run = spawnSync('postconf', ['-c', configDir(c.main, stockMaster), '-n'], { encoding: 'utf8' });
    const report = checkMainCf(new ConfigModel({ main: c.main, master: stockMaster }), defaultSettings, version);
    const ours = report.diagnostics.filter((d) => d.code === 'empty-macro-name');
    if (c.at) {
      if (c.warns) {
        assert.match(run.stderr, /empty macro name/, c.main);
        assert.doesNotMatch(run.stderr, /fatal/, c.main);
        assert.equal(run.status, 0, c.main);
      } else assert.match(run.stderr, /empty macro name[\s\S]*fatal: macro processing error/, c.main);
      assert.deepEqual(
        ours.map((d) => [d.range.start.line, d.range.start.character, d.severity]),
        [[...c.at, c.warns ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error]],
        c.main,
      );
    } else {
      assert.doesNotMatch(run.stderr, /empty macro name|fatal/, c.main);
      assert.deepEqual(ours, [], c.main);
    }
  }
});

test('postconf agrees: a loop of references stops postconf and is an error at each reference of it; conditional and unused loops are neither', (t) => {
  const version = requirePostfix(t);
  if (!version) return;
  const cases: { main: string; lines: number[] }[] = [
    { main: 'myorigin = $mydomain\nmydomain = $myorigin\n', lines: [0, 1] },
    { main: 'myhostname = $myorigin\n', lines: [0] },
    { main: 'a = x $b\nb = y $c\nc = $a\nmydomain = $c\n', lines: [0, 1, 2] },
    { main: 'a = $b\nb = $a\n', lines: [] },
    { main: 'a = $b\nb = ${a?x}\nmyorigin = $a\n', lines: [] },
    { main: 'a = $b\nb = $a\nmailbox_command = /bin/cat $a\n', lines: [] },
  ];
  for (const c of cases) {
    const run = spawnSync('postconf', ['-c', configDir(c.main, stockMaster), '-n'], { encoding: 'utf8' });
    const report = checkMainCf(new ConfigModel({ main: c.main, master: stockMaster }), defaultSettings, version);
    const ours = report.diagnostics.filter((d) => d.code === 'reference-cycle').map((d) => d.range.start.line);
    if (c.lines.length) assert.match(run.stderr, /unreasonable macro call nesting[\s\S]*fatal/, c.main);
    else assert.doesNotMatch(run.stderr, /nesting|fatal/, c.main);
    assert.deepEqual(ours, c.lines, c.main);
  }
});

test('postconf agrees: a -o option that loops through itself or main.cf stops postconf, and is an error at the option', (t) => {
  const version = requirePostfix(t);
  if (!version) return;
  const cases: { main: string; option: string; loops: boolean }[] = [
    { main: '', option: 'myorigin=$myorigin', loops: true },
    { main: 'mydomain = $myorigin\n', option: 'myorigin=$mydomain', loops: true },
    {
      main: 'smtpd_recipient_restrictions = reject_unauth_destination\n',
      option: 'smtpd_recipient_restrictions=$smtpd_recipient_restrictions,reject',
      loops: true,
    },
    { main: 'mua = permit_sasl_authenticated, reject\n', option: 'smtpd_client_restrictions=$mua', loops: false },
  ];
  for (const c of cases) {
    const master = `${stockMaster}submission inet n - n - - smtpd -o ${c.option}\n`;
    const run = spawnSync('postconf', ['-c', configDir(c.main, master), '-n'], { encoding: 'utf8' });
    const report = checkMasterCf(new ConfigModel({ main: c.main, master }), defaultSettings, version);
    const ours = report.diagnostics.filter((d) => d.code === 'reference-cycle');
    if (c.loops) assert.match(run.stderr, /unreasonable macro call nesting[\s\S]*fatal/, c.option);
    else assert.doesNotMatch(run.stderr, /nesting|fatal/, c.option);
    assert.equal(ours.length, c.loops ? 1 : 0, c.option);
  }
});

test('postconf agrees: a compatibility_level it cannot read stops it, and is invalid-value here', (t) => {
  const version = requirePostfix(t);
  if (!version) return;
  for (const value of ['3.6', '2', '3.6.1', '03.6', 'x', '3.6 x', '3.6.', '']) {
    const main = `compatibility_level = ${value}\n`;
    const run = spawnSync('postconf', ['-c', configDir(main, stockMaster), '-n'], { encoding: 'utf8' });
    const report = checkMainCf(new ConfigModel({ main, master: stockMaster }), defaultSettings, version);
    const ours = report.diagnostics.filter((d) => d.code === 'invalid-value').length;
    assert.equal(ours, /malformed compatibility level syntax/.test(run.stderr) ? 1 : 0, JSON.stringify(value));
  }
});

test('postconf agrees: the same value twice is no override, and we claim none', (t) => {
  const version = requirePostfix(t);
  if (!version) return;
  const main = 'mydomain = example.com\nmyorigin = $mydomain\nmydomain = example.com\nrelayhost = [a]\n :25\nrelayhost = [a] :25\n';
  const warnings = runPostconf(configDir(main, stockMaster));
  assert.deepEqual(
    warnings.filter((w) => w.kind === 'overriding'),
    [],
  );
  const report = checkMainCf(new ConfigModel({ main, master: stockMaster }), defaultSettings, version);
  assert.deepEqual(
    report.diagnostics.filter((d) => d.code === 'duplicate-parameter'),
    [],
  );
  assert.deepEqual(
    report.diagnostics.filter((d) => d.code === 'duplicate-parameter-same-value').map((d) => d.range.start.line),
    [0, 3],
  );
});

test('postconf agrees: an indented "name = value" line is more of the value above, and we say so once', (t) => {
  const version = requirePostfix(t);
  if (!version) return;
  const main = 'smtpd_recipient_restrictions =\n    permit_mynetworks,\n    reject_unauth_destination\n    smtpd_banner = $myhostname ESMTP\n';
  const shown = spawnSync('postconf', ['-c', configDir(main, stockMaster), '-n'], { encoding: 'utf8' }).stdout;
  assert.match(shown, /^smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination smtpd_banner = \$myhostname ESMTP$/m);
  assert.doesNotMatch(shown, /^smtpd_banner/m);
  const report = checkMainCf(new ConfigModel({ main, master: stockMaster }), defaultSettings, version);
  assert.deepEqual(
    report.diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`),
    ['assignment-in-value@3'],
  );
});
