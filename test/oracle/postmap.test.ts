/**
 * Differential tests against the real postmap / postalias:
 * - fixtures with a missing value, bad cidr networks, host bits, patterns
 *   that do not compile, IF without ENDIF, duplicate keys ...: postmap warns,
 *   and we report a diagnostic of the matching code on the line it names;
 * - the corpus maps: where postmap accepts a table we report no error, and
 *   for every pattern table read as regexp: and as pcre:, our compile errors
 *   are on exactly the lines postmap names.
 * Indexed tables are built (`postmap -c DIR type:file`); regexp, pcre and
 * cidr tables are checked when opened (`postmap -q key type:file`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import { Code, DiagnosticSeverity, type Diagnostic } from '../../server/src/service/diagnostics';
import type { TableRole } from '../../server/src/service/model/tableDetect';
import { defaultSettings } from '../../server/src/service/settings';
import type { TableFlavour } from '../../server/src/service/syntax/table';
import { checkTable } from '../../server/src/service/tableService';
import { corpusTable } from '../unit/tableCorpus';
import { corpusFiles } from '../support/outside';
import { requirePostfix } from './support';

interface PostmapWarning {
  /** 1-based line postmap names, when it names one */
  line?: number;
  text: string;
}

let configDir: string | undefined;
/** A config directory with an empty main.cf, as postmap -c wants. */
function emptyConfig(): string {
  if (!configDir) {
    configDir = mkdtempSync(join(tmpdir(), 'pf-postmap-'));
    writeFileSync(join(configDir, 'main.cf'), '');
  }
  return configDir;
}

/** Runs postmap (postalias for aliases) on a copy of the table and reads its warnings. */
function runPostmap(type: string, source: { text?: string; file?: string }, tool: 'postmap' | 'postalias' = 'postmap'): PostmapWarning[] {
  const dir = mkdtempSync(join(tmpdir(), 'pf-table-'));
  const path = join(dir, 'table');
  if (source.file) copyFileSync(source.file, path);
  else writeFileSync(path, source.text ?? '');
  const pattern = ['regexp', 'pcre', 'cidr', 'texthash'].includes(type);
  const args = pattern ? ['-c', emptyConfig(), '-q', 'no-such-key.invalid', `${type}:${path}`] : ['-c', emptyConfig(), `${type}:${path}`];
  const run = spawnSync(tool, args, { encoding: 'utf8' });
  return run.stderr
    .split('\n')
    .filter((l) => /^post(map|alias): (warning|fatal): /.test(l))
    .map((l) => {
      const m = /, line (\d+)(?:-\d+)?: (.*)$/.exec(l);
      return m ? { line: Number(m[1]), text: m[2] } : { text: l.replace(/^post(map|alias): (warning|fatal): /, '') };
    });
}

const ours = (text: string, flavour: TableFlavour, role: TableRole = 'map', type?: string): Diagnostic[] =>
  checkTable(text, { path: '/etc/postfix/table', flavour, role, type }, { target: '3.7' }, defaultSettings).diagnostics;

interface Fixture {
  name: string;
  type: string;
  flavour: TableFlavour;
  text: string;
  /** what postmap must say, to be sure the fixture means something */
  expect: RegExp;
  /** our code for postmap's warning lines */
  code: Code;
}

