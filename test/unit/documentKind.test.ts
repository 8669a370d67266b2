/**
 * What a file is (documentKind), where the tables a main.cf names are
 * (tablePaths), and the checks that rely on both: missing-lookup-table in
 * main.cf and master.cf -o lists, stale-lookup-table for a deployed copy.
 * The scene throughout: a repository holding main.cf and its tables side by
 * side, which main.cf names by the paths they are deployed to.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkMainCf, ConfigModel, type FileSystem } from '../../server/src/service';
import { binaryFileDiagnostic } from '../../server/src/service/binaryFile';
import { Code, codeInfo, type Diagnostic, type FixData } from '../../server/src/service/diagnostics';
import { targetVersionProblem } from '../../server/src/service/knowledge/versions';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { documentKind, type DocumentFacts, type DocumentKind } from '../../server/src/service/model/documentKind';
import { configPlace, findTable, tablePlaces } from '../../server/src/service/model/tablePaths';
import { NEWEST_VERSION } from '../../server/src/service/knowledge/versions';
import { defaultSettings } from '../../server/src/service/settings';
import { checkTable, detectTable, tableReferences } from '../../server/src/service/tableService';
import type { TableFiles } from '../../server/src/service/files';

const REPO = '/home/ops/mailconf';

const MAIN = [
  'compatibility_level = 3.6',
  'smtpd_sender_restrictions = check_sender_access hash:/etc/postfix/sender_checks,',
  '    check_client_access cidr:/etc/postfix/ip_checks',
  'virtual_mailbox_domains = proxy:mysql:/etc/postfix/virtual_domain.cf',
  'alias_maps = hash:/etc/postfix/local_aliases',
].join('\n');

const model = new ConfigModel({ main: MAIN });

const kind = (name: string, text: string, extra: Partial<DocumentFacts> = {}): DocumentKind =>
  documentKind({ path: `${REPO}/${name}`, text, siblings: () => model, ...extra });

/** the kind, and for a table its role and flavour */
const summary = (k: DocumentKind): string => (k.kind === 'table' ? `table ${k.info.role} ${k.info.flavour}` : k.kind);

const fakeFiles = (present: string[]): FileSystem => ({ exists: (p) => present.includes(p), list: () => [] });

