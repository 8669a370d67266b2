/**
 * Restriction lists over LSP: the real bundled server (dist/server.js
 * --stdio), spoken to by test/lsp/client.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, MarkupContent } from 'vscode-languageserver-types';
import { withServer } from './client';
import { SEED_POLICY as SEED } from '../support/fixtures';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** file:///tmp/<unique dir>/main.cf (not written: the server works on the open document). */
function mainUri(): string {
  const dir = mkdtempSync(join(tmpdir(), 'postfix-lsp-restrictions-'));
  tempDirs.push(dir);
  return pathToFileURL(join(dir, 'main.cf')).toString();
}

const SEED_WITHOUT_RELAY = SEED.replace(', reject_unauth_destination', '');

const summary = (diagnostics: { code?: unknown; range: { start: { line: number } } }[]): string[] =>
  diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`);

describe('restriction lists over LSP', () => {
  test('the seed: no error, and nothing but missing-lookup-table', async () => {
    await withServer({}, async (client) => {
      const uri = mainUri();
      await client.didOpen(uri, SEED);
      const published = await client.waitForVersion(uri);
      const others = published.diagnostics.filter((d) => d.code !== 'missing-lookup-table' && d.code !== 'compatibility-level-legacy');
      assert.deepEqual(summary(others), []);
    });
  });

  test('the seed without reject_unauth_destination: no-relay-protection on smtpd_relay_restrictions', async () => {
    await withServer({}, async (client) => {
      const uri = mainUri();
      await client.didOpen(uri, SEED_WITHOUT_RELAY);
      const published = await client.waitForVersion(uri);
      const relay = published.diagnostics.filter((d) => d.code === 'no-relay-protection');
      assert.equal(relay.length, 1, summary(published.diagnostics).join(', '));
      assert.deepEqual(relay[0].range, { start: { line: 2, character: 0 }, end: { line: 2, character: 24 } });
      assert.equal(relay[0].severity, 1);
      assert.equal(relay[0].source, 'postfix');
      // nothing else but the tables that do not exist on this machine
      assert.deepEqual(
        published.diagnostics.filter((d) => !['missing-lookup-table', 'no-relay-protection', 'compatibility-level-legacy'].includes(String(d.code))),
        [],
      );
    });
  });

  test('the no-relay quick fix via textDocument/codeAction adds reject_unauth_destination; the error goes away', async () => {
    await withServer({}, async (client) => {
      const uri = mainUri();
      await client.didOpen(uri, SEED_WITHOUT_RELAY);
      const published = await client.waitForVersion(uri);
      const relay = published.diagnostics.find((d) => d.code === 'no-relay-protection');
      assert.ok(relay);

      const actions = ((await client.codeAction(uri, relay.range, [relay])) ?? []) as CodeAction[];
      const fix = actions.find((a) => a.title === 'Add reject_unauth_destination to smtpd_relay_restrictions');
      assert.ok(fix, actions.map((a) => a.title).join(' | '));
      assert.equal(fix.kind, 'quickfix');
      assert.equal(fix.isPreferred, true);
      const edits = fix.edit?.changes?.[uri];
      assert.deepEqual(edits, [{ range: { start: { line: 3, character: 32 }, end: { line: 3, character: 32 } }, newText: ', reject_unauth_destination' }]);

      const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'postfix-main', 1, SEED_WITHOUT_RELAY), edits ?? []);
      assert.equal(fixed, SEED);
      await client.didChange(
        uri,
        (edits ?? []).map((e) => ({ range: e.range, text: e.newText })),
      );
      const after = await client.waitForVersion(uri);
      assert.ok(!after.diagnostics.some((d) => d.code === 'no-relay-protection'), summary(after.diagnostics).join(', '));
    });
  });

  test('completion after "reject_unauth_" in smtpd_recipient_restrictions', async () => {
    await withServer({}, async (client) => {
      const uri = mainUri();
      const text = 'compatibility_level = 3.6\nsmtpd_recipient_restrictions = permit_mynetworks, reject_unauth_\n';
      await client.didOpen(uri, text);
      await client.waitForVersion(uri);
      const character = 'smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_'.length;
      const items = await client.completion(uri, { line: 1, character });
      for (const name of ['reject_unauth_destination', 'reject_unauth_pipelining']) {
        const found = items.find((i) => i.label === name);
        assert.ok(found, `${name} among ${items.length} items`);
        assert.deepEqual(found.textEdit, {
          range: { start: { line: 1, character: character - 'reject_unauth_'.length }, end: { line: 1, character } },
          newText: name,
        });
      }
    });
  });

  test('hover on reject_unknown_reverse_client_hostname', async () => {
    await withServer({}, async (client) => {
      const uri = mainUri();
      await client.didOpen(uri, SEED);
      await client.waitForVersion(uri);
      const line = SEED.split('\n')[5];
      const character = line.indexOf('reject_unknown_reverse_client_hostname');
      const hover = await client.hover(uri, { line: 5, character: character + 5 });
      assert.ok(hover, 'a hover');
      const contents = hover.contents as MarkupContent;
      assert.equal(contents.kind, 'markdown');
      assert.match(contents.value, /\*\*reject_unknown_reverse_client_hostname\*\*/);
      assert.match(contents.value, /Added in Postfix 2\.3/);
      assert.ok(contents.value.includes('https://www.postfix.org/postconf.5.html#reject_unknown_reverse_client_hostname'), contents.value);
      assert.deepEqual(hover.range, {
        start: { line: 5, character },
        end: { line: 5, character: character + 'reject_unknown_reverse_client_hostname'.length },
      });
    });
  });
});
