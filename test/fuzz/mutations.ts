/**
 * Seeded, reproducible mutations of the configuration corpus (env
 * POSTFIX_CORPUS, else test/fixtures/seeds; both hold main.cf/, master.cf/
 * and maps/) for the fuzz tests.
 *
 * A mutated document is described by a Plan: a corpus file (by index) and a
 * list of Mutations, plain JSON data. fast-check generates and shrinks plans;
 * applyPlan() turns one into text, always the same text for the same plan,
 * so a failing plan printed by fast-check (or a hang watchdog) is a complete
 * reproduction: `applyPlan(kind, plan)`, e.g. after a build of the tests
 *
 *   node -e "process.stdout.write(require('./out/test/fuzz/mutations').applyPlan('main', PLAN_JSON))" > main.cf
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { seedsDir } from '../support/fixtures';
import { CORPUS_HINT, corpusIfSet } from '../support/outside';

// ------------------------------------------------------------------ settings

/** Runs per property: env FUZZ_RUNS; the default keeps the CI run well under 2 minutes. */
export const DEFAULT_RUNS = 2000;

export function fuzzRuns(): number {
  const raw = process.env.FUZZ_RUNS;
  const n = raw === undefined || raw === '' ? DEFAULT_RUNS : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`FUZZ_RUNS must be a positive integer, not ${JSON.stringify(raw)}`);
  return n;
}

/** The seed of every property: env FUZZ_SEED, else a fixed one (the CI run is the same every time). */
export function fuzzSeed(): number {
  const raw = process.env.FUZZ_SEED;
  if (raw === undefined || raw === '') return 0x5eed_cf;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`FUZZ_SEED must be an integer, not ${JSON.stringify(raw)}`);
  return n;
}

/** A share of the runs, at least `min`. */
export const share = (runs: number, fraction: number, min = 1): number => Math.max(min, Math.ceil(runs * fraction));

// -------------------------------------------------------------------- corpus

export type Kind = 'main' | 'master' | 'maps';

export interface CorpusFile {
  name: string;
  text: string;
}

const DIRS: Record<Kind, string> = { main: 'main.cf', master: 'master.cf', maps: 'maps' };

const cache = new Map<Kind, CorpusFile[]>();

/** The corpus of env POSTFIX_CORPUS, else the seeds of test/fixtures (said once: the suite runs on less). */
function corpusRoot(): string {
  const dir = corpusIfSet();
  if (dir) return dir;
  if (cache.size === 0) process.emitWarning(`fuzzing the seeds in ${seedsDir} only: ${CORPUS_HINT}`);
  return seedsDir;
}

/** The corpus files of a kind, sorted by name (stable indices for plans). */
export function corpus(kind: Kind): CorpusFile[] {
  const cached = cache.get(kind);
  if (cached) return cached;
  const dir = join(corpusRoot(), DIRS[kind]);
  const files = readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  if (files.length === 0) throw new Error(`no files in ${dir}`);
  cache.set(kind, files);
  return files;
}

// ----------------------------------------------------------------- mutations

export type NestStyle = 'braces' | 'conditional' | 'alternating' | 'parens' | 'relational' | 'unclosed' | 'unclosed-conditional';

export type Mutation =
  /** flip one bit of one byte of the UTF-8 encoding (decoded back as UTF-8: invalid bytes become U+FFFD) */
  | { op: 'flipBit'; at: number; bit: number }
  /** overwrite one byte of the UTF-8 encoding */
  | { op: 'setByte'; at: number; value: number }
  | { op: 'deleteLines'; at: number; count: number }
  | { op: 'duplicateLines'; at: number; count: number; times: number }
  | { op: 'swapLines'; a: number; b: number }
  /** cut the text at a random point (maybe inside a CRLF pair or a surrogate pair) */
  | { op: 'truncate'; at: number }
  /** random text (unicode incl. lone surrogates, RTL marks, NUL, syntax fragments) at a random offset */
  | { op: 'insert'; at: number; text: string }
  | { op: 'lineEndings'; style: 'crlf' | 'cr-some' | 'lf' | 'mixed'; salt: number }
  /** a very long line of a repeated unit, as a new line or inside an existing one */
  | { op: 'longLine'; at: number; prefix: number; unit: string; length: number; inline: boolean }
  /** deeply nested { } or ${a?${b?...}} */
  | { op: 'nest'; at: number; prefix: number; style: NestStyle; depth: number; inline: boolean }
  /** $a -> $b -> ... -> $a reference cycles, appended (main.cf) or as -o overrides (master.cf) */
  | { op: 'cycle'; names: string[]; form: number; at: number }
  /** a '{', '${', '$(' ... that is never closed */
  | { op: 'unterminated'; at: number; text: string }
  /** lines of another corpus file (any kind, maps included) spliced in */
  | { op: 'splice'; donorKind: Kind; donor: number; from: number; count: number; at: number };

