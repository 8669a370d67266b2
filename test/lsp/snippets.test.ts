/** The main.cf snippets through the real server: what a client with and without snippet support is offered. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { withServer } from './client';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function mainUri(): string {
  const dir = mkdtempSync(join(tmpdir(), 'postfix-lsp-snippets-'));
  dirs.push(dir);
  return pathToFileURL(join(dir, 'main.cf')).toString();
}

const MAIN = [
  'compatibility_level = 3.6', //                                      0
  'smtpd_helo_required = yes', //                                      1
  'smtpd_relay_restrictions = permit_mynetworks,', //                  2
  '    reject_unauth_destination', //                                  3
  'smtpd_recipient_restrictions = permit_mynetworks,', //              4
  '    reject_rbl_client ', //                                          5
  '',
].join('\n');

const SNIPPETS = { completionItem: { snippetSupport: true, labelDetailsSupport: true } };

function find(items: CompletionItem[], label: string): CompletionItem & { textEdit: TextEdit } {
  const item = items.find((i) => i.label === label);
  assert.ok(item?.textEdit && 'range' in item.textEdit, `${label} among ${items.map((i) => i.label).join(' ')}`);
  return item as CompletionItem & { textEdit: TextEdit };
}

test('a snippet client: the snippets on a new line, without what the file sets; none after reject_rbl_client', async () => {
  await withServer({ completion: SNIPPETS }, async (client) => {
    const uri = mainUri();
    await client.didOpen(uri, MAIN);
    await client.waitForVersion(uri);

    const inValue = await client.completion(uri, { line: 5, character: '    reject_rbl_client '.length });
    assert.ok(inValue.length > 0, 'DNS lists are offered');
    assert.deepEqual(
      inValue.filter((i) => String(i.label).startsWith('postfix-')),
      [],
    );

    const items = await client.completion(uri, { line: 6, character: 0 });
    const helo = find(items, 'postfix-helo');
    assert.equal(helo.insertTextFormat, 2);
    assert.deepEqual(helo.labelDetails, { description: 'HELO and VRFY hardening' });
    assert.doesNotMatch(helo.textEdit.newText, /smtpd_helo_required/);
    assert.match(helo.textEdit.newText, /^smtpd_helo_restrictions = /m);
    assert.match((helo.documentation as MarkupContent).value, /`smtpd_helo_required`: already set on line 2: edit it there/);
    // both relay snippets and the anti-spam one would only repeat what lines 3 and 5 set
    assert.deepEqual(
      items.map((i) => i.label).filter((l) => /^postfix-(relay|antispam)/.test(String(l))),
      [],
    );

    // typed with its hyphen: the list is asked for again as the word grows
    await client.didChange(uri, [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, text: 'postfix-an' }]);
    await client.waitForVersion(uri);
    const typed = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 10 } });
    assert.equal(typed.isIncomplete, true);
    assert.deepEqual(
      typed.items.map((i) => i.label),
      ['postfix-anvil'],
    );
    assert.deepEqual(find(typed.items, 'postfix-anvil').textEdit.range, { start: { line: 6, character: 0 }, end: { line: 6, character: 10 } });
  });
});

test('a client without snippet support gets the defaults as plain text', async () => {
  await withServer({}, async (client) => {
    const uri = mainUri();
    await client.didOpen(uri, 'compatibility_level = 3.6\n\n');
    await client.waitForVersion(uri);
    const items = await client.completion(uri, { line: 1, character: 0 });
    const antispam = find(items, 'postfix-antispam');
    assert.equal(antispam.insertTextFormat, 1);
    assert.equal(antispam.labelDetails, undefined);
    assert.match(antispam.textEdit.newText, /^smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated,$/m);
    assert.match(antispam.textEdit.newText, /^ {4}check_recipient_access hash:\/etc\/postfix\/recipient_access,$/m);
    assert.match(antispam.textEdit.newText, /^ {4}reject_rbl_client zen\.spamhaus\.org,$/m);
    assert.ok(
      items.every((i) => i.insertTextFormat !== 2 && !(i.textEdit?.newText ?? '').includes('${')),
      'no snippet syntax anywhere',
    );
  });
});
