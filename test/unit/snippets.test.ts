/**
 * The main.cf snippets: every body, with its placeholders filled in, is a
 * main.cf that the language service accepts without errors.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import { defaultSettings } from '../../server/src/service/settings';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

const root = join(__dirname, '..', '..', '..');
const snippets = JSON.parse(readFileSync(join(root, 'snippets', 'postfix-main.json'), 'utf8')) as Record<string, Snippet>;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const bodyText = (s: Snippet): string => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

/**
 * Fills in a snippet the way accepting every default does: `${1:default}` →
 * default (placeholders may nest), `${1|a,b|}` → the chosen option (the first
 * unless `choose` says otherwise), `$1`/`${1}` → the value of placeholder 1 if the
 * body has one, else 'x'; `\$`, `\}` and `\\` are literal characters.
 */
function expandSnippet(body: string, choose: ReadonlyMap<number, number> = new Map()): string {
  const values = new Map<number, string>();
  let pos = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at offset ${pos} of ${JSON.stringify(body)}`);
  };
  const parse = (closing: boolean): string => {
    let out = '';
    while (pos < body.length) {
      const c = body[pos];
      if (c === '\\' && pos + 1 < body.length && '$}\\'.includes(body[pos + 1])) {
        out += body[pos + 1];
        pos += 2;
      } else if (c === '}' && closing) {
        return out;
      } else if (c === '$') {
        out += tabstop();
      } else {
        out += c;
        pos++;
      }
    }
    if (closing) fail('unclosed placeholder');
    return out;
  };
  const tabstop = (): string => {
    const simple = /^\$(\d+)/.exec(body.slice(pos));
    if (simple) {
      pos += simple[0].length;
      return values.get(Number(simple[1])) ?? 'x';
    }
    const braced = /^\$\{(\d+)([:|}])/.exec(body.slice(pos));
    if (!braced) return fail('a "$" that is no tabstop (write \\\\$ for a literal dollar)');
    const n = Number(braced[1]);
    pos += braced[0].length;
    if (braced[2] === '}') return values.get(n) ?? 'x';
    if (braced[2] === ':') {
      const text = parse(true);
      pos++; // the closing brace
      values.set(n, text);
      return text;
    }
    const end = body.indexOf('|}', pos);
    if (end < 0) fail('unclosed choice');
    const options = body.slice(pos, end).split(',');
    pos = end + 2;
    const text = options[choose.get(n) ?? 0];
    if (text === undefined) fail(`choice ${n} has no option ${choose.get(n)}`);
    values.set(n, text);
    return text;
  };
  // two passes, so that a mirror before its placeholder gets the placeholder's value
  parse(false);
  pos = 0;
  return parse(false);
}

/** Every choice placeholder of a body with its number of options. */
function choices(body: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const m of body.matchAll(/\$\{(\d+)\|([^|]*)\|\}/g)) found.set(Number(m[1]), m[2].split(',').length);
  return found;
}

const REFUSED = new Set(['unknown-parameter', 'deprecated-parameter', 'syntax-error']);

/** The errors and refused codes checkMainCf reports for `main` alone (no master.cf: the stock services). */
function report(main: string): { code: string; text: string }[] {
  const r = checkMainCf(new ConfigModel({ main }), defaultSettings, '3.11');
  assert.deepEqual(r.failures, [], 'no check threw');
  return r.diagnostics
    .filter((d) => d.severity === 1 || REFUSED.has(String(d.code)))
    .map((d) => ({ code: String(d.code), text: `line ${d.range.start.line + 1}: [${d.code}] ${typeof d.message === 'string' ? d.message : d.message.value}` }));
}

/**
 * Errors about the configuration as a whole that an empty main.cf already has
 * (such as no-relay-protection: with compatibility_level 0 the default
 * smtpd_relay_restrictions is empty). A snippet that sets other things cannot
 * be blamed for them; the relay snippet must clear them (see below).
 */
const WHOLE_CONFIG = new Set(report('').map((d) => d.code));

function problems(main: string, strict = false): string[] {
  return report(main)
    .filter((d) => strict || !WHOLE_CONFIG.has(d.code))
    .map((d) => d.text);
}

/** Snippets that must leave a main.cf without any error, whole-configuration ones included. */
const STRICT = /relay/i;

test('the expander fills in placeholders, choices, mirrors and escapes', () => {
  assert.equal(expandSnippet('a = ${1:one} ${2|b,c|} $3 ${1} \\$x'), 'a = one b x one $x');
  assert.equal(expandSnippet('a = ${2} ${1:p${2:q}r}'), 'a = q pqr');
  assert.equal(expandSnippet('a = ${1|b,c|}', new Map([[1, 1]])), 'a = c');
  assert.equal(expandSnippet('a = $0'), 'a = x');
  assert.throws(() => expandSnippet('a = $name'), /no tabstop/);
  assert.throws(() => expandSnippet('a = ${1:open'), /unclosed/);
});

test('package.json contributes the snippets for postfix-main', () => {
  const contributed = (manifest.contributes.snippets ?? []) as { language: string; path: string }[];
  assert.ok(
    contributed.some((c) => c.language === 'postfix-main' && c.path === './snippets/postfix-main.json'),
    JSON.stringify(contributed),
  );
});

test('there are four to six snippets, each with prefix, description and tabstops', () => {
  const names = Object.keys(snippets);
  assert.ok(names.length >= 4 && names.length <= 6, `${names.length} snippets`);
  const prefixes = new Set<string>();
  for (const [name, s] of Object.entries(snippets)) {
    for (const p of [s.prefix].flat()) {
      assert.match(p, /^[a-z][a-z0-9-]*$/, `${name}: prefix ${p}`);
      assert.ok(!prefixes.has(p), `${name}: prefix ${p} is used twice`);
      prefixes.add(p);
    }
    assert.ok((s.description ?? '').length > 20, `${name} has a description`);
    assert.match(bodyText(s), /\$\{?\d/, `${name} has a tabstop`);
  }
});

test('every body is name = value lines with indented continuations', () => {
  for (const [name, s] of Object.entries(snippets)) {
    const lines = expandSnippet(bodyText(s)).split('\n');
    assert.match(lines[0], /^(#|[a-z_]\w* =)/, `${name}: starts with a comment or an assignment`);
    for (const line of lines) {
      assert.match(line, /^(|#.*|[a-z_][A-Za-z0-9_]* =( \S.*)?|[ \t]+\S.*)$/, `${name}: ${JSON.stringify(line)}`);
      assert.doesNotMatch(line, /\s$/, `${name}: no trailing blanks in ${JSON.stringify(line)}`);
    }
  }
});

for (const [name, s] of Object.entries(snippets)) {
  test(`snippet "${name}" expands to a main.cf without errors`, () => {
    const body = bodyText(s);
    const strict = STRICT.test(name);
    assert.deepEqual(problems(expandSnippet(body), strict), []);
    // every other option of every choice, too
    for (const [n, count] of choices(body)) {
      for (let i = 1; i < count; i++) {
        assert.deepEqual(problems(expandSnippet(body, new Map([[n, i]])), strict), [], `choice ${n} option ${i}`);
      }
    }
  });
}

test('an empty main.cf has no line errors, only whole-configuration ones', () => {
  for (const code of WHOLE_CONFIG) assert.ok(!REFUSED.has(code), code);
  assert.ok(Object.keys(snippets).some((name) => STRICT.test(name)), 'there is a relay snippet');
});

test('a broken body is caught', () => {
  assert.notDeepEqual(problems(expandSnippet('smtpd_tls_cert_fil = ${1:/x}')), []);
  assert.notDeepEqual(problems(expandSnippet('  smtpd_sasl_auth_enable = yes')), []);
});
