import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigModel } from '../../server/src/service';
import { format, type FormatOptions } from '../../server/src/service/features/main/formatting';
import { listWords } from '../../server/src/service/syntax/restrictionList';
import { corpusFiles } from '../support/outside';

const PLAIN: FormatOptions = { restrictionsOnePerLine: false };
const ONE_PER_LINE: FormatOptions = { restrictionsOnePerLine: true };

function formatted(text: string, options = PLAIN): string {
  const doc = TextDocument.create('file:///main.cf', 'postfix-main', 1, text);
  return TextDocument.applyEdits(doc, format(new ConfigModel({ main: text }), options));
}

/** What Postfix reads: each parameter's value as words. */
function meaning(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of new ConfigModel({ main: text }).main.assignments) out[a.name] = listWords(a.value).map((w) => w.text);
  return out;
}

test('spacing around "=", continuation indent, trailing blanks', () => {
  assert.equal(
    formatted('myhostname=mail.example.com  \nmynetworks   =   127.0.0.0/8,\n\t  192.0.2.0/24\n'),
    'myhostname = mail.example.com\nmynetworks = 127.0.0.0/8,\n    192.0.2.0/24\n',
  );
});

test('comments and blank lines stay exactly as they are, even inside a value', () => {
  const text = '# top   \n\nmynetworks = a,\n  # inside  \n\n      b\n';
  assert.equal(formatted(text), '# top   \n\nmynetworks = a,\n  # inside  \n\n    b\n');
});

test('CRLF line ends are kept', () => {
  assert.equal(formatted('a=1\r\nmynetworks = x,\r\n  y\r\n'), 'a = 1\r\nmynetworks = x,\r\n    y\r\n');
});

test('restriction lists one per line, a restriction and its argument together, separators kept', () => {
  const text = 'smtpd_recipient_restrictions = permit_mynetworks, check_sender_access hash:/etc/postfix/sender_access reject_unauth_destination\n';
  assert.equal(
    formatted(text, ONE_PER_LINE),
    'smtpd_recipient_restrictions = permit_mynetworks,\n    check_sender_access hash:/etc/postfix/sender_access\n    reject_unauth_destination\n',
  );
});

test('a list with a comment inside is not reflowed', () => {
  const text = 'smtpd_recipient_restrictions = permit_mynetworks,\n# why\n  reject_unauth_destination\n';
  assert.equal(formatted(text, ONE_PER_LINE), 'smtpd_recipient_restrictions = permit_mynetworks,\n# why\n    reject_unauth_destination\n');
});

test('range formatting touches only the assignments in the range', () => {
  const text = 'a=1\nb=2\nc=3\n';
  const doc = TextDocument.create('file:///main.cf', 'postfix-main', 1, text);
  const edits = format(new ConfigModel({ main: text }), PLAIN, { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } });
  assert.equal(TextDocument.applyEdits(doc, edits), 'a=1\nb = 2\nc=3\n');
});

// Postfix's blanks are ASCII only: U+00A0, U+3000 or U+FEFF in a line is part of a name or value
test('Unicode spaces stay where they are: at the end of a value, of a name and as a continuation line', () => {
  assert.equal(formatted('myhostname =\u3000mail.example.com\u00a0 \n'), 'myhostname = \u3000mail.example.com\u00a0\n');
  assert.equal(formatted('myhostname\u00a0 \n = x\n'), 'myhostname\u00a0\n    = x\n');
  assert.equal(formatted('mynetworks = x,\n \ufeff\n\t\u00a0# not a comment\n'), 'mynetworks = x,\n    \ufeff\n    \u00a0# not a comment\n');
});

test('one per line: a Unicode space is part of a word, not a separator', () => {
  const text = 'smtpd_recipient_restrictions = permit_mynetworks,\u00a0reject { a\u00a0 b }\n';
  assert.deepEqual(
    listWords('permit_mynetworks,\u00a0reject { a\u00a0 b }').map((w) => w.text),
    ['permit_mynetworks', '\u00a0reject', '{ a\u00a0 b }'],
  );
  const once = formatted(text, ONE_PER_LINE);
  assert.equal(once, 'smtpd_recipient_restrictions = permit_mynetworks,\n    \u00a0reject\n    { a\u00a0 b }\n');
  assert.deepEqual(meaning(once), meaning(text));
});

const corpus = corpusFiles('main.cf', 'corpus main.cf files: formatting is idempotent and keeps every value');
for (const file of corpus.files) {
  test(`corpus ${file}: formatting is idempotent and keeps every value`, () => {
    const text = readFileSync(join(corpus.dir, file), 'utf8');
    for (const options of [PLAIN, ONE_PER_LINE]) {
      const once = formatted(text, options);
      assert.equal(formatted(once, options), once);
      assert.deepEqual(meaning(once), meaning(text));
    }
  });
}
