/**
 * The simulator's tables against postmap -q: the same keys looked up in the
 * same source, through the simulator's reader and through Postfix's, give
 * the same answers (found or not, and the value with its $1 substitutions).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TableOpener } from '../../server/src/service/lookup/open';
import { memoryFiles } from '../support/simulation';
import { requirePostfix } from './support';

interface Case {
  type: string;
  source: string;
  keys: string[];
  /** build with postmap first */
  indexed?: boolean;
}

const CASES: Case[] = [
  {
    type: 'hash',
    indexed: true,
    source:
      'Mixed.Case@Example.COM  first\nmixed.case@example.com  second\n"quoted key" q\nkey\\ escaped e\nexample.com  domain\n.example.com  dotted\nuser@  local\nlong  value with  inner  spaces  \n',
    keys: [
      'mixed.case@example.com',
      'MIXED.CASE@EXAMPLE.COM',
      '"quoted key"',
      'quoted key',
      'key\\ escaped',
      'example.com',
      '.example.com',
      'user@',
      'long',
      'missing',
      '',
    ],
  },
  {
    type: 'texthash',
    source: 'One  1\nONE  2\ntwo 2\n  continued\n# comment\nthree\n',
    keys: ['one', 'ONE', 'two', 'three', 'four'],
  },
  {
    type: 'regexp',
    source: [
      '/^(a+)@(.*)\\.test$/  user $1 at $2',
      '/^postmaster@/!/@example\\.com$/  not ours',
      'if /^x/',
      '/y$/  x then y',
      'endif',
      '/^[[:digit:]]+@/  numeric',
      '/^case@/i  exact case',
      '/^b\\(c\\)d$/x  basic $1',
      '/^e{2,}@/  two or more e',
      '/^[^@]*\\.[^@]*@/  dotted local',
    ].join('\n'),
    keys: [
      'aa@host.test',
      'AA@Host.test',
      'postmaster@other.test',
      'postmaster@example.com',
      'xy',
      'xz',
      'zy',
      '123@n.test',
      'case@x',
      'CASE@x',
      'bcd',
      'b(c)d',
      'eee@x',
      'e@x',
      'a.b@x',
      'none',
    ],
  },
  {
    type: 'pcre',
    source: [
      '/^(\\d+)[.-](\\d+)\\./  dyn $1 $2',
      '/^(?<name>[a-z]+)@example\\.(com|net)$/  named $1 $2',
      '/^UPPER$/i  upper only',
      'if !/\\.test$/',
      '/^in@/  in block, not .test',
      'endif',
      '/^a b c$/x  extended',
      '/^(a+?)(a*)$/U  ungreedy $1|$2',
      '/\\Aanchor\\z/  anchors',
    ].join('\n'),
    keys: [
      '10-20.isp',
      '1.2.x',
      'joe@example.com',
      'JOE@EXAMPLE.NET',
      'UPPER',
      'upper',
      'in@x.org',
      'in@x.test',
      'abc',
      'a b c',
      'aaa',
      'anchor',
      'anchor\\n',
      'nothing',
    ],
  },
  {
    type: 'cidr',
    source: [
      '192.0.2.0/24  net',
      '!198.51.100.0/24  not that net',
      'if 10.0.0.0/8',
      '10.1.0.0/16  ten one',
      'endif',
      '2001:db8::/32  six',
      '[2001:db8:1::]/48  six bracket',
      '203.0.113.7  host',
    ].join('\n'),
    keys: ['192.0.2.55', '198.51.100.9', '203.0.113.8', '10.1.2.3', '10.2.0.1', '2001:db8::1', '2001:db8:1::5', '203.0.113.7', 'not-an-address', '::1'],
  },
];

test('table lookups answer as postmap -q does', (t) => {
  if (!requirePostfix(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'pf-lookup-'));
  let found = 0;
  try {
    writeFileSync(join(dir, 'main.cf'), 'compatibility_level = 3.6\n');
    for (const c of CASES) {
      const file = join(dir, `table-${c.type}`);
      writeFileSync(file, c.source + '\n');
      if (c.indexed) execFileSync('postmap', ['-c', dir, `${c.type}:${file}`]);
      const output = execFileSync('postmap', ['-c', dir, '-q', '-', `${c.type}:${file}`], {
        input: c.keys.join('\n') + '\n',
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      const postfix = new Map(
        output
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => [l.slice(0, l.indexOf('\t')), l.slice(l.indexOf('\t') + 1)]),
      );
      const opener = new TableOpener(memoryFiles({ [file]: c.source + '\n' }), { dir, configDirectory: dir });
      const table = opener.table(`${c.type}:${file}`, { file: join(dir, 'main.cf'), line: 0 });
      found += postfix.size;
      for (const key of c.keys) {
        if (key === '') continue;
        const r = table.lookup(key);
        assert.notEqual(r.kind, 'unavailable', `${c.type} ${key}: ${r.kind === 'unavailable' ? r.reason : ''}`);
        assert.equal(r.kind === 'found' ? r.hit.value : undefined, postfix.get(key), `${c.type}:${key}`);
      }
    }
    // most keys are meant to be found: an empty answer from both sides proves nothing
    assert.ok(found >= 30, `postmap found ${found} keys`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