const fixtures: Fixture[] = [
  {
    name: 'a key without value',
    type: 'hash',
    flavour: 'indexed',
    text: 'a b\nlonely\nc d\n',
    expect: /expected format: key whitespace value/,
    code: Code.TableMissingValue,
  },
  {
    name: 'a key without value, continued entries before it',
    type: 'lmdb',
    flavour: 'indexed',
    text: 'a b\n  more\n# c\nlonely\n',
    expect: /expected format/,
    code: Code.TableMissingValue,
  },
  { name: 'an unbalanced quote', type: 'hash', flavour: 'indexed', text: 'a b\n"open key x\n', expect: /unbalanced/, code: Code.TableSyntaxError },
  {
    name: 'a cidr prefix too long',
    type: 'cidr',
    flavour: 'cidr',
    text: '10.0.0.0/8 OK\n192.0.2.0/33 REJECT\n',
    expect: /bad mask length/,
    code: Code.InvalidTablePattern,
  },
  {
    name: 'host bits set in a cidr network',
    type: 'cidr',
    flavour: 'cidr',
    text: '192.0.2.1/24 REJECT\n2001:db8::1/32 OK\n',
    expect: /non-null host address bits in "192.0.2.1\/24"/,
    code: Code.InvalidTablePattern,
  },
  {
    name: 'a cidr network that is no address',
    type: 'cidr',
    flavour: 'cidr',
    text: '010.0.0.0/8 OK\n1.2.3 OK\n[10.0.0.0 OK\n',
    expect: /bad network value|bad address pattern|missing '\]'/,
    code: Code.InvalidTablePattern,
  },
  { name: 'a cidr network without result', type: 'cidr', flavour: 'cidr', text: '10.0.0.0/8\n', expect: /no lookup result/, code: Code.TableMissingValue },
  {
    name: 'an unmatched parenthesis in a regexp',
    type: 'regexp',
    flavour: 'regexp',
    text: '/^ok$/ OK\n/a(b/ REJECT\n',
    expect: /Unmatched \( or \\\(/,
    code: Code.InvalidTablePattern,
  },
  {
    name: 'regexp mistakes glibc reports',
    type: 'regexp',
    flavour: 'regexp',
    text: '/*a/ x\n/[z-a]/ x\n/a{2,1}/ x\n/[[:word:]]/ x\n/\\1(a)/ x\n',
    expect: /Invalid/,
    code: Code.InvalidTablePattern,
  },
  {
    name: 'an unmatched parenthesis in a pcre',
    type: 'pcre',
    flavour: 'pcre',
    text: '/^ok$/ OK\n/a(b/ REJECT\n',
    expect: /missing closing parenthesis/,
    code: Code.InvalidTablePattern,
  },
  {
    name: 'pcre mistakes PCRE2 reports',
    type: 'pcre',
    flavour: 'pcre',
    text: '/a**/ x\n/[z-a]/ x\n/\\i/ x\n/(?<n>a)(?<n>b)/ x\n/\\2(a)/ x\n',
    expect: /quantifier|range out of order/,
    code: Code.InvalidTablePattern,
  },
  { name: 'an unknown pattern flag', type: 'regexp', flavour: 'regexp', text: '/a/q x\n', expect: /unknown regexp option/, code: Code.InvalidTablePattern },
  {
    name: 'IF without ENDIF (regexp)',
    type: 'regexp',
    flavour: 'regexp',
    text: '/a/ x\nif /b/\n/c/ y\n',
    expect: /IF has no matching ENDIF/,
    code: Code.UnmatchedTableIf,
  },
  {
    name: 'IF without ENDIF (pcre, nested)',
    type: 'pcre',
    flavour: 'pcre',
    text: 'if /a/\nif /b/\n/c/ y\nendif\n',
    expect: /IF has no matching ENDIF/,
    code: Code.UnmatchedTableIf,
  },
  {
    name: 'IF without ENDIF (cidr)',
    type: 'cidr',
    flavour: 'cidr',
    text: 'if 10.0.0.0/8\n10.1.0.0/16 OK\n',
    expect: /IF has no matching ENDIF/,
    code: Code.UnmatchedTableIf,
  },
  { name: 'ENDIF without IF', type: 'regexp', flavour: 'regexp', text: '/a/ x\nendif\n', expect: /ENDIF without matching IF/, code: Code.UnmatchedTableIf },
  {
    name: 'a result with a bad $number',
    type: 'pcre',
    flavour: 'pcre',
    text: '/(a)/ $2\n/(a)/ costs $ 5\n!/(a)/ $1\n',
    expect: /replacement/,
    code: Code.TableSyntaxError,
  },
  {
    name: 'a pattern without closing delimiter',
    type: 'regexp',
    flavour: 'regexp',
    text: '/abc REJECT\n',
    expect: /no closing regexp delimiter/,
    code: Code.TableSyntaxError,
  },
  { name: 'a line that is no rule', type: 'pcre', flavour: 'pcre', text: 'foo bar\n', expect: /ignoring unrecognized request/, code: Code.TableSyntaxError },
  {
    name: 'duplicate keys in a texthash table',
    type: 'texthash',
    flavour: 'indexed',
    text: 'foo a\nbar b\nFOO c\n',
    expect: /duplicate entry/,
    code: Code.DuplicateLookupKey,
  },
];

for (const f of fixtures) {
  test(`postmap agrees: ${f.name}`, (t) => {
    if (!requirePostfix(t)) return;
    const warnings = runPostmap(f.type, { text: f.text });
    assert.ok(
      warnings.some((w) => f.expect.test(w.text)),
      `postmap did not say ${f.expect}: ${JSON.stringify(warnings)}`,
    );
    const diagnostics = ours(f.text, f.flavour, 'map', f.type);
    const named = [...new Set(warnings.filter((w) => w.line !== undefined).map((w) => (w.line as number) - 1))].sort((a, b) => a - b);
    for (const line of named) {
      assert.ok(
        diagnostics.some((d) => d.range.start.line === line),
        `postmap names line ${line + 1}; we report ${JSON.stringify(diagnostics.map((d) => [d.range.start.line + 1, d.code]))}`,
      );
    }
    assert.ok(
      diagnostics.some((d) => d.code === f.code && named.includes(d.range.start.line)),
      `a ${f.code} on a line postmap names`,
    );
    // nothing on lines postmap is happy with
    const errorLines = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => d.range.start.line);
    assert.deepEqual(
      errorLines.filter((l) => !named.includes(l)),
      [],
    );
  });
}

test('postmap agrees: duplicate keys of a hash table (no line number: the later copy is the one skipped)', (t) => {
  if (!requirePostfix(t)) return;
  const text = 'foo first\nbar x\nFoo second\n';
  const warnings = runPostmap('hash', { text });
  assert.ok(
    warnings.some((w) => /duplicate entry: "foo"/.test(w.text)),
    JSON.stringify(warnings),
  );
  const dup = ours(text, 'indexed').filter((d) => d.code === Code.DuplicateLookupKey);
  assert.deepEqual(
    dup.map((d) => d.range.start.line),
    [2],
  );
});

test('postmap keeps the first of duplicate keys, as our message says', (t) => {
  if (!requirePostfix(t)) return;
  const path = writeTemp('foo first\nFOO second\n');
  spawnSync('postmap', ['-c', emptyConfig(), `hash:${path}`], { encoding: 'utf8' });
  const q = spawnSync('postmap', ['-c', emptyConfig(), '-q', 'foo', `hash:${path}`], { encoding: 'utf8' });
  assert.equal(q.stdout.trim(), 'first');
  assert.match(ours('foo first\nFOO second\n', 'indexed').find((d) => d.code === Code.DuplicateLookupKey)?.message as string, /keeps that first entry/);
});

test('postalias agrees: a line without name:value and a name that is not local', (t) => {
  if (!requirePostfix(t)) return;
  const text = 'root: admin\nbar\nx@y: z\n';
  const warnings = runPostmap('hash', { text }, 'postalias');
  assert.deepEqual(
    warnings.filter((w) => w.line).map((w) => w.line),
    [2, 3],
  );
  const diagnostics = ours(text, 'aliases', 'aliases');
  assert.deepEqual(
    diagnostics.map((d) => d.range.start.line),
    [1, 2],
  );
});

function writeTemp(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pf-table-')), 'table');
  writeFileSync(path, text);
  return path;
}

const maps = corpusFiles('maps', 'postmap agrees on the corpus maps');

for (const file of maps.files) {
  const source = readFileSync(join(maps.dir, file), 'utf8');
  const table = corpusTable(file, source);
  if (!table) continue;

  test(`postmap agrees on corpus map ${file}: no error where Postfix accepts it`, (t) => {
    if (!requirePostfix(t)) return;
    const types = table.guessed ? ['regexp', 'pcre'] : [table.type];
    for (const type of types) {
      const warnings = runPostmap(type, { file: join(maps.dir, file) }, table.flavour === 'aliases' ? 'postalias' : 'postmap');
      const flavour: TableFlavour = table.flavour === 'aliases' ? 'aliases' : table.guessed ? (type as TableFlavour) : table.flavour;
      const diagnostics = ours(source, flavour, table.role, type);
      const errorLines = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => d.range.start.line + 1);
      const named = warnings.filter((w) => w.line !== undefined).map((w) => w.line as number);
      assert.deepEqual(
        errorLines.filter((l) => !named.includes(l)),
        [],
        `${type}: we report errors on lines postmap accepts (postmap: ${JSON.stringify(warnings)})`,
      );
    }
  });

  if (table.flavour !== 'regexp' && table.flavour !== 'pcre') continue;
  test(`postmap agrees on corpus map ${file}: compile errors as regexp: and as pcre: on the same lines`, (t) => {
    if (!requirePostfix(t)) return;
    for (const type of ['regexp', 'pcre'] as const) {
      const warnings = runPostmap(type, { file: join(maps.dir, file) });
      const theirs = warnings.filter((w) => w.line !== undefined && !/ENDIF|replacement|delimiter|unrecognized/.test(w.text)).map((w) => w.line as number);
      const mine = ours(source, type, 'map', type)
        .filter((d) => d.code === Code.InvalidTablePattern && d.severity === DiagnosticSeverity.Error)
        .map((d) => d.range.start.line + 1);
      assert.deepEqual(
        [...new Set(mine)].sort((a, b) => a - b),
        [...new Set(theirs)].sort((a, b) => a - b),
        `${type}: ${JSON.stringify(warnings)}`,
      );
    }
  });
}

