/**
 * main.cf as Postfix reads it: whole-line comments, continuation lines,
 * `name = value` split at the first '=', exact document ranges.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMainCf, type Assignment, type MainCf } from '../../server/src/service/syntax/mainCf';
import { range } from '../../server/src/service/syntax/text';

const only = (cf: MainCf, name: string): Assignment => {
  const found = cf.assignments.filter((a) => a.name === name);
  assert.equal(found.length, 1, `exactly one assignment of ${name}`);
  return found[0];
};

test('a line whose first non-blank is # is a comment, indented or not', () => {
  const cf = parseMainCf('# top\n   # indented\nmyorigin = example.com\n');
  assert.deepEqual(cf.comments, [
    { line: 0, text: '# top' },
    { line: 1, text: '   # indented' },
  ]);
  assert.deepEqual(
    cf.assignments.map((a) => a.name),
    ['myorigin'],
  );
  assert.deepEqual(cf.problems, []);
});

test('a Unicode space is no blank to Postfix: it stays in the name and the value', () => {
  const cf = parseMainCf('myhostname\u00a0= x\u3000\n');
  assert.deepEqual(
    cf.assignments.map((a) => [a.name, a.value]),
    [['myhostname\u00a0', 'x\u3000']],
  );
});

test("'#' after a value is part of the value, not a comment", () => {
  const cf = parseMainCf('smtpd_banner = $myhostname ESMTP # not a comment\n');
  const a = only(cf, 'smtpd_banner');
  assert.equal(a.value, '$myhostname ESMTP # not a comment');
  assert.deepEqual(a.valueRange, range(0, 15, 0, 48));
  assert.deepEqual(cf.comments, []);
});

test('name=value without spaces', () => {
  const cf = parseMainCf('myhostname=mail.example.com\n');
  const a = only(cf, 'myhostname');
  assert.equal(a.value, 'mail.example.com');
  assert.deepEqual(a.nameRange, range(0, 0, 0, 10));
  assert.deepEqual(a.valueRange, range(0, 11, 0, 27));
  assert.deepEqual(a.range, range(0, 0, 0, 27));
});

test('exact name and value ranges with blanks around "=" and trailing blanks', () => {
  const cf = parseMainCf('\nrelayhost   =   [smtp.example.com]:587   \n');
  const a = only(cf, 'relayhost');
  assert.equal(a.value, '[smtp.example.com]:587');
  assert.deepEqual(a.nameRange, range(1, 0, 1, 9));
  assert.deepEqual(a.valueRange, range(1, 16, 1, 38));
  // the logical line runs to the end of the physical line, trailing blanks included
  assert.deepEqual(a.range, range(1, 0, 1, 41));
});

test('continuation lines join the previous logical line; blank and comment lines inside do not end it', () => {
  const text = [
    'mynetworks = 127.0.0.0/8', // 0
    '    10.0.0.0/8', // 1
    '', // 2
    '# a comment in the middle', // 3
    '\t192.168.0.0/16', // 4
    'myorigin = example.com', // 5
  ].join('\n');
  const cf = parseMainCf(text);
  assert.deepEqual(
    cf.assignments.map((a) => a.name),
    ['mynetworks', 'myorigin'],
  );
  const a = only(cf, 'mynetworks');
  assert.deepEqual(a.value.split(/\s+/), ['127.0.0.0/8', '10.0.0.0/8', '192.168.0.0/16']);
  assert.deepEqual(a.nameRange, range(0, 0, 0, 10));
  assert.deepEqual(a.valueRange, range(0, 13, 4, 15));
  assert.deepEqual(a.range, range(0, 0, 4, 15));
  assert.deepEqual(cf.comments, [{ line: 3, text: '# a comment in the middle' }]);
  assert.deepEqual(cf.problems, []);
  assert.deepEqual(only(cf, 'myorigin').nameRange, range(5, 0, 5, 8));
});

test('a value that starts on a continuation line', () => {
  const cf = parseMainCf('smtpd_recipient_restrictions =\n    permit_mynetworks,\n    reject_unauth_destination\n');
  const a = only(cf, 'smtpd_recipient_restrictions');
  assert.deepEqual(a.value.split(/[\s,]+/), ['permit_mynetworks', 'reject_unauth_destination']);
  assert.deepEqual(a.valueRange, range(1, 4, 2, 29));
});

test('positions of a $reference on a continuation line map back to the document', () => {
  const cf = parseMainCf('alias_maps = hash:/etc/aliases,\n  $virtual_alias_maps\n');
  const a = only(cf, 'alias_maps');
  assert.equal(a.references.length, 1);
  const r = a.references[0];
  assert.equal(r.name, 'virtual_alias_maps');
  assert.deepEqual(a.source.range(r.start, r.end), range(1, 2, 1, 21));
  assert.deepEqual(a.source.range(r.nameStart, r.nameEnd), range(1, 3, 1, 21));
});

test('CRLF input gives the same values and ranges as LF', () => {
  const lf = 'mynetworks = 127.0.0.0/8\n  [::1]/128\n# c\nmyorigin=$mydomain\nbad line\n';
  const crlf = lf.replace(/\n/g, '\r\n');
  const a = parseMainCf(lf);
  const b = parseMainCf(crlf);
  const shape = (cf: MainCf) => ({
    assignments: cf.assignments.map((x) => ({
      name: x.name,
      value: x.value,
      nameRange: x.nameRange,
      valueRange: x.valueRange,
      range: x.range,
      references: x.references,
    })),
    problems: cf.problems,
    comments: cf.comments,
    lines: cf.lines,
  });
  assert.deepEqual(shape(b), shape(a));
  assert.ok(!b.assignments.some((x) => x.value.includes('\r')), 'no CR in values');
  assert.equal(only(b, 'myorigin').value, '$mydomain');
  assert.deepEqual(only(b, 'mynetworks').valueRange, range(0, 13, 1, 11));
});

test('a continuation line before any parameter is a syntax problem on that line', () => {
  const cf = parseMainCf('# header\n   stray = value\nmyorigin = x\n');
  assert.equal(cf.problems.length, 1);
  assert.deepEqual(cf.problems[0].range, range(1, 3, 1, 16));
  assert.match(cf.problems[0].message, /whitespace/);
  // the stray text is not treated as an assignment, the next line is fine
  assert.deepEqual(
    cf.assignments.map((a) => a.name),
    ['myorigin'],
  );
});

test("a line without '=' is a syntax problem at the right line", () => {
  const cf = parseMainCf('myorigin = x\n\nthis has no equals sign\nmydomain = y\n');
  assert.equal(cf.problems.length, 1);
  assert.deepEqual(cf.problems[0].range, range(2, 0, 2, 4));
  assert.match(cf.problems[0].message, /missing '='/);
  assert.match(cf.problems[0].message, /"this"/);
  assert.deepEqual(
    cf.assignments.map((a) => a.name),
    ['myorigin', 'mydomain'],
  );
});

test("'= value' without a name is a syntax problem", () => {
  const cf = parseMainCf('= value\n');
  assert.equal(cf.assignments.length, 0);
  assert.equal(cf.problems.length, 1);
  assert.equal(cf.problems[0].range.start.line, 0);
});

test('an empty value', () => {
  const cf = parseMainCf('relayhost =\nmydestination =   \n');
  const a = only(cf, 'relayhost');
  assert.equal(a.value, '');
  assert.deepEqual(a.valueRange, range(0, 11, 0, 11));
  const b = only(cf, 'mydestination');
  assert.equal(b.value, '');
  assert.equal(b.valueRange.start.line, 1);
  assert.deepEqual(b.valueRange.start, b.valueRange.end);
  assert.deepEqual(cf.problems, []);
});

test('the value is split at the first "="', () => {
  const cf = parseMainCf('smtpd_command_filter = pcre:/etc/postfix/a=b\n');
  assert.equal(only(cf, 'smtpd_command_filter').value, 'pcre:/etc/postfix/a=b');
});

test('later assignments are all kept, in file order', () => {
  const cf = parseMainCf('a = 1\nb = 2\na = 3\n');
  assert.deepEqual(
    cf.assignments.map((x) => [x.name, x.value]),
    [
      ['a', '1'],
      ['b', '2'],
      ['a', '3'],
    ],
  );
  assert.equal(cf.lineCount, 4);
});

test('never throws on binary garbage', () => {
  let seed = 12345;
  const bytes: number[] = [];
  for (let i = 0; i < 65536; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    bytes.push(seed & 0xff);
  }
  const text = Buffer.from(bytes).toString('latin1');
  const cf = parseMainCf(text);
  assert.ok(Array.isArray(cf.assignments));
  assert.equal(cf.lines.length, text.split('\n').length);
  // NUL bytes and invalid UTF-8 decoded as replacement characters
  const cf2 = parseMainCf('\u0000\u0001 = \uFFFD\u0000$\u0000{\n\u0000');
  assert.ok(Array.isArray(cf2.problems));
});

test('never throws on a 1 MB line', () => {
  const value = 'x'.repeat(1 << 20);
  const cf = parseMainCf(`header_checks = ${value}\n`);
  assert.equal(cf.assignments.length, 1);
  assert.equal(cf.assignments[0].value.length, 1 << 20);
  assert.deepEqual(cf.assignments[0].valueRange.end, { line: 0, character: 16 + (1 << 20) });
});

test("never throws on 10,000-deep '{' nesting", () => {
  for (const text of [
    'a = ' + '{'.repeat(10000),
    'a = ' + '${'.repeat(10000),
    'a = ' + '$('.repeat(10000),
    'a = ' + '${x?'.repeat(10000) + '}'.repeat(10000),
    'a = ' + '${{'.repeat(10000) + '}'.repeat(20000),
    '{'.repeat(10000) + ' = x',
  ]) {
    const cf = parseMainCf(text);
    assert.equal(cf.lines.length, 1);
  }
});
