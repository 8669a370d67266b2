/** Lookup tables over LSP: the seed tables check clean, mistakes are flagged, hover and completion answer. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver-types';
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
