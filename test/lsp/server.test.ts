/**
 * LSP integration tests: the real bundled server (dist/server.js --stdio),
 * spoken to over JSON-RPC by test/lsp/client.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ResponseError } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { LspClient, withServer, type PublishedDiagnostics } from './client';

// ---------------------------------------------------------------- helpers

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the system temp dir; removed after the run. */
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'postfix-lsp-'));
  tempDirs.push(dir);
  return dir;
}

/** file:///tmp/<unique dir>/<name>, optionally written to disk. */
function fileUri(name = 'main.cf', dir = tempDir(), content?: string): string {
  const path = join(dir, name);
  if (content !== undefined) writeFileSync(path, content);
  return pathToFileURL(path).toString();
}

/** "code@line" for each diagnostic, in the server's order. */
const summary = (p: PublishedDiagnostics | Diagnostic[]): string[] => (Array.isArray(p) ? p : p.diagnostics).map((d) => `${d.code}@${d.range.start.line}`);

const codes = (p: PublishedDiagnostics): Set<unknown> => new Set(p.diagnostics.map((d) => d.code));

const markdown = (value: unknown): string => {
  const contents = value as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
};

/** The incremental change events that turn `doc` into the result of `edits`. */
function asChanges(edits: TextEdit[]) {
  // applied last-to-first so the earlier ranges stay valid
  return [...edits]
    .sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)
    .map((e) => ({ range: e.range, text: e.newText }));
}

const SAMPLE = [
  '# LSP integration test', //                      0
  'smtpd_helo_requird = yes', //                    1 unknown-parameter
  'virtual_maps = inline:{ old@example.com=new@example.com }', // 2 deprecated-parameter
  'disable_vrfy_command = maybe', //                3 invalid-value
  'myhostname = a.example.com', //                  4 duplicate-parameter
  'myhostname = b.example.com', //                  5 duplicate-parameter
  'compatibility_level = 3.6', //                   6 (a default relay list: no no-relay-protection)
  '',
].join('\n');

const SAMPLE_EXPECTED = ['unknown-parameter@1', 'deprecated-parameter@2', 'invalid-value@3', 'duplicate-parameter@4', 'duplicate-parameter@5'];

// ---------------------------------------------------------------- 1, 2: diagnostics

