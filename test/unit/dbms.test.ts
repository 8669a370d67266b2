/**
 * Database client configuration files: what makes a file one (documentKind,
 * clientReferences), the checks of its settings, the missing files main.cf
 * and master.cf name, and hover, completion and semantic tokens, which never
 * show a value.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { checkMainCf, ConfigModel, type FileSystem } from '../../server/src/service';
import { checkClientFile, clientReferences, parseClientFile } from '../../server/src/service/dbmsService';
import type { FixData } from '../../server/src/service/diagnostics';
import { DiagnosticSeverity, type Diagnostic } from '../../server/src/service/diagnostics';
import { dbmsCompletion } from '../../server/src/service/features/dbms/completion';
import { dbmsHover } from '../../server/src/service/features/dbms/hover';
import { dbmsSemanticTokens } from '../../server/src/service/features/dbms/semanticTokens';
import { hover } from '../../server/src/service/features/main/hover';
import { inlayHints } from '../../server/src/service/features/main/inlayHints';
import { masterHover } from '../../server/src/service/features/master/hover';
import { TOKEN_TYPES } from '../../server/src/service/features/main/semanticTokens';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { documentKind } from '../../server/src/service/model/documentKind';
import { defaultSettings } from '../../server/src/service/settings';

const check = (type: string, text: string, target = '3.11'): Diagnostic[] => {
  const report = checkClientFile(parseClientFile(text), { path: '/etc/postfix/client.cf', type, source: 'comment' }, target, defaultSettings);
  assert.deepEqual(report.failures, []);
  return report.diagnostics;
};
const codes = (ds: Diagnostic[]): string[] => ds.map((d) => `${String(d.code)}@${d.range.start.line}`);
const message = (d: Diagnostic | undefined): string => (typeof d?.message === 'string' ? d.message : '');

const MYSQL = 'hosts = db.example.com\nuser = postfix\npassword = t0ps3cret\ndbname = mail\n';

// ---------------------------------------------------------------- what makes a client file

test('clientReferences: every value of main.cf and master.cf, through proxy: and braces, absolute paths only, $names expanded', () => {
  const model = new ConfigModel({
    main: [
      'virtual_mailbox_maps = proxy:mysql:/etc/postfix/sql/boxes.cf, hash:/etc/postfix/other',
      'my_own_maps = ldap:$config_directory/ldap/users.cf',
      'virtual_alias_maps = unionmap:{ pgsql:/etc/postfix/a.cf, { sqlite:/etc/postfix/b.cf } }, mysql:relative.cf, ldap:corp',
      'header_checks = pcre:{ /mysql:\\/etc\\/x.cf/ REJECT }',
      'relay_recipient_maps = mysql:$nowhere/x.cf',
    ].join('\n'),
    master: 'submission inet n - n - - smtpd\n  -o smtpd_sender_login_maps=memcache:/etc/postfix/logins.cf\n',
  });
  assert.deepEqual(
    clientReferences(model).map((r) => `${r.type} ${r.path}`),
    [
      'mysql /etc/postfix/sql/boxes.cf',
      'ldap /etc/postfix/ldap/users.cf',
      'pgsql /etc/postfix/a.cf',
      'sqlite /etc/postfix/b.cf',
      'memcache /etc/postfix/logins.cf',
    ],
  );
});

test('documentKind: a first-line comment, a use in main.cf beside or above, a type in the name; never main.cf', () => {
  const none = { siblings: () => undefined };
  const kind = (path: string, text: string, extra = {}) => documentKind({ path, text, ...none, ...extra });
  assert.deepEqual(kind('/srv/x/users', '# postfix-dbms: LDAP\nserver_host = x\n'), {
    kind: 'dbms',
    info: { path: '/srv/x/users', type: 'ldap', source: 'comment' },
  });
  // an unknown type in the comment: a note, not a main.cf
  const oracle = kind('/srv/x/users', '# postfix-dbms: oracle\nserver_host = x\n');
  assert.match(oracle.kind === 'unknown' ? oracle.reason : '', /names no client type/);
  const above = new ConfigModel({ main: 'virtual_mailbox_maps = proxy:mysql:/etc/postfix/sql/boxes.cf\n' });
  assert.deepEqual(kind('/repo/sql/boxes.cf', 'hosts = db\n', { ancestors: () => [{ model: above, dir: '/repo' }] }), {
    kind: 'dbms',
    info: { path: '/repo/sql/boxes.cf', type: 'mysql', deployPath: '/etc/postfix/sql/boxes.cf', configDir: '/repo', source: 'reference' },
  });
  // a use wins over a table name; the editor's language alone needs the type from the name
  assert.equal(
    kind('/etc/postfix/virtual', 'hosts = db\n', { siblings: () => new ConfigModel({ main: 'virtual_alias_maps = mysql:/etc/postfix/virtual\n' }) }).kind,
    'dbms',
  );
  assert.equal(kind('/etc/postfix/pgsql/aliases.cf', 'hosts = db\n', { languageId: 'postfix-dbms' }).kind, 'dbms');
  const unnamed = kind('/etc/postfix/aliases.cf', 'hosts = db\n', { languageId: 'postfix-dbms' });
  assert.match(unnamed.kind === 'unknown' ? unnamed.reason : '', /# postfix-dbms: mysql/);
  // main.cf by its name stays main.cf, whatever uses it
  assert.equal(kind('/etc/postfix/main.cf', 'hosts = db\n', { siblings: () => new ConfigModel({ main: 'x = mysql:/etc/postfix/main.cf\n' }) }).kind, 'main');
});

// ---------------------------------------------------------------- checks

test('a complete client file of each type checks clean', () => {
  assert.deepEqual(check('mysql', `${MYSQL}query = SELECT goto FROM alias WHERE address = '%s' AND domain = '%d'\nresult_format = %u@%2.%1\n`), []);
  assert.deepEqual(check('pgsql', "hosts = postgresql://postfix@db/mail\nquery = SELECT 1 WHERE '%s' <> ''\n"), []);
  assert.deepEqual(check('sqlite', "dbpath = /var/lib/mail.sqlite\nquery = SELECT 1 WHERE '%s' <> ''\n"), []);
  assert.deepEqual(check('ldap', 'server_host = ldap://ldap.example.com\nsearch_base = dc=example, dc=com\nscope = One\nbind = SASL\nversion = 3\n'), []);
  assert.deepEqual(check('memcache', 'memcache = inet:localhost:11211\nbackup = proxy:btree:/var/lib/postfix/cache\nkey_format = cache:%s\n'), []);
  assert.deepEqual(check('mongodb', 'uri = mongodb://u:p@db/mail\ndbname = mail\ncollection = boxes\nquery_filter = {"address": "%s"}\n'), []);
});

test('unknown names with the closest of the type; names newer than the target; both as postconf counts them', () => {
  const found = check('mysql', `${MYSQL}qurey = SELECT 1\nquery = SELECT 1\ncharset = utf8mb4\nsearch_base = dc=x\n`, '3.7.11');
  assert.deepEqual(codes(found), ['unknown-parameter@4', 'parameter-newer-than-target@6', 'unknown-parameter@7']);
  assert.match(message(found[0]), /postconf: mysql:\/etc\/postfix\/client\.cf: unused parameter\)\. Did you mean "query"\?/);
  assert.equal((found[0].data as FixData).fixes[0].edits[0].newText, 'query');
  assert.match(message(found[1]), /came with Postfix 3\.9/);
  assert.equal(codes(check('mysql', `${MYSQL}query = SELECT 1\ncharset = utf8mb4\n`)).length, 0, 'known to 3.11');
  // names are matched exactly
  assert.deepEqual(codes(check('pgsql', "dbname = mail\nQuery = SELECT 1\nquery = SELECT '%s'\n")), ['unknown-parameter@1']);
});

test('required settings: the query or all the legacy fields, the database, the dbpath; the ldap base only warns', () => {
  assert.deepEqual(codes(check('mysql', 'hosts = db\ndbname = mail\n')), ['missing-required-parameter@0']);
  const partial = check('mysql', 'dbname = mail\ntable = alias\nselect_field = goto\n');
  assert.match(message(partial.find((d) => d.code === 'missing-required-parameter')), /"table", "select_field" are set but not "where_field"/);
  assert.match(message(check('mysql', 'query = SELECT 1\n')[0]), /No "dbname"/);
  assert.match(message(check('mysql', 'query = SELECT 1\ndbname =\n')[0]), /No "dbname"/, 'empty is none');
  assert.deepEqual(codes(check('pgsql', 'hosts = db\nselect_function = lookup\ndbname = mail\n')), ['deprecated-parameter@1']);
  // a connection URI brings the database, from 3.10 on
  assert.deepEqual(codes(check('pgsql', 'hosts = postgres://db/mail\nquery = SELECT 1\n')), []);
  assert.deepEqual(codes(check('pgsql', 'hosts = postgres://db/mail\nquery = SELECT 1\n', '3.9')), ['missing-required-parameter@0']);
  assert.deepEqual(codes(check('pgsql', 'hosts = postgres://db/mail, db2\nquery = SELECT 1\n')), ['missing-required-parameter@0']);
  assert.deepEqual(codes(check('sqlite', 'query = SELECT 1\n')), ['missing-required-parameter@0']);
  const ldap = check('ldap', 'server_host = ldap.example.com\n');
  assert.deepEqual(codes(ldap), ['missing-required-parameter@0']);
  assert.equal(ldap[0].severity, DiagnosticSeverity.Warning);
  assert.deepEqual(check('memcache', ''), [], 'memcache has defaults for everything');
});

test('% expansions: the ones db_common.c knows, everywhere a template is read', () => {
  const found = check('mysql', `${MYSQL}query = SELECT '%s' '%u' '%d' '%S' '%U' '%D' '%1' '%9' '%%' '%0' '%x' %\nresult_format = %s %%%q\n`);
  assert.deepEqual(
    found.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.character}`),
    ['invalid-percent-expansion@4:61-63', 'invalid-percent-expansion@4:66-68', 'invalid-percent-expansion@4:70-71', 'invalid-percent-expansion@5:21-23'],
  );
  assert.match(message(found[3]), /"Invalid result template"/);
  assert.deepEqual(codes(check('ldap', 'search_base = ou=%x\nquery_filter = (uid=%u)\n')), ['invalid-percent-expansion@0']);
  assert.deepEqual(codes(check('memcache', 'key_format = a%b\n')), ['invalid-percent-expansion@0']);
  // the obsolete fields are part of the query the client builds while no query is set
  assert.deepEqual(
    codes(check('mysql', `${MYSQL}table = t\nselect_field = s\nwhere_field = w\nadditional_conditions = AND x LIKE '%foo%'\n`)).filter((c) =>
      c.startsWith('invalid'),
    ),
    ['invalid-percent-expansion@7', 'invalid-percent-expansion@7'],
  );
  assert.deepEqual(
    codes(check('mysql', `${MYSQL}query = SELECT 1\nadditional_conditions = LIKE '%foo'\n`)).filter((c) => c.startsWith('invalid')),
    [],
  );
  // an old name is not read while its replacement is set
  assert.deepEqual(codes(check('ldap', 'search_base = dc=x\nresult_format = %s\nresult_filter = %q\n')), ['deprecated-parameter@2']);
  // over continuation lines, at the place
  const wrapped = check('mysql', `${MYSQL}query = SELECT 1\n  WHERE a = '%k'\n`);
  assert.deepEqual(wrapped[0].range, { start: { line: 5, character: 13 }, end: { line: 5, character: 15 } });
});

test('sqlite: a key outside single quotes is warned about as Postfix 3.11 does; quoted, %%, other clients are not', () => {
  const at = (text: string): string[] =>
    check('sqlite', `dbpath = /var/lib/mail.sqlite\nquery = ${text}\n`).map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`);
  assert.deepEqual(at(`SELECT a FROM t WHERE k = %s`), ['unquoted-sql-expansion@1:34']);
  assert.deepEqual(at(`SELECT a FROM t WHERE k = "%s" AND d = '%d'`), ['unquoted-sql-expansion@1:35']);
  assert.deepEqual(at(`SELECT a FROM t WHERE k = '%s' AND n LIKE 'x%%' AND p = 100%%`), []);
  // a double quote inside '...' opens nothing; a ' inside "..." closes nothing
  assert.deepEqual(at(`SELECT '"' || '%s' FROM t WHERE "it's" = %u`), ['unquoted-sql-expansion@1:49']);
  assert.deepEqual(codes(check('mysql', `${MYSQL}query = SELECT a FROM t WHERE k = %s\n`)), []);
  // the release does not matter: the risk is the same
  assert.deepEqual(codes(check('sqlite', 'dbpath = /x\nquery = SELECT 1 WHERE k = %s\n', '3.7')), ['unquoted-sql-expansion@1']);
  assert.match(message(check('sqlite', 'dbpath = /x\nquery = SELECT 1 WHERE k = %s\n')[0]), /SQL injection/);
});

test('values: numbers without units, yes or no, keywords, limits; a warning where the client falls back; secrets never quoted', () => {
  const found = check(
    'ldap',
    [
      'search_base = dc=x',
      'timeout = 10s',
      'chase_referrals = 0',
      'start_tls = YES',
      'scope = subtree',
      'bind = maybe',
      'version = 4',
      'version = 1',
      'dereference = 3',
      'sasl_minssf = 4097',
      'recursion_limit = 0',
      'server_host =',
      'size_limit = 99999999999',
    ].join('\n'),
  );
  assert.deepEqual(
    found.filter((d) => d.code === 'invalid-value').map((d) => `${d.range.start.line}:${d.severity}`),
    ['1:1', '2:1', '4:2', '5:1', '7:1', '9:1', '10:1', '11:1', '12:1'],
  );
  assert.match(
    message(found.find((d) => d.range.start.line === 1)),
    /Invalid value "10s" for timeout: expected a whole number, without a unit; the ldap: client stops/,
  );
  assert.match(message(found.find((d) => d.range.start.line === 4)), /warns and uses a default instead/);
  // version 4 is overridden by version 1: the client reads only the last
  assert.ok(found.some((d) => d.code === 'duplicate-parameter' && d.range.start.line === 6));
  assert.deepEqual(codes(check('memcache', 'backup = verify_cache\nmax_try = 0\n')), ['invalid-value@0', 'invalid-value@1']);
  assert.deepEqual(codes(check('mysql', `${MYSQL}query = SELECT 1\nresult_format =\nrequire_result_set = 1\n`)), ['invalid-value@5', 'invalid-value@6']);
  const secret = check('pgsql', 'hosts = postgres://user:hunter2@db/mail\ndbname = x\nquery = SELECT 1\npassword = hunter2\nretry_interval = soon\n');
  assert.ok(!JSON.stringify(secret).includes('hunter2'));
  assert.deepEqual(codes(secret), ['invalid-value@4']);
  assert.match(message(secret[0]), /"soon"/, 'retry_interval is no secret: its value is quoted');
});

test('duplicates as postconf warns about them; obsolete interfaces with the query they stand for', () => {
  assert.deepEqual(codes(check('sqlite', "dbpath = /a\ndbpath = /b\ndbpath = /b\nquery = SELECT '%s'\n")), ['duplicate-parameter@0', 'duplicate-parameter@1']);
  const legacy = check('mysql', `${MYSQL}table = alias\nselect_field = goto\nwhere_field = address\nadditional_conditions = AND active = 1\n`);
  assert.deepEqual(codes(legacy), ['deprecated-parameter@4', 'deprecated-parameter@5', 'deprecated-parameter@6', 'deprecated-parameter@7']);
  const fix = (legacy[0].data as FixData).fixes[0];
  assert.equal(fix.edits[0].newText, "query = SELECT goto FROM alias WHERE address='%s' AND active = 1");
  assert.equal(fix.edits.length, 4, 'the other three lines go');
  const ignored = check('mysql', `${MYSQL}query = SELECT 1\ntable = alias\n`);
  assert.match(message(ignored[0]), /ignores it because "query" is set/);
  const renamed = check('ldap', 'search_base = dc=x\nresult_filter = %s\n');
  assert.equal((renamed[0].data as FixData).fixes[0].edits[0].newText, 'result_format');
  assert.match(message(check('ldap', 'search_base = dc=x\ncache = no\n')[0]), /no longer supported/);
});

test('syntax: a line without "=" and a first line that continues nothing', () => {
  assert.deepEqual(codes(check('memcache', '  ttl = 5\nno equals here\n')), ['syntax-error@0', 'syntax-error@1']);
});

// ---------------------------------------------------------------- main.cf and master.cf

const only = (present: string[]): FileSystem => ({ exists: (p) => present.includes(p), list: () => [] });

test('a client file main.cf or master.cf names that is neither beside main.cf nor deployed: the postconf message', () => {
  const main = 'virtual_mailbox_maps = proxy:mysql:/etc/postfix/sql/boxes.cf, ldap:$config_directory/users.cf\nsome_maps = pgsql:/etc/postfix/here.cf\n';
  const model = new ConfigModel({ main, master: 'submission inet n - n - - smtpd\n  -o smtpd_sender_login_maps=sqlite:/etc/postfix/logins.cf\n' });
  const files = only(['/repo/sql/boxes.cf', '/etc/postfix/here.cf']);
  const found = checkMainCf(model, defaultSettings, '3.11', files, '/repo').diagnostics.filter((d) => d.code === 'missing-lookup-table');
  assert.deepEqual(
    found.map((d) => `${d.range.start.line}:${d.range.start.character}`),
    ['0:62'],
  );
  assert.match(message(found[0]), /\/etc\/postfix\/users\.cf does not exist, nor does \/repo\/users\.cf beside this configuration/);
  assert.match(message(found[0]), /postconf: open "ldap" configuration "\/etc\/postfix\/users\.cf": No such file or directory/);
  const master = checkMasterCf(model, defaultSettings, '3.11', files, '/repo').diagnostics.filter((d) => d.code === 'missing-lookup-table');
  assert.deepEqual(
    master.map((d) => d.range.start.line),
    [1],
  );
  assert.deepEqual(
    checkMainCf(model, defaultSettings, '3.11', undefined, '/repo').diagnostics.filter((d) => d.code === 'missing-lookup-table'),
    [],
  );
});

test('missing client files where postconf looks: Postfix parameters and the names their values refer to', () => {
  const main = [
    'my_unused = mysql:/etc/postfix/gone1.cf',
    'smtpd_restriction_classes = cls',
    'cls = check_client_access mysql:/etc/postfix/gone2.cf',
    'my_used = mysql:/etc/postfix/gone3.cf',
    'mydestination = $my_used',
    'virtual_maps = mysql:/etc/postfix/gone4.cf',
    'mailbox_command = /usr/bin/x mysql:/etc/postfix/gone5.cf',
  ].join('\n');
  const found = checkMainCf(new ConfigModel({ main }), defaultSettings, '3.11', only([]), '/etc/postfix').diagnostics.filter(
    (d) => d.code === 'missing-lookup-table',
  );
  // not an unused name, a restriction class alone, the old name of virtual_alias_maps or an unexpanded value
  assert.deepEqual(
    found.map((d) => d.range.start.line),
    [3],
  );
});

// ---------------------------------------------------------------- features

const FILE = parseClientFile(`${MYSQL}query = SELECT maildir FROM mailbox WHERE username = '%s'\nqurey = x\nchase_referrals = no\n`);

test('hover: summary, default, release and the manual on a name; what an expansion stands for; never a value', () => {
  const value = (line: number, character: number) => (dbmsHover(FILE, 'mysql', { line, character })?.contents as MarkupContent | undefined)?.value ?? '';
  assert.match(value(3, 2), /\*\*dbname\*\* \(mysql: table setting\)/);
  assert.match(value(2, 3), /\*\*Secret:\*\* its value is never shown here/);
  assert.ok(!value(2, 3).includes('t0ps3cret'));
  assert.equal(dbmsHover(FILE, 'mysql', { line: 2, character: 14 }), null);
  assert.match(value(4, 55), /\*\*%s\*\* \(in query\)/);
  assert.match(value(5, 2), /Not a setting of mysql: tables.*Did you mean `query`\?/);
  assert.match(value(6, 3), /Not a setting of mysql: tables/, 'an ldap: setting in a mysql: file');
});

test('completion: names of the type not yet set first, keywords and expansions in values', () => {
  const file = parseClientFile('dbname = mail\nre\nrequire_result_set = \nquery = SELECT 1 WHERE a = %\n');
  const names = dbmsCompletion(file, 'mysql', { line: 1, character: 2 });
  assert.ok(names.some((i) => i.label === 'result_format' && i.textEdit && 'newText' in i.textEdit && i.textEdit.newText === 'result_format = '));
  assert.ok(!names.some((i) => i.label === 'search_base'));
  const all = dbmsCompletion(file, 'mysql', { line: 1, character: 0 });
  const byLabel = new Map(all.map((i) => [i.label, i.sortText ?? '']));
  assert.ok((byLabel.get('result_format') ?? '') < (byLabel.get('dbname') ?? ''), 'a setting already written comes after');
  assert.ok((byLabel.get('result_format') ?? '') < (byLabel.get('table') ?? ''), 'the obsolete ones last');
  assert.deepEqual(
    dbmsCompletion(file, 'mysql', { line: 2, character: 21 }).map((i) => i.label),
    ['yes', 'no'],
  );
  const expansions = dbmsCompletion(file, 'mysql', { line: 3, character: 28 }).map((i) => i.label);
  assert.ok(expansions.includes('%s') && expansions.includes('%1') && expansions.includes('%%'));
  assert.deepEqual(
    dbmsCompletion(parseClientFile('scope = \n'), 'ldap', { line: 0, character: 8 }).map((i) => i.label),
    ['sub', 'one', 'base'],
  );
});

test('semantic tokens: known settings, unknown names and expansions', () => {
  const data = dbmsSemanticTokens(parseClientFile("query = SELECT '%s'\nqurey = 1\ntable = t\n"), 'mysql');
  const tokens: string[] = [];
  for (let i = 0; i < data.length; i += 5) tokens.push(`${TOKEN_TYPES[data[i + 3]]}/${data[i + 2]}/${data[i + 4]}`);
  // property with defaultLibrary (2), the %s, an unknown name, an obsolete one (deprecated 1 + defaultLibrary 2)
  assert.deepEqual(tokens, ['property/5/2', 'variable/2/2', 'variable/5/0', 'property/5/3']);
});

test('main.cf settings of a table named without a path: a password in them is shown in no hover or inlay hint', () => {
  const main = 'virtual_alias_maps = ldap:corp\ncorp_bind_pw = hunter2\nmy_x = $corp_bind_pw\nmydestination = $my_x\ncorp_server_host = ldap.example.com\n';
  const model = new ConfigModel({ main, master: 'smtp inet n - n - - smtpd\n  -o corp_bind_pw=hunter3\n' });
  const shown = [
    hover(model, { line: 1, character: 3 }),
    hover(model, { line: 2, character: 2 }),
    hover(model, { line: 3, character: 3 }),
    hover(model, { line: 3, character: 18 }),
    inlayHints(model, { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } }),
    masterHover(model, { line: 1, character: 8 }),
  ];
  const text = JSON.stringify(shown);
  assert.ok(!text.includes('hunter'), text);
  assert.match(text, /not shown: it may be a password/);
  // other settings of the table are shown as ever
  assert.match(JSON.stringify(hover(model, { line: 4, character: 3 })), /ldap\.example\.com/);
});

test('hostile input: a 1 MB line of bad expansions, CRLF, NUL bytes, deep and unterminated braces, cycles', () => {
  const started = Date.now();
  const flood = check('mysql', `dbname = x\r\nquery = ${'%x'.repeat(500_000)}\r\n`);
  assert.equal(flood.filter((d) => d.code === 'invalid-percent-expansion').length, 1000, 'capped');
  assert.deepEqual(codes(check('ldap', '\u0000\u0001 = \u00ff\n=\n'.repeat(1000))).slice(0, 2), ['missing-required-parameter@0', 'unknown-parameter@0']);
  const deep = new ConfigModel({ main: `alias_maps = ${'unionmap:{'.repeat(5000)}mysql:/etc/x.cf${'}'.repeat(5000)}\n` });
  assert.deepEqual(clientReferences(deep), [], 'too deep to be a table Postfix opens');
  const open = new ConfigModel({ main: `alias_maps = ${'unionmap:{ mysql:/etc/a.cf, {'.repeat(20_000)}\n` });
  assert.ok(clientReferences(open).length > 0);
  const cycle = new ConfigModel({ main: 'p = $q\nq = $p\nalias_maps = mysql:$p/x.cf, mysql:$config_directory/y.cf\n' });
  assert.deepEqual(
    clientReferences(cycle).map((r) => r.path),
    ['/etc/postfix/y.cf'],
    'a path whose expansion never ends names no file',
  );
  assert.ok(Date.now() - started < 5000);
});
