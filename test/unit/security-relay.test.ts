/** The relay checks: open-relay, mynetworks-too-wide, compatibility-level-legacy, xclient-hosts-too-wide. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkMainCf, ConfigModel, type FileSystem } from '../../server/src/service';
import { DiagnosticSeverity, type Diagnostic } from '../../server/src/service/diagnostics';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { defaultSettings } from '../../server/src/service/settings';
import { nodeFiles } from '../../server/src/nodeFiles';
import { text } from '../support/diagnostics';

const CODES = new Set(['open-relay', 'mynetworks-too-wide', 'compatibility-level-legacy', 'xclient-hosts-too-wide']);
const BASE = 'compatibility_level = 3.6\n';

const ours = (diagnostics: Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => CODES.has(String(d.code)));
const main = (text: string, master?: string): Diagnostic[] => ours(checkMainCf(new ConfigModel({ main: text, master }), defaultSettings, '3.11').diagnostics);
const master = (mainText: string, masterText: string): Diagnostic[] =>
  ours(checkMasterCf(new ConfigModel({ main: mainText, master: masterText }), defaultSettings, '3.11').diagnostics);
const at = (ds: Diagnostic[]): string[] => ds.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`);

// ------------------------------------------------------------------ open-relay

test('open-relay: a static:OK access check before reject_unauth_destination, at the check', () => {
  const ds = main(BASE + 'smtpd_relay_restrictions = permit_mynetworks, check_client_access static:OK, reject_unauth_destination\n');
  assert.deepEqual(at(ds), ['open-relay@1:46']);
  assert.equal(ds[0].severity, DiagnosticSeverity.Error);
  assert.match(text(ds[0]), /static:OK/);
  assert.match(text(ds[0]), /postconf\(5\) smtpd_relay_restrictions/);
});

test('open-relay: near misses — the check after the protection, a DUNNO table, a conditional permit', () => {
  assert.deepEqual(main(BASE + 'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination, check_client_access static:OK\n'), []);
  assert.deepEqual(main(BASE + 'smtpd_relay_restrictions = check_client_access static:DUNNO, reject_unauth_destination\n'), []);
  assert.deepEqual(main(BASE + 'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\n'), []);
});

test('open-relay: a permit inside a restriction class is reported at the class name', () => {
  const ds = main(BASE + 'smtpd_restriction_classes = anyone\nanyone = permit\nsmtpd_relay_restrictions = anyone, reject_unauth_destination\n');
  assert.deepEqual(at(ds), ['open-relay@3:27']);
});

test('open-relay: a catch-all cidr:{} client table, and a $name list', () => {
  assert.deepEqual(at(main(BASE + 'smtpd_relay_restrictions = check_client_access cidr:{ {192.0.2.1 REJECT}, {0.0.0.0/0 OK} }, reject_unauth_destination\n')), [
    'open-relay@1:27',
  ]);
  // a cidr table only ever matches addresses: for sender lookups it never answers
  assert.deepEqual(main(BASE + 'smtpd_relay_restrictions = check_sender_access cidr:{ {0.0.0.0/0 OK} }, reject_unauth_destination\n'), []);
  assert.deepEqual(at(main(BASE + 'open = check_recipient_access static:OK\nsmtpd_relay_restrictions = $open, reject_unauth_destination\n')), [
    'open-relay@2:27',
  ]);
});

test('open-relay: the old style judges smtpd_recipient_restrictions when the relay list is empty', () => {
  const old = 'smtpd_relay_restrictions =\nsmtpd_recipient_restrictions = check_sender_access static:OK, reject_unauth_destination\n';
  assert.deepEqual(at(main(BASE + old)), ['open-relay@2:31']);
  // with a relay list that protects, mail must pass it too
  assert.deepEqual(main(BASE + 'smtpd_recipient_restrictions = check_sender_access static:OK, reject_unauth_destination\n'), []);
});

test('open-relay: no double report where smtpd refuses to start (no-relay-protection)', () => {
  assert.deepEqual(main(BASE + 'smtpd_relay_restrictions = permit, reject_unauth_destination\n'), []);
});

test('open-relay: a master.cf -o list, reported in master.cf only', () => {
  const svc = 'smtp inet n - y - - smtpd\n  -o smtpd_relay_restrictions=check_client_access,static:OK,reject_unauth_destination\n';
  assert.deepEqual(at(master(BASE, svc)), ['open-relay@1:30']);
  assert.deepEqual(main(BASE, svc), []);
  assert.deepEqual(master(BASE, 'smtp inet n - y - - smtpd\n  -o smtpd_relay_restrictions=permit_mynetworks,reject_unauth_destination\n'), []);
});

// ---------------------------------------------------------- mynetworks-too-wide

test('mynetworks-too-wide: every address is an error, a wide public network a warning', () => {
  const all = main(BASE + 'mynetworks = 127.0.0.0/8, 0.0.0.0/0\n');
  assert.deepEqual(at(all), ['mynetworks-too-wide@1:13']);
  assert.equal(all[0].severity, DiagnosticSeverity.Error);
  for (const v of ['::/0', '[::]/0', '0/0']) assert.equal(main(BASE + `mynetworks = ${v}\n`)[0]?.severity, DiagnosticSeverity.Error, v);
  const wide = main(BASE + 'mynetworks = 127.0.0.0/8 198.51.0.0/16 [2001:db8::]/32\n');
  assert.equal(wide[0].severity, DiagnosticSeverity.Warning);
  assert.match(text(wide[0]), /198\.51\.0\.0\/16, \[2001:db8::\]\/32/);
});

test('mynetworks-too-wide: near misses — private ranges, a /24, a /48, names and tables', () => {
  const fine =
    '127.0.0.0/8 [::1]/128 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16 100.64.0.0/10 [fc00::]/7 [fe80::]/10 198.51.100.0/24 [2001:db8:1::]/48 mail.example.com hash:/etc/postfix/network_table !0.0.0.0/0';
  assert.deepEqual(main(BASE + `mynetworks = ${fine}\n`), []);
});

test('mynetworks-too-wide: after $name expansion, and in master.cf -o', () => {
  assert.deepEqual(at(main(BASE + 'wide = 0.0.0.0/0\nmynetworks = 127.0.0.0/8 $wide\n')), ['mynetworks-too-wide@2:13']);
  assert.deepEqual(at(master(BASE, 'smtp inet n - y - - smtpd\n  -o mynetworks=0.0.0.0/0\n')), ['mynetworks-too-wide@1:16']);
});

test('mynetworks-too-wide: mynetworks_style = class only where mynetworks is not set', () => {
  const ds = main(BASE + 'mynetworks_style = class\n');
  assert.deepEqual(at(ds), ['mynetworks-too-wide@1:19']);
  assert.equal(ds[0].severity, DiagnosticSeverity.Warning);
  assert.deepEqual(main(BASE + 'mynetworks_style = class\nmynetworks = 127.0.0.0/8\n'), []);
  assert.deepEqual(main(BASE + 'mynetworks_style = host\n'), []);
});

test('open-relay: a cidr file beside main.cf with a catch-all OK line; near misses a REJECT catch-all before it, an IF block, no reader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'open-relay-'));
  try {
    const write = (lines: string[]): void => writeFileSync(join(dir, 'clients.cidr'), lines.join('\n') + '\n');
    const text0 = BASE + 'smtpd_relay_restrictions = check_client_access cidr:/etc/postfix/clients.cidr, reject_unauth_destination\n';
    const run = (files: FileSystem = nodeFiles): Diagnostic[] =>
      ours(checkMainCf(new ConfigModel({ main: text0 }), defaultSettings, '3.11', files, dir).diagnostics);
    write(['192.0.2.0/24 REJECT', '::/0 OK']);
    const ds = run();
    assert.deepEqual(at(ds), ['open-relay@1:27']);
    assert.match(text(ds[0]), /"::\/0 OK" \(line 2\)/);
    write(['0.0.0.0/0 DUNNO', '0.0.0.0/0 OK']);
    assert.deepEqual(run(), []);
    write(['if 192.0.2.0/24', '0.0.0.0/0 OK', 'endif']);
    assert.deepEqual(run(), []);
    write(['0.0.0.0/0 OK']);
    assert.deepEqual(run({ exists: (p) => nodeFiles.exists(p), list: (d) => nodeFiles.list(d) }), [], 'a file system that cannot read');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------- compatibility-level-legacy

test('compatibility-level-legacy: a level below 2 with the defaults in use', () => {
  const ds = main('compatibility_level = 1\n');
  assert.deepEqual(at(ds), ['compatibility-level-legacy@0:0']);
  assert.match(text(ds[0]), /mynetworks_style = subnet.*relay_domains = \$mydestination/);
  assert.deepEqual(at(main('compatibility_level = 0\nmynetworks = 127.0.0.0/8\n')), ['compatibility-level-legacy@0:0']);
});

test('compatibility-level-legacy: near misses — level 2, 3.6 (compared as versions), or both parameters set', () => {
  assert.deepEqual(main('compatibility_level = 2\n'), []);
  assert.deepEqual(main('compatibility_level = 3.6\n'), []);
  assert.deepEqual(main('compatibility_level = 10\n'), []);
  assert.deepEqual(main('compatibility_level = 1\nmynetworks = 127.0.0.0/8\nrelay_domains =\n'), []);
});

test('compatibility-level-legacy: unset means level 0, reported at the first line; the fix adds the level at the top', () => {
  const text0 = 'myhostname = mx.example.org\nrelay_domains =\n';
  const ds = main(text0);
  assert.deepEqual(at(ds), ['compatibility-level-legacy@0:0']);
  assert.equal(ds[0].severity, DiagnosticSeverity.Warning);
  assert.deepEqual(ds[0].range.end, { line: 0, character: 'myhostname = mx.example.org'.length });
  assert.match(text(ds[0]), /not set, so it is 0: .*mynetworks_style = subnet/);
  assert.doesNotMatch(text(ds[0]), /relay_domains = \$mydestination/);
  const fix = (ds[0].data as { fixes: { edits: { range: unknown; newText: string }[] }[] }).fixes[0];
  assert.deepEqual(fix.edits, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'compatibility_level = 3.6\n' }]);
  assert.deepEqual(main('compatibility_level = 3.6\n' + text0), []);
  // before 3.6 the highest level is 2
  const old = checkMainCf(new ConfigModel({ main: text0 }), defaultSettings, '3.4').diagnostics.filter((d) => d.code === 'compatibility-level-legacy');
  assert.match(JSON.stringify(old[0].data), /compatibility_level = 2\\n/);
  // a piece meant to be added to a main.cf (no site parameter) is not judged alone
  assert.deepEqual(main('postscreen_greet_action = enforce\n'), []);
});

test('compatibility-level-legacy: near miss — unset, but mynetworks and relay_domains both set', () => {
  assert.deepEqual(main('mynetworks = 127.0.0.0/8\nrelay_domains = example.org\n'), []);
});

// ------------------------------------------------------- xclient-hosts-too-wide

test('xclient-hosts-too-wide: a network, a static: table, a wide $mynetworks', () => {
  assert.deepEqual(at(main(BASE + 'smtpd_authorized_xclient_hosts = 192.0.2.0/24\n')), ['xclient-hosts-too-wide@1:33']);
  assert.deepEqual(at(main(BASE + 'smtpd_authorized_xforward_hosts = static:all\n')), ['xclient-hosts-too-wide@1:34']);
  const ds = main(BASE + 'mynetworks = 127.0.0.0/8 10.0.0.0/8\nsmtpd_authorized_xclient_hosts = $mynetworks\n');
  assert.deepEqual(at(ds), ['xclient-hosts-too-wide@2:33']);
  assert.match(text(ds[0]), /10\.0\.0\.0\/8 \(from \$mynetworks\)/);
  // not set, at a legacy level: whole subnets
  assert.equal(main('compatibility_level = 1\nsmtpd_authorized_xclient_hosts = $mynetworks\n').filter((d) => d.code === 'xclient-hosts-too-wide').length, 1);
});

test('xclient-hosts-too-wide: near misses — single hosts, loopback, names, mynetworks_style = host', () => {
  assert.deepEqual(main(BASE + 'smtpd_authorized_xclient_hosts = 127.0.0.0/8, [::1]/128, 192.0.2.7, 192.0.2.8/32, [2001:db8::1], proxy.example.com\n'), []);
  assert.deepEqual(main(BASE + 'smtpd_authorized_xclient_hosts = $mynetworks\n'), []);
  assert.deepEqual(main(BASE + 'mynetworks = 127.0.0.0/8 192.0.2.7\nsmtpd_authorized_xclient_hosts = $mynetworks\n'), []);
});