describe('diagnostics', () => {
  test('opening main.cf publishes unknown, deprecated, invalid and duplicate diagnostics at their lines', async () => {
    await withServer({}, async (client) => {
      const uri = fileUri();
      await client.didOpen(uri, SAMPLE);
      const p = await client.waitForDiagnostics(uri);
      assert.equal(p.version, 1);
      assert.deepEqual(summary(p), SAMPLE_EXPECTED, client.describe());

      const byCode = (code: string) => p.diagnostics.filter((d) => d.code === code);
      const [unknown] = byCode('unknown-parameter');
      assert.deepEqual(unknown.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 18 } });
      assert.equal(unknown.severity, 2);
      assert.equal(unknown.source, 'postfix');
      assert.match(String(unknown.message), /Did you mean "smtpd_helo_required"\?/);

      const [deprecated] = byCode('deprecated-parameter');
      assert.deepEqual(deprecated.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 12 } });
      assert.match(String(deprecated.message), /virtual_alias_maps/);

      const [invalid] = byCode('invalid-value');
      assert.deepEqual(invalid.range, { start: { line: 3, character: 23 }, end: { line: 3, character: 28 } });
      assert.equal(invalid.severity, 1);

      const duplicates = byCode('duplicate-parameter');
      assert.deepEqual(
        duplicates.map((d) => d.range),
        [4, 5].map((line) => ({ start: { line, character: 0 }, end: { line, character: 10 } })),
      );
    });
  });

  test('incremental edits: fixing the typo removes its diagnostic; diagnostics follow each version', async () => {
    await withServer({}, async (client) => {
      const uri = fileUri();
      await client.didOpen(uri, SAMPLE);
      await client.waitForVersion(uri);

      // v2: replace the misspelled name
      await client.didChange(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 18 } }, text: 'smtpd_helo_required' }]);
      const v2 = await client.waitForVersion(uri);
      assert.equal(v2.version, 2);
      assert.deepEqual(summary(v2), SAMPLE_EXPECTED.slice(1));

      // v3: insert a line at the top: every diagnostic moves down one line
      await client.didChange(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# inserted\n' }]);
      const v3 = await client.waitForVersion(uri);
      assert.deepEqual(summary(v3), ['deprecated-parameter@3', 'invalid-value@4', 'duplicate-parameter@5', 'duplicate-parameter@6']);

      // v4: two events in one notification, applied in order: fix the value, then delete the first myhostname line
      await client.didChange(uri, [
        { range: { start: { line: 4, character: 23 }, end: { line: 4, character: 28 } }, text: 'yes' },
        { range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } }, text: '' },
      ]);
      const v4 = await client.waitForVersion(uri);
      assert.deepEqual(summary(v4), ['deprecated-parameter@3']);

      // v5..v7 sent back to back: the last publication is for v7 and reflects its text
      await client.didChange(uri, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'x' }]);
      await client.didChange(uri, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } }, text: '' }]);
      await client.didChange(uri, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 12 } }, text: 'virtual_alias_maps' }]);
      const v7 = await client.waitForVersion(uri);
      assert.equal(v7.version, 7);
      assert.deepEqual(summary(v7), []);

      // publications never go back to an older version
      await new Promise((r) => setTimeout(r, 200));
      const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version ?? -1);
      assert.deepEqual(
        versions,
        [...versions].sort((a, b) => a - b),
        `published versions ${versions.join(', ')}`,
      );
      assert.equal(client.latest(uri)?.version, 7);
    });
  });

  test('closing a document clears its diagnostics', async () => {
    await withServer({}, async (client) => {
      const uri = fileUri();
      await client.didOpen(uri, SAMPLE);
      await client.waitForVersion(uri);
      await client.didClose(uri);
      const cleared = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
      assert.deepEqual(cleared.diagnostics, []);
    });
  });
});

// ---------------------------------------------------------------- 3, 4, 5: hover, completion, code actions

