/**
 * The table type facts (knowledge/tableTypes.ts) and the typed reading of
 * the JSON data files (knowledge/jsonData.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { keyed, listOf, object, oneOf, optional, readData, recordOf, text } from '../../server/src/service/knowledge/jsonData';
import {
  compiledSuffixes,
  databaseSettings,
  databaseTypes,
  fileTypes,
  hasSourceFile,
  indexedTypes,
  isWrapper,
  tableTypes,
  typeOfCompiled,
} from '../../server/src/service/knowledge/tableTypes';
import { tableTarget } from '../../server/src/service/model/tableDetect';

test('indexed types are those postmap builds, each with the files it makes; pattern files are not indexed', () => {
  assert.deepEqual(indexedTypes, ['hash', 'lmdb', 'cdb', 'btree', 'dbm', 'sdbm']);
  for (const t of indexedTypes) assert.ok(compiledSuffixes(t).length > 0, t);
  for (const t of ['pcre', 'regexp', 'cidr', 'texthash']) {
    assert.ok(!indexedTypes.includes(t), `${t} is read as it is, postmap builds nothing`);
    assert.deepEqual(compiledSuffixes(t), []);
    assert.equal(tableTypes.get(t)?.kind, 'file');
    assert.ok(hasSourceFile(t));
  }
  assert.deepEqual(
    ['pcre', 'regexp', 'cidr'].map((t) => tableTypes.get(t)?.pattern),
    ['pcre', 'regexp', 'cidr'],
  );
  assert.equal(tableTypes.get('texthash')?.pattern, undefined);
  assert.deepEqual(compiledSuffixes('dbm'), ['.dir', '.pag']);
  // .db is made by hash and btree: the more used one is meant
  assert.equal(typeOfCompiled('.db'), 'hash');
  assert.equal(typeOfCompiled('.lmdb'), 'lmdb');
  assert.equal(typeOfCompiled('.txt'), undefined);
});

test('file types are the indexed and the directly read ones; clients, inline tables and wrappers have no file', () => {
  assert.deepEqual(new Set(fileTypes), new Set([...indexedTypes, 'texthash', 'pcre', 'regexp', 'cidr']));
  for (const t of ['ldap', 'mysql', 'tcp', 'socketmap', 'inline', 'static', 'pipemap', 'unionmap', 'randmap', 'proxy', 'environ'])
    assert.ok(!hasSourceFile(t), t);
  assert.deepEqual(
    ['inline', 'static', 'randmap', 'pipemap', 'unionmap'].map((t) => tableTypes.get(t)?.kind),
    Array(5).fill('inline'),
  );
  assert.deepEqual(
    ['mysql', 'pgsql', 'ldap', 'sqlite', 'memcache', 'tcp', 'socketmap'].map((t) => tableTypes.get(t)?.kind),
    Array(7).fill('client'),
  );
  assert.ok(isWrapper('proxy') && isWrapper('debug') && !isWrapper('hash'));
  for (const t of tableTypes.values()) assert.match(t.since, /^\d+\.\d+$/, t.name);
  // only indexed types make files, only file types have a pattern syntax, only clients take main.cf settings
  for (const t of tableTypes.values()) {
    if (t.compiled) assert.equal(t.kind, 'indexed', t.name);
    if (t.pattern) assert.equal(t.kind, 'file', t.name);
  }
  for (const type of databaseTypes.keys()) assert.equal(tableTypes.get(type)?.kind, 'client', type);
});

test('tableTarget looks through wrappers and matches type names exactly, as Postfix does', () => {
  assert.deepEqual(tableTarget('proxy:debug:hash:/etc/postfix/access'), { type: 'hash', path: '/etc/postfix/access' });
  assert.deepEqual(tableTarget('HASH:/etc/postfix/access'), { type: 'HASH', path: '/etc/postfix/access' });
  assert.equal(hasSourceFile('HASH'), false);
});

test('database settings: a table named without a path makes <name>_<suffix> legitimate', () => {
  assert.deepEqual([...databaseTypes.keys()].sort(), ['ldap', 'memcache', 'mongodb', 'mysql', 'pgsql', 'sqlite']);
  const names = databaseSettings('hash:/etc/postfix/x, ldap:corp, mysql:/etc/postfix/mysql.cf');
  assert.ok(names.includes('corp_server_host') && names.includes('corp_search_base'), names.join(' '));
  assert.ok(!names.some((n) => n.startsWith('/')), 'a table named by a path has no settings in main.cf');
  assert.deepEqual(databaseSettings('no tables here'), []);
});

test('the client offers postmap the indexed types of the service module instead of a list of its own', () => {
  const source = readFileSync(join(__dirname, '..', '..', '..', 'client', 'src', 'extension.ts'), 'utf8');
  assert.match(source, /import \{[^}]*indexedTypes[^}]*\} from '\.\.\/\.\.\/server\/src\/service\/knowledge\/tableTypes'/);
  assert.doesNotMatch(source, /'hash'|'lmdb'|'btree'/);
});

interface Sample {
  kind: 'a' | 'b';
  names: string[];
  note?: string;
  texts: Record<'x' | 'y', string>;
}

const SAMPLE = recordOf(object<Sample>({ kind: oneOf('a', 'b'), names: listOf(text), note: optional(text), texts: keyed(['x', 'y'], text) }));

test('JSON data is typed in one place, and a broken file names the key that is wrong', () => {
  const good = { one: { kind: 'a', names: ['n'], texts: { x: '1', y: '2' } } };
  assert.equal(readData('sample.json', good, SAMPLE), good);
  const broken = (value: unknown): string => {
    try {
      readData('sample.json', value, SAMPLE);
    } catch (e) {
      return (e as Error).message;
    }
    return 'accepted';
  };
  assert.equal(broken({ one: { ...good.one, kind: 'c' } }), 'sample.json: one.kind: "c" is none of a, b');
  assert.equal(broken({ one: { ...good.one, names: ['n', 3] } }), 'sample.json: one.names[1]: number where text belongs');
  assert.equal(broken({ one: { ...good.one, nots: 'typo' } }), 'sample.json: one: unknown field "nots"');
  assert.equal(broken({ one: { kind: 'a', texts: { x: '1', y: '2' } } }), 'sample.json: one: no "names"');
  assert.equal(broken({ one: { ...good.one, texts: { x: '1' } } }), 'sample.json: one.texts: no "y"');
  assert.equal(broken({ one: { ...good.one, note: null } }), 'sample.json: one.note: null where text belongs');
});