export interface Plan {
  /** index into corpus(kind), modulo its length; -1: an empty document */
  file: number;
  mutations: Mutation[];
}

/** Characters that tend to break parsers, position arithmetic and UTF-16 handling. */
export const NASTY_CHARS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u007f',
  '\t',
  '\v',
  '\f',
  '\r',
  '\n',
  '\r\n',
  ' ',
  '\u00a0',
  '\u0085',
  '\u1680',
  '\u2028',
  '\u2029',
  '\u3000',
  '\u200b',
  '\u200d',
  '\u2060',
  '\ufeff',
  // bidirectional controls
  '\u200e',
  '\u200f',
  '\u061c',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  // lone and paired surrogates, astral characters, combining marks, replacement, non-characters
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ud83d',
  '\ude00',
  '\u{1f600}',
  '\u{10ffff}',
  '\u{1d11e}',
  '\u0301',
  '\u20dd',
  '\ufffd',
  '\uffff',
  '\ufffe',
  '\u0130',
  '\u0131',
  'ß',
  'ﬃ',
  'é',
  'Ω',
  '中',
  'ع',
  // syntax
  '=',
  '#',
  '$',
  '$$',
  '{',
  '}',
  '(',
  ')',
  ',',
  ':',
  '?',
  '\\',
  '"',
  "'",
  '-',
  '/',
  '!',
  '|',
  '@',
  '[',
  ']',
  '%',
  '`',
];

/** Syntax fragments of main.cf and master.cf. */
export const FRAGMENTS = [
  ' = ',
  '=',
  '\n',
  '\n  ',
  '\n\t',
  '\n#',
  '\n\n',
  '$a',
  '$b',
  '${a}',
  '$(b)',
  '${a?x}',
  '${a:x}',
  '${a?{x}:{y}}',
  '${{$a} == {1} ? {x} : {y}}',
  '${{a} <=level {b} ? {c} : {d}}',
  '$$',
  '$',
  '${',
  '$(',
  '${}',
  '${?}',
  '{',
  '}',
  '{ }',
  '{}',
  'smtpd_recipient_restrictions = ',
  'mynetworks = ',
  'myhostname = ',
  'relay_domains = ',
  'smtpd_restriction_classes = a, b',
  'permit_mynetworks, ',
  'reject_unauth_destination',
  'check_client_access ',
  'check_sender_access hash:/etc/postfix/access',
  'reject_rbl_client zen.spamhaus.org=127.0.0.[2..11]',
  'check_policy_service unix:private/policy',
  'warn_if_reject ',
  'inline:{ a=b, { c = d } }',
  'pcre:{ {/x/ OK} }',
  'regexp:/etc/postfix/x',
  'proxy:ldap:/etc/x.cf',
  'texthash:',
  'hash:',
  'yes',
  'no',
  '10s',
  '99999999999999999999',
  '-1',
  '0x10',
  '3.11',
  'compatibility_level = 3.6',
  ' -o ',
  ' -o { ',
  ' -o smtpd_tls_security_level=encrypt',
  '-o{a=b}',
  ' -v -D ',
  ' -- ',
  ' argv=/bin/cat ${sender} ${nexthop}',
  ' flags=DRhu ',
  'smtp inet n - n - - smtpd',
  'x unix - - n - 0 pipe',
  '[::1]:25',
  '127.0.0.1:smtp',
  '-',
  'y',
  'n',
  '60?',
  '100',
  '# postfix-lsp: disable-next-line',
  '# postfix-lsp: disable',
  '#smtp inet n - n - - smtpd',
  '{{ jinja }}',
  '{% if x %}',
];

const LONG_UNITS = [
  'a',
  'x',
  ' ',
  ',',
  '$a ',
  '${a} ',
  '{',
  '}',
  '{ ',
  'permit_mynetworks, ',
  'reject ',
  '-o a=b ',
  '=',
  '#',
  '\t',
  '\u{1f600}',
  '\ud800',
  'é',
];

/** What a new long or nested line starts with. */
export const LINE_PREFIXES = [
  '',
  'x = ',
  'mynetworks = ',
  'smtpd_recipient_restrictions = ',
  'smtpd_client_restrictions = check_client_access inline:',
  'relay_domains = ',
  'myhostname = ',
  '  ',
  '# ',
  'smtp inet n - n - - smtpd -o smtpd_client_restrictions=',
  'x unix - - n - - pipe argv=/bin/cat ',
  'relay inet n - n - - smtpd -o ',
];