describe('language features', () => {
  test('hover on smtpd_relay_restrictions shows the version, the default and the postconf(5) link', async () => {
    await withServer({}, async (client) => {
      const uri = fileUri();
      await client.didOpen(uri, 'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n');
      await client.waitForVersion(uri);
      const hover = await client.hover(uri, { line: 0, character: 5 });
      assert.ok(hover, 'no hover');
      const text = markdown(hover.contents);
      assert.match(text, /Added in Postfix 2\.10/);
      assert.ok(text.includes('permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination'), text);
      assert.match(text, /\*\*Default:\*\*/);
      assert.ok(text.includes('https://www.postfix.org/postconf.5.html#smtpd_relay_restrictions'), text);
      assert.deepEqual(hover.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 24 } });
    });
  });

  test('completion offers parameter names on an empty line and yes/no after a boolean parameter', async () => {
    await withServer({}, async (client) => {
      const uri = fileUri();
      await client.didOpen(uri, 'myhostname = mail.example.com\n\nsmtpd_helo_required = \n');
      await client.waitForVersion(uri);

      const names = await client.completion(uri, { line: 1, character: 0 });
      const relay = names.find((i) => i.label === 'smtpd_relay_restrictions');
      assert.ok(relay, `smtpd_relay_restrictions missing among ${names.length} items`);
      assert.deepEqual(relay.textEdit, {
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
        newText: 'smtpd_relay_restrictions = ',
      });

      const values = await client.completion(uri, { line: 2, character: 'smtpd_helo_required = '.length });
      assert.deepEqual(values.map((i) => i.label).sort(), ['no', 'yes']);
    });
  });

  test('a client that resolves items gets a compact list: one shared range, documentation on resolve', async () => {
    const completion = { completionItem: { resolveSupport: { properties: ['documentation'] } }, completionList: { itemDefaults: ['editRange'] } };
    await withServer({ completion }, async (client) => {
      const uri = fileUri();
      await client.didOpen(uri, 'myhostname = mail.example.com\n\n');
      await client.waitForVersion(uri);
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } });
      assert.deepEqual(list.itemDefaults?.editRange, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } });
      const relay = list.items.find((i) => i.label === 'smtpd_relay_restrictions');
      assert.ok(relay && list.items.length > 800, `${list.items.length} items`);
      assert.equal(relay.textEditText, 'smtpd_relay_restrictions = ');
      assert.equal(relay.documentation, undefined);
      assert.ok(JSON.stringify(list).length < 200_000, `${JSON.stringify(list).length} characters`);
      const resolved = await client.request<CompletionItem>('completionItem/resolve', relay);
      assert.match((resolved.documentation as MarkupContent).value, /relay/i);

      // a word being typed: only the items it could still match, and the client asks again as it grows
      await client.didChange(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'smtpd_rel' }]);
      await client.waitForVersion(uri);
      const typed = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 9 } });
      assert.equal(typed.isIncomplete, true);
      assert.ok(typed.items.some((i) => i.label === 'smtpd_relay_restrictions'));
      assert.ok(typed.items.length < 100, `${typed.items.length} items`);
      assert.ok(
        typed.items.every((i) => /s.*m.*t.*p.*d.*_.*r.*e.*l/.test(i.filterText ?? i.label)),
        typed.items.map((i) => i.label).join(' '),
      );
    });
  });

  test('the quick fix for unknown-parameter replaces the name with smtpd_helo_required', async () => {
    await withServer({}, async (client) => {
      const uri = fileUri();
      await client.didOpen(uri, SAMPLE);
      const published = await client.waitForVersion(uri);
      const unknown = published.diagnostics.find((d) => d.code === 'unknown-parameter');
      assert.ok(unknown);

      const actions = (await client.codeAction(uri, unknown.range, [unknown])) ?? [];
      const fixes = actions.filter((a): a is CodeAction => 'kind' in a && a.kind === 'quickfix');
      assert.equal(fixes.length, 1, JSON.stringify(actions));
      const [fix] = fixes;
      assert.equal(fix.title, 'Change to "smtpd_helo_required"');
      assert.equal(fix.isPreferred, true);
      const edits = fix.edit?.changes?.[uri];
      assert.deepEqual(edits, [{ range: unknown.range, newText: 'smtpd_helo_required' }]);

      // applying the edit removes the diagnostic
      const doc = TextDocument.create(uri, 'postfix-main', 1, SAMPLE);
      assert.equal(TextDocument.applyEdits(doc, edits).split('\n')[1], 'smtpd_helo_required = yes');
      await client.didChange(uri, asChanges(edits));
      const after = await client.waitForVersion(uri);
      assert.ok(!codes(after).has('unknown-parameter'), summary(after).join(', '));
    });
  });

  test('quick fixes for the deprecated name and the overridden duplicate', async () => {
    await withServer({}, async (client) => {
      const uri = fileUri();
      await client.didOpen(uri, SAMPLE);
      const published = await client.waitForVersion(uri);
      const actions = ((await client.codeAction(uri, { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } }, published.diagnostics)) ??
        []) as CodeAction[];
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Rename to "virtual_alias_maps"'), titles.join(' | '));
      const remove = actions.find((a) => a.title === 'Remove this overridden assignment');
      assert.ok(remove, titles.join(' | '));
      assert.deepEqual(remove.edit?.changes?.[uri], [{ range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, newText: '' }]);
    });
  });
});

// ---------------------------------------------------------------- 6, 7: configuration

