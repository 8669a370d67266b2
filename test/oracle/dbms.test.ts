/**
 * Database client files against the real Postfix:
 * - postconf -n over a main.cf and master.cf that name client files of the
 *   five types (test/fixtures/dbms/): each warning it prints about them
 *   (unused parameters, overriding entries, files that do not exist) is one
 *   of our diagnostics at the line it concerns, and we report no unknown
 *   name, repeated setting or missing file where postconf is silent;
 * - the clients themselves (postmap -q opens the table as the daemons do):
 *   a setting that makes a client stop is one of our errors, a warning of
 *   the client one of our warnings, and a file it takes gets no error.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { nodeFiles } from '../../server/src/nodeFiles';
import { DiagnosticSeverity, type Diagnostic } from '../../server/src/service/diagnostics';
import { createLanguageService } from '../../server/src/service/languageService';
import { defaultSettings } from '../../server/src/service/settings';
import { Workspace } from '../../server/src/service/workspace';
import { fixturesDir } from '../support/fixtures';
import { requirePostfix } from './support';

const TYPES = ['mysql', 'pgsql', 'sqlite', 'ldap', 'memcache'];

/** The client types postconf knows here: Debian's postfix knows a type only with its plugin package. */
function requireClientTypes(t: TestContext): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'pf-dbms-m-'));
  writeFileSync(join(dir, 'main.cf'), '');
  const known = execFileSync('postconf', ['-c', dir, '-m'], { encoding: 'utf8' }).split('\n');
  const missing = TYPES.filter((type) => !known.includes(type));
  if (missing.length === 0) return true;
  const why = `postconf knows no ${missing.join(', ')} tables: install postfix-mysql postfix-pgsql postfix-ldap postfix-sqlite`;
  if (process.env.CI) throw new Error(why);
  t.skip(why);
  return false;
}

/** The fixtures copied to a configuration directory, @DIR@ made that directory, every file older than Postfix's two-second wait. */
function configuration(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pf-dbms-'));
  const past = new Date(Date.now() - 60_000);
  for (const name of readdirSync(join(fixturesDir, 'dbms'))) {
    const path = join(dir, name);
    writeFileSync(path, readFileSync(join(fixturesDir, 'dbms', name), 'utf8').replaceAll('@DIR@', dir));
    utimesSync(path, past, past);
  }
  return dir;
}

type Warning =
  | { kind: 'unused'; file: string; name: string }
  | { kind: 'overriding'; file: string; line: number; name: string }
  | { kind: 'missing'; type: string; file: string }
  | { kind: 'other'; text: string };

function postconfWarnings(dir: string): Warning[] {
  const run = spawnSync('postconf', ['-c', dir, '-n'], { encoding: 'utf8' });
  return run.stderr
    .split('\n')
    .filter(Boolean)
    .map((text): Warning => {
      let m: RegExpExecArray | null;
      if ((m = /^postconf: warning: [a-z]+:(\/[^:]+): unused parameter: ([^=]+)=/.exec(text))) return { kind: 'unused', file: m[1], name: m[2].trim() };
      if ((m = /^postconf: warning: (\/[^,]+), line (\d+): overriding earlier entry: ([^=]+)=/.exec(text))) {
        return { kind: 'overriding', file: m[1], line: Number(m[2]), name: m[3].trim() };
      }
      if ((m = /^postconf: warning: open "([a-z]+)" configuration "([^"]+)": No such file/.exec(text))) return { kind: 'missing', type: m[1], file: m[2] };
      return { kind: 'other', text };
    });
}

/** Our diagnostics for each file of the directory, read as the check command reads them. */
function ourDiagnostics(dir: string, target: string): Map<string, { text: string; diagnostics: Diagnostic[] }> {
  const workspace = new Workspace(nodeFiles);
  const service = createLanguageService(workspace);
  const out = new Map<string, { text: string; diagnostics: Diagnostic[] }>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const text = readFileSync(path, 'utf8');
    const uri = nodeFiles.uriOf(path);
    workspace.open(uri, '', 1, text);
    const report = service.diagnostics(uri, { ...defaultSettings, targetVersion: target });
    assert.deepEqual(report.failures, [], `no check threw on ${name}`);
    out.set(path, { text, diagnostics: report.diagnostics });
    workspace.close(uri);
  }
  return out;
}

const covered = (text: string, d: Diagnostic): string => {
  const line = text.split('\n')[d.range.start.line] ?? '';
  return line.slice(d.range.start.character, d.range.end.character);
};

const UNUSED_CODES = new Set(['unknown-parameter', 'parameter-newer-than-target']);

