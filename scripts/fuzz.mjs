#!/usr/bin/env node
/**
 * Runs the fuzz tests (out/test/fuzz/*.test.js, built by `tsc -p tsconfig.test.json`)
 * with many more inputs than CI does, then adds up what they report.
 *
 *   node scripts/fuzz.mjs [--runs N] [--seed S] [--only service|server|hostile] [-- extra node --test flags]
 *
 * --runs (or env FUZZ_RUNS) is the number of inputs per service property
 * (lookup tables get half, the server 15 %); the
 * default here is 20,000, ten times CI's. --seed (or env FUZZ_SEED) picks
 * other inputs than CI's fixed seed; `--seed random` draws one and prints it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const testDir = join(root, 'out', 'test', 'fuzz');

function usage(message) {
  if (message) console.error(`fuzz: ${message}`);
  console.error('usage: node scripts/fuzz.mjs [--runs N] [--seed S|random] [--only service|server|hostile] [-- node --test flags]');
  process.exit(2);
}

const args = process.argv.slice(2);
let runs = process.env.FUZZ_RUNS || '20000';
let seed = process.env.FUZZ_SEED || '';
let only = '';
const passThrough = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => (i + 1 < args.length ? args[++i] : usage(`${a} needs a value`));
  if (a === '--') (passThrough.push(...args.slice(i + 1)), (i = args.length));
  else if (a === '--runs') runs = value();
  else if (a.startsWith('--runs=')) runs = a.slice('--runs='.length);
  else if (a === '--seed') seed = value();
  else if (a.startsWith('--seed=')) seed = a.slice('--seed='.length);
  else if (a === '--only') only = value();
  else if (a.startsWith('--only=')) only = a.slice('--only='.length);
  else if (a === '-h' || a === '--help') usage();
  else usage(`unknown argument ${a}`);
}
if (!/^[1-9]\d*$/.test(runs)) usage(`--runs must be a positive integer, not ${runs}`);
if (seed === 'random') seed = String(Math.floor(Math.random() * 2 ** 31));
if (seed && !/^-?\d+$/.test(seed)) usage(`--seed must be an integer or "random", not ${seed}`);

if (!existsSync(testDir)) {
  console.error(`fuzz: ${testDir} does not exist: run "npm run build && npx tsc -p tsconfig.test.json" first`);
  process.exit(2);
}
const files = readdirSync(testDir)
  .filter((f) => f.endsWith('.test.js') && (!only || f.startsWith(`${only}.`)))
  .sort()
  .map((f) => join(testDir, f));
if (files.length === 0) usage(`no fuzz tests${only ? ` named ${only}` : ''} in ${testDir}`);

const reportDir = mkdtempSync(join(tmpdir(), 'postfix-fuzz-report-'));
const env = { ...process.env, FUZZ_RUNS: runs, FUZZ_REPORT_DIR: reportDir, ...(seed ? { FUZZ_SEED: seed } : {}) };
console.log(`fuzz: FUZZ_RUNS=${runs}${seed ? ` FUZZ_SEED=${seed}` : ' (the fixed CI seed)'}: ${files.map((f) => f.slice(root.length + 1)).join(' ')}`);

const started = Date.now();
const child = spawn(process.execPath, ['--test', '--test-reporter=spec', ...passThrough, ...files], { cwd: root, env, stdio: 'inherit' });
child.on('exit', (code, signal) => {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let inputs = 0;
  const lines = [];
  for (const name of readdirSync(reportDir).sort()) {
    let r;
    try {
      r = JSON.parse(readFileSync(join(reportDir, name), 'utf8'));
    } catch {
      continue;
    }
    if (typeof r.inputs === 'number') {
      inputs += r.inputs;
      const hits = Object.entries(r.knownBugHits ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      const slowest = [...(r.timings ?? [])].sort((a, b) => b.max - a.max)[0];
      lines.push(`  ${r.property}: ${r.inputs} inputs${slowest ? `, slowest ${slowest.name} ${slowest.max} ms` : ''}${hits ? `; known bugs: ${hits}` : ''}`);
    } else if (r.property === 'server') {
      inputs += r.documents;
      lines.push(
        `  server: ${r.documents} documents, ${r.requests} requests, latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, p100 ${r.latency.p100} ms`,
      );
    } else if (r.name) {
      inputs += 1;
    }
  }
  console.log(`\nfuzz: ${inputs} inputs in ${seconds} s${seed ? ` (FUZZ_SEED=${seed})` : ''}\n${lines.join('\n')}`);
  rmSync(reportDir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
