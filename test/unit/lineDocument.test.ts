/** The line-based document reads, edits and maps positions exactly like the standard one. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LineDocument } from '../../server/src/service/lineDocument';

const text = fc.array(fc.constantFrom('a', 'bc', ' ', '\n', '\r', '\r\n', '#', 'é', '\u2028'), { maxLength: 30 }).map((parts) => parts.join(''));
const position = fc.record({ line: fc.integer({ min: -1, max: 8 }), character: fc.integer({ min: -1, max: 8 }) });
/** Edits inside the document, as clients send them (the standard document miscounts lines for others). */
const change = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: fc.tuple(fc.nat(), fc.nat()), end: fc.tuple(fc.nat(), fc.nat()) }), text }) },
  { weight: 1, arbitrary: fc.record({ text }) },
);

type Change = { text: string } | { range: { start: [number, number]; end: [number, number] }; text: string };

function inside(doc: TextDocument, c: Change): TextDocumentContentChangeEvent {
  if (!('range' in c)) return c;
  const at = ([line, character]: [number, number]) => {
    const l = line % doc.lineCount;
    return { line: l, character: character % (doc.getLineRange(l).end.character + 1) };
  };
  return { range: { start: at(c.range.start), end: at(c.range.end) }, text: c.text };
}

test('random edits: same text, line count, ranges and offsets as the standard document', () => {
  fc.assert(
    fc.property(
      text,
      fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 6 }),
      fc.array(fc.tuple(position, position), { maxLength: 4 }),
      fc.array(fc.integer({ min: -2, max: 40 }), { maxLength: 4 }),
      (initial, notifications, ranges, offsets) => {
        let standard = TextDocument.create('file:///t', 'postfix-map', 1, initial);
        const ours = new LineDocument('file:///t', 'postfix-map', 1, initial);
        for (const generated of notifications) {
          const changes: TextDocumentContentChangeEvent[] = [];
          for (const c of generated) {
            // each change's range refers to the text after the ones before it
            const e = inside(standard, c);
            changes.push(e);
            standard = TextDocument.update(standard, [e], standard.version + 1);
          }
          ours.update(changes, ours.version + 1);
          for (const n of [0, 1, ours.lineCount - 1, ours.lineCount]) {
            assert.deepEqual(ours.getLineRange(n), standard.getLineRange(n));
            assert.equal(ours.getEOLCharacters(n), standard.getEOLCharacters(n));
          }
          const context = JSON.stringify({ initial, notifications });
          assert.equal(ours.lineCount, standard.lineCount, context);
          assert.equal(ours.length, standard.getText().length, context);
          for (const [start, end] of ranges)
            assert.equal(ours.getText({ start, end }), standard.getText({ start, end }), `${context} ${JSON.stringify([start, end])}`);
          for (const [p] of ranges) assert.equal(ours.offsetAt(p), standard.offsetAt(p), context);
          for (const o of offsets) assert.deepEqual(ours.positionAt(o), standard.positionAt(o), `${context} offset ${o}`);
          assert.equal(ours.getText(), standard.getText(), context);
        }
      },
    ),
    { numRuns: 2000, seed: 11 },
  );
});