test('postmap agrees: a table name it cannot open (no type:name, an unknown or mis-cased type) is invalid-table-name in a table list', (t) => {
  if (!requirePostfix(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'pf-names-'));
  writeFileSync(join(dir, 'access'), 'a OK\n');
  spawnSync('postmap', ['-c', emptyConfig(), `hash:${join(dir, 'access')}`]);
  const cases: { spec: string; opens: boolean }[] = [
    { spec: `hash:${join(dir, 'access')}`, opens: true },
    { spec: `proxy:hash:${join(dir, 'access')}`, opens: true },
    { spec: `inline:{a=b}`, opens: true },
    { spec: 'hash:', opens: false },
    { spec: `hashh:${join(dir, 'access')}`, opens: false },
    { spec: `Hash:${join(dir, 'access')}`, opens: false },
  ];
  for (const c of cases) {
    const run = spawnSync('postmap', ['-c', emptyConfig(), '-q', 'a', c.spec], { encoding: 'utf8' });
    const fatal = /fatal: (unsupported dictionary type|open dictionary: expecting "type:name")/.test(run.stderr);
    assert.equal(fatal, !c.opens, `${c.spec}: ${run.stderr}`);
    const report = checkMainCf(new ConfigModel({ main: `compatibility_level = 3.6\nvirtual_alias_maps = ${c.spec}\n` }), defaultSettings, '3.11');
    assert.equal(report.diagnostics.filter((d) => d.code === Code.InvalidTableName).length, c.opens ? 0 : 1, c.spec);
  }
});
