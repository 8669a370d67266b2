/**
 * The command line's shortcut for access maps (quickCheck, cleanAccessTable)
 * against the general check the command runs otherwise: wherever the
 * shortcut answers, the general check must find nothing, for the corpus's
 * tables, the fixtures' tables and random and hostile ones (odd blanks,
 * continuation lines, CRLF, comments, bad keys and results, keys repeated in
 * another case, IPv6, pattern tables). And it must answer for the common
 * clean map, or it would be no shortcut.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { nodeFiles } from '../../server/src/nodeFiles';
import { accessTableFacts } from '../../server/src/accessTableFacts';
import { quickCheck as quickCheckWith } from '../../server/src/quickCheck';
import { prng } from '../fuzz/mutations';
import { createLanguageService } from '../../server/src/service/languageService';
import { defaultSettings } from '../../server/src/service/settings';
import { Workspace } from '../../server/src/service/workspace';
import { corpusFiles } from '../support/outside';

const root = join(__dirname, '..', '..', '..');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The diagnostics of `check FILE` by the general path, as the check command gets them. */
function generalCheck(path: string): string[] {
  const workspace = new Workspace(nodeFiles);
  const service = createLanguageService(workspace);
  const uri = nodeFiles.uriOf(path);
  workspace.open(uri, '', 1, readFileSync(path, 'utf8'));
  const report = service.diagnostics(uri, { ...defaultSettings, targetVersion: 'auto' });
  assert.deepEqual(report.failures, []);
  return report.diagnostics.map(
    (d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`,
  );
}

type Layout = 'alone' | 'empty main.cf' | 'commented main.cf' | Configuration;

/** A main.cf (and master.cf) that set things, beside the table; `compiled` writes compiled files newer than it. */
interface Configuration {
  main: string;
  master?: string;
  compiled?: boolean;
}

const COMPILED = ['.db', '.cdb', '.lmdb'];

/** `text` as a table named `name` in a fresh directory laid out as `layout`; returns its path. */
function placed(text: string | Buffer, name: string, layout: Layout): string {
  const dir = mkdtempSync(join(tmpdir(), 'postfix-quick-'));
  dirs.push(dir);
  if (layout === 'empty main.cf') writeFileSync(join(dir, 'main.cf'), '');
  if (layout === 'commented main.cf') writeFileSync(join(dir, 'main.cf'), '# nothing set here\n\n  # indented\n');
  const path = join(dir, name);
  writeFileSync(path, text);
  if (typeof layout === 'object') {
    writeFileSync(join(dir, 'main.cf'), layout.main);
    if (layout.master !== undefined) writeFileSync(join(dir, 'master.cf'), layout.master);
    if (layout.compiled) {
      const past = new Date(Date.now() - 60_000);
      utimesSync(path, past, past);
      for (const suffix of COMPILED) writeFileSync(path + suffix, '');
    }
  }
  return path;
}

/** The shortcut as the entry point runs it, the configuration's facts told by the check command's workspace. */
const quickCheck = (args: readonly string[]): Promise<number | undefined> => quickCheckWith(args, accessTableFacts);

let answered = 0;
/** The shortcut answers only where the general check finds nothing; returns whether it answered. */
async function agrees(text: string | Buffer, name = 'access', layout: Layout = 'alone'): Promise<boolean> {
  const path = placed(text, name, layout);
  const quick = await quickCheck([path]);
  if (quick === undefined) return false;
  assert.equal(quick, 0);
  const shown = typeof layout === 'object' ? layout.main.slice(0, 400) : layout;
  assert.deepEqual(generalCheck(path), [], `the shortcut passed ${name} (${shown}):\n${String(text).slice(0, 400)}`);
  answered++;
  return true;
}

const GOOD_KEYS = [
  'example.com',
  '.example.org',
  'user@example.net',
  'postmaster@',
  '192.0.2.7',
  '10.1',
  '198.51.100',
  '2001:db8::25',
  '::1',
  'Mail.Example.COM',
];
const BAD_KEYS = [
  '192.168.1.0/24',
  '[192.0.2.1]',
  '010.1.2.3',
  '1.2.3.256',
  '2001:0db8::1',
  '2001:db8:0:0:1:0:0:1',
  '"quoted key"',
  'back\\slash',
  'alias:',
  'caf\u00e9.example',
  ':::',
  '0::1',
  '1:2:3:4:5:6:7:8:9',
  'a:b',
  'dead:beef::0',
];
const GOOD_RESULTS = [
  'OK',
  'REJECT',
  'REJECT Spam source, see https://www.example.org/policy',
  '550 5.7.1 Mail from this sender is refused',
  '450 4.7.1 Try again later',
  'DISCARD dropped by local policy',
  'PREPEND X-Access-Checked: yes',
  'REDIRECT abuse@example.net',
  'FILTER smtp:[10.0.0.5]:25',
  'reject_unauth_destination',
  'permit_sasl_authenticated, reject',
  '12345',
];
const BAD_RESULTS = [
  'REJECT 450 4.7.1 wrong class',
  'REDIRECT nobody',
  'FILTER smtp',
  'PREPEND no header',
  '550',
  'REJEKT',
  'my_class',
  'hash:/etc/postfix/other',
  'permit_sasl_authenticated, OK',
  'check_client_access',
  '200 fine',
  'reject_unknown_sender_domain, rejct',
];
const BLANKS = [' ', '\t', '  \t ', '\t\t'];

/** A table line: mostly `key<blanks>result`, now and then something else. */
function line(next: () => number, n: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const r = next();
  const fresh = [
    `host${n}.example.com`,
    `.d${n}.example.org`,
    `u${n}@example.net`,
    `u${n}@`,
    `10.${n % 256}.7.1`,
    `198.51.${n}`,
    `2001:db8::${n.toString(16)}`,
  ];
  const key = r < 0.08 ? pick(BAD_KEYS) : pick(fresh);
  const result = next() < 0.06 ? pick(BAD_RESULTS) : pick(GOOD_RESULTS);
  if (r < 0.1) return `${key}${pick(BLANKS)}${result}`;
  if (r < 0.13) return pick(['', '   ', '# a comment', '  # indented comment', '\t#', '# postfix-lsp: disable-next-line']);
  if (r < 0.15) return `${pick(BLANKS)}continued text`;
  if (r < 0.16) return `${key}`;
  if (r < 0.17) return `${key}${pick(BLANKS)}${result}${pick(['\v', '\f', ' ', '\t', '\u00a0'])}`;
  if (r < 0.18) return `${key.toUpperCase()}${pick(BLANKS)}${result}`;
  // a few fixed keys, so that some come again
  return `${next() < 0.7 ? pick(fresh) : pick(GOOD_KEYS)}${pick(BLANKS)}${result}`;
}

test('the shortcut takes a clean access map, beside no main.cf or one that sets nothing', async () => {
  const text = Array.from({ length: 300 }, (_, n) => `host${n}.example.com\t${GOOD_RESULTS[n % GOOD_RESULTS.length]}\n10.${n >> 8}.${n & 255}.9 OK\n`).join('');
  for (const layout of ['alone', 'empty main.cf', 'commented main.cf'] as const) assert.ok(await agrees(`# our clients\n\n${text}`, 'access', layout), layout);
  assert.ok(await agrees(text, 'sender_access'));
  assert.ok(await agrees(''));
  assert.ok(await agrees('example.com OK'), 'no LF at the end');
  // a first line that names the kind is read by the workspace, as the general check reads it
  assert.ok(await agrees('# postfix-map: access\nexample.com OK\n'), 'a first line naming the role');
  assert.ok(await agrees('# postfix-lsp: disable-next-line\nexample.com OK\n'), 'a first line that suppresses');
});

test('the shortcut leaves to the general check what it does not take', async () => {
  const clean = 'example.com OK\n';
  const cases: [string, string | Buffer, string?][] = [
    ['a repeated key', `${clean}EXAMPLE.com REJECT\n`],
    ['a continuation line', `${clean}  more\n`],
    ['CRLF', 'example.com OK\r\n'],
    ['a NUL', 'example.com OK\n\0\n'],
    ['a non-ASCII key', 'caf\u00e9.example OK\n'],
    ['a bad result', 'example.com REJEKT\n'],
    ['a network key', '10.0.0.0/8 OK\n'],
    ['an uncompressed IPv6 key', '2001:db8:0:0:1:0:0:1 OK\n'],
    ['a missing result', 'example.com\n'],
    ['a first line naming the kind', '# postfix-map: access cidr\n10.0.0.0/8 OK\n'],
    ['a pattern table name', clean, 'access.pcre'],
    ['a header_checks name', clean, 'header_checks'],
    ['a postscreen name', clean, 'postscreen_access'],
    ['a name that is no table', clean, 'notes'],
  ];
  for (const [what, text, name] of cases) assert.equal(await quickCheck([placed(text, name ?? 'access', 'alone')]), undefined, what);
  // a main.cf that sets something may name the table as another kind
  const dir = placed(clean, 'access', 'alone').replace(/\/access$/, '');
  writeFileSync(join(dir, 'main.cf'), 'smtpd_client_restrictions = check_client_access cidr:/etc/postfix/access\n');
  assert.equal(await quickCheck([join(dir, 'access')]), undefined, 'a main.cf that names the table');
  assert.equal(await quickCheck(['--format', 'json', join(dir, 'access')]), undefined, 'options');
  assert.equal(await quickCheck([join(dir, 'missing')]), undefined, 'a file that is not there');
});

test('a compiled file older than the table leaves the table to the general check', async () => {
  const path = placed('example.com OK\n', 'access', 'alone');
  writeFileSync(`${path}.cdb`, '');
  const past = new Date(Date.now() - 60_000);
  utimesSync(`${path}.cdb`, past, past);
  assert.equal(await quickCheck([path]), undefined);
  assert.ok(generalCheck(path).some((d) => d.includes('stale-lookup-table')));
  utimesSync(path, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
  assert.equal(await quickCheck([path]), 0, 'a compiled file newer than the table');
});

test('random and hostile access maps: the shortcut answers only where the general check finds nothing', async () => {
  const before = answered;
  for (let seed = 1; seed <= 300; seed++) {
    const next = prng(seed);
    const lines = Array.from({ length: 1 + Math.floor(next() * 40) }, (_, n) => line(next, n));
    const text = lines.join(next() < 0.1 ? '\r\n' : '\n') + (next() < 0.8 ? '\n' : '');
    await agrees(text, next() < 0.5 ? 'access' : 'client_access', (['alone', 'empty main.cf', 'commented main.cf'] as const)[seed % 3]);
    // the same table without its faults: most of these are clean and must be taken
    const tidy = lines.filter((l) => /^[a-z0-9.:@]+[ \t]+[A-Za-z0-9 ,.:@/[\]_-]+$/i.test(l));
    await agrees([...new Map(tidy.map((l) => [l.split(/[ \t]/)[0].toLowerCase(), l])).values()].join('\n'));
  }
  assert.ok(answered - before > 100, `the shortcut answered ${answered - before} times`);
});

test('a main.cf that sets things: the shortcut judges the map with what it says', async () => {
  const clean = 'example.com OK\n192.0.2.7 my_class\n';
  const with_ = (main: string, compiled = true): Configuration => ({ main, compiled });
  const client = 'smtpd_restriction_classes = my_class\nmy_class = reject\nsmtpd_client_restrictions = check_client_access hash:/etc/postfix/access\n';
  assert.ok(await agrees(clean, 'access', with_(client)), 'a map main.cf names, with its class');
  assert.ok(await agrees('[192.0.2.7] OK\n', 'access', with_(client.replace('check_client_access', 'check_helo_access'))), 'brackets a HELO lookup sees');
  assert.ok(
    await agrees('example.com OK\n', 'sender_access', with_('myhostname = mail.example.com\nmynetworks = 127.0.0.0/8\n')),
    'a main.cf that does not name it',
  );
  // each is reported by the general check, but for the transport table, which is no access table at all
  const cases: [string, string, Configuration][] = [
    ['a class main.cf does not define', clean, with_('smtpd_restriction_classes = other\n')],
    ['brackets only client addresses meet', '[192.0.2.7] OK\n', with_(client)],
    ['no compiled file', clean, with_(client, false)],
    ['a cidr table', clean, with_(client.replace('hash:', 'cidr:'))],
    ['a header_checks table', clean, with_('header_checks = regexp:/etc/postfix/access\n')],
    ['a transport table', clean, with_('transport_maps = hash:/etc/postfix/access\n')],
    ['a database client file', 'hosts = db.example.com\n', with_('smtpd_client_restrictions = check_client_access mysql:/etc/postfix/access\n')],
    [
      'a master.cf that names it as another kind',
      clean,
      { main: 'myhostname = x.example\n', master: 'smtp inet n - y - - smtpd\n  -o header_checks=pcre:/etc/postfix/access\n', compiled: true },
    ],
  ];
  for (const [what, text, layout] of cases) {
    const path = placed(text, 'access', layout);
    assert.equal(await quickCheck([path]), undefined, what);
    if (what !== 'a transport table') assert.notDeepEqual(generalCheck(path), [], `${what}: the general check reports it`);
  }
});

const TYPES = ['hash', 'cdb', 'lmdb', 'texthash', 'btree', 'proxy:hash', 'cidr', 'pcre', 'regexp', 'mysql'];
const REFS = [
  '/etc/postfix/access',
  '$config_directory/access',
  '/etc/postfix/client_access',
  '/etc/postfix/sender_access',
  '/srv/mail/access',
  '${config_directory}/sender_access',
];
const CLASSES = ['my_class', 'other_class', 'unknown_class', 'permit_mynetworks'];

/** A main.cf that sets things: classes, lookups of tables of various types and places, other settings. */
function randomMain(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const table = (): string => `${pick(TYPES)}:${pick(REFS)}`;
  const settings = [
    () => `smtpd_restriction_classes = ${CLASSES.slice(0, 1 + Math.floor(next() * 2)).join(', ')}`,
    () => `my_class = check_sender_access ${table()}, reject`,
    () => `smtpd_client_restrictions = permit_mynetworks, check_client_access ${table()}`,
    () => `smtpd_sender_restrictions = check_sender_access ${table()}`,
    () => `smtpd_recipient_restrictions = permit_mynetworks, ${table()}, reject_unauth_destination`,
    () => `smtpd_helo_restrictions = check_helo_access ${table()}`,
    () => `header_checks = ${table()}`,
    () => `transport_maps = ${table()}`,
    () => `parent_domain_matches_subdomains = ${pick(['', 'smtpd_access_maps', '$x'])}`,
    () => `compatibility_level = ${pick(['2', '3.6', '3.10'])}`,
    () => 'myhostname = mail.example.com',
    () => '# a comment',
    () => `config_directory = ${pick(['/etc/postfix', '/srv/mail'])}`,
  ];
  return Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(settings)()).join('\n') + '\n';
}

test('random main.cf files beside random access maps: the shortcut answers only where the general check finds nothing', async () => {
  const before = answered;
  for (let seed = 1; seed <= 200; seed++) {
    const next = prng(1000 + seed);
    const layout: Configuration = { main: randomMain(next), compiled: next() < 0.8 };
    if (next() < 0.2) layout.master = 'smtp inet n - y - - smtpd\n  -o smtpd_client_restrictions=check_client_access,hash:/etc/postfix/access\n';
    const name = ['access', 'client_access', 'sender_access'][seed % 3];
    const lines = Array.from({ length: 1 + Math.floor(next() * 20) }, (_, n) =>
      next() < 0.15 ? `${['[192.0.2.9]', `k${n}.example`][Math.floor(next() * 2)]} ${CLASSES[Math.floor(next() * CLASSES.length)]}` : line(next, n),
    );
    await agrees(lines.join('\n') + '\n', name, layout);
    const tidy = lines.filter((l) => /^[a-z0-9.:@[\]]+[ \t]+[A-Za-z0-9 ,.:@/[\]_-]+$/i.test(l));
    await agrees([...new Map(tidy.map((l) => [l.split(/[ \t]/)[0].toLowerCase(), l])).values()].join('\n'), name, layout);
  }
  assert.ok(answered - before > 60, `the shortcut answered ${answered - before} times`);
});

test('the fixtures tables, each as an access map', async () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!/\.(cf|ya?ml|json|log|md)$|^mail\.log/.test(name)) files.push(path);
    }
  };
  walk(join(root, 'test', 'fixtures', 'policies'));
  walk(join(root, 'test', 'fixtures', 'maillog-oracle'));
  assert.ok(files.length > 10);
  for (const file of files) await agrees(readFileSync(file));
});