const CYCLE_NAMES = [
  'a',
  'b',
  'c',
  'my_list',
  'myhostname',
  'mydomain',
  'myorigin',
  'mydestination',
  'relay_domains',
  'smtpd_recipient_restrictions',
  'alias_maps',
];

/** Each cycle step written one way: $b, ${b}, $(b), ${b?x}, ${b:{y}}, ${b?{$b}:{}} ... */
const CYCLE_FORMS = [
  (n: string) => `$${n}`,
  (n: string) => `\${${n}}`,
  (n: string) => `$(${n})`,
  (n: string) => `\${${n}?x}`,
  (n: string) => `\${${n}:y}`,
  (n: string) => `\${${n}?{$${n}}:{}}`,
  (n: string) => `permit_mynetworks, $${n}, reject`,
  (n: string) => `\${{$${n}} == {1} ? {$${n}} : {z}}`,
];

const UNTERMINATED = ['{', '${', '$(', '${a?', '${a?{', '${{', '{ {', '-o {', 'inline:{', '${a:${b?'];

// ------------------------------------------------------------------ applying

const mod = (n: number, m: number): number => (m <= 0 ? 0 : ((n % m) + m) % m);

function nested(style: NestStyle, depth: number): string {
  switch (style) {
    case 'braces':
      return '{'.repeat(depth) + 'x' + '}'.repeat(depth);
    case 'conditional':
      return '${a?'.repeat(depth) + 'x' + '}'.repeat(depth);
    case 'alternating': {
      let s = 'x';
      for (let i = depth - 1; i >= 0; i--) s = `\${${i % 2 ? 'b' : 'a'}${i % 3 ? '?' : ':'}${s}}`;
      return s;
    }
    case 'parens':
      return '$('.repeat(depth) + 'a' + ')'.repeat(depth);
    case 'relational':
      return '${{$a} == {1} ? {'.repeat(depth) + 'x' + '} : {y}}'.repeat(depth);
    case 'unclosed':
      return '{'.repeat(depth) + 'x';
    case 'unclosed-conditional':
      return '${a?'.repeat(depth) + 'x';
  }
}

/** Lines split at \n, each keeping a \r of a CRLF end; joined back with \n. */
const linesOf = (text: string): string[] => text.split('\n');

function insertLine(text: string, at: number, line: string): string {
  const lines = linesOf(text);
  lines.splice(mod(at, lines.length + 1), 0, line);
  return lines.join('\n');
}

const insertAt = (text: string, at: number, piece: string): string => {
  const i = mod(at, text.length + 1);
  return text.slice(0, i) + piece + text.slice(i);
};

