/**
 * ByteTable numbers byte sequences in the order they came, finds them again
 * wherever they sit in a buffer, and turns new ones away once full.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteTable } from '../../server/src/service/log/byteTable';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

test('ByteTable: numbers in order, the same number for the same bytes anywhere, -1 for a new one when full', () => {
  const table = new ByteTable(3);
  const line = bytes('x 192.0.2.1 y 2001:db8::1 z 192.0.2.1 w 192.0.2.10');
  assert.equal(table.lookup(line, 2, 11), 0);
  assert.equal(table.lookup(line, 14, 25), 1);
  assert.equal(table.lookup(line, 28, 37), 0);
  // a prefix of a known sequence is another one
  assert.equal(table.lookup(line, 40, 48), 2);
  assert.equal(table.lookup(line, 40, 50), -1);
  assert.equal(table.size, 3);
  assert.equal(table.lookup(bytes('2001:db8::1'), 0, 11), 1);
});

test('ByteTable: keeps long sequences and many of them (its store grows)', () => {
  const table = new ByteTable(1000);
  const long = (n: number): Uint8Array => bytes(`${'a'.repeat(40)}${n}`);
  for (let n = 0; n < 1000; n++) assert.equal(table.lookup(long(n), 0, long(n).length), n);
  for (let n = 999; n >= 0; n--) assert.equal(table.lookup(long(n), 0, long(n).length), n);
  assert.equal(table.lookup(long(1000), 0, long(1000).length), -1);
});