test('the built command line: no output for a clean map, the general check for one with a repeated key or an unknown class', () => {
  const bundle = join(root, 'dist', 'server.js');
  const clean = placed('example.com OK\n192.0.2.7 REJECT\n', 'access', 'empty main.cf');
  const quiet = spawnSync(process.execPath, [bundle, 'check', clean], { encoding: 'utf8' });
  assert.deepEqual([quiet.status, quiet.stdout, quiet.stderr], [0, '', '']);
  const repeated = placed('example.com OK\nExample.COM REJECT\n', 'access', 'empty main.cf');
  const found = spawnSync(process.execPath, [bundle, 'check', repeated], { encoding: 'utf8' });
  assert.match(found.stdout, /:2:1: .*\[duplicate-lookup-key\]\n$/);
  // beside a main.cf that sets things, the facts come from a bundle of their own
  const main = 'smtpd_restriction_classes = my_class\nmy_class = reject\nsmtpd_client_restrictions = check_client_access hash:/etc/postfix/access\n';
  const configured = placed('example.com my_class\n', 'access', { main, compiled: true });
  const told = spawnSync(process.execPath, [bundle, 'check', configured], { encoding: 'utf8' });
  assert.deepEqual([told.status, told.stdout, told.stderr], [0, '', '']);
  const unknown = placed('example.com other_class\n', 'access', { main, compiled: true });
  const reported = spawnSync(process.execPath, [bundle, 'check', unknown], { encoding: 'utf8' });
  assert.match(reported.stdout, /:1:13: .*other_class/);
});

