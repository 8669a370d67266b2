/**
 * A folder opened in the editor holding main.cf and the hash tables it names
 * by their deployed path (hash:/etc/postfix/NAME), over LSP: what is said of
 * tables without a .db, the quick fix that creates a table (inside the
 * folder only), completion of deployed paths, go to definition and links,
 * and a .db written on disk clearing the warnings.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CreateFile, Diagnostic, DocumentLink, Location } from 'vscode-languageserver-types';
import { withServer, type InitializeOptions, type PublishedDiagnostics } from './client';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const MAIN = [
  'compatibility_level = 3.6',
  'smtpd_helo_restrictions = check_helo_access hash:/etc/postfix/helo_checks',
  'smtpd_sender_restrictions = check_sender_access hash:/etc/postfix/sender_access',
  'smtpd_recipient_restrictions = check_recipient_access hash:/etc/postfix/recipient_access, reject_unauth_destination',
  'smtpd_helo_required = yes',
  '',
].join('\n');

const MASTER =
  'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_sender_restrictions=check_sender_access,hash:/etc/postfix/sender_access\n';

/** The folder: helo_checks without a .db, sender_access with one built after it, no recipient_access. */
function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'postfix-lsp-folder-'));
  dirs.push(d);
  writeFileSync(join(d, 'main.cf'), MAIN);
  writeFileSync(join(d, 'master.cf'), MASTER);
  writeFileSync(join(d, 'helo_checks'), 'bad.example.net REJECT not in example.net\n');
  writeFileSync(join(d, 'sender_access'), 'spammer@example.org REJECT\n');
  writeFileSync(join(d, 'sender_access.db'), '');
  const before = new Date(Date.now() - 60_000);
  for (const name of ['helo_checks', 'sender_access']) utimesSync(join(d, name), before, before);
  return d;
}

const uri = (path: string): string => pathToFileURL(path).toString();
const codes = (p: PublishedDiagnostics): string[] => p.diagnostics.map((d) => `${d.code}@${d.range.start.line}`);
const message = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : '');

/** A client that opened `d` as its folder and can create files, show documents and watch files. */
const inFolder = (d: string, more: InitializeOptions = {}): InitializeOptions => ({
  workspaceFolders: [uri(d)],
  workspaceCapabilities: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] }, didChangeWatchedFiles: { dynamicRegistration: true } },
  windowCapabilities: { showDocument: { support: true } },
  ...more,
});

test('main.cf in a folder: a table beside it without .db and a missing one are told apart', async () => {
  const d = folder();
  await withServer(inFolder(d), async (client) => {
    const main = uri(join(d, 'main.cf'));
    await client.didOpen(main, MAIN);
    const published = await client.waitForVersion(main);
    assert.deepEqual(codes(published), ['missing-lookup-table@1', 'missing-lookup-table@3']);
    const [helo, recipient] = published.diagnostics;
    assert.equal(
      message(helo),
      `/etc/postfix/helo_checks lies beside main.cf (${d}/helo_checks) with no helo_checks.db made from it: smtpd opens hash: tables by that file, ` +
        'not the text, and answers 451 4.3.5 for mail that reaches one it cannot open. Deploy it to /etc/postfix and run postmap there, or run postmap here.',
    );
    assert.match(message(recipient), new RegExp(`^/etc/postfix/recipient_access does not exist, nor does ${d}/recipient_access beside this configuration`));

    const [postmap] = (await client.codeAction(main, helo.range, [helo])) as CodeAction[];
    assert.deepEqual(postmap.command, {
      title: `Run postmap hash:${d}/helo_checks`,
      command: 'postfix.runPostmap',
      arguments: [`hash:${d}/helo_checks`, d],
    });
  });
});

test('the quick fix creates a missing table beside main.cf, inside the folder, and shows it; never outside', async () => {
  const d = folder();
  const main = uri(join(d, 'main.cf'));
  const created = uri(join(d, 'recipient_access'));
  await withServer(inFolder(d), async (client) => {
    await client.didOpen(main, MAIN);
    const recipient = (await client.waitForVersion(main)).diagnostics[1];
    const actions = (await client.codeAction(main, recipient.range, [recipient])) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => a.title),
      [`Create ${d}/recipient_access`],
    );
    assert.deepEqual(actions[0].edit?.documentChanges, [{ kind: 'create', uri: created, options: { ignoreIfExists: true } } satisfies CreateFile]);
    const command = actions[0].command;
    assert.ok(command);
    await client.request('workspace/executeCommand', { command: command.command, arguments: command.arguments });
    assert.deepEqual(client.shownDocuments, [{ uri: created, takeFocus: true }]);
  });
  // the same folder, opened as a subfolder of nothing the client has: the table would be written outside it
  const elsewhere = mkdtempSync(join(tmpdir(), 'postfix-lsp-other-'));
  dirs.push(elsewhere);
  for (const options of [inFolder(elsewhere), inFolder(d, { workspaceFolders: [] })]) {
    await withServer(options, async (client) => {
      await client.didOpen(main, MAIN);
      const recipient = (await client.waitForVersion(main)).diagnostics[1];
      assert.deepEqual(await client.codeAction(main, recipient.range, [recipient]), []);
    });
  }
});

