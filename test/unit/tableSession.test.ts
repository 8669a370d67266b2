/**
 * A table edited line by line must read and check exactly like the same text
 * read whole: random tables, random edits, compared after every edit.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../../server/src/service/diagnostics';
import { defaultSettings } from '../../server/src/service/settings';
import { checkTable, parseTable, type ParsedTable, type TableFlavour } from '../../server/src/service/tableService';
import { LineDocument } from '../../server/src/service/lineDocument';
import { TableSession, type TextChange } from '../../server/src/service/tableSession';
import type { TableRole } from '../../server/src/service/model/tableDetect';

const PIECES = [
  'a.example REJECT',
  'A.example OK',
  'b@example.org 550 5.7.1 no',
  '10.0.0.1 OK',
  '[10.0.0.2] DUNNO',
  '192.168.1.0/24 REJECT',
  'c REJCT',
  'd',
  '  continued text',
  '\tPREPEND X-A: b',
  '# a comment',
  '# postfix-lsp: disable-next-line',
  '',
  '   ',
  'root: admin',
  'x@y: z',
  '"quoted key" HOLD',
  'e 421 4.7.0 go away',
];

const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((lines) => lines.join('\n'));

/** An edit anywhere in a document of `lineCount` lines, as [start line, start char, end line, end char, text]. */
const edit = fc.tuple(
  fc.nat(),
  fc.nat({ max: 30 }),
  fc.nat({ max: 3 }),
  fc.nat({ max: 30 }),
  fc.oneof(fc.constantFrom(...PIECES, '\n', ' ', 'x', '#', ''), text),
);

function change(doc: TextDocument, [line, character, lines, endCharacter, newText]: [number, number, number, number, string]): TextChange {
  const startLine = line % doc.lineCount;
  const endLine = Math.min(doc.lineCount - 1, startLine + lines);
  const lineLength = (n: number): number => doc.getText({ start: { line: n, character: 0 }, end: { line: n + 1, character: 0 } }).replace(/\r?\n$/, '').length;
  const start = { line: startLine, character: Math.min(character, lineLength(startLine)) };
  let end = { line: endLine, character: Math.min(endCharacter, lineLength(endLine)) };
  if (end.line === start.line && end.character < start.character) end = start;
  return { range: { start, end }, text: newText };
}

/** What a reader of the parsed table sees, positions resolved. */
function view(parsed: ParsedTable): unknown {
  return {
    lineCount: parsed.lineCount,
    comments: parsed.comments.map((c) => ({ ...c })),
    lines: parsed.lines.map((l) => ({
      start: l.start,
      end: l.end,
      text: l.text.text,
      first: l.text.range(0, l.text.text.length),
      entry: l.entry?.kind,
      key: l.entry?.kind === 'pair' ? [l.entry.key.text, l.entry.key.range, l.entry.value?.range] : undefined,
      issues: l.issues.map((i) => [i.kind, i.range, i.message]),
    })),
  };
}

/** Diagnostics at the same place may come in any order. */
const ordered = (diagnostics: Diagnostic[]): Diagnostic[] =>
  [...diagnostics].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || String(a.code).localeCompare(String(b.code)),
  );

const ROLES: [TableFlavour, TableRole][] = [
  ['indexed', 'access'],
  ['aliases', 'aliases'],
  ['indexed', 'header_checks'],
];

