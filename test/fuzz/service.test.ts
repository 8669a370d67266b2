/**
 * Fuzz tests of the language service: mutated corpus documents (see
 * mutations.ts) through checkMainCf, checkMasterCf, every main.cf and
 * master.cf feature at random positions, formatting, and the lookup-table
 * parser. Each property runs in a worker thread with a hang watchdog
 * (FuzzWorker in support.ts); FUZZ_RUNS sets the number of inputs, FUZZ_SEED
 * the seed (fixed by default, so that CI runs the same inputs every time).
 *
 * A failure prints fast-check's shrunk counterexample, a Plan: reproduce it
 * with applyPlan(kind, plan) from mutations.ts.
 *
 * The last tests are minimal reproductions of the bugs the fuzzer found,
 * marked `todo` until they are fixed (KNOWN_BUGS in support.ts).
 */
import assert from 'node:assert/strict';
import { after, describe, test, type TestContext } from 'node:test';
import fc from 'fast-check';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import { completion } from '../../server/src/service/features/main/completion';
import { masterCompletion } from '../../server/src/service/features/master/completion';
import { defaultSettings } from '../../server/src/service/settings';
import { applyPlan, fuzzRuns, fuzzSeed, planArb, share, type Mutation } from './mutations';
import type { PropertyName } from './properties';
import { describeStats, formatted, FuzzPool, lspView, meaning, ONE_PER_LINE, PLAIN, rangeProblem, saveReport, type Stats } from './support';

const RUNS = fuzzRuns();
const SEED = fuzzSeed();
const pool = new FuzzPool();
after(() => pool.close());

/** Runs a property in a worker and checks its timings: the slowest call, re-measured, within its bound. */
async function property(t: TestContext, name: PropertyName, runs: number): Promise<Stats> {
  const stats = await pool.run({ property: name, runs, seed: SEED });
  saveReport(`service-${name}`, stats);
  for (const line of describeStats(stats).split('\n')) t.diagnostic(line);
  for (const e of stats.excused) t.diagnostic(`slow, known bug ${e.bug}: ${e.name} ${e.ms} ms (bound ${e.bound} ms) on ${e.label}`);
  assert.deepEqual(stats.overBound, [], `calls slower than 100 ms per input under 100 KB (the fastest of 3 runs): ${JSON.stringify(stats.overBound, null, 2)}`);
  return stats;
}