/** A deterministic pseudo-random sequence (mulberry32) for the few choices a mutation derives from a salt. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function applyMutation(text: string, m: Mutation, kind: Kind): string {
  switch (m.op) {
    case 'flipBit':
    case 'setByte': {
      const bytes = Buffer.from(text, 'utf8');
      if (bytes.length === 0) return text;
      const i = mod(m.at, bytes.length);
      bytes[i] = m.op === 'flipBit' ? bytes[i] ^ (1 << (m.bit & 7)) : m.value & 0xff;
      return bytes.toString('utf8');
    }
    case 'deleteLines': {
      const lines = linesOf(text);
      lines.splice(mod(m.at, lines.length), m.count);
      return lines.join('\n');
    }
    case 'duplicateLines': {
      const lines = linesOf(text);
      const at = mod(m.at, lines.length);
      const block = lines.slice(at, at + m.count);
      const copies: string[] = [];
      for (let i = 0; i < m.times; i++) copies.push(...block);
      lines.splice(at, 0, ...copies);
      return lines.join('\n');
    }
    case 'swapLines': {
      const lines = linesOf(text);
      const a = mod(m.a, lines.length);
      const b = mod(m.b, lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'truncate':
      return text.slice(0, mod(m.at, text.length + 1));
    case 'insert':
      return insertAt(text, m.at, m.text);
    case 'lineEndings': {
      const lf = text.replace(/\r\n/g, '\n');
      if (m.style === 'lf') return lf;
      if (m.style === 'crlf') return lf.replace(/\n/g, '\r\n');
      const random = prng(m.salt);
      // mixed: some CRLF, some LF; cr-some: some lone CR line ends (old Mac), which LSP counts as line breaks
      const other = m.style === 'mixed' ? '\r\n' : '\r';
      return lf.replace(/\n/g, () => (random() < 0.3 ? other : '\n'));
    }
    case 'longLine': {
      const unit = m.unit.length ? m.unit : 'x';
      const body = unit.repeat(Math.ceil(m.length / unit.length)).slice(0, m.length);
      if (m.inline) return insertAt(text, m.at, body);
      return insertLine(text, m.at, LINE_PREFIXES[mod(m.prefix, LINE_PREFIXES.length)] + body);
    }
    case 'nest': {
      const body = nested(m.style, m.depth);
      if (m.inline) return insertAt(text, m.at, body);
      return insertLine(text, m.at, LINE_PREFIXES[mod(m.prefix, LINE_PREFIXES.length)] + body);
    }
    case 'cycle': {
      const names = m.names.length ? m.names : ['a'];
      const form = CYCLE_FORMS[mod(m.form, CYCLE_FORMS.length)];
      const next = (i: number): string => names[(i + 1) % names.length];
      if (kind === 'master') {
        // the cycle as -o overrides of a new service, and through main.cf names
        const overrides = names.map((n, i) => `  -o ${n}=${form(next(i))}`).join('\n');
        return insertLine(text, m.at, `cycle${names.length} unix - - n - - smtpd\n${overrides}`);
      }
      const lines = names.map((n, i) => `${n} = ${form(next(i))}`);
      const sep = text === '' || text.endsWith('\n') ? '' : '\n';
      return text + sep + lines.join('\n') + '\n';
    }
    case 'unterminated':
      return insertAt(text, m.at, m.text);
    case 'splice': {
      const donors = corpus(m.donorKind);
      const donor = linesOf(donors[mod(m.donor, donors.length)].text);
      const from = mod(m.from, donor.length);
      const lines = linesOf(text);
      lines.splice(mod(m.at, lines.length + 1), 0, ...donor.slice(from, from + m.count));
      return lines.join('\n');
    }
  }
}

export function baseText(kind: Kind, plan: Plan): string {
  if (plan.file < 0) return '';
  const files = corpus(kind);
  return files[mod(plan.file, files.length)].text;
}

export function baseName(kind: Kind, plan: Plan): string {
  if (plan.file < 0) return '(empty)';
  const files = corpus(kind);
  return files[mod(plan.file, files.length)].name;
}

/** The mutated text a plan describes: the same text for the same plan, always. */
export function applyPlan(kind: Kind, plan: Plan): string {
  let text = baseText(kind, plan);
  for (const m of plan.mutations) text = applyMutation(text, m, kind);
  return text;
}

// --------------------------------------------------------------- arbitraries

const offset = fc.nat({ max: 1_000_000 });

export const nastyString = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...NASTY_CHARS) },
      { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
      { weight: 1, arbitrary: fc.constantFrom('\u0000'.repeat(4), '\u0000\n\u0000', 'a\u0000b = c') },
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(''));

export function mutationArb(kind: Kind): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ op: fc.constant('flipBit' as const), at: offset, bit: fc.nat({ max: 7 }) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('setByte' as const),
        at: offset,
        value: fc.constantFrom(0x00, 0x0a, 0x0d, 0x20, 0x23, 0x24, 0x3d, 0x7b, 0x7d, 0x80, 0xbf, 0xc0, 0xed, 0xef, 0xf0, 0xff),
      }),
    },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('deleteLines' as const), at: offset, count: fc.integer({ min: 1, max: 8 }) }) },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant('duplicateLines' as const),
        at: offset,
        count: fc.integer({ min: 1, max: 6 }),
        times: fc.integer({ min: 1, max: 5 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('swapLines' as const), a: offset, b: offset }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: offset }) },
    { weight: 5, arbitrary: fc.record({ op: fc.constant('insert' as const), at: offset, text: nastyString }) },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('lineEndings' as const),
        style: fc.constantFrom('crlf' as const, 'cr-some' as const, 'lf' as const, 'mixed' as const),
        salt: fc.nat(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('longLine' as const),
        at: offset,
        prefix: fc.nat({ max: LINE_PREFIXES.length - 1 }),
        unit: fc.constantFrom(...LONG_UNITS),
        length: fc.integer({ min: 1_000, max: 25_000 }),
        inline: fc.boolean(),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('nest' as const),
        at: offset,
        prefix: fc.nat({ max: LINE_PREFIXES.length - 1 }),
        style: fc.constantFrom<NestStyle>('braces', 'conditional', 'alternating', 'parens', 'relational', 'unclosed', 'unclosed-conditional'),
        depth: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 80, max: 1500 })),
        inline: fc.boolean(),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('cycle' as const),
        names: fc.uniqueArray(fc.constantFrom(...CYCLE_NAMES), { minLength: 1, maxLength: 4 }),
        form: fc.nat({ max: CYCLE_FORMS.length - 1 }),
        at: offset,
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('unterminated' as const), at: offset, text: fc.constantFrom(...UNTERMINATED) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('splice' as const),
        donorKind: fc.constantFrom<Kind>('main', 'master', 'maps', kind),
        donor: fc.nat(),
        from: offset,
        count: fc.integer({ min: 1, max: 12 }),
        at: offset,
      }),
    },
  );
}

