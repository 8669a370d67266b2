/**
 * The suggester skips candidates by the pairs of characters they share with
 * the name; it must still answer exactly what measuring every candidate does.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parameterNames, suggestParameter } from '../../server/src/service/knowledge/parameters';
import { closest, suggester } from '../../server/src/service/knowledge/suggest';

/** A name with a few typos: characters dropped, doubled, replaced or swapped. */
const typo = fc
  .tuple(
    fc.constantFrom(...parameterNames),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'double', 'replace', 'swap'), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_0123456789')), {
      maxLength: 6,
    }),
  )
  .map(([name, edits]) => {
    let s = name;
    for (const [at, kind, c] of edits) {
      const i = s.length ? at % s.length : 0;
      if (kind === 'drop') s = s.slice(0, i) + s.slice(i + 1);
      else if (kind === 'double') s = s.slice(0, i) + s[i] + s.slice(i);
      else if (kind === 'replace') s = s.slice(0, i) + c + s.slice(i + 1);
      else if (i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    }
    return s;
  });

test('the suggester answers what measuring every candidate answers', () => {
  fc.assert(
    fc.property(fc.oneof(typo, fc.string({ maxLength: 40 })), (name) => {
      assert.equal(suggester(parameterNames)(name), closest(name, parameterNames));
    }),
    { numRuns: 3000 },
  );
});

test('the suggester finds the meant name of common typos, and none for a name of its own', () => {
  assert.equal(suggestParameter('smtpd_recipent_restrictions'), 'smtpd_recipient_restrictions');
  assert.equal(suggestParameter('myhostnme'), 'myhostname');
  assert.equal(suggestParameter('my_own_setting_for_maps'), undefined);
});