test('mutations are reproducible, and every mutator and kind of nasty text shows up', () => {
  const ops: Mutation['op'][] = [
    'flipBit',
    'setByte',
    'deleteLines',
    'duplicateLines',
    'swapLines',
    'truncate',
    'insert',
    'lineEndings',
    'longLine',
    'nest',
    'cycle',
    'unterminated',
    'splice',
  ];
  for (const kind of ['main', 'master'] as const) {
    const plans = fc.sample(planArb(kind), { seed: SEED, numRuns: 250 });
    assert.deepEqual(fc.sample(planArb(kind), { seed: SEED, numRuns: 250 }), plans, 'the same seed gives the same plans');
    const texts = plans.map((p) => applyPlan(kind, p));
    assert.deepEqual(
      plans.slice(0, 50).map((p) => applyPlan(kind, p)),
      texts.slice(0, 50),
      'the same plan gives the same text',
    );
    assert.deepEqual([...new Set(plans.flatMap((p) => p.mutations.map((m) => m.op)))].sort(), [...ops].sort());
    const seen = (re: RegExp): number => texts.filter((t) => re.test(t)).length;
    const features: Record<string, RegExp> = {
      'a lone high surrogate': /[\ud800-\udbff](?![\udc00-\udfff])/,
      'a lone low surrogate': /(?<![\ud800-\udbff])[\udc00-\udfff]/,
      'an RTL mark or override': /[\u200f\u202b\u202e\u2067]/,
      'a NUL byte': /\u0000/,
      CRLF: /\r\n/,
      'a lone CR': /\r(?!\n)/,
      'U+FFFD from invalid UTF-8': /\ufffd/,
      'a line of 1,000+ characters': /[^\n]{1000}/,
      '50+ nested {': /\{{50}/,
      'nested ${a?${a?': /\$\{a\?\$\{a\?/,
      'an unclosed ${': /\$\{[^}]*$/,
    };
    const missing = Object.entries(features)
      .filter(([, re]) => seen(re) === 0)
      .map(([name]) => name);
    assert.deepEqual(missing, [], `${kind}: none of 250 mutated texts has these`);
  }
});

// the properties run side by side, one per worker thread (FuzzPool: one per core, at most 2)
describe(`service fuzz (FUZZ_RUNS=${RUNS}, FUZZ_SEED=${SEED})`, { concurrency: pool.size }, () => {
  test('main.cf: checkMainCf never throws, no check fails, diagnostics inside the document, < 100 ms', async (t) => {
    await property(t, 'mainChecks', RUNS);
  });

  test('master.cf: checkMasterCf and checkMainCf with ConfigModel({ main, master }): same', async (t) => {
    await property(t, 'masterChecks', RUNS);
  });

  test('main.cf: hover, completion, definition, references, rename, code actions, symbols, folding at random positions', async (t) => {
    await property(t, 'mainFeatures', RUNS);
  });

  test('master.cf: hover, completion and symbols at random positions', async (t) => {
    await property(t, 'masterFeatures', RUNS);
  });

  test('formatting twice is idempotent and keeps the list words of every value (plain and one restriction per line)', async (t) => {
    await property(t, 'formatting', RUNS);
  });

  test('lookup tables (maps corpus, every flavour): the parser never throws, ranges inside', async (t) => {
    await property(t, 'tables', share(RUNS, 0.5));
  });
});

// ------------------------------------------------------------------ known bugs
// Minimal reproductions of what the fuzzer found; each asserts the correct behaviour.

/** The distinct ranges the items' text edits replace. */
const editRanges = (items: { textEdit?: unknown }[]): Range[] => {
  const seen = new Map<string, Range>();
  for (const i of items) {
    const e = i.textEdit as TextEdit | undefined;
    if (e) seen.set(JSON.stringify(e.range), e.range);
  }
  return [...seen.values()];
};
const labelsOf = (items: { label: string }[]): string[] => items.map((i) => i.label);

describe('bugs found by fuzzing, kept as tests', () => {
  test('lone CR: diagnostics lie on the lines an LSP client sees', () => {
    // the client sees three lines: "x = a", "b", "smtpd_helo_requird = yes"; the server two
    const text = 'x = a\rb\nsmtpd_helo_requird = yes\n';
    const report = checkMainCf(new ConfigModel({ main: text }), defaultSettings, '3.11');
    const view = lspView(text);
    const outside = report.diagnostics.flatMap((d) => {
      const problem = rangeProblem(d.range, view);
      return problem ? [`${d.code}: ${problem}`] : [];
    });
    assert.deepEqual(outside, []);
  });

  test('lone CR: formatting does not overwrite other text', () => {
    const text = 'a = 1\rb = 2\nmynetworks = x,\n  y\n';
    const once = formatted(text, PLAIN);
    assert.ok(once.includes('mynetworks'), `formatted: ${JSON.stringify(once)}`);
    assert.equal(formatted(once, PLAIN), once);
  });

  test('"=" on a continuation line: formatting keeps the value', () => {
    const text = 'myhostname\n  = mail.example.com\n';
    assert.deepEqual(meaning(text), { myhostname: ['mail.example.com'] });
    assert.deepEqual(meaning(formatted(text, PLAIN)), meaning(text), JSON.stringify(formatted(text, PLAIN)));
  });

  test('one restriction per line: a word that starts with "#" does not become a comment', () => {
    const text = 'smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination # no relay\n';
    const once = formatted(text, ONE_PER_LINE);
    assert.deepEqual(meaning(once), meaning(text), JSON.stringify(once));
  });

  test('formatting keeps a no-break space, which Postfix reads as part of the value', () => {
    const text = 'myhostname = mail.example.com\u00a0\n';
    assert.equal(formatted(text, PLAIN), text);
  });

  test('main.cf completion on a new empty line between two list entries: restriction names inserted at the cursor', () => {
    const text = 'smtpd_recipient_restrictions =\n    permit_mynetworks,\n    \n    reject\n';
    const at = { line: 2, character: 4 };
    const items = completion(new ConfigModel({ main: text }), at);
    assert.ok(labelsOf(items).includes('reject_unauth_destination'), labelsOf(items).slice(0, 5).join(', '));
    assert.deepEqual(editRanges(items), [{ start: at, end: at }]);
  });

  test('main.cf completion on a comment line after a list: nothing', () => {
    const text = 'smtpd_recipient_restrictions = permit_mynetworks\n #\n';
    assert.deepEqual(completion(new ConfigModel({ main: text }), { line: 1, character: 1 }), []);
    assert.deepEqual(completion(new ConfigModel({ main: text }), { line: 1, character: 2 }), []);
  });

  test('master.cf completion in a word with an unclosed "{" from the line above: the edit replaces its part on the cursor line', () => {
    const items = masterCompletion(new ConfigModel({ main: '', master: 'a {\n x' }), { line: 1, character: 2 });
    assert.ok(labelsOf(items).includes('inet'), labelsOf(items).join(', '));
    assert.deepEqual(editRanges(items), [{ start: { line: 1, character: 1 }, end: { line: 1, character: 2 } }]);
  });

  test('main.cf completion in a word with an unclosed "{" from the line above: the edit stays on the cursor line', () => {
    const text = 'smtpd_recipient_restrictions = {permit_mynetworks,\n  reject_unauth_destination\n';
    const model = new ConfigModel({ main: text });
    const blank = completion(model, { line: 1, character: 1 });
    assert.ok(labelsOf(blank).includes('reject_unauth_destination'), labelsOf(blank).slice(0, 5).join(', '));
    assert.deepEqual(editRanges(blank), [{ start: { line: 1, character: 1 }, end: { line: 1, character: 1 } }]);
    const typed = completion(model, { line: 1, character: 15 });
    assert.ok(labelsOf(typed).includes('reject_unauth_destination'));
    assert.deepEqual(editRanges(typed), [{ start: { line: 1, character: 2 }, end: { line: 1, character: 15 } }]);
  });
});