export function planArb(kind: Kind, maxMutations = 4): fc.Arbitrary<Plan> {
  return fc.record({
    file: fc.oneof({ weight: 30, arbitrary: fc.nat({ max: 1000 }) }, { weight: 1, arbitrary: fc.constant(-1) }),
    mutations: fc.array(mutationArb(kind), { minLength: 1, maxLength: maxMutations }),
  });
}

/** A mutated document with the plan that made it (fast-check prints the plan on failure). */
export interface Mutated {
  kind: Kind;
  plan: Plan;
  text: string;
}

export const mutatedArb = (kind: Kind, maxMutations = 4): fc.Arbitrary<Mutated> =>
  planArb(kind, maxMutations).map((plan) => ({ kind, plan, text: applyPlan(kind, plan) }));

/** One-line description of a plan, for logs and hang reports. */
export function describePlan(kind: Kind, plan: Plan): string {
  const shown = plan.mutations.map((m) => {
    const { op, ...rest } = m;
    const args = JSON.stringify(rest, (_k, v: unknown) => (typeof v === 'string' && v.length > 40 ? v.slice(0, 40) + '…' : v));
    return `${op}${args}`;
  });
  return `${kind}:${baseName(kind, plan)} + ${shown.join(' + ')}`;
}

// ----------------------------------------------------------- hostile inputs

/** A 1 MB (or `size`) single line. */
export function megabyteLine(size = 1 << 20): string {
  const unit = 'permit_mynetworks, check_client_access hash:/etc/postfix/a, $mydomain ${a?{b}:{c}} ';
  return ('smtpd_recipient_restrictions = ' + unit.repeat(Math.ceil(size / unit.length))).slice(0, size);
}

/** `count` continuation lines of one value. */
export function continuationLines(count = 100_000, name = 'mynetworks'): string {
  const out = [`${name} = 127.0.0.0/8,`];
  for (let i = 0; i < count; i++) out.push(`    10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32,`);
  return out.join('\n') + '\n';
}

/** `depth`-deep `{` nesting, or ${a?${b?...}} nesting. */
export const deepNesting = (style: NestStyle, depth = 10_000): string => nested(style, depth);

/** A deterministic binary file: a gzip member of a corpus file, then seeded random bytes. */
export function binaryBytes(size = 64 * 1024, seed = 7): Buffer {
  const random = prng(seed);
  const out = Buffer.alloc(size);
  // an ELF-like header first, as a compiled program opened by mistake would have
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]).copy(out);
  for (let i = 16; i < size; i++) out[i] = Math.floor(random() * 256);
  return out;
}

/** Text that is not UTF-8: 0xff and 0xfe, overlong and truncated sequences, CESU surrogates, stray continuation bytes. */
export function invalidUtf8(): Buffer {
  const parts = [
    'myhostname = mail.',
    [0xff, 0xfe],
    '.example.com\n',
    'mydomain ',
    [0xc0, 0xbd],
    ' example.com\n', // an overlong '='
    'smtpd_banner = $myhostname ESMTP ',
    [0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80],
    '\n', // CESU-8 surrogates
    'mynetworks = 127.0.0.1 ',
    [0xe2, 0x82],
    '\n', // a truncated 3-byte sequence
    'relay_domains = ',
    [0x80, 0x81, 0xbf],
    ' ',
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    '\n', // stray continuations, a 5-byte form
    [0xff, 0xff, 0xff],
    '=',
    [0xff],
    '\n',
    '  ',
    [0xfe, 0xff, 0x00, 0x00],
    '\n',
    'smtpd_recipient_restrictions = permit_mynetworks, ',
    [0xf4, 0x90, 0x80, 0x80],
    ', reject\n', // above U+10FFFF
    'alias_maps = hash:/etc/',
    [0xc3],
    '\n', // a lead byte at the end of a line
  ];
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
}