const corpus = corpusFiles('maps', 'corpus tables: the shortcut answers only where the general check finds nothing');
for (const file of corpus.files) {
  test(`corpus ${file}: the shortcut answers only where the general check finds nothing`, async () => {
    const text = readFileSync(join(corpus.dir, file));
    await agrees(text);
    await agrees(text, 'recipient_access', 'empty main.cf');
  });
}

const mains = corpusFiles('main.cf', 'corpus main.cf files beside access maps: the shortcut answers only where the general check finds nothing');
if (mains.files.length) {
  test('corpus main.cf files beside access maps: the shortcut answers only where the general check finds nothing', async () => {
    const before = answered;
    const tables = [
      Array.from({ length: 50 }, (_, n) => `host${n}.example.com ${GOOD_RESULTS[n % GOOD_RESULTS.length]}\n`).join(''),
      '[192.0.2.1] OK\n10.1.2 REJECT\nexample.com policy_class\n',
      ...corpus.files.filter((f) => /^access__/.test(f)).map((f) => readFileSync(join(corpus.dir, f), 'latin1')),
    ];
    for (const file of mains.files) {
      const main = readFileSync(join(mains.dir, file), 'utf8');
      // the names of the access maps this main.cf looks up, as the shortcut takes names
      const named = [...main.matchAll(/[a-z]+:\S*?\/([a-z0-9]+[_-]access|access)\b(?![.\w-])/gi)].map((m) => m[1]);
      for (const name of new Set(['access', ...named])) {
        for (const table of tables) await agrees(table, name, { main, compiled: true });
      }
    }
    assert.ok(answered - before > 100, `the shortcut answered ${answered - before} times`);
  });
}