describe('configuration', () => {
  const expectDefaults = async (client: LspClient): Promise<void> => {
    const uri = fileUri();
    await client.didOpen(uri, SAMPLE);
    const p = await client.waitForVersion(uri);
    assert.deepEqual(summary(p), SAMPLE_EXPECTED, client.describe());
    assert.ok(!client.exited);
  };

  test('a client without workspace/configuration gets default diagnostics and is never asked', async () => {
    await withServer({ configuration: false }, async (client) => {
      await expectDefaults(client);
      assert.equal(client.configurationRequests.length, 0);
      assert.equal(client.registrations.length, 0);
    });
  });

  for (const [name, answer] of [
    ['[null]', [null]],
    ['null', null],
    ['[]', []],
    ['a malformed object', [{ targetVersion: 7, diagnostics: { severity: ['ignore'] } }]],
    ['an error', new ResponseError(-32603, 'no configuration')],
  ] as const) {
    test(`configuration answered with ${name}: defaults are used`, async () => {
      await withServer({ configurationAnswer: answer }, async (client) => {
        await expectDefaults(client);
        assert.equal(client.configurationRequests.length, 1);
        assert.deepEqual(client.configurationRequests[0].items, [{ section: 'postfix' }]);
      });
    });
  }

  test('severity "ignore" removes unknown-parameter; other levels re-rank', async () => {
    const answer = [{ diagnostics: { severity: { 'unknown-parameter': 'ignore', 'duplicate-parameter': 'error' } } }];
    await withServer({ configurationAnswer: answer }, async (client) => {
      const uri = fileUri();
      await client.didOpen(uri, SAMPLE);
      const p = await client.waitForVersion(uri);
      assert.deepEqual(summary(p), SAMPLE_EXPECTED.slice(1));
      for (const d of p.diagnostics.filter((d) => d.code === 'duplicate-parameter')) assert.equal(d.severity, 1);
    });
  });

  test('targetVersion 3.7 reports a 3.11 parameter as parameter-newer-than-target', async () => {
    const text = 'myhostname = mail.example.com\nrequiretls_enable = yes\ncompatibility_level = 3.6\n';
    await withServer({}, async (client) => {
      const uri = fileUri();
      await client.didOpen(uri, text);
      assert.deepEqual(summary(await client.waitForVersion(uri)), [], 'the default target is the newest release');
    });
    await withServer({ configurationAnswer: [{ targetVersion: '3.7' }] }, async (client) => {
      const uri = fileUri();
      await client.didOpen(uri, text);
      const p = await client.waitForVersion(uri);
      assert.deepEqual(summary(p), ['parameter-newer-than-target@1']);
      assert.match(String(p.diagnostics[0].message), /added in Postfix 3\.11; the target Postfix 3\.7/);
    });
  });

  test('didChangeConfiguration asks again and republishes with the new settings', async () => {
    await withServer({}, async (client) => {
      const uri = fileUri();
      await client.didOpen(uri, SAMPLE);
      await client.waitForVersion(uri);
      assert.equal(client.registrations.length, 1, 'the server registers for didChangeConfiguration');
      const before = client.published.length;
      client.configurationAnswer = [{ diagnostics: { severity: { 'unknown-parameter': 'ignore' } } }];
      await client.didChangeConfiguration();
      const p = await client.waitForDiagnostics(uri, (p) => client.published.indexOf(p) >= before);
      assert.equal(p.version, 1);
      assert.deepEqual(summary(p), SAMPLE_EXPECTED.slice(1));
      assert.equal(client.configurationRequests.length, 2);
    });
  });

  test('a client without dynamic registration that refuses client/registerCapability does not bring the server down', async () => {
    await withServer({ dynamicRegistration: false, rejectRegistrations: true }, async (client) => {
      await expectDefaults(client);
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(!client.exited, client.describe());
      const uri = fileUri();
      await client.didOpen(uri, 'myhostname = x\n');
      assert.ok(await client.hover(uri, { line: 0, character: 1 }));
      assert.equal(client.registrations.length, 0, 'registered dynamically though the client does not support it');
    });
  });
});

