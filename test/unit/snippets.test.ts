/**
 * The main.cf snippets: every body, with its placeholders filled in, is a
 * main.cf that the language service accepts without errors, and none of them
 * writes a parameter's default (a default adds nothing, and a copied default
 * below a stricter line silently weakens it).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import { parameters, type ValueKind } from '../../server/src/service/knowledge/parameters';
import { defaultSettings } from '../../server/src/service/settings';
import { listWords } from '../../server/src/service/syntax/restrictionList';
import { snippetDefaults } from '../../server/src/service/syntax/snippet';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { snippets?: unknown } };
const FILES = ['postfix-main.json', 'postfix-restrictions.json'].map((f) => join('server', 'src', 'service', 'knowledge', 'snippets', f));
const files = new Map(FILES.map((f) => [f, JSON.parse(readFileSync(join(root, f), 'utf8')) as Record<string, Snippet>]));
const snippets: Record<string, Snippet> = Object.assign({}, ...files.values()) as Record<string, Snippet>;

const bodyText = (s: Snippet): string => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

/** Every choice placeholder of a body with its number of options. */
function choices(body: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const m of body.matchAll(/\$\{(\d+)\|([^|]*)\|\}/g)) found.set(Number(m[1]), m[2].split(',').length);
  return found;
}

const REFUSED = new Set(['unknown-parameter', 'deprecated-parameter', 'syntax-error']);

/** Every diagnostic checkMainCf reports for `main` alone (no master.cf: the stock services), hints and warnings included. */
function report(main: string): { code: string; text: string }[] {
  const r = checkMainCf(new ConfigModel({ main }), defaultSettings, '3.11');
  assert.deepEqual(r.failures, [], 'no check threw');
  return r.diagnostics.map((d) => ({
    code: String(d.code),
    text: `line ${d.range.start.line + 1}: [${d.code}] ${typeof d.message === 'string' ? d.message : d.message.value}`,
  }));
}

/**
 * Errors about the configuration as a whole that an empty main.cf already has
 * (such as no-relay-protection: with compatibility_level 0 the default
 * smtpd_relay_restrictions is empty). A snippet that sets other things cannot
 * be blamed for them; the relay snippet must clear them (see below).
 */
const WHOLE_CONFIG = new Set(report('').map((d) => d.code));

function problems(main: string, strict = false): string[] {
  // a snippet goes into a main.cf that sets its own compatibility_level
  return report(main)
    .filter((d) => d.code !== 'compatibility-level-legacy' && (strict || !WHOLE_CONFIG.has(d.code)))
    .map((d) => d.text);
}

/** Snippets that must leave a main.cf without any error, whole-configuration ones included. */
const STRICT = /relay/i;

test('the expander fills in placeholders, choices, copies and escapes', () => {
  assert.equal(snippetDefaults('a = ${1:one} ${2|b,c|} $3 ${1} \\$x'), 'a = one b  one $x');
  assert.equal(snippetDefaults('a = ${2} ${1:p${2:q}r}'), 'a = q pqr');
  assert.equal(snippetDefaults('a = ${1|b,c|}', new Map([[1, 1]])), 'a = c');
  assert.equal(snippetDefaults('a = $0'), 'a = ');
  assert.throws(() => snippetDefaults('a = $name'), /no tabstop/);
  assert.throws(() => snippetDefaults('a = ${1:open'), /unclosed/);
});

test('package.json contributes no snippets: the language server offers them, where a parameter may start', () => {
  assert.equal(manifest.contributes.snippets, undefined);
});