test('completion after hash: offers the tables beside main.cf by their deployed path', async () => {
  const d = folder();
  await withServer(inFolder(d), async (client) => {
    const main = uri(join(d, 'main.cf'));
    const text = 'compatibility_level = 3.6\nsmtpd_client_restrictions = check_client_access hash:\ntransport_maps = lmdb:\nconfig_directory = /srv/postfix\n';
    await client.didOpen(main, text);
    await client.waitForVersion(main);
    const labels = async (line: number): Promise<string[]> =>
      (await client.completion(main, { line, character: text.split('\n')[line].length })).map((i) => i.label).sort();
    assert.deepEqual(await labels(1), ['hash:/srv/postfix/helo_checks', 'hash:/srv/postfix/sender_access']);
    assert.deepEqual(await labels(2), ['lmdb:/srv/postfix/helo_checks', 'lmdb:/srv/postfix/sender_access']);
  });
});

test('go to definition and document links open the table beside main.cf, from main.cf and master.cf -o', async () => {
  const d = folder();
  await withServer(inFolder(d), async (client) => {
    const main = uri(join(d, 'main.cf'));
    const master = uri(join(d, 'master.cf'));
    await client.didOpen(main, MAIN);
    await client.didOpen(master, MASTER, 'postfix-master');
    const sender = uri(join(d, 'sender_access'));
    const start = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    assert.deepEqual(await client.request<Location | null>('textDocument/definition', { textDocument: { uri: main }, position: { line: 2, character: 60 } }), {
      uri: sender,
      range: start,
    });
    assert.deepEqual(
      await client.request<Location | null>('textDocument/definition', { textDocument: { uri: master }, position: { line: 2, character: 60 } }),
      { uri: sender, range: start },
    );
    // no such file anywhere: nothing to open
    assert.equal(await client.request('textDocument/definition', { textDocument: { uri: main }, position: { line: 3, character: 70 } }), null);

    const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: main } });
    assert.deepEqual(
      links.map((l) => [l.range.start.line, l.target, l.tooltip]),
      [
        [1, uri(join(d, 'helo_checks')), `Open ${d}/helo_checks (deployed as /etc/postfix/helo_checks)`],
        [2, sender, `Open ${d}/sender_access (deployed as /etc/postfix/sender_access)`],
      ],
    );
    const line = MAIN.split('\n')[2];
    assert.deepEqual(links[1].range, { start: { line: 2, character: line.indexOf('/etc') }, end: { line: 2, character: line.length } });
    const masterLinks = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: master } });
    assert.deepEqual(
      masterLinks.map((l) => [l.range.start.line, l.target]),
      [[2, sender]],
    );
  });
});

test('a .db written on disk clears the stale and missing warnings without reopening', async () => {
  const d = folder();
  await withServer(inFolder(d), async (client) => {
    const main = uri(join(d, 'main.cf'));
    const table = uri(join(d, 'helo_checks'));
    await client.didOpen(main, MAIN);
    await client.didOpen(table, 'bad.example.net REJECT not in example.net\n', 'postfix-map');
    assert.deepEqual(codes(await client.waitForVersion(table)), ['stale-lookup-table@0']);
    assert.match(
      message((await client.waitForVersion(table)).diagnostics[0]),
      new RegExp(
        `^helo_checks lies beside main.cf \\(${d}\\) and has no helo_checks.db: .* Deploy it to /etc/postfix and run postmap there, or run postmap here\\.$`,
      ),
    );
    const registered = JSON.stringify(client.registrations);
    assert.match(registered, /"method":"workspace\/didChangeWatchedFiles".*"globPattern":"\*\*\/\*\.\{db,lmdb,cdb/, registered);

    // what postmap -c DIR hash:DIR/helo_checks leaves behind
    writeFileSync(join(d, 'helo_checks.db'), '');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(join(d, 'helo_checks.db')), type: 1 }] });
    assert.deepEqual(codes(await client.waitForDiagnostics(table, (p) => p.diagnostics.length === 0)), []);
    assert.deepEqual(codes(await client.waitForDiagnostics(main, (p) => p.diagnostics.length === 1)), ['missing-lookup-table@3']);
  });
});
