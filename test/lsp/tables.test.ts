/** Lookup tables over LSP: the seed tables check clean, mistakes are flagged, hover and completion answer. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { withServer } from './client';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'postfix-lsp-tables-'));
  dirs.push(d);
  writeFileSync(
    join(d, 'main.cf'),
    'compatibility_level = 3.6\nsmtpd_recipient_restrictions = check_recipient_access hash:' + join(d, 'recipient_access') + ', reject_unauth_destination\n',
  );
  return d;
}

const codes = (diagnostics: { code?: string | number; range: { start: { line: number } } }[]): string[] =>
  diagnostics.map((d) => `${d.code}@${d.range.start.line}`);

test('the seed tables check clean; REJCT, 650 and host bits are flagged', async () => {
  await withServer({}, async (client) => {
    const d = dir();
    const tables: [string, string, string[]][] = [
      ['recipient_access', "user@example.com 550 Mailbox doesn't exist.\n", []],
      ['helo_checks', 'bad.example.net REJECT You are not in example.net\n', []],
      ['sender_access', 'spammer@example.org REJECT\n', []],
      ['client_access', 'example.com REJCT\nexample.net 650 no\n', ['invalid-access-action@0', 'invalid-access-action@1']],
      ['postscreen_access.cidr', '192.0.2.1/24 reject\n', ['invalid-table-pattern@0']],
    ];
    for (const [name, text, expected] of tables) {
      const uri = pathToFileURL(join(d, name)).toString();
      await client.didOpen(uri, text, 'postfix-map');
      const published = await client.waitForVersion(uri);
      const found = codes(published.diagnostics).filter((c) => !c.startsWith('stale-lookup-table'));
      assert.deepEqual(found, expected, name);
    }
  });
});

test('hover on an access action and completion of actions', async () => {
  await withServer({}, async (client) => {
    const uri = pathToFileURL(join(dir(), 'sender_access')).toString();
    await client.didOpen(uri, 'spammer@example.org REJECT\nfriend@example.org \n', 'postfix-map');
    await client.waitForVersion(uri);
    const hover = await client.hover(uri, { line: 0, character: 22 });
    assert.match((hover?.contents as MarkupContent).value, /REJECT/);
    const items: CompletionItem[] = await client.completion(uri, { line: 1, character: 19 });
    assert.ok(items.some((i) => i.label === 'OK') && items.some((i) => i.label === 'REJECT'), items.map((i) => i.label).join(' '));
  });
});

test('a 50 MB table gets one file-too-large note and no answers; the server keeps serving other files', async () => {
  await withServer({}, async (client) => {
    const d = dir();
    const line = 'host.example.com REJECT no thanks\n';
    const big = line.repeat(Math.ceil((50 << 20) / line.length));
    const uri = pathToFileURL(join(d, 'client_access')).toString();
    await client.didOpen(uri, big, 'postfix-map');
    const published = await client.waitForVersion(uri, 30_000);
    assert.deepEqual(codes(published.diagnostics), ['file-too-large@0']);
    assert.match(String(published.diagnostics[0].message), /characters; checks, hover and completion are off/);
    assert.equal(await client.hover(uri, { line: 0, character: 20 }), null);
    const small = pathToFileURL(join(d, 'sender_access')).toString();
    await client.didOpen(small, 'spammer@example.org REJCT\n', 'postfix-map');
    assert.deepEqual(
      codes((await client.waitForVersion(small)).diagnostics).filter((c) => !c.startsWith('stale')),
      ['invalid-access-action@0'],
    );
  });
});

test('edits typed into a table give the diagnostics of the edited text read whole', async () => {
  await withServer({}, async (client) => {
    const d = dir();
    const uri = pathToFileURL(join(d, 'client_access')).toString();
    const initial = Array.from({ length: 50 }, (_, i) => `host${i}.example.com REJECT`).join('\n') + '\n';
    let local = TextDocument.create(uri, 'postfix-map', 1, initial);
    await client.didOpen(uri, initial, 'postfix-map');
    await client.waitForVersion(uri);
    const at = (line: number, character: number) => ({ line, character });
    // a duplicate key, a typo, a line glued to the one above, a line deleted, a line split in two
    const edits = [
      { range: { start: at(10, 0), end: at(10, 6) }, text: 'host3' },
      { range: { start: at(20, 21), end: at(20, 27) }, text: 'REJC' },
      { range: { start: at(30, 0), end: at(30, 0) }, text: '  ' },
      { range: { start: at(40, 0), end: at(41, 0) }, text: '' },
      { range: { start: at(45, 18), end: at(45, 19) }, text: '\n' },
    ];
    for (const edit of edits) {
      local = TextDocument.update(local, [edit], local.version + 1);
      await client.didChange(uri, [edit]);
    }
    const edited = codes((await client.waitForVersion(uri)).diagnostics).filter((c) => !c.startsWith('stale'));
    assert.deepEqual(edited, ['duplicate-lookup-key@10', 'invalid-access-action@20', 'table-missing-value@45', 'table-missing-value@46']);

    const whole = pathToFileURL(join(d, 'sender_access')).toString();
    await client.didOpen(whole, local.getText(), 'postfix-map');
    assert.deepEqual(
      codes((await client.waitForVersion(whole)).diagnostics).filter((c) => !c.startsWith('stale')),
      edited,
    );
  });
});

test("a restriction class added in the open main.cf beside a table clears the table's diagnostic", async () => {
  await withServer({}, async (client) => {
    const d = dir();
    const uri = pathToFileURL(join(d, 'client_access')).toString();
    await client.didOpen(uri, 'example.com myclass\n', 'postfix-map');
    assert.deepEqual(
      codes((await client.waitForVersion(uri)).diagnostics).filter((c) => !c.startsWith('stale')),
      ['invalid-access-action@0'],
    );
    const main = pathToFileURL(join(d, 'main.cf')).toString();
    await client.didOpen(main, 'smtpd_restriction_classes = myclass\nmyclass = permit\n');
    const again = await client.waitForDiagnostics(uri, (p) => p.version === 1 && !p.diagnostics.some((x) => x.code === 'invalid-access-action'));
    assert.deepEqual(
      codes(again.diagnostics).filter((c) => !c.startsWith('stale')),
      [],
    );
  });
});

test('a repository of main.cf and its tables: tables named by their deployed path are read as main.cf makes them', async () => {
  await withServer({}, async (client) => {
    const d = mkdtempSync(join(tmpdir(), 'postfix-lsp-repo-'));
    dirs.push(d);
    writeFileSync(
      join(d, 'main.cf'),
      'compatibility_level = 3.6\nsmtpd_client_restrictions = check_client_access cidr:/etc/postfix/ip_checks, check_sender_access hash:/etc/postfix/sender_checks\n',
    );
    writeFileSync(join(d, 'sender_checks'), 'spammer@example.org REJECT\n');
    writeFileSync(join(d, 'ip_checks'), '192.0.2.0/24 REJECT\n');
    // a cidr table whose name tells nothing: with the main.cf beside it, a host-bits pattern is a cidr mistake
    const ip = pathToFileURL(join(d, 'ip_checks')).toString();
    await client.didOpen(ip, '192.0.2.1/24 REJECT\n', 'postfix-map');
    assert.deepEqual(codes((await client.waitForVersion(ip)).diagnostics), ['invalid-table-pattern@0']);
    // a hash table kept for deployment: read as an access table, and its missing .db is said too
    const sender = pathToFileURL(join(d, 'sender_checks')).toString();
    await client.didOpen(sender, 'spammer@example.org REJCT\n', 'postfix-map');
    assert.deepEqual(codes((await client.waitForVersion(sender)).diagnostics), ['stale-lookup-table@0', 'invalid-access-action@0']);
    // main.cf finds both beside it: only the hash table's .db is missing
    const main = pathToFileURL(join(d, 'main.cf')).toString();
    await client.didOpen(main, readFileSync(join(d, 'main.cf'), 'utf8'));
    const published = (await client.waitForVersion(main)).diagnostics;
    assert.deepEqual(codes(published), ['missing-lookup-table@1']);
    assert.match(String(published[0].message), /sender_checks lies beside main\.cf/);
  });
});

test('a binary document gets one binary-file diagnostic and no answers', async () => {
  await withServer({}, async (client) => {
    const d = dir();
    const uri = pathToFileURL(join(d, 'main.cf')).toString();
    await client.didOpen(uri, 'myhostname = \u0000\u0001\u001b[0m\nbroken line\n');
    const published = await client.waitForVersion(uri);
    assert.deepEqual(codes(published.diagnostics), ['binary-file@0']);
    assert.equal(await client.hover(uri, { line: 0, character: 2 }), null);
    const table = pathToFileURL(join(d, 'client_access.db')).toString();
    await client.didOpen(table, '\u0000\u0000\u0005abc', 'postfix-map');
    assert.deepEqual(codes((await client.waitForVersion(table)).diagnostics), ['binary-file@0']);
  });
});
