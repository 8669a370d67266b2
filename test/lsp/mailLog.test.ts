/**
 * Mail logs over LSP, through the real bundled server: the counts over the
 * restrictions of main.cf (read in the background, then a code lens
 * refresh), hover and highlights in an open log, and the report request
 * with its progress and cancellation. The scene is test/fixtures/maillog,
 * copied to a temporary directory.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { CodeLens, DocumentHighlight, Hover, MarkupContent } from 'vscode-languageserver-types';
import { withServer, type LspClient } from './client';
import { fixturesDir, readFixture } from '../support/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'postfix-lsp-maillog-'));
after(() => rmSync(dir, { recursive: true, force: true }));
for (const name of ['main.cf', 'mail.log']) copyFileSync(join(fixturesDir, 'maillog', name), join(dir, name));
const MAIN = pathToFileURL(join(dir, 'main.cf')).toString();
const LOG = pathToFileURL(join(dir, 'mail.log')).toString();
const LOG_LINES = readFixture('maillog/mail.log').split('\n');

const lensCapabilities = { codeLens: { refreshSupport: true } };
const settings = (files: string[]): unknown[] => [{ log: { files } }];
const titles = (lenses: CodeLens[] | null): string[] => (lenses ?? []).map((l) => `${l.range.start.line}: ${l.command?.title ?? ''}`);

/** Counts refreshes the server asks for. */
function refreshes(client: LspClient): { count: number; next: () => Promise<void> } {
  const state = { count: 0, waiters: [] as (() => void)[] };
  client.connection.onRequest('workspace/codeLens/refresh', () => {
    state.count++;
    for (const w of state.waiters.splice(0)) w();
    return null;
  });
  return {
    get count() {
      return state.count;
    },
    next: () => client.within('a code lens refresh', new Promise<void>((resolve) => state.waiters.push(resolve)), 10_000),
  };
}

test('main.cf: the first lenses say the log is being read; after the refresh they carry the counts', async () => {
  await withServer({ configurationAnswer: settings([join(dir, 'mail.log')]), workspaceCapabilities: lensCapabilities }, async (client) => {
    const refresh = refreshes(client);
    const refreshed = refresh.next();
    await client.didOpen(MAIN, readFixture('maillog/main.cf'));
    const first = titles(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: MAIN } }));
    assert.ok(first[0].startsWith('0: Mail log: reading'), first.join('\n'));
    await refreshed;
    const lenses = titles(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: MAIN } }));
    assert.ok(lenses.includes('2: rejected 4 · 3 clients · Jan 10'), lenses.join('\n'));
    assert.ok(lenses.includes('5: would have rejected 1 (1 client)'), lenses.join('\n'));
    assert.ok(lenses.includes('6: rejected 1 · 1 client · Jan 10'), lenses.join('\n'));
    // the logs have not changed: no new reading, no new refresh
    await client.request('textDocument/codeLens', { textDocument: { uri: MAIN } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(refresh.count, 1);
    // the hover on the restriction shows examples from the log
    const hover = await client.hover(MAIN, { line: 2, character: 50 });
    assert.match((hover?.contents as MarkupContent).value, /\*\*In the mail log\*\*[\s\S]*Relay access denied/);
  });
});

test('main.cf: a log that cannot be read gives one lens that says so', async () => {
  const missing = join(dir, 'no-such-mail.log');
  await withServer({ configurationAnswer: settings([missing]), workspaceCapabilities: lensCapabilities }, async (client) => {
    const refreshed = refreshes(client).next();
    await client.didOpen(MAIN, readFixture('maillog/main.cf'));
    await client.request('textDocument/codeLens', { textDocument: { uri: MAIN } });
    await refreshed;
    const lenses = titles(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: MAIN } }));
    assert.deepEqual(lenses, [`0: Mail log: ${missing}: cannot read: no such file`]);
  });
});

