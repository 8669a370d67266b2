import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigModel } from '../../server/src/service';
import { foldingRanges } from '../../server/src/service/features/main/folding';
import { definition, highlights, prepareRename, references, rename } from '../../server/src/service/features/main/navigation';
import { documentSymbols, familyOf } from '../../server/src/service/features/main/symbols';

const docs = { mainUri: 'file:///etc/postfix/main.cf', masterUri: 'file:///etc/postfix/master.cf' };
const MAIN = [
  '# local lists',
  '# used below',
  'my_clients = 192.0.2.0/24',
  'mynetworks = 127.0.0.0/8, $my_clients',
  'smtpd_tls_security_level = may',
  'smtpd_client_restrictions = permit_mynetworks,',
  '    reject_unknown_client_hostname',
  'my_clients = 198.51.100.0/24',
].join('\n');
const MASTER = 'submission inet n - n - - smtpd\n  -o smtpd_client_restrictions=$my_clients\n';
const model = new ConfigModel({ main: MAIN, master: MASTER });

test('definition of a $reference is the assignment Postfix uses: the last one', () => {
  assert.deepEqual(definition(model, { line: 3, character: 27 }, docs), {
    uri: docs.mainUri,
    range: { start: { line: 7, character: 0 }, end: { line: 7, character: 10 } },
  });
});

test('references span main.cf and master.cf, with or without the assignments', () => {
  const all = references(model, { line: 2, character: 3 }, docs, true);
  assert.equal(all.length, 4);
  assert.deepEqual(all.map((l) => l.uri).sort(), [docs.mainUri, docs.mainUri, docs.mainUri, docs.masterUri]);
  assert.equal(references(model, { line: 2, character: 3 }, docs, false).length, 2);
});

test('highlights stay in main.cf and tell writes from reads', () => {
  const h = highlights(model, { line: 3, character: 27 }, docs);
  assert.deepEqual(
    h.map((x) => x.kind),
    [3, 2, 3],
  );
});

test('rename changes every occurrence of a name of your own', () => {
  const r = rename(model, { line: 2, character: 3 }, 'trusted_clients', docs);
  assert.ok('edit' in r);
  assert.equal(r.edit.changes?.[docs.mainUri].length, 3);
  assert.equal(r.edit.changes?.[docs.masterUri].length, 1);
  assert.ok(r.edit.changes?.[docs.masterUri].every((e) => e.newText === 'trusted_clients'));
});

test('a Postfix parameter cannot be renamed, nor can a name become one', () => {
  const builtIn = rename(model, { line: 3, character: 2 }, 'my_networks', docs);
  assert.ok('error' in builtIn && /Postfix parameter/.test(builtIn.error));
  const prepared = prepareRename(model, { line: 3, character: 2 });
  assert.ok('error' in prepared);
  const taken = rename(model, { line: 2, character: 3 }, 'mydomain', docs);
  assert.ok('error' in taken);
  const bad = rename(model, { line: 2, character: 3 }, 'my clients', docs);
  assert.ok('error' in bad);
});

test('the outline groups parameters by family, TLS together, your own apart', () => {
  const groups = documentSymbols(model);
  const names = Object.fromEntries(groups.map((g) => [g.name, g.children?.map((c) => c.name)]));
  assert.deepEqual(names['your own parameters'], ['my_clients', 'my_clients']);
  assert.deepEqual(names.tls, ['smtpd_tls_security_level']);
  assert.deepEqual(names.smtpd, ['smtpd_client_restrictions']);
  assert.equal(familyOf('postscreen_greet_action', true), 'postscreen');
  assert.equal(familyOf('mynetworks', true), 'general');
});

test('folding: comment blocks and values over several lines', () => {
  assert.deepEqual(foldingRanges(model), [
    { startLine: 0, endLine: 1, kind: 'comment' },
    { startLine: 5, endLine: 6, kind: 'region' },
  ]);
});