const codes = (diagnostics: Diagnostic[]): string[] => diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`);
const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

// ---------------------------------------------------------------- documentKind

test('documentKind: main.cf and master.cf by name, not any *.cf', () => {
  for (const name of ['main.cf', 'relay.main.cf', 'edge_main.cf', 'main.cf.proto', 'main.cf.j2', 'main.cf.template']) {
    assert.equal(kind(name, 'root: admin\n').kind, 'main', name);
  }
  for (const name of ['master.cf', 'master.cf.addon', 'inbound-master.cf']) assert.equal(kind(name, '').kind, 'master', name);
  // "domain.cf" ends in "main.cf" without being one
  assert.notEqual(kind('virtual_domain.cf', 'hosts = db.example.com\n').kind, 'main');
  assert.notEqual(kind('domain.cf', 'hosts = db.example.com\n', { siblings: undefined }).kind, 'main');
});

test('documentKind: the editor language decides first, a binary file before anything', () => {
  assert.equal(kind('notes', '', { languageId: 'postfix-main' }).kind, 'main');
  assert.equal(kind('notes', '', { languageId: 'postfix-master' }).kind, 'master');
  assert.equal(summary(kind('notes', '', { languageId: 'postfix-map' })), 'table map indexed');
  assert.equal(kind('notes.db', '', { languageId: 'postfix-map' }).kind, 'unknown');
  assert.equal(kind('main.cf', 'myhostname = a\0b\n').kind, 'binary');
  assert.equal(kind('sender_access.db', '\0\0\x01\x02', { languageId: 'postfix-map' }).kind, 'binary');
});

test('documentKind: a table main.cf names by its deployed path is read as that table', () => {
  assert.equal(summary(kind('sender_checks', 'spammer@example.org REJECT\n')), 'table access indexed');
  const ip = kind('ip_checks', '192.0.2.0/24 REJECT\n');
  assert.equal(summary(ip), 'table access cidr');
  assert.equal(ip.kind === 'table' && ip.info.deployPath, '/etc/postfix/ip_checks');
  assert.equal(summary(kind('local_aliases', 'root: admin\n')), 'table aliases aliases');
  // the same file with no main.cf beside it: nothing tells its kind
  const alone = kind('ip_checks', '192.0.2.0/24 REJECT\n', { siblings: () => undefined });
  assert.equal(alone.kind, 'unknown');
  assert.match(alone.kind === 'unknown' ? alone.reason : '', /name a main\.cf "main\.cf".*# postfix-map: access cidr/);
});

test('documentKind: config_directory set in main.cf moves the deployed paths', () => {
  const moved = new ConfigModel({
    main: 'config_directory = /usr/local/etc/postfix/\nsmtpd_client_restrictions = check_client_access cidr:/usr/local/etc/postfix/ip_checks\n',
  });
  assert.equal(summary(kind('ip_checks', '192.0.2.0/24 REJECT\n', { siblings: () => moved })), 'table access cidr');
  const old = new ConfigModel({
    main: 'config_directory = /usr/local/etc/postfix\nsmtpd_client_restrictions = check_client_access cidr:/etc/postfix/ip_checks\n',
  });
  assert.equal(kind('ip_checks', '192.0.2.0/24 REJECT\n', { siblings: () => old }).kind, 'unknown');
});

test('documentKind: a first-line comment, a table name, then name = value lines for a main.cf', () => {
  const none = { siblings: () => undefined };
  assert.equal(summary(kind('blocklist', '# postfix-map: cidr\n192.0.2.0/24 REJECT\n', none)), 'table map cidr');
  assert.equal(summary(kind('helo_access', 'bad.example HELO REJECT\n', none)), 'table access indexed');
  const settings = '# relay host\nmyhostname = mx.example.com\nrelayhost = [smtp.example.net]:587\n  # wrapped\nmydestination =\n    localhost\n';
  assert.equal(kind('postfix.conf', settings, none).kind, 'main');
  assert.equal(kind('postfix.conf', 'root: admin\npostmaster: root\nmyhostname = x\n', none).kind, 'unknown');
  assert.equal(kind('empty', '', none).kind, 'unknown');
});

test('documentKind: database client configurations are never read as main.cf', () => {
  const used = kind('virtual_domain.cf', 'hosts = db.example.com\nquery = SELECT 1\n');
  assert.deepEqual(used, {
    kind: 'dbms',
    info: { path: `${REPO}/virtual_domain.cf`, type: 'mysql', deployPath: '/etc/postfix/virtual_domain.cf', configDir: REPO, source: 'reference' },
  });
  const unused = kind('users.cf', 'server_host = ldap.example.com\nsearch_base = dc=example\n', { siblings: () => undefined });
  assert.equal(unused.kind, 'unknown');
  assert.match(unused.kind === 'unknown' ? unused.reason : '', /database table.*# postfix-dbms: mysql/);
  // a type in the name of a .cf file of that type's settings
  const named = kind('ldap-users.cf', 'server_host = ldap.example.com\nsearch_base = dc=example\n', { siblings: () => undefined });
  assert.deepEqual(named, { kind: 'dbms', info: { path: `${REPO}/ldap-users.cf`, type: 'ldap', source: 'name' } });
  assert.equal(kind('ldap-overrides.cf', 'virtual_mailbox_maps = ldap:/x\nmydomain = example.com\n', { siblings: () => undefined }).kind, 'unknown');
  // a table that happens to be named *.cf is still a table
  assert.equal(summary(kind('virtual.cf', 'info@example.com alice\n', { siblings: () => undefined })), 'table virtual indexed');
});

// ---------------------------------------------------------------- tablePaths

test('tablePlaces: under config_directory, beside the checked main.cf first, then the path itself', () => {
  const place = configPlace(model, `${REPO}/`);
  assert.deepEqual(place, { dir: REPO, configDirectory: '/etc/postfix' });
  assert.deepEqual(tablePlaces('/etc/postfix/maps//sender', place), [`${REPO}/maps/sender`, '/etc/postfix/maps/sender']);
  assert.deepEqual(tablePlaces('/etc/aliases', place), ['/etc/aliases']);
  assert.deepEqual(tablePlaces('/etc/postfixes/x', place), ['/etc/postfixes/x']);
  assert.deepEqual(tablePlaces('/etc/postfix/x', configPlace(model, '/etc/postfix')), ['/etc/postfix/x']);
  assert.deepEqual(tablePlaces('/etc/postfix/x', undefined), ['/etc/postfix/x']);
  // a $name in config_directory is not resolved: the default stands
  assert.equal(configPlace(new ConfigModel({ main: 'config_directory = $base/postfix\n' }), REPO).configDirectory, '/etc/postfix');
});

test('findTable: the source or a compiled file, in either place', () => {
  const place = configPlace(model, REPO);
  assert.equal(findTable('/etc/postfix/a', place, fakeFiles([`${REPO}/a`, '/etc/postfix/a'])), `${REPO}/a`);
  assert.equal(findTable('/etc/postfix/a', place, fakeFiles(['/etc/postfix/a'])), '/etc/postfix/a');
  assert.equal(findTable('/etc/postfix/a', place, fakeFiles([`${REPO}/a.db`]), ['.db']), `${REPO}/a`);
  assert.equal(findTable('/etc/postfix/a', place, fakeFiles([`${REPO}/a.db`])), undefined);
});

test('detectTable: references match by the resolved path, and name the deployed path', () => {
  const refs = tableReferences(model);
  const place = configPlace(model, REPO);
  const info = detectTable(`${REPO}/sender_checks`, '', refs, place);
  assert.deepEqual(info, {
    path: `${REPO}/sender_checks`,
    flavour: 'indexed',
    role: 'access',
    type: 'hash',
    deployPath: '/etc/postfix/sender_checks',
    configDir: REPO,
    lookups: ['check_sender_access'],
    source: 'reference',
  });
  assert.equal(detectTable(`${REPO}/sender_checks`, '', refs)?.source, 'name', 'without the place the reference does not match');
  assert.equal(detectTable('/etc/postfix/sender_checks', '', refs, configPlace(model, '/etc/postfix'))?.deployPath, undefined);
});

// ---------------------------------------------------------------- checks that find files

test('missing-lookup-table: a table beside the checked main.cf with its .db, or a .db alone, is not missing', () => {
  const main = 'smtpd_sender_restrictions = check_sender_access hash:/etc/postfix/sender_checks, check_client_access cidr:/etc/postfix/ip_checks\n';
  const run = (present: string[]) =>
    checkMainCf(new ConfigModel({ main }), defaultSettings, '3.11', fakeFiles(present), REPO).diagnostics.filter((d) => d.code === Code.MissingLookupTable);
  assert.deepEqual(run([`${REPO}/sender_checks`, `${REPO}/sender_checks.db`, `${REPO}/ip_checks`]), []);
  assert.deepEqual(run([`${REPO}/sender_checks.db`, '/etc/postfix/ip_checks']), []);
  assert.deepEqual(run([`${REPO}/sender_checks`, '/etc/postfix/sender_checks.db', `${REPO}/ip_checks`]), [], 'the deployed .db counts');
  const missing = run([`${REPO}/sender_checks.db`, `${REPO}/ip_checks.db`]);
  assert.equal(missing.length, 1, 'a cidr table is read from its source only');
  assert.match(text(missing[0]), new RegExp(`^/etc/postfix/ip_checks does not exist, nor does ${REPO}/ip_checks beside this configuration`));
  assert.equal((missing[0].data as FixData).fixes[0].createFile, `${REPO}/ip_checks`, 'the quick fix creates it beside main.cf');
});

test('missing-lookup-table: a source beside main.cf without its .db says so, and postmap runs there with -c', () => {
  const main = 'smtpd_sender_restrictions = check_sender_access hash:/etc/postfix/sender_checks\n';
  const run = (present: string[]) =>
    checkMainCf(new ConfigModel({ main }), defaultSettings, '3.11', fakeFiles(present), REPO).diagnostics.filter((d) => d.code === Code.MissingLookupTable);
  const [beside] = run([`${REPO}/sender_checks`]);
  assert.equal(
    text(beside),
    `/etc/postfix/sender_checks lies beside main.cf (${REPO}/sender_checks) with no sender_checks.db made from it: ` +
      'smtpd opens hash: tables by that file, not the text, and answers 451 4.3.5 for mail that reaches one it cannot open. ' +
      'Deploy it to /etc/postfix and run postmap there, or run postmap here.',
  );
  assert.deepEqual((beside.data as FixData).fixes[0].command?.arguments, [`hash:${REPO}/sender_checks`, REPO]);
  // the source only where it is deployed: postmap there, with that system's configuration
  const [deployed] = run(['/etc/postfix/sender_checks']);
  assert.match(text(deployed), /^\/etc\/postfix\/sender_checks\.db does not exist: .* Run "postmap hash:\/etc\/postfix\/sender_checks"\.$/);
  assert.deepEqual((deployed.data as FixData).fixes[0].command?.arguments, ['hash:/etc/postfix/sender_checks']);
});

test('missing-lookup-table: master.cf -o restriction lists look for files like main.cf', () => {
  const master = [
    'submission inet n - y - - smtpd',
    '  -o smtpd_recipient_restrictions=check_sender_access,hash:/etc/postfix/sender_checks,reject',
    '  -o { smtpd_client_restrictions = check_client_access cidr:/etc/postfix/gone }',
  ].join('\n');
  const m = new ConfigModel({ main: 'compatibility_level = 3.6\n', master });
  const report = checkMasterCf(m, defaultSettings, '3.11', fakeFiles([`${REPO}/sender_checks`, `${REPO}/sender_checks.db`]), REPO);
  assert.deepEqual(codes(report.diagnostics), ['missing-lookup-table@2']);
  assert.match(text(report.diagnostics[0]), /\/etc\/postfix\/gone does not exist/);
  assert.deepEqual(checkMasterCf(m, defaultSettings, '3.11').diagnostics, [], 'without a file system nothing is looked up');
});

test('stale-lookup-table: a deployed copy is judged by the .db beside it, and told where it goes', () => {
  const path = `${REPO}/sender_checks`;
  const files = (times: Record<string, number>): TableFiles => ({ exists: (p) => p in times, list: () => [], mtime: (p) => times[p] });
  const info = { path, flavour: 'indexed' as const, role: 'access' as const, type: 'hash', deployPath: '/etc/postfix/sender_checks', configDir: REPO };
  const run = (times: Record<string, number>) => checkTable('a@example.com OK\n', info, { target: '3.11', files: files(times) }, defaultSettings).diagnostics;
  const [none] = run({ [path]: 2000 });
  assert.equal(
    text(none),
    `sender_checks lies beside main.cf (${REPO}) and has no sender_checks.db: Postfix reads hash:/etc/postfix/sender_checks from /etc/postfix/sender_checks.db, ` +
      'not from this text. Deploy it to /etc/postfix and run postmap there, or run postmap here.',
  );
  assert.deepEqual((none.data as FixData).fixes[0].command, {
    title: `Run postmap hash:${path}`,
    command: 'postfix.runPostmap',
    arguments: [`hash:${path}`, REPO],
  });
  const [older] = run({ [path]: 2000, [`${path}.db`]: 1000 });
  assert.match(text(older), /is older than this file: .* Deploy it to \/etc\/postfix and run postmap there, or run postmap here\.$/);
  assert.deepEqual(run({ [path]: 1000, [`${path}.db`]: 2000 }), []);
  const inPlace = { ...info, deployPath: undefined, configDir: undefined };
  const [plain] = checkTable('a@example.com OK\n', inPlace, { target: '3.11', files: files({ [path]: 2000 }) }, defaultSettings).diagnostics;
  assert.match(text(plain), new RegExp(`^${path}\\.db does not exist: .* Run "postmap hash:${path}"\\.$`));
  assert.deepEqual((plain.data as FixData).fixes[0].command?.arguments, [`hash:${path}`], 'no main.cf beside it: postmap reads the system configuration');
});

// ---------------------------------------------------------------- binary-file, target versions

test('binary-file: one warning at the start of the file', () => {
  const d = binaryFileDiagnostic();
  assert.equal(d.code, Code.BinaryFile);
  assert.equal(d.severity, codeInfo[Code.BinaryFile].severity);
  assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  assert.match(text(d), /not a text file/);
});

test('targetVersionProblem: 2.0 to the newest known release, with or without a patch level', () => {
  const [major, minor] = NEWEST_VERSION.split('.').map(Number);
  const range = `2.0 to ${NEWEST_VERSION}`;
  for (const ok of ['2.0', '2.11', '3.7', '3.7.11', NEWEST_VERSION, `${NEWEST_VERSION}.6`]) assert.equal(targetVersionProblem(ok), undefined, ok);
  for (const bad of ['9.9', '0.1', '1.1', '2.12', `${major}.${minor + 1}`, `${major + 1}.0`])
    assert.ok(targetVersionProblem(bad)?.includes(`from ${range}`), bad);
  assert.match(targetVersionProblem('3') ?? '', /not a Postfix release number/);
  assert.ok(targetVersionProblem('latest')?.includes(range));
});
