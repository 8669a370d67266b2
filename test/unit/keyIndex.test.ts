/**
 * The key index of an open table (service/keyIndex.ts) against a plain map of
 * the same items: thousands of additions and removals, so that what edits
 * add and remove is merged into its arrays several times.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { KeyIndex } from '../../server/src/service/keyIndex';

interface Line {
  start: number;
}

test('the key index holds what a plain map of the same additions and removals holds, through its merges', () => {
  fc.assert(
    fc.property(
      fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 300 }),
      // an operation: add a new item (7 times in 10) or remove one held, with a hash from a small range so that hashes repeat;
      // more additions than removals, so that the index merges what it kept apart several times
      fc.array(fc.tuple(fc.nat({ max: 9 }), fc.nat({ max: 40 }), fc.nat()), { minLength: 4000, maxLength: 4500 }),
      (initial, operations) => {
        let next = 0;
        const held = new Map<Line, number>();
        const lines = initial.map((hash) => {
          const line = { start: next++ };
          held.set(line, hash);
          return line;
        });
        const index = new KeyIndex<Line>();
        index.rebuild(lines, (line) => held.get(line));
        for (const [kind, hash, pick] of operations) {
          if (kind < 7 || held.size === 0) {
            const line = { start: next++ };
            held.set(line, hash);
            index.add(line, hash);
          } else {
            const [line, hashOf] = [...held][pick % held.size];
            held.delete(line);
            index.remove(line, hashOf);
          }
        }
        const expected = new Map<number, Line[]>();
        for (const [line, hash] of held) expected.set(hash, [...(expected.get(hash) ?? []), line]);
        for (let hash = 0; hash <= 40; hash++)
          assert.deepEqual(
            index.holders(hash),
            [...(expected.get(hash) ?? [])].sort((a, b) => a.start - b.start),
          );
        assert.deepEqual(
          [...index.crowded].sort((a, b) => a - b),
          [...expected]
            .filter(([, list]) => list.length > 1)
            .map(([hash]) => hash)
            .sort((a, b) => a - b),
        );
      },
    ),
    { numRuns: 25, seed: 18, endOnFailure: true },
  );
});