// ---------------------------------------------------------------- 8: robustness

/** Deterministic pseudo-random bytes (mulberry32). */
function randomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let a = seed;
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

describe('robustness', () => {
  const garbage = randomBytes(64 * 1024, 42);
  garbage[0] = 0;
  garbage[100] = 0;

  const cases: { name: string; text: string; hoverAt: { line: number; character: number } }[] = [
    { name: 'binary garbage (latin1, with NUL)', text: garbage.toString('latin1'), hoverAt: { line: 0, character: 0 } },
    {
      name: 'binary garbage (utf8 with U+FFFD, NUL and lone surrogates)',
      text: garbage.toString('utf8') + '\ud800=\udfff\0',
      hoverAt: { line: 3, character: 2 },
    },
    { name: 'a 1 MB single line value', text: 'mynetworks = ' + '127.0.0.1/8 '.repeat(90_000), hoverAt: { line: 0, character: 3 } },
    { name: 'a 1 MB single line without "="', text: 'x'.repeat(1024 * 1024), hoverAt: { line: 0, character: 500_000 } },
    { name: 'a 1 MB line of $references', text: 'smtpd_banner = ' + '$myhostname '.repeat(90_000), hoverAt: { line: 0, character: 20 } },
    { name: 'an unterminated ${', text: 'smtpd_relay_restrictions = ${permit_mynetworks\nmyhostname = ${myhostname\n', hoverAt: { line: 0, character: 30 } },
    { name: 'deeply nested ${ ... }', text: 'relayhost = ' + '${x?'.repeat(20_000) + '}'.repeat(20_000) + '\n', hoverAt: { line: 0, character: 2 } },
    { name: 'a cycle of $references', text: 'a = $b\nb = $a\nrelayhost = $a\n', hoverAt: { line: 2, character: 2 } },
  ];

  for (const c of cases) {
    test(`${c.name}: diagnostics are published and hover still answers`, async () => {
      await withServer({}, async (client) => {
        const uri = fileUri();
        await client.didOpen(uri, c.text);
        await client.waitForVersion(uri, 15_000);
        await client.hover(uri, c.hoverAt, 3000);
        // a well-formed document afterwards still gets real answers
        const ok = fileUri();
        await client.didOpen(ok, 'smtpd_relay_restrictions = permit_mynetworks\n');
        await client.waitForVersion(ok);
        const hover = await client.hover(ok, { line: 0, character: 1 }, 3000);
        assert.ok(hover && markdown(hover.contents).includes('Added in Postfix 2.10'));
        assert.ok(!client.exited, client.describe());
        assert.equal(client.stderr.match(/RangeError|TypeError/), null, client.describe());
        // no check threw and no request handler failed (the server logs those instead of answering)
        assert.deepEqual(
          client.log.filter((m) => / failed/.test(m)),
          [],
          client.describe(),
        );
      });
    });
  }

  test('requests for unknown documents and positions past the end answer without failing', async () => {
    await withServer({}, async (client) => {
      const missing = fileUri();
      assert.equal(await client.hover(missing, { line: 0, character: 0 }), null);
      assert.deepEqual(await client.completion(missing, { line: 0, character: 0 }), []);
      const uri = fileUri();
      await client.didOpen(uri, 'myhostname = x\n');
      await client.waitForVersion(uri);
      assert.equal(await client.hover(uri, { line: 99, character: 99 }), null);
      await client.completion(uri, { line: 99, character: 99 });
      assert.ok(!client.exited, client.describe());
    });
  });
});

// ---------------------------------------------------------------- 9: master.cf beside main.cf

