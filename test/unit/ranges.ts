import assert from 'node:assert/strict';
import type { Range } from 'vscode-languageserver-types';

/** The range of the `nth` occurrence of `needle` in `doc` (which must not span lines). */
export function find(doc: string, needle: string, nth = 0): Range {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = doc.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `"${needle}" (#${nth}) in the document`);
  }
  const before = doc.slice(0, offset);
  const line = before.split('\n').length - 1;
  const character = offset - (before.lastIndexOf('\n') + 1);
  return { start: { line, character }, end: { line, character: character + needle.length } };
}