test('postconf -n on client files of all five types: every warning at its line, none where postconf is silent', (t) => {
  const version = requirePostfix(t);
  if (!version || !requireClientTypes(t)) return;
  const dir = configuration();
  const warnings = postconfWarnings(dir);
  const ours = ourDiagnostics(dir, version);
  // the fixtures mean something: each kind of warning is there, for every type
  assert.ok(
    TYPES.every((type) => warnings.some((w) => w.kind === 'unused' && w.file.includes(type))),
    'an unused parameter in every type',
  );
  assert.ok(warnings.some((w) => w.kind === 'overriding'));
  assert.equal(warnings.filter((w) => w.kind === 'missing').length, 2, 'one missing file named in main.cf, one in master.cf');
  assert.deepEqual(
    warnings.filter((w) => w.kind === 'other'),
    [],
  );

  const missing: string[] = [];
  for (const w of warnings) {
    if (w.kind === 'unused') {
      const file = ours.get(w.file);
      if (!file?.diagnostics.some((d) => UNUSED_CODES.has(String(d.code)) && covered(file.text, d) === w.name)) missing.push(`unused ${w.name} in ${w.file}`);
    } else if (w.kind === 'overriding') {
      const file = ours.get(w.file);
      if (!file?.diagnostics.some((d) => d.code === 'duplicate-parameter' && d.range.start.line === w.line - 1))
        missing.push(`overriding ${w.name} in ${w.file}`);
    } else if (w.kind === 'missing') {
      const named = [join(dir, 'main.cf'), join(dir, 'master.cf')].some((f) => {
        const file = ours.get(f);
        return file?.diagnostics.some((d) => d.code === 'missing-lookup-table' && covered(file.text, d).endsWith(w.file));
      });
      if (!named) missing.push(`missing ${w.file}`);
    }
  }
  assert.deepEqual(missing, []);

  const extra: string[] = [];
  for (const [path, file] of ours) {
    for (const d of file.diagnostics) {
      const name = covered(file.text, d);
      const line = d.range.start.line + 1;
      if (UNUSED_CODES.has(String(d.code)) && !warnings.some((w) => w.kind === 'unused' && w.file === path && w.name === name))
        extra.push(`${path}:${line} ${name}`);
      if (d.code === 'duplicate-parameter' && !warnings.some((w) => w.kind === 'overriding' && w.file === path && w.line === line)) {
        // postconf warns where the value changes; the earlier line that loses is ours alone
        const later = file.diagnostics.some((o) => o !== d && o.code === 'duplicate-parameter' && covered(file.text, o) === name);
        if (!later) extra.push(`${path}:${line} duplicate ${name}`);
      }
      if (d.code === 'missing-lookup-table' && !warnings.some((w) => w.kind === 'missing' && name.endsWith(w.file)))
        extra.push(`${path}:${line} missing ${name}`);
    }
  }
  assert.deepEqual(extra, []);
});

test('the client file that draws no warning from postconf gets no diagnostic from us', (t) => {
  const version = requirePostfix(t);
  if (!version || !requireClientTypes(t)) return;
  const dir = configuration();
  const clean = join(dir, 'mysql-transport.cf');
  assert.ok(!postconfWarnings(dir).some((w) => 'file' in w && w.file === clean));
  assert.deepEqual(ourDiagnostics(dir, version).get(clean)?.diagnostics, []);
});

/** What the client says when it opens the table: its fatal error about a setting, and its warnings about settings. */
function openTable(type: string, text: string): { fatal?: string; warnings: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'pf-dbms-q-'));
  writeFileSync(join(dir, 'main.cf'), '');
  const path = join(dir, 'client.cf');
  writeFileSync(path, text);
  const run = spawnSync('postmap', ['-c', dir, '-q', 'someone@example.com', `${type}:${path}`], { encoding: 'utf8', timeout: 30_000 });
  const lines = run.stderr.split('\n');
  // the settings, not the servers (none listens on the ports the cases name)
  const SETTING =
    /bad (string length|numerical configuration|boolean configuration)|invalid \w+ parameter value|Invalid (query|result) template|unsupported parameter value|expecting "type:name"|missing '=' after|missing attribute name/;
  const fatal = lines.find((l) => /^postmap: fatal: /.test(l) && SETTING.test(l));
  const warnings = lines.filter((l) => /^postmap: warning: /.test(l) && /Unrecognized value|Unknown version|ignoring cache/.test(l));
  return { ...(fatal ? { fatal } : {}), warnings };
}

const MYSQL = 'hosts = 127.0.0.1:1\nuser = u\npassword = p\ndbname = mail\n';
const LDAP = 'server_host = ldap://127.0.0.1:1\nsearch_base = dc=example, dc=com\n';
const MEMCACHE = 'memcache = inet:127.0.0.1:1\nmax_try = 1\n';

