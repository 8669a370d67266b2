/**
 * Lookup table sources: the parser (with exact ranges), flavour detection,
 * every table check with a positive and a negative case, hover, completion,
 * the corpus of real tables, and hostile input.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Code, codeInfo, DiagnosticSeverity, type Diagnostic, type FixData } from '../../server/src/service/diagnostics';
import { codeActions } from '../../server/src/service/features/shared/codeActions';
import { tableCompletion } from '../../server/src/service/features/table/completion';
import { tableHover } from '../../server/src/service/features/table/hover';
import { ACCESS_ACTIONS, HEADER_ACTIONS, POSTSCREEN_ACTIONS } from '../../server/src/service/knowledge/tableActions';
import type { TableRole } from '../../server/src/service/model/tableDetect';
import { defaultSettings, type Settings } from '../../server/src/service/settings';
import { parseCidrPattern } from '../../server/src/service/syntax/address';
import { checkPcreRegex } from '../../server/src/service/syntax/pcreRegex';
import { checkPosixRegex } from '../../server/src/service/syntax/posixRegex';
import { parseTable, type TableEntry, type TableFlavour } from '../../server/src/service/syntax/table';
import { range } from '../../server/src/service/syntax/text';
import { corpusTable } from './tableCorpus';
import { corpusDir, corpusFiles, referenceDir } from '../support/outside';
import type { TableFiles } from '../../server/src/service/files';
import { checkTable, detectTable, restrictionClasses, tableReferences, type TableCheckInfo, type TableContext } from '../../server/src/service/tableService';
import { ConfigModel } from '../../server/src/service';
import type { CheckReport } from '../../server/src/service';

const root = join(__dirname, '..', '..', '..');

function check(
  text: string,
  info: Partial<TableCheckInfo> & { flavour: TableFlavour },
  context: Partial<TableContext> = {},
  settings: Settings = defaultSettings,
): CheckReport {
  const report = checkTable(text, { path: '/etc/postfix/table', role: 'map', ...info }, { target: '3.11', ...context }, settings);
  assert.deepEqual(report.failures, [], 'no check threw');
  return report;
}

const withCode = (report: CheckReport, code: Code): Diagnostic[] => report.diagnostics.filter((d) => d.code === code);
const lines = (ds: Diagnostic[]): number[] => ds.map((d) => d.range.start.line);
const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const errors = (report: CheckReport): Diagnostic[] => report.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
const entryOf = (source: string, flavour: TableFlavour, n = 0): TableEntry | undefined => parseTable(source, flavour).lines[n]?.entry;

// ---------------------------------------------------------------- parser

test('indexed: key and value with exact ranges, value trimmed', () => {
  const e = entryOf('user@example.com\t  REJECT go away  \n', 'indexed');
  assert.equal(e?.kind, 'pair');
  if (e?.kind !== 'pair') return;
  assert.equal(e.key.text, 'user@example.com');
  assert.deepEqual(e.key.range, range(0, 0, 0, 16));
  assert.equal(e.value?.text, 'REJECT go away');
  assert.deepEqual(e.value?.range, range(0, 19, 0, 33));
});

test('indexed: a quoted key keeps its white space and quotes; a backslash protects the next character', () => {
  const e = entryOf('"a b" quoted\n', 'indexed');
  assert.ok(e?.kind === 'pair' && e.key.text === '"a b"' && e.value?.text === 'quoted');
  const f = entryOf('a\\ b escaped\n', 'indexed');
  assert.ok(f?.kind === 'pair' && f.key.text === 'a\\ b' && f.value?.text === 'escaped');
});

test('indexed: continuation lines join the entry across comment and blank lines, with ranges on each line', () => {
  const parsed = parseTable('multi line\n# comment\n\n   continued here\nnext x\n', 'indexed');
  assert.equal(parsed.lines.length, 2);
  const first = parsed.lines[0];
  assert.equal(first.start, 0);
  assert.equal(first.end, 3);
  assert.ok(first.entry?.kind === 'pair');
  if (first.entry?.kind !== 'pair') return;
  assert.equal(first.entry.value?.text, 'line   continued here');
  assert.deepEqual(first.entry.value?.range, range(0, 6, 3, 17));
  assert.deepEqual(parsed.comments, [{ line: 1, text: '# comment' }]);
});

test('indexed: the key alone is a missing value on the first line of the entry', () => {
  const parsed = parseTable('a b\nfoo\n', 'indexed');
  assert.deepEqual(
    parsed.lines[1].issues.map((i) => [i.kind, i.range.start.line]),
    [['missing-value', 1]],
  );
});

test('indexed: CRLF line ends are not part of the value', () => {
  const e = entryOf('key value\r\nk2 v2\r\n', 'indexed');
  assert.ok(e?.kind === 'pair' && e.value?.text === 'value');
});

test('a continuation line with nothing before it is reported and skipped', () => {
  const parsed = parseTable('  orphan text\nkey value\n', 'indexed');
  assert.equal(parsed.lines[0].entry, undefined);
  assert.equal(parsed.lines[0].issues[0].kind, 'syntax');
  assert.equal(parsed.lines[1].entry?.kind, 'pair');
});

test('aliases: name and value, and the problems postalias reports', () => {
  const parsed = parseTable('postmaster: root, admin\nbar\nx@y: z\n"quoted name": x\n', 'aliases');
  const e = parsed.lines[0].entry;
  assert.ok(e?.kind === 'pair' && e.key.text === 'postmaster' && e.value?.text === 'root, admin');
  if (e?.kind === 'pair') assert.deepEqual(e.value?.range, range(0, 12, 0, 23));
  assert.match(parsed.lines[1].issues[0].message, /need name:value pair/);
  assert.match(parsed.lines[2].issues[0].message, /name must be local/);
  assert.equal(parsed.lines[3].entry?.kind, 'pair');
});

test('regexp: pattern, flags, second pattern and result with ranges', () => {
  const e = entryOf('/^From: (.*)/i   REJECT $1\n', 'regexp');
  assert.equal(e?.kind, 'pattern');
  if (e?.kind !== 'pattern') return;
  assert.equal(e.pattern.source.text, '^From: (.*)');
  assert.deepEqual(e.pattern.source.range, range(0, 1, 0, 12));
  assert.equal(e.pattern.flags.text, 'i');
  assert.equal(e.value?.text, 'REJECT $1');
  assert.deepEqual(e.value?.range, range(0, 17, 0, 26));
  const two = entryOf('!/a/!/b/ X\n', 'regexp');
  assert.ok(two?.kind === 'pattern' && two.pattern.negated && two.second?.negated && two.second.source.text === 'b');
});

test('regexp and pcre: any non-alphanumeric delimiter; pcre flags run to white space', () => {
  const e = entryOf('|a/b| x\n', 'regexp');
  assert.ok(e?.kind === 'pattern' && e.pattern.source.text === 'a/b' && e.pattern.delimiter === '|');
  const p = entryOf('/a/i!x y\n', 'pcre');
  assert.ok(p?.kind === 'pattern' && p.pattern.flags.text === 'i!x');
});

test('regexp: IF, ENDIF and an unrecognized line', () => {
  const parsed = parseTable('if !/^X-/\n/a/ b\nendif\nfoo bar\n', 'regexp');
  assert.deepEqual(
    parsed.lines.map((l) => l.entry?.kind),
    ['if', 'pattern', 'endif', undefined],
  );
  const first = parsed.lines[0].entry;
  assert.ok(first?.kind === 'if' && first.pattern?.negated === true);
  assert.match(parsed.lines[3].issues[0].message, /unrecognized request/);
});

test('cidr: negation (also with a blank after !), IF, and ENDIF with text after it', () => {
  const parsed = parseTable('! 10.0.0.0/8 X\nif [192.0.2.0]/24\n192.0.2.0/25 Y\nendif junk\n', 'cidr');
  const a = parsed.lines[0].entry;
  assert.ok(a?.kind === 'cidr' && a.negated && a.pattern.text === '10.0.0.0/8' && a.value?.text === 'X');
  const b = parsed.lines[1].entry;
  assert.ok(b?.kind === 'if' && b.cidr?.pattern.text === '[192.0.2.0]/24');
  assert.equal(parsed.lines[3].entry, undefined);
  assert.match(parsed.lines[3].issues[0].message, /garbage after ENDIF/);
});

test('hostile input: a 1 MB line, 100k lines and binary data are read without throwing, quickly', () => {
  const started = Date.now();
  const big = 'k ' + 'x'.repeat(1 << 20) + '\n';
  const many = Array.from({ length: 100_000 }, (_, i) => `key${i % 5000} value${i}`).join('\n');
  const binary = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
  const patterns = '/' + '('.repeat(300_000) + '/ x\n' + '/' + '[[:'.repeat(100_000) + '/ y\n' + '/' + 'a{1,2}'.repeat(100_000) + '/ z\n';
  for (const flavour of ['indexed', 'aliases', 'regexp', 'pcre', 'cidr'] as const) {
    for (const source of [big, many, binary, patterns]) {
      const role: TableRole = flavour === 'cidr' ? 'postscreen_access' : flavour === 'aliases' ? 'aliases' : 'access';
      const report = checkTable(source, { path: '/x', flavour, role }, { target: '3.11' }, defaultSettings);
      assert.deepEqual(report.failures, [], flavour);
      assert.ok(report.diagnostics.length <= 12_000, `${flavour}: ${report.diagnostics.length} diagnostics`);
    }
  }
  assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
});

// ---------------------------------------------------------------- regular expression models

test('POSIX model: glibc messages for the usual mistakes, groups counted', () => {
  const ere = (p: string) => checkPosixRegex(p, { extended: true, icase: true });
  assert.equal(ere('a(b').error, 'Unmatched ( or \\(');
  assert.equal(ere('a[b').error, 'Unmatched [, [^, [:, [., or [=');
  assert.equal(ere('*a').error, 'Invalid preceding regular expression');
  assert.equal(ere('a{2,1}').error, 'Invalid content of \\{\\}');
  assert.equal(ere('[[:foo:]]').error, 'Invalid character class name');
  assert.equal(ere('[z-a]').error, 'Invalid range end');
  assert.equal(ere('\\1(a)').error, 'Invalid back reference');
  assert.equal(ere('a)b').error, undefined, 'an unmatched ) is a literal in an ERE');
  assert.equal(ere('(a)(b(c))').groups, 3);
  assert.equal(checkPosixRegex('a\\(b', { extended: false, icase: true }).error, 'Unmatched ( or \\(', 'x flag: basic syntax');
});

test('PCRE model: PCRE2 messages, and constructs JavaScript does not have are accepted', () => {
  const pcre = (p: string) => checkPcreRegex(p, { extended: false });
  assert.equal(pcre('a(b').error, 'missing closing parenthesis');
  assert.equal(pcre('a**').error, 'quantifier does not follow a repeatable item');
  assert.equal(pcre('[z-a]').error, 'range out of order in character class');
  assert.equal(pcre('\\i').error, 'unrecognized character follows \\');
  assert.equal(pcre('(?<n>a)(?<n>b)').error, 'two named subpatterns have the same name (PCRE2_DUPNAMES not set)');
  for (const ok of [
    '(?<name>a)\\k<name>',
    'a++b',
    'a*+',
    'foo\\Kbar',
    '(?i)abc',
    '(?x) a b # comment',
    '(?>atomic)',
    '(?<=ab)c',
    '\\Qa(b\\E',
    '[[:alpha:]]',
    'a{,3}',
  ]) {
    const r = pcre(ok);
    assert.equal(r.error, undefined, ok);
    assert.deepEqual(r.unverified, [], ok);
  }
  const rec = pcre('\\((?:[^()]|(?R))*\\)');
  assert.equal(rec.error, undefined);
  assert.ok(rec.unverified.length > 0);
});

test('cidr model: the messages of cidr_match_parse', () => {
  const problem = (p: string) => {
    const r = parseCidrPattern(p);
    return 'problem' in r ? r.problem : undefined;
  };
  assert.equal(problem('192.0.2.1/24'), 'non-null host address bits in "192.0.2.1/24", perhaps you should use "192.0.2.0/24" instead');
  assert.equal(problem('192.0.2.0/33'), 'bad mask length in "192.0.2.0/33"');
  assert.equal(problem('192.0.2.0/24x'), 'bad mask value in "192.0.2.0/24x"');
  assert.equal(problem('010.0.0.0/8'), 'bad network value in "010.0.0.0/8"');
  assert.equal(problem('1.2.3'), 'bad address pattern: "1.2.3"');
  assert.equal(problem('2001:db8::1/32'), 'non-null host address bits in "2001:db8::1/32", perhaps you should use "2001:db8::/32" instead');
  for (const ok of ['[10.0.0.0]/8', '[10.0.0.0/8]', '::ffff:1.2.3.0/120', '0.0.0.0/0', '::/0', '1.2.3.4/032']) assert.equal(problem(ok), undefined, ok);
});

// ---------------------------------------------------------------- detection

test('detectTable: the first-line comment wins, in any word order', () => {
  assert.deepEqual(detectTable('/etc/postfix/whatever', '# postfix-map: access cidr', []), {
    path: '/etc/postfix/whatever',
    flavour: 'cidr',
    role: 'access',
    source: 'comment',
  });
  const t = detectTable('/etc/postfix/x', '#postfix-map: lmdb transport', []);
  assert.equal(t?.role, 'transport');
  assert.equal(t?.flavour, 'indexed');
  assert.equal(t?.type, 'lmdb');
  assert.equal(detectTable('/etc/postfix/aliases', '# postfix-map: generic', [])?.role, 'canonical');
});

test('detectTable: how main.cf uses the file', () => {
  const refs = [
    { table: 'hash:/etc/postfix/sender_access', use: 'check_sender_access' },
    { table: 'pcre:/etc/postfix/hc', use: 'header_checks' },
    { table: 'proxy:hash:/etc/postfix/vmap', use: 'virtual_alias_maps' },
    { table: 'regexp:/etc/postfix/smtp_hc', use: 'smtp_header_checks' },
    { table: 'cidr:/etc/postfix/clients', use: 'smtpd_client_restrictions' },
  ];
  assert.deepEqual(detectTable('/etc/postfix/sender_access', '', refs), {
    path: '/etc/postfix/sender_access',
    flavour: 'indexed',
    role: 'access',
    type: 'hash',
    lookups: ['check_sender_access'],
    source: 'reference',
  });
  assert.equal(detectTable('/etc/postfix/hc', '', refs)?.role, 'header_checks');
  assert.equal(detectTable('/etc/postfix/hc', '', refs)?.flavour, 'pcre');
  assert.equal(detectTable('/etc/postfix/vmap', '', refs)?.role, 'virtual');
  assert.equal(detectTable('/etc/postfix/smtp_hc', '', refs)?.role, 'smtp_header_checks');
  assert.deepEqual([detectTable('/etc/postfix/clients', '', refs)?.role, detectTable('/etc/postfix/clients', '', refs)?.flavour], ['access', 'cidr']);
  // a bare table in a list is that list's own check; only access tables say how they are looked up
  assert.deepEqual(detectTable('/etc/postfix/clients', '', refs)?.lookups, ['check_client_access']);
  assert.equal(detectTable('/etc/postfix/hc', '', refs)?.lookups, undefined);
  const both = [...refs, { table: 'hash:/etc/postfix/sender_access', use: 'smtpd_recipient_restrictions' }];
  assert.deepEqual(detectTable('/etc/postfix/sender_access', '', both)?.lookups, ['check_recipient_access', 'check_sender_access']);
});

test('tableReferences: the tables a main.cf uses, for detectTable', () => {
  const model = new ConfigModel({
    main: [
      'smtpd_restriction_classes = strict',
      'strict = check_sender_access hash:/etc/postfix/strict_senders, reject',
      'smtpd_recipient_restrictions = permit_mynetworks, check_recipient_access lmdb:/etc/postfix/rcpt, cidr:/etc/postfix/clients.cidr, reject_unauth_destination',
      'header_checks = pcre:/etc/postfix/header_checks',
      'virtual_alias_maps = proxy:hash:/etc/postfix/virtual, $other_maps',
      'alias_maps = hash:/etc/aliases',
    ].join('\n'),
  });
  const refs = tableReferences(model);
  assert.deepEqual(
    [...refs].sort((a, b) => a.table.localeCompare(b.table)),
    [
      { table: 'cidr:/etc/postfix/clients.cidr', use: 'smtpd_recipient_restrictions' },
      { table: 'hash:/etc/aliases', use: 'alias_maps' },
      { table: 'hash:/etc/postfix/strict_senders', use: 'check_sender_access' },
      { table: 'lmdb:/etc/postfix/rcpt', use: 'check_recipient_access' },
      { table: 'pcre:/etc/postfix/header_checks', use: 'header_checks' },
      { table: 'proxy:hash:/etc/postfix/virtual', use: 'virtual_alias_maps' },
    ],
  );
  assert.deepEqual([...restrictionClasses(model)], ['strict']);
  const info = detectTable('/etc/postfix/rcpt', '', refs);
  assert.deepEqual([info?.role, info?.flavour, info?.type], ['access', 'indexed', 'lmdb']);
  assert.deepEqual([detectTable('/etc/aliases', '', refs)?.role, detectTable('/etc/aliases', '', refs)?.flavour], ['aliases', 'aliases']);
});

test('detectTable: by file name, with a guess for header_checks', () => {
  const by = (name: string) => detectTable(`/etc/postfix/${name}`, '', []);
  assert.deepEqual([by('helo_access')?.role, by('helo_access')?.flavour], ['access', 'indexed']);
  assert.equal(by('client_checks')?.role, 'access');
  assert.deepEqual([by('postscreen_access.cidr')?.role, by('postscreen_access.cidr')?.flavour], ['postscreen_access', 'cidr']);
  assert.deepEqual([by('header_checks')?.role, by('header_checks')?.guessed], ['header_checks', true]);
  assert.deepEqual([by('header_checks.regexp')?.flavour, by('header_checks.regexp')?.guessed], ['regexp', undefined]);
  assert.equal(by('body_checks.pcre')?.role, 'body_checks');
  assert.equal(by('transport')?.role, 'transport');
  assert.deepEqual([by('aliases')?.role, by('aliases')?.flavour], ['aliases', 'aliases']);
  assert.equal(by('sender_canonical')?.role, 'canonical');
  assert.equal(by('relocated')?.role, 'relocated');
  assert.equal(by('something')?.role, 'map');
  assert.equal(by('access.db'), undefined);
  assert.equal(by('mynetworks'), undefined);
});

// ---------------------------------------------------------------- checks

test('every table code has a test in this file, and a section in docs/diagnostics.md', () => {
  const source = readFileSync(join(root, 'test', 'unit', 'tables.test.ts'), 'utf8');
  const doc = readFileSync(join(root, 'docs', 'diagnostics.md'), 'utf8');
  const tableCodes = [
    Code.TableMissingValue,
    Code.TableSyntaxError,
    Code.InvalidTablePattern,
    Code.PcreNotVerified,
    Code.UnmatchedTableIf,
    Code.DuplicateLookupKey,
    Code.InvalidAccessAction,
    Code.InvalidAccessKey,
    Code.AccessActionNewerThanTarget,
    Code.InvalidHeaderCheckAction,
    Code.StaleLookupTable,
  ];
  for (const code of tableCodes) {
    assert.ok(source.includes(`test('${code}:`), `a test named after ${code}`);
    assert.ok(doc.includes(`## \`${code}\``), `${code} documented`);
  }
});

test('table-missing-value: the key alone, on the line postmap names; a key with a value is fine', () => {
  const r = check('ok value\nlonely\n', { flavour: 'indexed' });
  assert.deepEqual(lines(withCode(r, Code.TableMissingValue)), [1]);
  assert.match(text(withCode(r, Code.TableMissingValue)[0]), /expected format: key whitespace value/);
  assert.deepEqual(check('a b\n', { flavour: 'indexed' }).diagnostics, []);
  assert.deepEqual(lines(withCode(check('10.0.0.0/8\n', { flavour: 'cidr' }), Code.TableMissingValue)), [0]);
});

test('table-missing-value: a regexp rule without result is a warning, an error in an access table (empty means OK)', () => {
  const map = withCode(check('/a/\n', { flavour: 'regexp' }), Code.TableMissingValue);
  assert.equal(map[0].severity, DiagnosticSeverity.Warning);
  const access = withCode(check('/a/\n', { flavour: 'regexp', role: 'access' }), Code.TableMissingValue);
  assert.equal(access[0].severity, DiagnosticSeverity.Error);
  assert.match(text(access[0]), /empty result is taken as OK/);
});

test('table-syntax-error: unbalanced quote, no closing delimiter, bad $ in results; $$ and ${1} are fine', () => {
  assert.deepEqual(lines(withCode(check('"a b x\n', { flavour: 'indexed' }), Code.TableSyntaxError)), [0]);
  assert.deepEqual(lines(withCode(check('/abc x\n', { flavour: 'regexp' }), Code.TableSyntaxError)), [0]);
  const bad = check('/(a)/ REJECT costs $ 5\n/(a)/ $2\n!/(a)/ $1\n/(a)/ ${1\n/(a)/ $foo\n', { flavour: 'pcre' });
  assert.deepEqual(lines(withCode(bad, Code.TableSyntaxError)), [0, 1, 2, 3, 4]);
  assert.match(text(withCode(bad, Code.TableSyntaxError)[1]), /out of range replacement index/);
  assert.deepEqual(check('/(a)/ REJECT $$1 and ${1} $(1)\n', { flavour: 'regexp' }).diagnostics, []);
});

test('table-syntax-error: a key in "key: value" form is only a warning in an indexed table', () => {
  const d = withCode(check('root: admin\n', { flavour: 'indexed' }), Code.TableSyntaxError);
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, DiagnosticSeverity.Warning);
  assert.deepEqual(check('root: admin\n', { flavour: 'aliases', role: 'aliases' }).diagnostics, []);
});

test('invalid-table-pattern: regexp and pcre patterns that do not compile, unknown flags', () => {
  const r = check('/a(b/ OK\n/ok/ OK\n/x/q OK\n', { flavour: 'regexp' });
  assert.deepEqual(lines(withCode(r, Code.InvalidTablePattern)), [0, 2]);
  assert.match(text(withCode(r, Code.InvalidTablePattern)[0]), /Unmatched \( or \\\(/);
  const p = check('/a(b/ OK\n/(?<n>x)\\k<n>/ OK\n/x/s OK\n', { flavour: 'pcre' });
  assert.deepEqual(lines(withCode(p, Code.InvalidTablePattern)), [0]);
  assert.match(text(withCode(p, Code.InvalidTablePattern)[0]), /missing closing parenthesis/);
});

test('invalid-table-pattern: when the flavour is a guess, only what neither regexp nor pcre accepts', () => {
  const pcreOnly = '/(?i)abc/ OK\n';
  assert.deepEqual(withCode(check(pcreOnly, { flavour: 'regexp' }), Code.InvalidTablePattern).length, 1);
  assert.deepEqual(check(pcreOnly, { flavour: 'pcre', guessed: true, role: 'header_checks' }).diagnostics, []);
  const regexpOnly = '/a\\i/ OK\n';
  assert.deepEqual(check(regexpOnly, { flavour: 'pcre', guessed: true, role: 'header_checks' }).diagnostics, []);
  assert.equal(withCode(check('/a(b/ OK\n', { flavour: 'pcre', guessed: true }), Code.InvalidTablePattern).length, 1);
});

test('invalid-table-pattern: cidr networks, with the quick fix Postfix suggests', () => {
  const r = check('192.0.2.1/24 REJECT\n192.0.2.0/33 OK\n192.0.2.0/24 OK\n2001:db8::/32 OK\n', { flavour: 'cidr' });
  const ds = withCode(r, Code.InvalidTablePattern);
  assert.deepEqual(lines(ds), [0, 1]);
  assert.match(text(ds[1]), /bad mask length/);
  const fix = (ds[0].data as FixData).fixes[0];
  assert.deepEqual(fix.edits, [{ range: range(0, 0, 0, 12), newText: '192.0.2.0/24' }]);
});

test('pcre-not-verified: a hint for recursion, nothing for what the model knows', () => {
  const r = check('/\\((?:[^()]|(?R))*\\)/ REJECT\n/(?<n>a)\\k<n>/ OK\n', { flavour: 'pcre' });
  const hints = withCode(r, Code.PcreNotVerified);
  assert.deepEqual(lines(hints), [0]);
  assert.equal(hints[0].severity, DiagnosticSeverity.Hint);
  assert.deepEqual(errors(r), []);
});

test('unmatched-table-if: IF without ENDIF and ENDIF without IF; a broken IF opens no block', () => {
  const r = check('if /a/\n/b/ X\n', { flavour: 'regexp' });
  assert.deepEqual(lines(withCode(r, Code.UnmatchedTableIf)), [0]);
  assert.match(text(withCode(r, Code.UnmatchedTableIf)[0]), /IF has no matching ENDIF/);
  const e = withCode(check('/b/ X\nendif\n', { flavour: 'pcre' }), Code.UnmatchedTableIf);
  assert.deepEqual(lines(e), [1]);
  assert.equal(e[0].severity, DiagnosticSeverity.Warning);
  assert.deepEqual(lines(withCode(check('if /a(/\n/b/ X\nendif\n', { flavour: 'regexp' }), Code.UnmatchedTableIf)), [2]);
  assert.deepEqual(withCode(check('if /a/\nif !/b/\n/c/ X\nendif\nendif\n', { flavour: 'regexp' }), Code.UnmatchedTableIf), []);
  assert.deepEqual(lines(withCode(check('if 10.0.0.0/8\n10.1.0.0/16 X\n', { flavour: 'cidr' }), Code.UnmatchedTableIf)), [0]);
});

test('duplicate-lookup-key: indexed keys compared without case; the first entry wins', () => {
  const r = check('example.com REJECT\nother OK\nEXAMPLE.COM OK\n', { flavour: 'indexed', role: 'access' });
  const d = withCode(r, Code.DuplicateLookupKey);
  assert.deepEqual(lines(d), [2]);
  assert.match(text(d[0]), /line 1.*keeps that first entry/);
  assert.deepEqual((d[0].data as FixData).fixes[0].edits[0].range, range(2, 0, 3, 0));
  assert.deepEqual(withCode(check('a x\nb y\n', { flavour: 'indexed' }), Code.DuplicateLookupKey), []);
});

test('duplicate-lookup-key: a later identical pattern or network is unreachable, unless an IF can skip the first', () => {
  assert.deepEqual(lines(withCode(check('/^a/ X\n/^b/ Y\n/^a/ Z\n', { flavour: 'regexp' }), Code.DuplicateLookupKey)), [2]);
  assert.deepEqual(withCode(check('if /c/\n/^a/ X\nendif\n/^a/ Z\n', { flavour: 'pcre' }), Code.DuplicateLookupKey), []);
  assert.deepEqual(lines(withCode(check('/^a/ X\nif /c/\n/^a/ Z\nendif\n', { flavour: 'pcre' }), Code.DuplicateLookupKey)), [2]);
  assert.deepEqual(withCode(check('/^a/ X\n/^a/i Z\n', { flavour: 'regexp' }), Code.DuplicateLookupKey), [], 'other flags: another pattern');
  assert.deepEqual(lines(withCode(check('10.0.0.0/8 X\n[10.0.0.0]/8 Y\n', { flavour: 'cidr' }), Code.DuplicateLookupKey)), [1]);
});

test('invalid-access-action: what smtpd cannot act on', () => {
  const r = check(
    [
      'a REJECTT nope',
      'b 550',
      'c 600 text',
      'd FILTER smtp',
      'e REDIRECT nobody',
      'f PREPEND X-Spam',
      'g check_client_access hash:/etc/postfix/x',
      'h reject_rbl_client',
      'i BCC archive',
      'j permit_mynetworks DUNNO',
    ].join('\n') + '\n',
    { flavour: 'indexed', role: 'access' },
  );
  assert.deepEqual(lines(withCode(r, Code.InvalidAccessAction)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.match(text(withCode(r, Code.InvalidAccessAction)[0]), /Did you mean "REJECT"/);
  assert.match(text(withCode(r, Code.InvalidAccessAction)[1]), /A number alone means OK/);
});

test('invalid-access-action: valid results, and lower-case names that may be restriction classes', () => {
  const ok = [
    'a OK',
    'b 550 5.7.1 go away',
    'c REJECT text with: colon',
    'd DUNNO',
    'e permit_mynetworks, reject',
    'f reject_rbl_client zen.spamhaus.org',
    'g FILTER smtp:[127.0.0.1]:10025',
    'h REDIRECT spam@example.com',
    'i PREPEND X-Checked: yes',
    'j my_class',
    'k 1234567890',
    'l defer_if_permit',
    'm reject',
  ];
  assert.deepEqual(check(ok.join('\n') + '\n', { flavour: 'indexed', role: 'access' }).diagnostics, []);
  // With main.cf known, an unknown lower-case name is an error; a listed class is not.
  const withClasses = check('a my_class\nb my_clas\n', { flavour: 'indexed', role: 'access' }, { classes: new Set(['my_class']) });
  assert.deepEqual(lines(withCode(withClasses, Code.InvalidAccessAction)), [1]);
  assert.match(text(withCode(withClasses, Code.InvalidAccessAction)[0]), /Did you mean "my_class"/);
  // regexp results with $1 are not judged
  assert.deepEqual(check('/(.*)/ $1\n/(x)/ REDIRECT $1\n', { flavour: 'regexp', role: 'access' }).diagnostics, []);
});

test('invalid-access-action: a mistyped action is one error, on the action: smtpd stops there, the rest is its text', () => {
  for (const classes of [undefined, new Set(['my_class'])]) {
    const d = withCode(check('a REJCT You are not example.net\n', { flavour: 'indexed', role: 'access' }, { classes }), Code.InvalidAccessAction);
    assert.equal(d.length, 1, `classes ${classes ? 'known' : 'unknown'}`);
    assert.deepEqual(d[0].range, range(0, 2, 0, 7));
    assert.match(text(d[0]), /Did you mean "REJECT"/);
    assert.equal((d[0].data as FixData).fixes[0].edits[0].newText, 'REJECT');
  }
  // a list of restrictions stops at its first unknown word too
  const list = check('a permit_mynetworks, reject_bogus, reject_more_bogus\n', { flavour: 'indexed', role: 'access' }, { classes: new Set() });
  assert.deepEqual(
    withCode(list, Code.InvalidAccessAction).map((x) => x.range),
    [range(0, 21, 0, 33)],
  );
});

test('invalid-access-action: a status code whose class differs from the reply is a warning', () => {
  const r = check('a 450 5.7.1 later\nb REJECT 4.7.1 no\nc 550 5.7.1 fine\nd DEFER 4.7.1 fine\n', { flavour: 'indexed', role: 'access' });
  const d = withCode(r, Code.InvalidAccessAction);
  assert.deepEqual(lines(d), [0, 1]);
  assert.ok(d.every((x) => x.severity === DiagnosticSeverity.Warning));
  assert.deepEqual((d[0].data as FixData).fixes[0].edits[0].newText, '4.7.1');
});

test('invalid-access-action: postscreen results are permit, reject or dunno', () => {
  const r = check('10.0.0.0/8 permit\n192.0.2.0/24 REJECT\n198.51.100.0/24 allow\n', { flavour: 'cidr', role: 'postscreen_access' });
  assert.deepEqual(lines(withCode(r, Code.InvalidAccessAction)), [2]);
});

test('invalid-access-key: forms smtpd never looks up in an indexed access table', () => {
  const r = check('10.0.0.0/8 OK\n[192.0.2.1] OK\n010.1.2.3 OK\n2001:0db8::1 OK\n1.2.3 OK\n2001:db8::1 OK\nuser@ OK\n.example.com OK\n<> REJECT\n', {
    flavour: 'indexed',
    role: 'access',
  });
  // [192.0.2.1] may be a HELO argument or the domain of user@[192.0.2.1]: only a client-only table never sees it
  assert.deepEqual(lines(withCode(r, Code.InvalidAccessKey)), [0, 2, 3]);
  const client = check('[192.0.2.1] OK\n', { flavour: 'indexed', role: 'access', lookups: ['check_client_access'] });
  assert.deepEqual(lines(withCode(client, Code.InvalidAccessKey)), [0]);
  const helo = check('[192.0.2.1] OK\n', { flavour: 'indexed', role: 'access', lookups: ['check_client_access', 'check_helo_access'] });
  assert.deepEqual(withCode(helo, Code.InvalidAccessKey), []);
  assert.deepEqual(withCode(check('10.0.0.0/8 OK\n', { flavour: 'cidr', role: 'access' }), Code.InvalidAccessKey), []);
});

test('access-action-newer-than-target: actions and restrictions the target release lacks', () => {
  const source = 'a BCC archive@example.com\nb INFO hello\nc check_client_a_access\nd REJECT\ne 521 go away\n';
  const old = check(source, { flavour: 'indexed', role: 'access' }, { target: '2.5' });
  assert.deepEqual(lines(withCode(old, Code.AccessActionNewerThanTarget)), [0, 1, 2, 4]);
  assert.deepEqual(withCode(check(source, { flavour: 'indexed', role: 'access' }, { target: '3.11' }), Code.AccessActionNewerThanTarget), []);
  const header = check('/^X-/ STRIP\n/^Y-/ IGNORE\n', { flavour: 'pcre', role: 'header_checks' }, { target: '3.1' });
  assert.deepEqual(lines(withCode(header, Code.AccessActionNewerThanTarget)), [0]);
});

test('invalid-header-check-action: unknown actions, missing header text, actions the context cannot do', () => {
  const r = check('/^X-Mailer:/ IGNOR\n/^Subject:/ REPLACE just text\n/^To:/ REPLACE To: someone\n/^From:/ DISCARD\n', {
    flavour: 'pcre',
    role: 'header_checks',
  });
  assert.deepEqual(lines(withCode(r, Code.InvalidHeaderCheckAction)), [0, 1]);
  assert.match(text(withCode(r, Code.InvalidHeaderCheckAction)[0]), /Did you mean IGNORE/);
  assert.deepEqual(check('/viagra/ REPLACE just text\n', { flavour: 'pcre', role: 'body_checks' }).diagnostics, []);
  assert.deepEqual(lines(withCode(check('/^X/ REJECT\n/^Y/ IGNORE\n', { flavour: 'pcre', role: 'smtp_header_checks' }), Code.InvalidHeaderCheckAction)), [0]);
  assert.deepEqual(lines(withCode(check('/^X/ PREPEND X-A: b\n', { flavour: 'pcre', role: 'milter_header_checks' }), Code.InvalidHeaderCheckAction)), [0]);
});

class FakeFiles implements TableFiles {
  constructor(private readonly times: Record<string, number>) {}
  exists(path: string): boolean {
    return path in this.times;
  }
  list(): string[] {
    return [];
  }
  mtime(path: string): number | undefined {
    return this.times[path];
  }
}

test('stale-lookup-table: compiled file missing or older, with the postmap command in the quick fix', () => {
  const path = '/etc/postfix/sender_access';
  const older = check('a OK\n', { path, flavour: 'indexed', role: 'access', type: 'hash' }, { files: new FakeFiles({ [path]: 2000, [`${path}.db`]: 1000 }) });
  const d = withCode(older, Code.StaleLookupTable);
  assert.equal(d.length, 1);
  assert.match(text(d[0]), /older than this file/);
  const fix = (d[0].data as FixData).fixes[0];
  assert.deepEqual(fix.command, { title: `Run postmap hash:${path}`, command: 'postfix.runPostmap', arguments: [`hash:${path}`] });
  const actions = codeActions('file:///etc/postfix/sender_access', older.diagnostics);
  assert.deepEqual(actions[0].command, fix.command);
  assert.equal(actions[0].edit, undefined);
  const missing = check('a OK\n', { path, flavour: 'indexed', role: 'access', type: 'lmdb' }, { files: new FakeFiles({ [path]: 2000 }) });
  assert.match(text(withCode(missing, Code.StaleLookupTable)[0]), /sender_access\.lmdb does not exist/);
  const fresh = new FakeFiles({ [path]: 1000, [`${path}.db`]: 2000 });
  assert.deepEqual(check('a OK\n', { path, flavour: 'indexed', role: 'access', type: 'hash' }, { files: fresh }).diagnostics, []);
  assert.deepEqual(check('a OK\n', { path, flavour: 'indexed', role: 'access', type: 'texthash' }, { files: new FakeFiles({ [path]: 2000 }) }).diagnostics, []);
  assert.deepEqual(check('/a/ OK\n', { path, flavour: 'regexp', role: 'access', type: 'regexp' }, { files: new FakeFiles({ [path]: 2000 }) }).diagnostics, []);
  const aliases = check(
    'root: admin\n',
    { path: '/etc/aliases', flavour: 'aliases', role: 'aliases' },
    { files: new FakeFiles({ '/etc/aliases': 2000, '/etc/aliases.db': 1000 }) },
  );
  assert.equal(((withCode(aliases, Code.StaleLookupTable)[0].data as FixData).fixes[0].command ?? { command: '' }).command, 'postfix.runPostalias');
});

test('severity overrides, ignore, and suppression comments work for tables', () => {
  const settings: Settings = { ...defaultSettings, severity: { [Code.TableMissingValue]: 'hint', [Code.DuplicateLookupKey]: 'ignore' } };
  const r = check('a\nb x\nb y\n', { flavour: 'indexed' }, {}, settings);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.severity]),
    [[Code.TableMissingValue, DiagnosticSeverity.Hint]],
  );
  const s = check('# postfix-lsp: disable-next-line table-missing-value\na\nb\n', { flavour: 'indexed' });
  assert.deepEqual(lines(s.diagnostics), [2]);
});

// ---------------------------------------------------------------- hover and completion

test('tableHover: access and header actions, reply codes, restrictions, networks', () => {
  const access = parseTable('a REJECT go away\nb 421 bye\nc permit_mynetworks, reject\n', 'indexed');
  const h = tableHover(access, { line: 0, character: 4 }, { role: 'access' });
  assert.match(JSON.stringify(h?.contents), /REJECT.*access action/);
  assert.deepEqual(h?.range, range(0, 2, 0, 8));
  assert.match(JSON.stringify(tableHover(access, { line: 1, character: 3 }, { role: 'access' })?.contents), /closes the connection/);
  assert.match(JSON.stringify(tableHover(access, { line: 2, character: 6 }, { role: 'access' })?.contents), /permit_mynetworks/);
  assert.equal(tableHover(access, { line: 0, character: 0 }, { role: 'transport' }), null, 'no key hover outside access tables');
  const header = parseTable('/^X-Mailer:/ IGNORE\n', 'pcre');
  assert.match(JSON.stringify(tableHover(header, { line: 0, character: 15 }, { role: 'header_checks' })?.contents), /IGNORE.*header_checks action/);
  const cidr = parseTable('192.0.2.0/24 OK\n', 'cidr');
  assert.match(JSON.stringify(tableHover(cidr, { line: 0, character: 3 })?.contents), /192\.0\.2\.0 to 192\.0\.2\.255: 256 addresses/);
});

test('tableHover on an access key: how smtpd matches it, for the restrictions that use the table', () => {
  const text = (table: string, options: Parameters<typeof tableHover>[2], line = 0, flavour: TableFlavour = 'indexed'): string => {
    const h = tableHover(parseTable(table, flavour), { line, character: 1 }, { role: 'access', ...options });
    assert.ok(h, `a hover on line ${line} of ${table}`);
    return (h.contents as { value: string }).value;
  };
  const client = { lookups: ['check_client_access'] };
  // a domain matches the names under it while smtpd_access_maps is in parent_domain_matches_subdomains (the default)
  const domain = text('example.com REJECT\n', { ...client, subdomains: true });
  assert.match(domain, /\*\*example\.com\*\* \(access table key\)/);
  assert.match(domain, /every name under it such as `mail\.example\.com`: parent_domain_matches_subdomains lists smtpd_access_maps\./);
  assert.match(
    domain,
    /`check_client_access` looks up the client hostname .*then the client IP address: `mail\.example\.com`, `example\.com`, `com`, then `192\.0\.2\.1`/,
  );
  assert.match(domain, /The first key found decides; `DUNNO` there stops/);
  assert.match(text('example.com REJECT\n', {}), /smtpd_access_maps by default/, 'without main.cf: the default');
  // main.cf takes smtpd_access_maps out: the name alone, and .domain keys for the names under it
  assert.match(text('example.com REJECT\n', { ...client, subdomains: false }), /and nothing under it: .*write `\.example\.com`/);
  assert.match(text('example.com REJECT\n', { ...client, subdomains: false }), /`\.example\.com`, `\.com`/, 'the order looks up .parents');
  assert.match(text('.example.com REJECT\n', { ...client, subdomains: true }), /Never matches: .*without a leading dot; `example\.com` covers/);
  assert.match(text('.example.com REJECT\n', { ...client, subdomains: false }), /The names under `example\.com`, not that name itself/);
  // networks: whole octets in an indexed table, cidr: for the rest
  const network = text('192.168.1 REJECT\n', client);
  assert.match(network, /An IPv4 network: every address that starts with `192\.168\.1\.` \(192\.168\.1\.0\/24\)/);
  assert.match(network, /use a cidr: table/);
  assert.match(text('192.0.2.7 OK\n', client), /The IPv4 address `192\.0\.2\.7`/);
  assert.match(text('2001:db8 OK\n', client), /An IPv6 network: every address whose compressed form starts with `2001:db8:`/);
  // addresses: in full, by local part; @domain is never looked up
  const sender = { lookups: ['check_sender_access'] };
  assert.match(text('user@example.com REJECT\n', sender), /This one address, in full/);
  assert.match(
    text('user@example.com REJECT\n', sender),
    /`user\+tag@example\.com`, `user@example\.com`, `example\.com` and its parent domains, `user\+tag@`, `user@`/,
  );
  assert.match(text('postmaster@ OK\n', sender), /Every address with the local part `postmaster`, whatever its domain/);
  assert.match(text('@example.com REJECT\n', sender), /never looks up `@domain` keys .*write `example\.com`/);
  assert.match(text('<> REJECT\n', sender), /null sender/);
  // a key the table's restrictions never look up
  assert.match(text('user@example.com REJECT\n', client), /\*\*Never matches in this table:\*\* `check_client_access` never looks up full addresses/);
  assert.match(
    text('192.0.2 REJECT\n', { lookups: ['check_helo_access', 'check_sender_access'] }),
    /`check_helo_access`, `check_sender_access` never look up network prefixes/,
  );
  assert.match(text('192.0.2.7 REJECT\n', { lookups: ['check_sender_access'] }), /`check_sender_access` never looks up IP addresses/);
  assert.doesNotMatch(text('192.0.2.7 REJECT\n', { lookups: ['check_helo_access'] }), /Never matches/, 'a HELO name may be a bare address');
  assert.match(text('<> REJECT\n', { lookups: ['check_recipient_access'] }), /`check_recipient_access` never looks up the null sender/);
  assert.doesNotMatch(text('192.0.2.7 REJECT\n', { lookups: ['check_helo_access', 'check_client_access'] }), /Never matches/, 'one of them does');
  assert.match(
    text('mx.example.net REJECT\n', { lookups: ['check_sender_mx_access'] }),
    /the names, then the IP addresses, of the MX hosts of the sender domain/,
  );
  // without a restriction that uses it: what the lookup depends on
  assert.match(text('example.com REJECT\n', {}), /depends on the restriction that uses the table/);
  // a pattern of a regexp or pcre table meets whole strings
  const pattern = text('/^mail\\.example\\.com$/ REJECT\n', client, 0, 'pcre');
  assert.match(pattern, /access table pattern/);
  assert.match(pattern, /not asked for parent domains, network prefixes/);
  assert.match(pattern, /`check_client_access` gives it the client hostname/);
});

test('tableCompletion: actions at the start of a result, restrictions after them, nothing in the key', () => {
  const access = parseTable('user@example.com RE\n', 'indexed');
  const items = tableCompletion(access, { line: 0, character: 19 }, { role: 'access', classes: new Set(['my_class']) });
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('REJECT') && labels.includes('permit_mynetworks') && labels.includes('my_class'));
  assert.ok(!labels.includes('check_client_access'), 'no table lookups inside access results');
  const reject = items.find((i) => i.label === 'REJECT');
  assert.deepEqual(reject?.textEdit && 'range' in reject.textEdit ? reject.textEdit.range : undefined, range(0, 17, 0, 19));
  assert.deepEqual(tableCompletion(access, { line: 0, character: 3 }, { role: 'access' }), []);
  const smtp = tableCompletion(parseTable('/^X-/ \n', 'pcre'), { line: 0, character: 6 }, { role: 'smtp_header_checks' }).map((i) => i.label);
  assert.ok(smtp.includes('IGNORE') && !smtp.includes('REJECT'));
  const ps = tableCompletion(parseTable('10.0.0.0/8 \n', 'cidr'), { line: 0, character: 11 }, { role: 'postscreen_access' }).map((i) => i.label);
  assert.deepEqual(ps.sort(), ['dunno', 'permit', 'reject']);
});

// ---------------------------------------------------------------- corpus

const maps = corpusFiles('maps', 'corpus maps: parse and get no error where Postfix accepts them');

for (const file of maps.files) {
  test(`corpus map ${file}: parses and gets no error where Postfix accepts it`, () => {
    const source = readFileSync(join(maps.dir, file), 'utf8');
    const table = corpusTable(file, source);
    if (!table) {
      assert.equal(detectTable('/etc/postfix/mynetworks', '', []), undefined);
      return;
    }
    for (const flavour of ['indexed', 'aliases', 'regexp', 'pcre', 'cidr'] as const) parseTable(source, flavour);
    const report = check(source, { path: `/etc/postfix/${file}`, ...table }, { target: '3.7' });
    assert.deepEqual(
      errors(report).map((d) => `${d.range.start.line + 1}: ${text(d)}`),
      [],
    );
  });
}

test('the access(5) page as a table (comments only) is clean', (t) => {
  const corpus = corpusDir(t);
  if (!corpus) return;
  const source = readFileSync(join(corpus, 'maps', 'access__postfix__postfix_conf_access'), 'utf8');
  const parsed = parseTable(source, 'indexed');
  assert.equal(parsed.lines.length, 0);
  assert.ok(parsed.comments.length > 400);
  assert.deepEqual(check(source, { flavour: 'indexed', role: 'access' }).diagnostics, []);
});

// ---------------------------------------------------------------- own words

/** Runs of eight words shared with Postfix's documentation (man5 and readme). */
function upstreamRuns(reference: string): Set<string> {
  const words = (t: string): string[] =>
    t
      .replace(/<[^>]*>/g, ' ')
      .toLowerCase()
      .match(/[a-z0-9_$.]+/g) ?? [];
  const runs = new Set<string>();
  for (const dir of ['man5', 'readme']) {
    for (const f of readdirSync(join(reference, dir))) {
      const w = words(readFileSync(join(reference, dir, f), 'utf8').replace(/\\f[BIRP]|\\-|\\&/g, ''));
      for (let i = 0; i + 8 <= w.length; i++) runs.add(w.slice(i, i + 8).join(' '));
    }
  }
  return runs;
}

test('table texts are in our own words', (t) => {
  const reference = referenceDir(t);
  if (!reference) return;
  const runs = upstreamRuns(reference);
  const words = (t: string): string[] => t.toLowerCase().match(/[a-z0-9_$.]+/g) ?? [];
  const texts = [
    ...[...ACCESS_ACTIONS.values(), ...HEADER_ACTIONS.values(), ...POSTSCREEN_ACTIONS.values()].map((a) => `${a.name}: ${a.summary}`),
    ...Object.entries(codeInfo)
      .filter(([code]) => /table|access|header-check|lookup|pcre/.test(code))
      .map(([code, i]) => `${code}: ${i.description}`),
    readFileSync(join(root, 'docs', 'tables.md'), 'utf8'),
  ];
  const copied: string[] = [];
  for (const t of texts) {
    const w = words(t);
    for (let i = 0; i + 8 <= w.length; i++) {
      const run = w.slice(i, i + 8).join(' ');
      if (runs.has(run)) {
        copied.push(`${t.slice(0, 40)}: "${run}"`);
        break;
      }
    }
  }
  assert.deepEqual(copied, []);
});
