/**
 * A database client file through the real server: the main.cf beside it makes
 * it a mysql: client file, which gets its own diagnostics (never main.cf's),
 * hover and completion; its password is shown nowhere.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Hover, InlayHint, MarkupContent } from 'vscode-languageserver-types';
import { withServer } from './client';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const PASSWORD = 'Sw0rdfish-7741';

const MAIN = [
  'compatibility_level = 3.6',
  'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
  'virtual_mailbox_maps = proxy:mysql:/etc/postfix/mysql-mailboxes.cf',
  'virtual_alias_maps = ldap:/etc/postfix/ldap-aliases.cf',
  '',
].join('\n');

const CLIENT = [
  'hosts = 127.0.0.1',
  'user = postfix',
  `password = ${PASSWORD}`,
  'dbname = mail',
  "query = SELECT maildir FROM mailbox WHERE username = '%s' AND domain = '%z'",
  'qurey = SELECT 1',
  `password = ${PASSWORD}-old`,
  '',
].join('\n');

const text = (hover: Hover | null): string => (hover ? (hover.contents as MarkupContent).value : '');

test('a mysql: client file beside main.cf: its own diagnostics, hover and completion, the password nowhere', async () => {
  const d = mkdtempSync(join(tmpdir(), 'postfix-lsp-dbms-'));
  dirs.push(d);
  writeFileSync(join(d, 'main.cf'), MAIN);
  await withServer({}, async (client) => {
    // the name matches no pattern of the extension: the editor sends it as plain text, main.cf tells what it is
    const uri = pathToFileURL(join(d, 'mysql-mailboxes.cf')).toString();
    await client.didOpen(uri, CLIENT, 'plaintext');
    const published = await client.waitForVersion(uri);
    const codes = published.diagnostics.map((x) => `${String(x.code)}@${x.range.start.line}`);
    assert.deepEqual(codes, ['duplicate-parameter@2', 'invalid-percent-expansion@4', 'unknown-parameter@5', 'duplicate-parameter@6']);
    assert.ok(!codes.some((c) => c.startsWith('no-relay-protection')), 'no main.cf check runs on it');
    assert.match(String(published.diagnostics[2].message), /Did you mean "query"\?/);

    const onName = await client.hover(uri, { line: 4, character: 2 });
    assert.match(text(onName), /\*\*query\*\* \(mysql: table setting\)/);
    assert.match(text(onName), /mysql_table\(5\)/);
    const onPassword = await client.hover(uri, { line: 2, character: 3 });
    assert.match(text(onPassword), /never shown/);
    assert.equal(await client.hover(uri, { line: 2, character: 14 }), null, 'no hover on the value');
    const onExpansion = await client.hover(uri, { line: 4, character: 55 });
    assert.match(text(onExpansion), /\*\*%s\*\*.*lookup key/s);

    const names = await client.completion(uri, { line: 7, character: 0 });
    assert.ok(names.some((i) => i.label === 'result_format') && names.some((i) => i.label === 'expansion_limit'));
    assert.ok(!names.some((i) => i.label === 'myhostname'), 'main.cf parameters are not offered');

    const hints = await client.request<InlayHint[] | null>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } },
    });
    const everything = JSON.stringify([published, onName, onPassword, onExpansion, names, hints]) + client.log.join('\n') + client.stderr;
    assert.ok(!everything.includes(PASSWORD), 'the password is in no answer, message or log');
  });
});

test('an ldap: client file in a folder below main.cf is found through main.cf; a missing one is reported there', async () => {
  const d = mkdtempSync(join(tmpdir(), 'postfix-lsp-dbms-'));
  dirs.push(d);
  writeFileSync(join(d, 'main.cf'), MAIN.replace('/etc/postfix/ldap-aliases.cf', '/etc/postfix/ldap/aliases.cf'));
  await withServer({}, async (client) => {
    const uri = pathToFileURL(join(d, 'ldap', 'aliases.cf')).toString();
    await client.didOpen(uri, 'server_host = ldap.example.com\nbind_pw = secret\nscope = subtree\n', 'postfix-dbms');
    const published = await client.waitForVersion(uri);
    assert.deepEqual(
      published.diagnostics.map((x) => `${String(x.code)}@${x.range.start.line}`),
      ['missing-required-parameter@0', 'invalid-value@2'],
    );
    const main = pathToFileURL(join(d, 'main.cf')).toString();
    await client.didOpen(main, MAIN, 'postfix-main');
    const mainDiagnostics = (await client.waitForVersion(main)).diagnostics;
    assert.deepEqual(
      mainDiagnostics.filter((x) => x.code === 'missing-lookup-table').map((x) => x.range.start.line),
      [2, 3],
      'the mysql: file and the ldap: file main.cf names are neither beside it nor deployed',
    );
  });
});
