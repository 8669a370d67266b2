import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Code } from '../../server/src/service/diagnostics';
import { MAX_CHECKED_CHARACTERS, tooLargeDiagnostic } from '../../server/src/service/limits';

test('file-too-large: only above the limit, with the size and the way to check it anyway', () => {
  assert.equal(tooLargeDiagnostic(MAX_CHECKED_CHARACTERS), undefined);
  const d = tooLargeDiagnostic(52_428_800);
  assert.equal(d?.code, Code.FileTooLarge);
  assert.deepEqual(d?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  assert.match(String(d?.message), /52,428,800 characters; checks, hover and completion are off above 20,000,000/);
  assert.match(String(d?.message), /postfix-language-server check/);
});