test('each file has four to six snippets, each with prefixes, description and tabstops', () => {
  for (const [file, inFile] of files) {
    const count = Object.keys(inFile).length;
    assert.ok(count >= 4 && count <= 6, `${file}: ${count} snippets`);
  }
  assert.equal(
    Object.keys(snippets).length,
    [...files.values()].reduce((n, f) => n + Object.keys(f).length, 0),
    'no name is used twice',
  );
  const prefixes = new Set<string>();
  for (const [name, s] of Object.entries(snippets)) {
    for (const p of [s.prefix].flat()) {
      // one word to the editor (the language's wordPattern), so typing it offers the snippet
      assert.match(p, /^[a-z][a-z0-9_-]*$/, `${name}: prefix ${p}`);
      assert.ok(!prefixes.has(p), `${name}: prefix ${p} is used twice`);
      prefixes.add(p);
    }
    assert.ok((s.description ?? '').length > 20, `${name} has a description`);
    assert.match(bodyText(s), /\$\{?\d/, `${name} has a tabstop`);
  }
});

test('every snippet has a "postfix-" prefix, so typing "postfix" lists them all', () => {
  for (const [name, s] of Object.entries(snippets)) {
    assert.ok(
      [s.prefix].flat().some((p) => /^postfix-[a-z]/.test(p)),
      `${name}: ${JSON.stringify(s.prefix)}`,
    );
  }
});

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** A value written so that equal settings compare equal: "1s" and "1" for a time in seconds, "a, b" and "a b". */
function canonical(value: string, kind: ValueKind): string {
  const time = /^(\d+)([smhdw]?)$/.exec(value);
  if (kind.type === 'time' && time) return `${Number(time[1]) * SECONDS[time[2] || kind.unit]}s`;
  if (kind.type === 'integer' && /^\d+$/.test(value)) return String(Number(value));
  return listWords(value)
    .map((w) => w.text)
    .join(' ');
}

/** The default without stress: "normal: 20, overload: 1" is 20. */
const normalDefault = (text: string): string => /^normal: (.*), overload: /.exec(text)?.[1] ?? text;

/** The parameters a main.cf sets to their Postfix default. */
function defaultsSet(main: string): string[] {
  const found: string[] = [];
  for (const [name, list] of new ConfigModel({ main }).assignments) {
    const info = parameters.get(name);
    assert.ok(info, `${name} is a Postfix parameter`);
    // "see postconf -d output": no one text to compare with
    if (/postconf -d/.test(info.default)) continue;
    if (list.some((a) => canonical(a.value, info.kind) === canonical(normalDefault(info.default), info.kind))) found.push(name);
  }
  return found;
}

test('a parameter set to its default is recognised however it is written', () => {
  const main = [
    'smtpd_error_sleep_time = 1',
    'smtpd_hard_error_limit = 20',
    'smtpd_client_event_limit_exceptions = $mynetworks',
    'smtpd_sasl_security_options = noanonymous',
    'anvil_rate_time_unit = 1m',
    'smtpd_soft_error_limit = 3',
    'smtpd_client_connection_rate_limit = 30',
    'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
  ].join('\n');
  assert.deepEqual(defaultsSet(main), [
    'smtpd_error_sleep_time',
    'smtpd_hard_error_limit',
    'smtpd_client_event_limit_exceptions',
    'smtpd_sasl_security_options',
    'anvil_rate_time_unit',
  ]);
});

for (const [name, s] of Object.entries(snippets)) {
  test(`snippet "${name}" sets no parameter to its default`, () => {
    assert.deepEqual(defaultsSet(snippetDefaults(bodyText(s))), []);
  });
}

test('every body is name = value lines with indented continuations', () => {
  for (const [name, s] of Object.entries(snippets)) {
    const lines = snippetDefaults(bodyText(s)).split('\n');
    assert.match(lines[0], /^(#|[a-z_]\w* =)/, `${name}: starts with a comment or an assignment`);
    for (const line of lines) {
      assert.match(line, /^(|#.*|[a-z_][A-Za-z0-9_]* =( \S.*)?|[ \t]+\S.*)$/, `${name}: ${JSON.stringify(line)}`);
      assert.doesNotMatch(line, /\s$/, `${name}: no trailing blanks in ${JSON.stringify(line)}`);
    }
  }
});

for (const [name, s] of Object.entries(snippets)) {
  test(`snippet "${name}" expands to a main.cf without diagnostics`, () => {
    const body = bodyText(s);
    const strict = STRICT.test(name);
    assert.deepEqual(problems(snippetDefaults(body), strict), []);
    // every other option of every choice, too
    for (const [n, count] of choices(body)) {
      for (let i = 1; i < count; i++) {
        assert.deepEqual(problems(snippetDefaults(body, new Map([[n, i]])), strict), [], `choice ${n} option ${i}`);
      }
    }
  });
}

test('an empty main.cf has no line errors, only whole-configuration ones', () => {
  for (const code of WHOLE_CONFIG) assert.ok(!REFUSED.has(code), code);
  assert.ok(
    Object.keys(snippets).some((name) => STRICT.test(name)),
    'there is a relay snippet',
  );
});

test('a broken body is caught', () => {
  assert.notDeepEqual(problems(snippetDefaults('smtpd_tls_cert_fil = ${1:/x}')), []);
  assert.notDeepEqual(problems(snippetDefaults('  smtpd_sasl_auth_enable = yes')), []);
  assert.notDeepEqual(problems(snippetDefaults('biff = ${1:no}\nbiff = yes')), []);
});
