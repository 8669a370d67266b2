/** Everyday editing over LSP: outline, navigation, rename, formatting, folding, semantic tokens, code lens, inlay hints. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CodeLens, DocumentSymbol, FoldingRange, InlayHint, Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { withServer } from './client';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const MAIN = [
  '# trusted networks', //                           0
  '# (used below)', //                               1
  'my_clients = 192.0.2.0/24', //                    2
  'mynetworks=127.0.0.0/8, $my_clients', //          3
  'smtpd_helo_required = no', //                     4  same as the default
  'smtpd_client_restrictions = permit_mynetworks,', // 5
  '  reject_unknown_client_hostname', //            6
  'compatibility_level = 3.6', //                    7
  '',
].join('\n');

function files(): { main: string; master: string } {
  const dir = mkdtempSync(join(tmpdir(), 'postfix-lsp-editing-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'master.cf'), 'submission inet n - n - - smtpd\n  -o smtpd_client_restrictions=$my_clients\n');
  return { main: pathToFileURL(join(dir, 'main.cf')).toString(), master: pathToFileURL(join(dir, 'master.cf')).toString() };
}

test('outline, definition, references, rename and its refusal, folding', async () => {
  await withServer({}, async (client) => {
    const { main, master } = files();
    await client.didOpen(main, MAIN);
    await client.waitForVersion(main);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: main } });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['your own parameters', 'general', 'smtpd'],
    );
    const def = await client.request<Location>('textDocument/definition', { textDocument: { uri: main }, position: { line: 3, character: 27 } });
    assert.equal(def.range.start.line, 2);
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: main },
      position: { line: 2, character: 2 },
      context: { includeDeclaration: true },
    });
    assert.deepEqual(refs.map((r) => r.uri).sort(), [main, main, master].sort());
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: main },
      position: { line: 2, character: 2 },
      newName: 'trusted',
    });
    assert.equal(edit.changes?.[main].length, 2);
    assert.equal(edit.changes?.[master].length, 1);
    await assert.rejects(
      client.request('textDocument/rename', { textDocument: { uri: main }, position: { line: 3, character: 2 }, newName: 'x' }),
      /Postfix parameter/,
    );
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: main } });
    assert.deepEqual(
      folds.map((f) => [f.startLine, f.endLine]),
      [
        [0, 1],
        [5, 6],
      ],
    );
  });
});

test('formatting, semantic tokens, code lens and inlay hints', async () => {
  await withServer({ configurationAnswer: [{ inlayHints: { enabled: true } }] }, async (client) => {
    const { main } = files();
    await client.didOpen(main, MAIN);
    await client.waitForVersion(main);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: main }, options: { tabSize: 4, insertSpaces: true } });
    assert.deepEqual(
      edits.map((e) => [e.range.start.line, e.newText]),
      [
        [3, 'mynetworks = 127.0.0.0/8, $my_clients'],
        [6, '    reject_unknown_client_hostname'],
      ],
    );
    const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: main } });
    assert.ok(tokens.data.length >= 5 * 6 && tokens.data.length % 5 === 0, `${tokens.data.length} numbers`);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: main } });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.command]),
      [[4, 'postfix.removeLines']],
    );
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: main },
      range: { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } },
    });
    const mynetworks = hints.find((h) => h.position.line === 3);
    assert.match(String(mynetworks?.label), /→ 127\.0\.0\.0\/8, 192\.0\.2\.0\/24/);
  });
});

test('document highlights, workspace symbols and range formatting', async () => {
  await withServer({}, async (client) => {
    const { main } = files();
    await client.didOpen(main, MAIN);
    await client.waitForVersion(main);
    const highlights = await client.request<{ kind: number }[]>('textDocument/documentHighlight', {
      textDocument: { uri: main },
      position: { line: 2, character: 2 },
    });
    assert.deepEqual(
      highlights.map((h) => h.kind),
      [3, 2],
    );
    const symbols = await client.request<{ name: string; location: { uri: string } }[]>('workspace/symbol', { query: 'restrictions' });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['smtpd_client_restrictions'],
    );
    const edits = await client.request<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri: main },
      range: { start: { line: 6, character: 0 }, end: { line: 6, character: 5 } },
      options: { tabSize: 4, insertSpaces: true },
    });
    assert.deepEqual(
      edits.map((e) => [e.range.start.line, e.newText]),
      [[6, '    reject_unknown_client_hostname']],
    );
  });
});

test('a setting typed on the indented line after a list: one warning, and its quick fix starts a new parameter', async () => {
  await withServer({}, async (client) => {
    const { main } = files();
    const text = [
      'compatibility_level = 3.6',
      'myhostname = mail.example.com',
      'smtpd_recipient_restrictions =',
      '    permit_mynetworks,',
      '    reject_unauth_destination',
      '    smtpd_banner = $myhostname ESMTP',
      '',
    ].join('\n');
    await client.didOpen(main, text);
    const published = await client.waitForVersion(main);
    assert.deepEqual(
      published.diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`),
      ['assignment-in-value@5'],
    );
    const actions = ((await client.codeAction(main, published.diagnostics[0].range, published.diagnostics)) ?? []) as CodeAction[];
    const fix = actions.find((a) => a.title === 'Start a new parameter here');
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.equal(fix.isPreferred, true);
    const edits = fix.edit?.changes?.[main] ?? [];
    assert.deepEqual(edits, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 4 } }, newText: '' }]);
    await client.didChange(
      main,
      edits.map((e) => ({ range: e.range, text: e.newText })),
    );
    const after = await client.waitForVersion(main);
    assert.deepEqual(after.diagnostics, []);
  });
});
