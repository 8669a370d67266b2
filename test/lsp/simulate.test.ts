/**
 * The simulator and policy tests over LSP: the custom requests of
 * docs/lsp-extensions.md, the "Run scenario" lens, diagnostics on a failed
 * expectation and the lens's command, through the real bundled server.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeLens } from 'vscode-languageserver-types';
import { MAX_CHECKED_CHARACTERS } from '../../server/src/service/limits';
import { withServer } from './client';
import { fixturesDir } from '../support/fixtures';

const tempDirs: string[] = [];
after(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the seed policy's directory (main.cf, its tables, its scenario file). */
function seedCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'postfix-lsp-simulate-'));
  tempDirs.push(dir);
  cpSync(join(fixturesDir, 'policies', 'seed'), dir, { recursive: true });
  return dir;
}

const uriOf = (path: string): string => pathToFileURL(path).toString();

interface Outcome {
  recipient: string;
  verdict: string;
  reply: string;
  decidedBy: { parameter: string; restriction: string; file: string; line: number | null } | null;
  trace: { restriction: string; result: string }[];
}

const STRANGER = { clientAddress: '203.0.113.7', clientName: 'mail.example.net', reverseClientName: 'mail.example.net', helo: '[203.0.113.7]' };

describe('the simulator over LSP', () => {
  test('postfix/simulate answers for each recipient, with the open main.cf and the tables on disk', async () => {
    const dir = seedCopy();
    await withServer({}, async (client) => {
      const main = uriOf(join(dir, 'main.cf'));
      const transaction = { ...STRANGER, sender: 'spammer@example.com', recipients: ['info@example.com', 'bob@elsewhere.example'] };
      const answer = await client.request<{ recipients: Outcome[]; problems: string[] }>('postfix/simulate', { uri: main, transaction });
      assert.deepEqual(
        answer.recipients.map((r) => [r.recipient, r.verdict, r.reply]),
        [
          ['info@example.com', 'reject', '554 5.7.1 <spammer@example.com>: Sender address rejected: Access denied'],
          ['bob@elsewhere.example', 'reject', '554 5.7.1 <bob@elsewhere.example>: Relay access denied'],
        ],
      );
      assert.equal(answer.recipients[0].decidedBy?.line, 8);
      assert.match(answer.recipients[0].decidedBy?.restriction ?? '', /^check_sender_access /);
      assert.ok(answer.recipients[0].trace.length > 5);
      // the open document counts, not the disk: without check_sender_access the mail passes
      const text = readFileSync(join(dir, 'main.cf'), 'utf8').replace(', check_sender_access hash:/etc/postfix/sender_access', '');
      await client.didOpen(main, text);
      const edited = await client.request<{ recipients: Outcome[] }>('postfix/simulate', {
        uri: main,
        transaction: { ...transaction, recipients: ['info@example.com'] },
      });
      assert.equal(edited.recipients[0].verdict, 'accept');
    });
  });

  test('postfix/simulate refuses an unusable transaction or params with InvalidParams and a message', async () => {
    const dir = seedCopy();
    await withServer({}, async (client) => {
      const main = uriOf(join(dir, 'main.cf'));
      const refused = async (params: unknown, message: RegExp): Promise<void> => {
        await assert.rejects(client.request('postfix/simulate', params), (e: { code?: number; message: string }) => {
          assert.equal(e.code, -32602);
          assert.match(e.message, message);
          return true;
        });
      };
      await refused(
        { uri: main, transaction: { clientAddress: '300.1.1.1', sender: '', recipients: ['a@example.com'] } },
        /client-address: "300\.1\.1\.1" is not/,
      );
      await refused({ uri: main, transaction: { clientAddress: '192.0.2.1', sender: '', recipients: 'a@example.com' } }, /recipients must be an array/);
      await refused({ transaction: {} }, /uri/);
      await refused(
        { uri: uriOf(join(dir, 'nothing', 'main.cf')), transaction: { clientAddress: '192.0.2.1', sender: '', recipients: ['a@example.com'] } },
        /cannot read/,
      );
    });
  });

  test('a scenario file: a lens over each scenario, postfix/scenarios and postfix/runScenarios', async () => {
    const dir = seedCopy();
    await withServer({}, async (client) => {
      const uri = uriOf(join(dir, 'seed.postfix-test.yaml'));
      const text = readFileSync(join(dir, 'seed.postfix-test.yaml'), 'utf8');
      await client.didOpen(uri, text, 'postfix-test');
      const published = await client.waitForVersion(uri);
      assert.deepEqual(published.diagnostics, []);
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.equal(lenses.length, 21);
      assert.deepEqual(lenses[0].command, { title: 'Run all 20 scenarios', command: 'postfix.runScenario', arguments: [uri] });
      assert.deepEqual(lenses[1].command, { title: 'Run scenario', command: 'postfix.runScenario', arguments: [uri, 0] });
      assert.equal(text.split('\n')[lenses[1].range.start.line].trim(), "- name: a stranger's mail to a local mailbox passes every check and the final permit");
      const listed = await client.request<{ scenarios: { name: string; index: number }[]; mainPath: string }>('postfix/scenarios', { uri });
      assert.equal(listed.scenarios.length, 20);
      assert.equal(listed.mainPath, join(dir, 'main.cf'));
      const run = await client.request<{ results: { index: number; passed: boolean }[] }>('postfix/runScenarios', { uri, indices: [2, 3] });
      assert.deepEqual(
        run.results.map((r) => [r.index, r.passed]),
        [
          [2, true],
          [3, true],
        ],
      );
    });
  });

  test('a scenario file over the size limit gets file-too-large and no lens, as other documents do', async () => {
    const dir = seedCopy();
    await withServer({}, async (client) => {
      const uri = uriOf(join(dir, 'big.postfix-test.yaml'));
      await client.didOpen(uri, `main: main.cf\n# ${'x'.repeat(MAX_CHECKED_CHARACTERS)}\nscenarios: []\n`, 'postfix-test');
      const published = await client.waitForVersion(uri);
      assert.deepEqual(
        published.diagnostics.map((d) => d.code),
        ['file-too-large'],
      );
      assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), []);
    });
  });

  test('a failed expectation is an error on its expect value; the lens command reports it and returns the run', async () => {
    const dir = seedCopy();
    const path = join(dir, 'wrong.postfix-test.yaml');
    const text = [
      'main: main.cf',
      'scenarios:',
      '  - name: relay for a stranger',
      '    client-address: 203.0.113.7',
      '    helo: mail.example.net',
      '    sender: ""',
      '    recipient: bob@elsewhere.example',
      '    expect: accept',
      '',
    ].join('\n');
    writeFileSync(path, text);
    await withServer({ windowCapabilities: {} }, async (client) => {
      const uri = uriOf(path);
      await client.didOpen(uri, text, 'postfix-test');
      const published = await client.waitForVersion(uri);
      assert.equal(published.diagnostics.length, 1);
      const [d] = published.diagnostics;
      assert.deepEqual(d.range, { start: { line: 7, character: 12 }, end: { line: 7, character: 18 } });
      assert.equal(d.severity, 1);
      assert.equal(d.code, 'scenario-failed');
      assert.match(d.message as string, /^relay for a stranger: <bob@elsewhere\.example>: expected accept, got reject: 554 5\.7\.1/);
      const run = await client.request<{ results: { passed: boolean }[] }>('workspace/executeCommand', { command: 'postfix.runScenario', arguments: [uri, 0] });
      assert.deepEqual(
        run.results.map((r) => r.passed),
        [false],
      );
      assert.ok(
        client.log.some((m) => /1 of 1 scenarios failed: relay for a stranger/.test(m)),
        client.log.join('\n'),
      );
    });
  });
});
