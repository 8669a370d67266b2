/**
 * The database client facts (knowledge/dbms.ts) against the Postfix sources:
 * the types postconf reads client files for, and the names each client reads
 * from its file (what postconf compares a file with before it calls a name
 * unused).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { dbmsParameter, dbmsTypes, suggestDbmsParameter } from '../../server/src/service/knowledge/dbms';
import { databaseTypes, tableTypes } from '../../server/src/service/knowledge/tableTypes';
import { referenceDir } from '../support/outside';

const SQL = ['mysql', 'pgsql', 'sqlite'];
const LEGACY_SQL = ['select_field', 'table', 'where_field', 'additional_conditions'];

/** The names a client reads with cfg_get_str/int/bool(), the "domain" of db_common.c, and the legacy SQL names it builds a query from. */
function namesRead(src: string, type: string): string[] {
  const source = readFileSync(join(src, `dict_${type}.c`), 'utf8');
  const names = new Set<string>();
  // memcache names its settings through macros
  for (const m of source.matchAll(/#define\s+DICT_MC_NAME_\w+\s+"(\w+)"/g)) names.add(m[1]);
  for (const m of source.matchAll(/cfg_get_(?:str|int|bool)\(\s*[^,]+,\s*"(\w+)"/g)) names.add(m[1]);
  if (source.includes('db_common_parse_domain')) names.add('domain');
  if (source.includes('db_common_sql_build_query')) for (const n of LEGACY_SQL) names.add(n);
  return [...names].sort();
}

test('the client types are those postconf reads client files for (postconf_dbms.c), each a client table type', (t) => {
  const reference = referenceDir(t);
  if (!reference) return;
  const source = readFileSync(join(reference, 'src', 'postconf_dbms.c'), 'utf8');
  const clients = [...source.matchAll(/\{DICT_TYPE_(\w+), PCF_DBMS_CLASS_CLIENT/g)].map((m) => m[1].toLowerCase());
  assert.deepEqual([...dbmsTypes.keys()].sort(), clients.sort());
  for (const type of dbmsTypes.keys()) assert.equal(tableTypes.get(type)?.kind, 'client', type);
  assert.deepEqual([...databaseTypes.keys()].sort(), clients.sort());
});

test('each client file takes exactly the names its client reads', (t) => {
  const reference = referenceDir(t);
  if (!reference) return;
  for (const type of ['mysql', 'pgsql', 'sqlite', 'ldap', 'memcache']) {
    const known = [...(dbmsTypes.get(type)?.parameters.keys() ?? [])].sort();
    assert.deepEqual(known, namesRead(join(reference, 'src'), type), type);
  }
});

test('the main.cf settings of a table named without a path are the parameters of its client file', () => {
  for (const [type, t] of dbmsTypes) assert.deepEqual(databaseTypes.get(type), [...t.parameters.keys()]);
});

test('every client parameter has a kind and a summary; passwords are secret', () => {
  for (const t of dbmsTypes.values()) {
    for (const p of t.parameters.values()) assert.ok(p.summary.length > 20 && p.kind.type, `${t.name}:${p.name}`);
  }
  for (const [type, name] of [
    ['mysql', 'password'],
    ['pgsql', 'password'],
    ['ldap', 'bind_pw'],
    ['mongodb', 'uri'],
  ]) {
    assert.equal(dbmsParameter(type, name)?.secret, true, `${type}:${name}`);
  }
});

test('releases and obsolete interfaces come from the manual pages', () => {
  assert.equal(dbmsParameter('mysql', 'charset')?.since, '3.9');
  assert.equal(dbmsParameter('pgsql', 'encoding')?.since, '3.8');
  assert.equal(dbmsParameter('memcache', 'key_digest')?.since, '3.11');
  assert.equal(dbmsParameter('mysql', 'query')?.since, '2.2');
  assert.equal(dbmsParameter('mysql', 'hosts')?.since, undefined, 'as old as the mysql: type');
  for (const type of SQL) for (const n of LEGACY_SQL) assert.equal(dbmsParameter(type, n)?.obsolete, true, `${type}:${n}`);
  assert.equal(dbmsParameter('ldap', 'result_filter')?.replacement, 'result_format');
  assert.equal(dbmsParameter('ldap', 'cache')?.ignored, true);
  assert.equal(dbmsParameter('ldap', 'scope')?.default, 'sub');
  assert.equal(dbmsParameter('ldap', 'bind_dn')?.default, '', '"empty" is the empty default');
});

test('did-you-mean among the names of the same type only', () => {
  assert.equal(suggestDbmsParameter('mysql', 'qurey'), 'query');
  assert.equal(suggestDbmsParameter('ldap', 'serach_base'), 'search_base');
  assert.equal(suggestDbmsParameter('sqlite', 'hosts'), undefined);
});
