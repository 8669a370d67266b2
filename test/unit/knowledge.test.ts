/**
 * The generated parameter knowledge against the facts tables of
 * test/fixtures/knowledge (name, default, version that added it, for Postfix
 * 3.11.6 and 3.7.11) and, with POSTFIX_REFERENCE, against postconf.proto.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { parameterNames, parameters } from '../../server/src/service/knowledge/parameters';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { addedInText, availableIn, isVersion, NEWEST_VERSION, RELEASES } from '../../server/src/service/knowledge/versions';
import { readFixture } from '../support/fixtures';
import { referenceDir } from '../support/outside';

const FACTS_3_11 = 'knowledge/params-since-3.11.6.tsv';
const FACTS_3_7 = 'knowledge/params-since-3.7.11.tsv';

interface Fact {
  name: string;
  default: string;
  since: string;
}

function readFacts(fixture: string): Fact[] {
  return readFixture(fixture)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [name, def = '', since = ''] = l.split('\t');
      return { name, default: def, since };
    });
}

/** The facts tables write "≥" where the knowledge (like postconf -d) writes ">=". */
const normalize = (s: string): string => s.replace(/≥/g, '>=').replace(/≤/g, '<=');
const decode = (s: string): string =>
  s
    .replace(/&ge;/g, '>=')
    .replace(/&le;/g, '<=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

type Sections = Map<string, { default: string; body: string }>;

/**
 * %PARAM sections of postconf.proto: name, default, and the HTML text up to
 * the next %PARAM; undefined after skipping the test without POSTFIX_REFERENCE.
 */
function protoSections(t: TestContext): Sections | undefined {
  const reference = referenceDir(t);
  if (!reference) return undefined;
  const text = readFileSync(join(reference, 'postconf.proto'), 'utf8');
  const out = new Map<string, { default: string; body: string }>();
  const parts = text.split(/^%PARAM /m).slice(1);
  for (const part of parts) {
    const nl = part.indexOf('\n');
    const header = part.slice(0, nl);
    const m = /^(\S+)[ \t]*(.*)$/.exec(header);
    assert.ok(m, `a %PARAM header: ${header}`);
    out.set(m[1], { default: decode(m[2].trim()), body: part.slice(nl + 1) });
  }
  return out;
}

/**
 * "since" values in the facts table that differ from the knowledge on purpose,
 * each checked against postconf.proto / RELEASE_NOTES-3.11.
 */
const SINCE_EXCEPTIONS: Record<string, { facts: string; knowledge: string; reason: string }> = {
  lmtp_sasl_password_result_delimiter: {
    facts: '',
    knowledge: '3.9',
    reason: 'proto only says "the LMTP-specific version of smtp_sasl_password_result_delimiter", which is available in Postfix >= 3.9',
  },
  requiretls_redact_dsn: {
    facts: '',
    knowledge: '3.11',
    reason: 'proto has no availability note; RELEASE_NOTES-3.11 "[Feature 20250827] New parameter requiretls_redact_dsn"',
  },
  tls_append_default_CA: {
    facts: '2.4.15',
    knowledge: '2.7.2',
    reason:
      'proto: "available in Postfix 2.4.15, 2.5.11, 2.6.8, 2.7.2 and later"; 2.5.0 to 2.5.10 lack it, so 2.7.2 is the release from which every later one has it, the others are back-ports',
  },
  transport_transport_rate_delay: {
    facts: '',
    knowledge: '3.1',
    reason:
      'proto has no note; HISTORY adds default_transport_rate_delay and the transport-specific *transport*_transport_rate_delay together, and the former is 3.1',
  },
  smtpd_forbid_bare_newline: {
    facts: '3.8.4',
    knowledge: '3.9',
    reason: 'new in 3.9 and back-ported to 3.8.4/3.7.9/3.6.13 (see smtpd_forbid_bare_newline_exclusions); facts give the earliest backport',
  },
};

test('parameters.json has the 921 parameters of postconf.proto', (t) => {
  assert.equal(parameters.size, 921);
  const sections = protoSections(t);
  if (!sections) return;
  assert.equal(sections.size, 921);
  assert.deepEqual([...parameters.keys()].sort(), [...sections.keys()].sort());
});

test('every parameter has a non-empty summary', () => {
  const empty = [...parameters.values()].filter((p) => typeof p.summary !== 'string' || p.summary.trim() === '').map((p) => p.name);
  assert.deepEqual(empty, []);
});

test('every parameter has a value kind', () => {
  const kinds = new Set(['boolean', 'time', 'integer', 'size', 'enum', 'list', 'tables', 'restrictions', 'text']);
  const bad = [...parameters.values()].filter((p) => !kinds.has(p.kind?.type)).map((p) => p.name);
  assert.deepEqual(bad, []);
  for (const p of parameters.values()) {
    if (p.kind.type === 'time') assert.match(p.kind.unit, /^[smhdw]$/, p.name);
    if (p.kind.type === 'enum') assert.ok(p.kind.values.length > 0, p.name);
  }
});

test('smtpd_relay_restrictions: since 2.10, with the default from postconf.proto', () => {
  const p = parameters.get('smtpd_relay_restrictions');
  assert.ok(p);
  assert.equal(p.since, '2.10');
  assert.equal(p.default, 'permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination');
});

test('every default matches the %PARAM line of postconf.proto', (t) => {
  const sections = protoSections(t);
  if (!sections) return;
  const mismatches = [...sections].filter(([name, s]) => parameters.get(name)?.default !== s.default).map(([name]) => name);
  assert.deepEqual(mismatches, []);
});

test('defaults and versions match params-since-3.11.6.tsv for every parameter', () => {
  const facts = readFacts(FACTS_3_11);
  assert.equal(facts.length, 921);
  const problems: string[] = [];
  for (const f of facts) {
    const p = parameters.get(f.name);
    if (!p) {
      problems.push(`${f.name}: missing`);
      continue;
    }
    if (p.default !== normalize(f.default)) problems.push(`${f.name}: default ${JSON.stringify(p.default)} vs facts ${JSON.stringify(f.default)}`);
    const since = p.since ?? '';
    const exception = SINCE_EXCEPTIONS[f.name];
    if (exception) {
      assert.equal(f.since, exception.facts, `${f.name}: the facts entry changed, review the exception`);
      if (since !== exception.knowledge) problems.push(`${f.name}: since ${since} vs expected ${exception.knowledge}`);
    } else if (since !== f.since) {
      problems.push(`${f.name}: since ${JSON.stringify(since)} vs facts ${JSON.stringify(f.since)}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('backports in the knowledge are those postconf.proto names for the parameter', (t) => {
  const sections = protoSections(t);
  if (!sections) return;
  // the lifecycle overlay adds back-ports the proto does not state (HISTORY and the 3.7 parameter list do)
  const overlay = lifecycleOverlay();
  const withBackports = [...parameters.values()].filter((p) => p.backports?.length && !overlay[p.name]?.backports);
  assert.ok(withBackports.length >= 5, 'some parameters have backports');
  for (const p of withBackports) {
    const body = sections.get(p.name)?.body ?? '';
    for (const b of p.backports ?? []) {
      assert.ok(new RegExp(`\\b${b.replace(/\./g, '\\.')}\\b`).test(body), `${p.name}: backport ${b} in postconf.proto`);
    }
  }
  assert.deepEqual(parameters.get('smtpd_forbid_unauth_pipelining')?.backports?.slice(0, 2), ['3.8.1', '3.7.6']);
});

function lifecycleOverlay(): Record<string, { backports?: string[] }> {
  const file = join(__dirname, '..', '..', '..', 'server', 'src', 'service', 'knowledge', 'overlays', 'lifecycle.json');
  return JSON.parse(readFileSync(file, 'utf8')).parameters;
}

/** Version lists of "This feature is available in Postfix &ge; 3.9, 3.8.1, 3.7.6, 3.6.10, and 3.5.20." */
function protoBackports(sections: Sections): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, s] of sections) {
    const m = /available in Postfix &ge; ([0-9.]+)((?:,\s*(?:and\s+)?[0-9]+\.[0-9]+\.[0-9]+)+)/.exec(s.body);
    if (m) out.set(name, m[2].match(/[0-9]+\.[0-9]+\.[0-9]+/g) ?? []);
  }
  return out;
}

test('every backport postconf.proto names is in the knowledge', (t) => {
  const sections = protoSections(t);
  if (!sections) return;
  const listed = protoBackports(sections);
  assert.ok(listed.size >= 5);
  const missing: string[] = [];
  for (const [name, versions] of listed) {
    const have = parameters.get(name)?.backports ?? [];
    for (const v of versions) if (!have.includes(v)) missing.push(`${name} ${v}`);
  }
  assert.deepEqual(missing, []);
});

test('smtpd_forbid_bare_newline carries its backports like smtpd_forbid_bare_newline_exclusions', () => {
  const backports = parameters.get('smtpd_forbid_bare_newline')?.backports ?? [];
  for (const v of ['3.8.4', '3.7.9']) assert.ok(backports.includes(v), v);
});

test('every parameter of Postfix 3.7.11 is available for target 3.7.11', () => {
  const notAvailable = readFacts(FACTS_3_7)
    .filter((f) => {
      const p = parameters.get(f.name);
      return p && !p.removedIn && !availableIn('3.7.11', p.since, p.backports);
    })
    .map((f) => f.name);
  assert.deepEqual(notAvailable, []);
});

test('every parameter of Postfix 3.7.11 is known', () => {
  const facts = readFacts(FACTS_3_7);
  assert.ok(facts.length > 800);
  const unknown = facts.filter((f) => !parameters.has(f.name)).map((f) => f.name);
  assert.deepEqual(unknown, []);
});

test('parameterNames excludes the per-transport templates', () => {
  const templates = [...parameters.values()].filter((p) => p.template).map((p) => p.name);
  assert.ok(templates.includes('transport_time_limit'));
  assert.ok(templates.every((t) => !parameterNames.includes(t)));
  assert.equal(parameterNames.length + templates.length, 921);
});

test('version availability: since, and backports on their own branch only', () => {
  assert.equal(availableIn('3.7.11', '3.9', ['3.8.1', '3.7.6']), true);
  assert.equal(availableIn('3.7.5', '3.9', ['3.8.1', '3.7.6']), false);
  assert.equal(availableIn('3.8.0', '3.9', ['3.8.1', '3.7.6']), false);
  assert.equal(availableIn('3.6.20', '3.9', ['3.8.1', '3.7.6']), false);
  assert.equal(availableIn('3.10', '3.9'), true);
  assert.equal(availableIn('3.9', '3.10'), false);
  assert.equal(availableIn('3.11', undefined), true);
});

test('back-ports: a target with the patch level of its branch has the feature, an older patch or a bare X.Y (= X.Y.0) does not', () => {
  const p = parameters.get('smtpd_forbid_unauth_pipelining');
  assert.ok(p);
  assert.equal(p.since, '3.9');
  assert.deepEqual(p.backports, ['3.8.1', '3.7.6', '3.6.10', '3.5.20']);
  for (const target of ['3.7.11', '3.7.6', '3.8.1', '3.5.20', '3.9', '3.11.6']) assert.equal(availableIn(target, p.since, p.backports), true, target);
  for (const target of ['3.7.5', '3.7', '3.7.0', '3.8', '3.4.99', '3.5.19']) assert.equal(availableIn(target, p.since, p.backports), false, target);
});

test('back-ports listed oldest first ("2.4.15, 2.5.11, 2.6.8, 2.7.2 and later"): since is the newest of them', () => {
  const p = parameters.get('tls_append_default_CA');
  assert.ok(p);
  assert.equal(p.since, '2.7.2');
  assert.deepEqual(p.backports, ['2.4.15', '2.5.11', '2.6.8']);
  for (const target of ['2.4.15', '2.5.11', '2.6.8', '2.7.2', '2.8', '3.0']) assert.equal(availableIn(target, p.since, p.backports), true, target);
  for (const target of ['2.4.14', '2.5', '2.5.10', '2.7.1', '2.3']) assert.equal(availableIn(target, p.since, p.backports), false, target);
});

test('"available in Postfix 2.1 and 2.2" is a range, not a back-port', () => {
  const p = parameters.get('smtpd_sasl_application_name');
  assert.equal(p?.since, '2.1');
  assert.equal(p?.backports, undefined);
  assert.equal(p?.removedIn, '2.3');
});

test('the added-in text names the patch release of the target branch', () => {
  assert.equal(addedInText('3.7.5', '3.9', ['3.8.1', '3.7.6']), '3.9 (3.7.6 on the 3.7 branch)');
  assert.equal(addedInText('3.7', '3.9', ['3.8.1', '3.7.6']), '3.9 (3.7.6 on the 3.7 branch)');
  assert.equal(addedInText('3.4.2', '3.9', ['3.8.1', '3.7.6']), '3.9');
  assert.equal(addedInText('3.8', '3.9'), '3.9');
});

test('transport_* templates: their version, from their own note or else from the parameter they override', () => {
  const templates = [...parameters.values()].filter((p) => p.template);
  assert.equal(templates.length, 17);
  const expected: Record<string, string> = {
    transport_destination_concurrency_failed_cohort_limit: '2.5',
    transport_destination_concurrency_positive_feedback: '2.5',
    transport_destination_concurrency_negative_feedback: '2.5',
    transport_initial_destination_concurrency: '2.5',
    transport_recipient_refill_limit: '2.4',
    transport_recipient_refill_delay: '2.4',
    transport_destination_rate_delay: '2.5',
    transport_transport_rate_delay: '3.1',
  };
  assert.deepEqual(Object.fromEntries(templates.filter((t) => t.since).map((t) => [t.name, t.since])), expected);
  // a template never predates the parameter it overrides
  for (const t of templates) {
    const overridden = parameters.get(t.default.slice(1));
    assert.ok(overridden, t.name);
    if (overridden.since) assert.ok(t.since && availableIn(t.since, overridden.since), t.name);
  }
});

test('releases: one list from the newest known back to 2.0, and the newest is the newest version in the data', () => {
  assert.equal(RELEASES[0], NEWEST_VERSION);
  assert.equal(RELEASES[RELEASES.length - 1], '2.0');
  assert.ok(RELEASES.every(isVersion));
  for (let i = 1; i < RELEASES.length; i++) assert.ok(!availableIn(RELEASES[i], RELEASES[i - 1]), `${RELEASES[i]} before ${RELEASES[i - 1]}`);
  assert.ok(RELEASES.includes('2.10') && RELEASES.includes('3.0'));
  const newestInData = [...parameters.values()].map((p) => p.since ?? '0').reduce((a, b) => (availableIn(a, b) ? a : b));
  assert.equal(newestInData, NEWEST_VERSION, 'raise NEWEST_VERSION with the data');
});

test('the client takes the releases from the service module instead of a list of its own', () => {
  const source = readFileSync(join(__dirname, '..', '..', '..', 'client', 'src', 'extension.ts'), 'utf8');
  assert.match(source, /import \{[^}]*NEWEST_VERSION[^}]*RELEASES[^}]*\} from '\.\.\/\.\.\/server\/src\/service\/knowledge\/versions'/);
  assert.doesNotMatch(source, /'3\.1\d'|'2\.\d+'/);
});

/** Runs the own-words check on `files` (name -> content) written to a temporary directory. */
function ownWords(reference: string, files: Record<string, string>, ...options: string[]): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'own-words-'));
  try {
    const paths = Object.entries(files).map(([name, content]) => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    });
    const script = join(__dirname, '..', '..', '..', 'scripts', 'check-own-words.mjs');
    const run = spawnSync(process.execPath, [script, ...options, ...paths], { encoding: 'utf8', env: { ...process.env, POSTFIX_REFERENCE: reference } });
    return { status: run.status, out: run.stdout + run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('own words: a sentence of a man5 page or postconf.proto is caught in table types and in TypeScript strings', (t) => {
  const reference = referenceDir(t);
  if (!reference) return;
  // from access(5) and from the unknown_address_reject_code entry of postconf.proto
  const copied = ownWords(reference, {
    'tableTypes.json': JSON.stringify({ hash: { since: '1.0', summary: 'The search string is folded to lowercase before database lookup.' } }),
    'actions.ts': "const a = action('X', 'none', 'Do not change this unless you have a complete understanding of RFC 5321.');\n",
  });
  assert.equal(copied.status, 1, copied.out);
  assert.match(copied.out, /tableTypes\.json: hash\.summary: shares/);
  assert.match(copied.out, /actions\.ts: line 1: shares/);
  const own = ownWords(reference, {
    'tableTypes.json': JSON.stringify({ hash: { since: '1.0', summary: 'Keys are lowercased before they are looked up.' } }),
  });
  assert.equal(own.status, 0, own.out);
});

test('own words: names and values may be quoted, prose around names counts word by word', (t) => {
  const reference = referenceDir(t);
  if (!reference) return;
  // the default of smtpd_relay_restrictions: eight words of names, no prose
  const names = ownWords(reference, {
    'a.json': JSON.stringify({ x: 'Out of the box it is `permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination`.' }),
  });
  assert.equal(names.status, 0, names.out);
  // three words of prose between two names are ten words of postconf.proto
  const text = { 'a.json': JSON.stringify({ x: 'Used when reject_unknown_sender_domain or reject_unknown_recipient_domain refuses.' }) };
  const strict = ownWords(reference, text);
  assert.equal(strict.status, 1, strict.out);
  assert.match(strict.out, /shares "when reject unknown sender domain or reject unknown"/);
  assert.equal(ownWords(reference, text, '--run', '12').status, 0);
});

test('own words: every text of the project passes, tables, restrictions and actions included', (t) => {
  const reference = referenceDir(t);
  if (!reference) return;
  const script = join(__dirname, '..', '..', '..', 'scripts', 'check-own-words.mjs');
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8', env: { ...process.env, POSTFIX_REFERENCE: reference } });
  assert.equal(run.status, 0, run.stdout);
  const [, texts] = /all in our own words \((\d+) texts/.exec(run.stdout) ?? [];
  // 921 parameter summaries, 78 restrictions, table types, actions, master.cf texts, messages
  assert.ok(Number(texts) > 1200, run.stdout);
});
