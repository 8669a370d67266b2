/**
 * The $name macro syntax inside values: every form Postfix knows, with exact
 * offsets, and the problems Postfix reports for unbalanced brackets.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanExpansions, type Reference } from '../../server/src/service/syntax/expansion';

const names = (text: string): string[] => scanExpansions(text).references.map((r) => r.name);
const one = (text: string): Reference => {
  const scan = scanExpansions(text);
  assert.deepEqual(scan.problems, []);
  assert.equal(scan.references.length, 1, `one reference in ${text}`);
  return scan.references[0];
};

test('$name', () => {
  assert.deepEqual(one('foo $myhostname bar'), {
    name: 'myhostname',
    nameStart: 5,
    nameEnd: 15,
    start: 4,
    end: 15,
    conditional: false,
  });
});

test('$name stops at the first character that cannot be in a name', () => {
  const r = one('$mydomain.example/x');
  assert.equal(r.name, 'mydomain');
  assert.equal(r.end, 9);
  assert.deepEqual(names('$a,$b $c:$d'), ['a', 'b', 'c', 'd']);
});

test('${name}', () => {
  assert.deepEqual(one('x${mydomain}y'), {
    name: 'mydomain',
    nameStart: 3,
    nameEnd: 11,
    start: 1,
    end: 12,
    conditional: false,
  });
});

test('$(name)', () => {
  assert.deepEqual(one('$(queue_directory)/x'), {
    name: 'queue_directory',
    nameStart: 2,
    nameEnd: 17,
    start: 0,
    end: 18,
    conditional: false,
  });
});

test('${name?value} is conditional, and its text is not a reference', () => {
  assert.deepEqual(one('${smtpd_tls_cert_file?yes}'), {
    name: 'smtpd_tls_cert_file',
    nameStart: 2,
    nameEnd: 21,
    start: 0,
    end: 26,
    conditional: true,
  });
});

test('${name:value} is conditional', () => {
  const r = one('a ${relayhost:direct} b');
  assert.equal(r.name, 'relayhost');
  assert.equal(r.conditional, true);
  assert.equal(r.start, 2);
  assert.equal(r.end, 21);
  assert.equal(r.nameStart, 4);
  assert.equal(r.nameEnd, 13);
});

test('${name?{a}:{b}} with nested references in both branches', () => {
  const text = '${tls?{$smtpd_tls_cert_file}:{${smtp_tls_cert_file}}}';
  const scan = scanExpansions(text);
  assert.deepEqual(scan.problems, []);
  assert.deepEqual(
    scan.references.map((r) => [r.name, r.start, r.end, r.nameStart, r.nameEnd, r.conditional]),
    [
      ['tls', 0, 53, 2, 5, true],
      ['smtpd_tls_cert_file', 7, 27, 8, 27, false],
      ['smtp_tls_cert_file', 30, 51, 32, 50, false],
    ],
  );
  assert.equal(text.slice(7, 27), '$smtpd_tls_cert_file');
  assert.equal(text.slice(30, 51), '${smtp_tls_cert_file}');
});

test('a nested conditional inside a conditional branch', () => {
  const scan = scanExpansions('${a?${b:{$c}}}');
  assert.deepEqual(scan.problems, []);
  assert.deepEqual(
    scan.references.map((r) => [r.name, r.conditional, r.start, r.end]),
    [
      ['a', true, 0, 14],
      ['b', true, 4, 13],
      ['c', false, 9, 11],
    ],
  );
});

test('the relational form ${{$a} == {$b} ? {x} : {y}} references the names in its operands', () => {
  const text = '${{$a} == {$b} ? {x} : {y}}';
  const scan = scanExpansions(text);
  assert.deepEqual(scan.problems, []);
  assert.deepEqual(
    scan.references.map((r) => [r.name, r.start, r.end, r.nameStart, r.nameEnd]),
    [
      ['a', 3, 5, 4, 5],
      ['b', 11, 13, 12, 13],
    ],
  );
  assert.deepEqual(names('${{$x} != {} ? {$yes_value} : {$no_value}}'), ['x', 'yes_value', 'no_value']);
});

test('$$ is an escaped dollar, not a reference', () => {
  assert.deepEqual(scanExpansions('price $$5').references, []);
  assert.deepEqual(scanExpansions('$$name').references, []);
  const r = one('$$$name');
  assert.equal(r.name, 'name');
  assert.equal(r.start, 2);
  assert.equal(r.nameStart, 3);
  assert.deepEqual(scanExpansions('$$$$').references, []);
});

test('a lone $ or $ before a non-name character is no reference and no problem', () => {
  const scan = scanExpansions('cost: 5$ and $. and $');
  assert.deepEqual(scan.references, []);
  assert.deepEqual(scan.problems, []);
});

test('unbalanced ${ gives a problem covering the rest of the text', () => {
  const scan = scanExpansions('abc ${mydomain');
  assert.deepEqual(scan.references, []);
  assert.equal(scan.problems.length, 1);
  assert.equal(scan.problems[0].start, 4);
  assert.equal(scan.problems[0].end, 14);
  assert.match(scan.problems[0].message, /unbalanced/);
});

test('unbalanced $( gives a problem', () => {
  const scan = scanExpansions('$(mydomain');
  assert.equal(scan.problems.length, 1);
  assert.equal(scan.problems[0].start, 0);
  assert.match(scan.problems[0].message, /\)/);
});

test('references before an unbalanced ${ are kept', () => {
  const scan = scanExpansions('$a ${b');
  assert.deepEqual(
    scan.references.map((r) => r.name),
    ['a'],
  );
  assert.equal(scan.problems.length, 1);
  assert.equal(scan.problems[0].start, 3);
});

test('${} without a name, and a bad operator, are problems', () => {
  const empty = scanExpansions('x ${}');
  assert.equal(empty.problems.length, 1);
  assert.equal(empty.problems[0].start, 2);
  assert.equal(empty.problems[0].end, 5);
  const op = scanExpansions('${name!x}');
  assert.equal(op.problems.length, 1);
  assert.equal(op.problems[0].start, 6);
});

test('hostile nesting is bounded and reported instead of recursing without limit', () => {
  const scan = scanExpansions('${a?'.repeat(10000) + '}'.repeat(10000));
  assert.ok(scan.problems.some((p) => /nested too deeply/.test(p.message)));
  assert.ok(scan.references.length <= 100);
});