for (const [flavour, role] of ROLES) {
  test(`a ${flavour} ${role} table edited piece by piece reads and checks like the whole text`, () => {
    const info = { path: '/etc/postfix/table', flavour, role };
    const context = { target: '3.11', classes: new Set(['myclass']) };
    fc.assert(
      fc.property(text, fc.array(edit, { minLength: 1, maxLength: 6 }), (initial, edits) => {
        let doc = TextDocument.create('file:///etc/postfix/table', 'postfix-map', 1, initial);
        const session = new TableSession(initial, info);
        session.check(context, defaultSettings);
        for (const e of edits) {
          const c = change(doc, e);
          doc = TextDocument.update(doc, [c], doc.version + 1);
          assert.equal(session.update([c]), true);
          assert.deepEqual(view(session.parsed), view(parseTable(doc.getText(), flavour)), `after ${JSON.stringify(c)} on ${JSON.stringify(initial)}`);
          assert.deepEqual(
            ordered(session.check(context, defaultSettings).diagnostics),
            ordered(checkTable(doc.getText(), info, context, defaultSettings).diagnostics),
            `diagnostics after ${JSON.stringify(c)} on ${JSON.stringify(initial)}`,
          );
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });
}

test('a session sharing the lines of an open document follows its edits, line breaks of every kind included', () => {
  const info = { path: '/etc/postfix/access', flavour: 'indexed' as const, role: 'access' as const };
  const context = { target: '3.11', classes: new Set(['myclass']) };
  const crlf = fc.oneof(
    edit,
    edit.map(([l, c, n, e, t]): typeof e extends never ? never : [number, number, number, number, string] => [l, c, n, e, t.replace(/\n/g, '\r\n')]),
  );
  fc.assert(
    fc.property(text, fc.array(fc.array(crlf, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }), (initial, bursts) => {
      let client = TextDocument.create('file:///etc/postfix/access', 'postfix-map', 1, initial);
      const doc = new LineDocument(client.uri, 'postfix-map', 1, initial);
      let session = new TableSession(doc.lineArray, info);
      let version = doc.version;
      session.check(context, defaultSettings);
      for (const burst of bursts) {
        const changes = burst.map((e) => {
          const c = change(client, e);
          client = TextDocument.update(client, [c], client.version + 1);
          return { range: c.range!, text: c.text };
        });
        doc.update(changes, client.version);
        const splice = doc.splicesSince(version);
        assert.ok(splice);
        // a session that cannot follow is replaced, as the workspace does
        if (!session.linesChanged(splice)) session = new TableSession(doc.lineArray, info);
        version = doc.version;
        assert.equal(doc.getText(), client.getText());
        assert.deepEqual(view(session.parsed), view(parseTable(client.getText(), 'indexed')), `after ${JSON.stringify(changes)} on ${JSON.stringify(initial)}`);
        assert.deepEqual(
          ordered(session.check(context, defaultSettings).diagnostics),
          ordered(checkTable(client.getText(), info, context, defaultSettings).diagnostics),
        );
      }
    }),
    { numRuns: 300, seed: 11 },
  );
});

test('an edit with a carriage return, or a whole-text change, is refused so that the caller reads the text again', () => {
  const session = new TableSession('a OK\n', { path: '/t', flavour: 'indexed', role: 'access' });
  assert.equal(session.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'b OK\r' }]), false);
  assert.equal(session.update([{ text: 'b OK\n' }]), false);
});

test('a one-line edit in a 200,000-line map re-reads only the lines around it', () => {
  const lines = Array.from({ length: 200_000 }, (_, i) => `host${i}.example.com REJECT`);
  const info = { path: '/etc/postfix/access', flavour: 'indexed' as const, role: 'access' as const };
  const session = new TableSession(lines.join('\n') + '\n', info);
  const context = { target: '3.11' };
  assert.equal(session.check(context, defaultSettings).diagnostics.length, 0);
  const before = session.parsed.lines[150_000];
  session.update([{ range: { start: { line: 100_000, character: 0 }, end: { line: 100_000, character: 'host100000'.length } }, text: 'host5' }]);
  assert.equal(session.parsed.lines[150_000], before, 'lines below a same-size edit are kept as they were');
  const d = session.check(context, defaultSettings).diagnostics;
  assert.equal(d.length, 1);
  assert.equal(d[0].code, 'duplicate-lookup-key');
  assert.equal(d[0].range.start.line, 100_000);
});

test('more problems than a check reports: fixing the first ones brings up the next, as in a whole-table check', () => {
  const info = { path: '/etc/postfix/access', flavour: 'indexed' as const, role: 'access' as const };
  const context = { target: '3.11' };
  let text = Array.from({ length: 1500 }, (_, i) => `host${i}.example REJCT`).join('\n') + '\n';
  const session = new TableSession(text, info);
  assert.equal(session.check(context, defaultSettings).diagnostics.length, 1000);
  for (let line = 0; line < 600; line++) {
    const c: TextChange = { range: { start: { line, character: 0 }, end: { line, character: 100 } }, text: `host${line}.example REJECT` };
    session.update([c]);
    text = TextDocument.applyEdits(TextDocument.create('file:///t', 'postfix-map', 1, text), [{ range: c.range!, newText: c.text }]);
  }
  const whole = checkTable(text, info, context, defaultSettings).diagnostics;
  assert.equal(whole.length, 900);
  assert.deepEqual(ordered(session.check(context, defaultSettings).diagnostics), ordered(whole));
});
