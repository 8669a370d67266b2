import assert from 'node:assert/strict';
import test from 'node:test';
import { addressKeys, domainKeys, mailKeys, splitExtension } from '../../server/src/service/lookup/accessKeys';
import { MatchList } from '../../server/src/service/lookup/matchList';
import { validHostaddr, validHostname, validIpv6 } from '../../server/src/service/lookup/names';
import { TableOpener } from '../../server/src/service/lookup/open';
import { translatePcre, translatePosix } from '../../server/src/service/lookup/regex';
import { memoryFiles } from '../support/simulation';

const keys = (list: { key: string; partial: boolean }[]): string[] => list.map((k) => (k.partial ? `~${k.key}` : k.key));
const opener = (files: Record<string, string> = {}): TableOpener =>
  new TableOpener(memoryFiles(files), { dir: '/etc/postfix', configDirectory: '/etc/postfix' });
const AT = { file: '/etc/postfix/main.cf', line: 3 };

test('domain keys: the name, then parents with or without their dot; an address stops at itself', () => {
  assert.deepEqual(keys(domainKeys('a.b.example', 'parent')), ['a.b.example', '~b.example', '~example']);
  assert.deepEqual(keys(domainKeys('a.b.example', 'dot')), ['a.b.example', '~.b.example', '~.example']);
  assert.deepEqual(keys(domainKeys('192.0.2.1', 'parent')), ['192.0.2.1']);
});

test('address keys: the address, then shorter networks', () => {
  assert.deepEqual(keys(addressKeys('192.0.2.1')), ['192.0.2.1', '~192.0.2', '~192.0', '~192']);
  assert.deepEqual(keys(addressKeys('2001:db8::1')), ['2001:db8::1', '~2001:db8:', '~2001:db8', '~2001']);
});

test('mail keys: full, without extension, domain and parents, localpart@ with and without extension; quoted forms first', () => {
  assert.deepEqual(keys(mailKeys('joe+list@mail.example', 'parent', '+')), [
    'joe+list@mail.example',
    '~joe@mail.example',
    '~mail.example',
    '~example',
    '~joe+list@',
    '~joe@',
  ]);
  assert.deepEqual(keys(mailKeys('a b@x.example', 'dot', '')).slice(0, 2), ['"a b"@x.example', 'a b@x.example']);
  assert.equal(splitExtension('owner-list', '-'), undefined);
  assert.equal(splitExtension('MAILER-DAEMON', '-'), undefined);
  assert.deepEqual(splitExtension('joe-x-y', '-+'), { base: 'joe', extension: '-x-y' });
});

test('host names and addresses as Postfix judges them', () => {
  assert.ok(validHostname('mail.example'));
  assert.ok(validHostname('under_score.example'));
  for (const bad of ['', 'a..b', '-a.b', 'a-.b', '1.2.3.4', 'a b', `${'x'.repeat(64)}.example`]) assert.ok(!validHostname(bad), bad);
  assert.ok(validHostaddr('192.0.2.1') && validHostaddr('::1') && validIpv6('2001:db8::192.0.2.1'));
  assert.ok(!validHostaddr('256.0.0.1') && !validHostaddr('0.1.2.3') && !validHostaddr('1:2:3:4:5:6:7:8:9'));
});

test('regular expressions follow their flags; what JavaScript lacks is said, not guessed', () => {
  const posix = (p: string, f = ''): RegExp => {
    const t = translatePosix(p, f);
    assert.ok('regex' in t, 'problem' in t ? t.problem : '');
    return t.regex;
  };
  assert.ok(posix('^[[:alpha:]]+$').test('AbC'));
  assert.ok(posix('^abc$').test('ABC'), 'case-insensitive by default');
  assert.ok(!posix('^abc$', 'i').test('ABC'), 'the i flag turns case off');
  assert.ok(posix('^a\\(b\\)\\{2\\}$', 'x').test('abb'), 'basic syntax under x');
  assert.ok(posix('^a+{2}', 'x').test('a+{2}'), 'in basic syntax + and { are plain');
  assert.ok(posix('^x{,2}$').test('xx'));
  assert.ok(posix('[\\d]').test('\\'), 'a backslash is plain inside brackets');
  const pcre = (p: string, f = ''): RegExp => {
    const t = translatePcre(p, f);
    assert.ok('regex' in t, 'problem' in t ? t.problem : '');
    return t.regex;
  };
  assert.ok(pcre('a b  # comment', 'x').test('ab'));
  assert.ok(pcre('(?i)^abc$', 'i').test('ABC'));
  assert.equal(pcre('^(a+)', 'U').exec('aaa')?.[1], 'a');
  assert.ok(!pcre('abc', 'A').test('xabc'));
  for (const bad of ['(?>a)', 'a++', '(?(1)a|b)', 'a(?i)b']) assert.ok('problem' in translatePcre(bad, ''), bad);
});