/** Settings the clients refuse or warn about, and some they take; each case opens one table. */
const CASES: { type: string; text: string; why: string }[] = [
  { type: 'mysql', text: `${MYSQL}query = SELECT goto FROM alias WHERE address = '%s'\n`, why: 'a good file' },
  { type: 'mysql', text: 'hosts = 127.0.0.1:1\nquery = SELECT 1\n', why: 'no dbname' },
  { type: 'mysql', text: `${MYSQL}table = alias\nselect_field = goto\n`, why: 'an unfinished legacy query' },
  { type: 'mysql', text: `${MYSQL}table = alias\nselect_field = goto\nwhere_field = address\n`, why: 'a whole legacy query' },
  { type: 'mysql', text: `${MYSQL}query = SELECT goto FROM alias WHERE address = '%a'\n`, why: 'an unknown expansion' },
  { type: 'mysql', text: `${MYSQL}table = t\nselect_field = s\nwhere_field = w\nadditional_conditions = AND x LIKE '%foo%'\n`, why: 'a % in a legacy part' },
  { type: 'mysql', text: `${MYSQL}query = SELECT 1\nadditional_conditions = AND x LIKE '%foo%'\n`, why: 'a legacy part the query makes unused' },
  { type: 'mysql', text: `${MYSQL}query = SELECT 1\nresult_format = %s%\n`, why: 'a % at the end of the result format' },
  { type: 'mysql', text: `${MYSQL}query = SELECT 1\nrequire_result_set = 1\n`, why: 'a number for a boolean' },
  { type: 'mysql', text: `${MYSQL}query = SELECT 1\nexpansion_limit = 1x\n`, why: 'a word for a number' },
  { type: 'mysql', text: `${MYSQL}query = SELECT 1\nresult_format =\n`, why: 'an empty result format' },
  { type: 'pgsql', text: 'hosts = 127.0.0.1:1\nquery = SELECT 1\n', why: 'no dbname' },
  { type: 'pgsql', text: 'hosts = 127.0.0.1:1\ndbname = mail\nselect_function = lookup\n', why: 'the select function builds the query' },
  { type: 'sqlite', text: "query = SELECT 1 WHERE 'x' = '%s'\n", why: 'no dbpath' },
  { type: 'ldap', text: `${LDAP}chase_referrals = 0\n`, why: 'the manual default written out' },
  { type: 'ldap', text: `${LDAP}version = 1\n`, why: 'a version below 2' },
  { type: 'ldap', text: `${LDAP}version = 4\n`, why: 'a version above 3' },
  { type: 'ldap', text: `${LDAP}scope = subtree\n`, why: 'an unknown scope' },
  { type: 'ldap', text: `${LDAP}dereference = 5\n`, why: 'dereference out of range' },
  { type: 'ldap', text: `${LDAP}bind = maybe\n`, why: 'an unknown bind' },
  { type: 'ldap', text: `${LDAP}bind = Simple\n`, why: 'bind in another case' },
  { type: 'ldap', text: `${LDAP}sasl_minssf = 5000\nbind = sasl\n`, why: 'sasl_minssf above its maximum' },
  { type: 'ldap', text: `${LDAP}query_filter = (mail=%m)\n`, why: 'an unknown expansion in the filter' },
  { type: 'ldap', text: 'server_host = ldap://127.0.0.1:1\nsearch_base = uid=%u, dc=%x\n', why: 'an unknown expansion in the base' },
  { type: 'ldap', text: 'server_host =\nsearch_base = dc=example\n', why: 'an empty server list' },
  { type: 'ldap', text: `${LDAP}start_tls = YES\ntimeout = 5\n`, why: 'yes in capitals' },
  { type: 'memcache', text: `${MEMCACHE}key_format = %k\n`, why: 'an unknown expansion in the key' },
  { type: 'memcache', text: `${MEMCACHE}backup = verify_cache\n`, why: 'a backup that is no table' },
  { type: 'memcache', text: 'memcache = inet:127.0.0.1:1\nmax_try = 0\n', why: 'no try at all' },
  { type: 'memcache', text: `${MEMCACHE}ttl = 3600\nkey_format = verify:%s\n`, why: 'a good file' },
  { type: 'memcache', text: `${MEMCACHE}\n  flags = 1\n`, why: 'a line that starts with white space' },
  { type: 'mysql', text: `${MYSQL}query = SELECT 1\nno equals sign here\n`, why: 'a line without "="' },
];

test('the clients as postmap opens their tables: a fatal setting is our error, a warning ours, a good file none', (t) => {
  const version = requirePostfix(t);
  if (!version || !requireClientTypes(t)) return;
  const wrong: string[] = [];
  for (const c of CASES) {
    const real = openTable(c.type, c.text);
    const dir = mkdtempSync(join(tmpdir(), 'pf-dbms-ours-'));
    const path = join(dir, 'client.cf');
    writeFileSync(path, `# postfix-dbms: ${c.type}\n${c.text}`);
    const ours = ourDiagnostics(dir, version).get(path)?.diagnostics ?? [];
    const errors = ours.filter((d) => d.severity === DiagnosticSeverity.Error);
    const warnings = ours.filter((d) => d.severity === DiagnosticSeverity.Warning && d.code !== 'deprecated-parameter');
    const name = `${c.type} (${c.why})`;
    if (real.fatal && errors.length === 0) wrong.push(`${name}: the client stops (${real.fatal}), we report no error`);
    if (!real.fatal && errors.length > 0) wrong.push(`${name}: the client takes it, we report ${errors.map((d) => d.message).join(' | ')}`);
    if (!real.fatal && real.warnings.length > 0 && warnings.length === 0) wrong.push(`${name}: the client warns (${real.warnings.join(' | ')}), we do not`);
  }
  assert.deepEqual(wrong, []);
});