describe('master.cf beside main.cf', () => {
  const MASTER = 'mytransport unix - n n - - pipe flags=F user=x argv=/bin/cat\n';
  const MAIN = 'myhostname = mail.example.com\nmytransport_time_limit = 10\ncompatibility_level = 3.6\n';

  test('a service in a sibling master.cf on disk makes <service>_time_limit valid', async () => {
    await withServer({}, async (client) => {
      const withMaster = tempDir();
      writeFileSync(join(withMaster, 'master.cf'), MASTER);
      const valid = fileUri('main.cf', withMaster, MAIN);
      await client.didOpen(valid, MAIN);
      assert.deepEqual(summary(await client.waitForVersion(valid)), []);
      const hover = await client.hover(valid, { line: 1, character: 3 });
      assert.ok(hover);
      assert.match(markdown(hover.contents), /per-service setting derived from a master\.cf service/);

      const without = fileUri('main.cf', tempDir(), MAIN);
      await client.didOpen(without, MAIN);
      const p = await client.waitForVersion(without);
      assert.deepEqual(summary(p), ['unknown-parameter@1']);
    });
  });

  test('an open, unsaved master.cf is used instead of the disk and revalidates main.cf', async () => {
    await withServer({}, async (client) => {
      const dir = tempDir();
      const main = fileUri('main.cf', dir, MAIN);
      await client.didOpen(main, MAIN);
      assert.deepEqual(summary(await client.waitForVersion(main)), ['unknown-parameter@1']);

      const master = fileUri('master.cf', dir);
      const before = client.published.length;
      await client.didOpen(master, MASTER, 'postfix-master');
      const p = await client.waitForDiagnostics(main, (p) => client.published.indexOf(p) >= before);
      assert.deepEqual(summary(p), []);
      assert.equal(client.latest(master), undefined, 'master.cf gets no main.cf diagnostics');
    });
  });

  test('an open master.cf is found when the client percent-encodes its URIs as VS Code does', async () => {
    await withServer({}, async (client) => {
      const dir = mkdtempSync(join(tmpdir(), 'postfix-lsp-a@b+c-'));
      tempDirs.push(dir);
      // VS Code's URI.file(...).toString() escapes everything but unreserved characters and "/"
      const vscodeUri = (name: string): string => 'file://' + join(dir, name).split('/').map(encodeURIComponent).join('/');
      const main = vscodeUri('main.cf');
      assert.ok(main.includes('%40') && main.includes('%2B'), main);
      writeFileSync(join(dir, 'main.cf'), MAIN);
      await client.didOpen(main, MAIN);
      assert.deepEqual(summary(await client.waitForVersion(main)), ['unknown-parameter@1']);
      const before = client.published.length;
      await client.didOpen(vscodeUri('master.cf'), MASTER, 'postfix-master');
      const p = await client.waitForDiagnostics(main, (p) => client.published.indexOf(p) >= before);
      assert.deepEqual(summary(p), []);
    });
  });

  test('closing an unsaved master.cf revalidates main.cf against the disk', async () => {
    await withServer({}, async (client) => {
      const dir = tempDir();
      const main = fileUri('main.cf', dir, MAIN);
      const master = fileUri('master.cf', dir);
      await client.didOpen(master, MASTER, 'postfix-master');
      await client.didOpen(main, MAIN);
      assert.deepEqual(summary(await client.waitForVersion(main)), []);
      const before = client.published.length;
      await client.didClose(master);
      const p = await client.waitForDiagnostics(main, (p) => client.published.indexOf(p) >= before, 2000);
      assert.deepEqual(summary(p), ['unknown-parameter@1']);
    });
  });
});

// ---------------------------------------------------------------- lifecycle

test('shutdown and exit end the process with code 0', async () => {
  const client = await LspClient.startInitialized({});
  try {
    await client.request('shutdown', null);
    await client.notify('exit', null);
    assert.ok(await client.waitForExit(3000), client.describe());
    assert.equal(client.exitCode, 0);
  } finally {
    client.kill();
  }
});