test('indexed sources: keys folded, the first duplicate kept; inline keeps the last; static answers anything', () => {
  const hash = opener({ '/etc/postfix/access': 'Foo.Example REJECT first\nfoo.example OK\n' }).table('hash:/etc/postfix/access', AT);
  const r = hash.lookup('FOO.EXAMPLE');
  assert.ok(r.kind === 'found' && r.hit.value === 'REJECT first' && r.hit.line === 0 && r.hit.key === 'Foo.Example');
  assert.ok(hash.problems.some((p) => p.includes('duplicate')));
  const inline = opener().table('inline:{ a=1, { a = 2 } }', AT).lookup('A');
  assert.ok(inline.kind === 'found' && inline.hit.value === '2' && inline.hit.line === 3);
  const stat = opener().table('static:{ 550 go away }', AT).lookup('anything');
  assert.ok(stat.kind === 'found' && stat.hit.value === '550 go away');
  assert.equal(opener().table('ldap:/etc/postfix/ldap.cf', AT).lookup('x').kind, 'unavailable');
  assert.equal(opener().table('proxy:unix:passwd.byname', AT).lookup('x').kind, 'unavailable');
  assert.equal(opener().table('fail:down', AT).lookup('x').kind, 'error');
  const proxied = opener({ '/etc/postfix/t': 'k v\n' }).table('proxy:texthash:/etc/postfix/t', AT).lookup('k');
  assert.ok(proxied.kind === 'found' && proxied.hit.value === 'v');
});

test('a deployed path is read beside main.cf first', () => {
  const o = new TableOpener(memoryFiles({ '/repo/mail/access': 'k v\n' }), { dir: '/repo/mail', configDirectory: '/etc/postfix' });
  const r = o.table('hash:/etc/postfix/access', AT).lookup('k');
  assert.ok(r.kind === 'found' && r.hit.file === '/repo/mail/access');
});

test('match lists: networks, names and parents, negation, files and tables, first match wins', () => {
  const files = memoryFiles({ '/etc/postfix/trusted': '# our offices\n192.0.2.0/28\n  office.example\n', '/etc/postfix/hosts.cidr': '203.0.113.5 ok\n' });
  const read = (p: string): string | undefined => files.read?.(p);
  const list = new MatchList(
    'mynetworks',
    '!192.0.2.3, /etc/postfix/trusted, [2001:db8::]/32, cidr:/etc/postfix/hosts.cidr',
    'parent',
    new TableOpener(files, { dir: '/etc/postfix', configDirectory: '/etc/postfix' }),
    AT,
    read,
  );
  assert.equal(list.matchHost('unknown', '192.0.2.3').matched, false);
  assert.equal(list.matchHost('unknown', '192.0.2.3').entry, '!192.0.2.3');
  assert.equal(list.matchHost('unknown', '192.0.2.4').matched, true);
  assert.equal(list.matchHost('unknown', '192.0.2.16').matched, false);
  assert.equal(list.matchHost('mx.office.example', '198.51.100.1').matched, true);
  assert.equal(list.matchHost('unknown', '2001:db8::7').matched, true);
  assert.equal(list.matchHost('unknown', '203.0.113.5').hit?.value, 'ok');
  const missing = new MatchList('relay_domains', '/nonexistent', 'parent', opener(), AT, () => undefined);
  assert.ok(missing.problems.some((p) => p.includes('/nonexistent')));
});
