/**
 * The generated parameter knowledge against the upstream reference material:
 * postconf.proto of Postfix 3.11.6 and the extracted facts tables.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parameterNames, parameters } from '../../server/src/service/knowledge/parameters';
import { availableIn } from '../../server/src/service/knowledge/versions';

const REFERENCE = join(__dirname, '../../../../shared/reference');
const FACTS_3_11 = join(REFERENCE, 'facts/params-since-3.11.6.tsv');
const FACTS_3_7 = join(REFERENCE, 'facts/params-since-3.7.11.tsv');
const PROTO = join(REFERENCE, 'postfix-3.11.6/postconf.proto');

interface Fact {
  name: string;
  default: string;
  since: string;
}

function readFacts(path: string): Fact[] {
  return readFileSync(path, 'utf8')
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
  s.replace(/&ge;/g, '>=').replace(/&le;/g, '<=').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** %PARAM sections of postconf.proto: name, default, and the HTML text up to the next %PARAM. */
function protoSections(): Map<string, { default: string; body: string }> {
  const text = readFileSync(PROTO, 'utf8');
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
  smtpd_forbid_bare_newline: {
    facts: '3.8.4',
    knowledge: '3.9',
    reason: 'new in 3.9 and back-ported to 3.8.4/3.7.9/3.6.13 (see smtpd_forbid_bare_newline_exclusions); facts give the earliest backport',
  },
};

test('the reference files resolve from the compiled test directory', () => {
  assert.ok(existsSync(FACTS_3_11), FACTS_3_11);
  assert.ok(existsSync(FACTS_3_7), FACTS_3_7);
  assert.ok(existsSync(PROTO), PROTO);
});

test('parameters.json has the 921 parameters of postconf.proto', () => {
  assert.equal(parameters.size, 921);
  const sections = protoSections();
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
  assert.equal(p.default, protoSections().get('smtpd_relay_restrictions')?.default);
});

test('every default matches the %PARAM line of postconf.proto', () => {
  const sections = protoSections();
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

test('backports in the knowledge are those postconf.proto names for the parameter', () => {
  const sections = protoSections();
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
function protoBackports(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, s] of protoSections()) {
    const m = /available in Postfix &ge; ([0-9.]+)((?:,\s*(?:and\s+)?[0-9]+\.[0-9]+\.[0-9]+)+)/.exec(s.body);
    if (m) out.set(name, m[2].match(/[0-9]+\.[0-9]+\.[0-9]+/g) ?? []);
  }
  return out;
}

test(
  'every backport postconf.proto names is in the knowledge',
  () => {
    const listed = protoBackports();
    assert.ok(listed.size >= 5);
    const missing: string[] = [];
    for (const [name, versions] of listed) {
      const have = parameters.get(name)?.backports ?? [];
      for (const v of versions) if (!have.includes(v)) missing.push(`${name} ${v}`);
    }
    assert.deepEqual(missing, []);
  },
);

test(
  'smtpd_forbid_bare_newline carries its backports like smtpd_forbid_bare_newline_exclusions',
  () => {
    const backports = parameters.get('smtpd_forbid_bare_newline')?.backports ?? [];
    for (const v of ['3.8.4', '3.7.9']) assert.ok(backports.includes(v), v);
  },
);

test(
  'every parameter of Postfix 3.7.11 is available for target 3.7.11',
  () => {
    const notAvailable = readFacts(FACTS_3_7)
      .filter((f) => {
        const p = parameters.get(f.name);
        return p && !p.removedIn && !availableIn('3.7.11', p.since, p.backports);
      })
      .map((f) => f.name);
    assert.deepEqual(notAvailable, []);
  },
);

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