test('mail.log: hover on a reject line names the restriction and its main.cf line; a queue ID is highlighted on its lines', async () => {
  await withServer({ configurationAnswer: [{ log: { config: join(dir, 'main.cf') } }] }, async (client) => {
    await client.didOpen(LOG, LOG_LINES.join('\n'), 'postfix-log');
    const reject = LOG_LINES.findIndex((l) => l.includes('blocked using'));
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: LOG }, position: { line: reject, character: 60 } });
    const value = (hover?.contents as MarkupContent).value;
    assert.match(value, /`reject_rbl_client` `zen\.spamhaus\.org`, \[main\.cf line 7\]\(file:\/\/.*main\.cf#L7\)/);
    const definition = await client.request<{ uri: string; range: { start: { line: number } } } | null>('textDocument/definition', {
      textDocument: { uri: LOG },
      position: { line: reject, character: 60 },
    });
    assert.deepEqual([definition?.uri, definition?.range.start.line], [MAIN, 6]);
    const removed = LOG_LINES.findIndex((l) => l.includes('4F2A1C0123: removed'));
    const highlights = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', {
      textDocument: { uri: LOG },
      position: { line: removed, character: LOG_LINES[removed].indexOf('4F2A1C0123') + 1 },
    });
    assert.equal(highlights.length, 7);
    const symbols = await client.request<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri: LOG } });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['4F2A1C0123', '5B3C2D0456'],
    );
  });
});

test('postfix/analyzeLog: the report, with progress on the token the client gave', async () => {
  await withServer({ configurationAnswer: [{ log: { files: [join(dir, 'mail.log')], config: join(dir, 'main.cf') } }] }, async (client) => {
    // a code lens names the main.cf its counts came from: it comes before the setting
    const other = join(dir, 'other.main.cf');
    writeFileSync(other, `# moved down\n${readFixture('maillog/main.cf')}`);
    const fromLens = await client.request<{ config: string; rejects: { restriction: string; line: number }[] }>('postfix/analyzeLog', { config: other });
    assert.equal(fromLens.config, other);
    assert.equal(fromLens.rejects.find((r) => r.restriction === 'reject_unauth_destination')?.line, 3);
    const progress: { kind: string; percentage?: number }[] = [];
    client.connection.onNotification('$/progress', (p: { token: string; value: { kind: string; percentage?: number } }) => {
      if (p.token === 'report-1') progress.push(p.value);
    });
    const report = await client.request<{ lines: number; config: string; rejects: { restriction: string; uri: string; line: number; count: number }[] }>(
      'postfix/analyzeLog',
      { workDoneToken: 'report-1' },
    );
    assert.equal(report.lines, 19);
    assert.equal(report.config, join(dir, 'main.cf'));
    const relay = report.rejects.find((r) => r.restriction === 'reject_unauth_destination');
    assert.deepEqual([relay?.uri, relay?.line, relay?.count], [MAIN, 2, 4]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(progress[0]?.kind, 'begin');
    assert.equal(progress.at(-1)?.kind, 'end');
    assert.ok(
      progress.some((p) => p.kind === 'report' && p.percentage === 100),
      JSON.stringify(progress),
    );
  });
});

test('postfix/analyzeLog: cancelled while a big log is read, it stops with RequestCancelled', async () => {
  const big = join(dir, 'big-mail.log');
  const line = LOG_LINES.find((l) => l.includes('Relay access denied')) ?? '';
  writeFileSync(big, `${line}\n`.repeat(200_000));
  await withServer({ configurationAnswer: [{ log: { files: [big] } }] }, async (client) => {
    const source = new CancellationTokenSource();
    client.connection.onNotification('$/progress', (p: { token: string; value: { kind: string } }) => {
      if (p.token === 'report-2' && p.value.kind === 'report') source.cancel();
    });
    const answer = client.connection.sendRequest('postfix/analyzeLog', { workDoneToken: 'report-2' }, source.token);
    await assert.rejects(client.within('the cancelled analysis', answer, 20_000), (error: { code?: number }) => error.code === -32800);
  });
});
