// Timing and the statistics of the figures.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

const sorted = (xs) => [...xs].sort((a, b) => a - b);
export const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
export const percentile = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/**
 * Wall time of `runs` runs of a program, in ms, after `warmup` unmeasured runs
 * that fill the file cache. Another exit status than `ok` fails the figure.
 */
export function timeProgram(program, args, runs, warmup, ok = [0]) {
  const samples = [];
  for (let i = -warmup; i < runs; i++) {
    const start = performance.now();
    const r = spawnSync(program, args, { stdio: 'ignore' });
    if (i >= 0) samples.push(performance.now() - start);
    if (!ok.includes(r.status)) throw new Error(`${program} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  }
  return samples;
}

/**
 * Times an in-process check (see check.mjs) in a node process of its own:
 * every size starts from a fresh heap, and running out of memory fails one
 * row instead of the whole bench. Returns { samples, diagnostics } or { error }.
 */
export function timeCheck(kind, file, runs, warmup, measure = 'check') {
  const r = spawnSync(process.execPath, [join(here, 'check.mjs'), kind, file, String(runs), String(warmup), measure], { encoding: 'utf8' });
  if (r.status === 0) return JSON.parse(r.stdout.trim().split('\n').pop());
  // node's own report (FATAL ERROR: ... heap out of memory) comes before its stack
  const first = r.stderr.split('\n').find((l) => /^(FATAL ERROR|\w*Error)\b/.test(l.trim())) ?? `exit ${r.status ?? r.signal}`;
  return { error: first.trim() };
}

/** How much each 10x step of the input multiplied the value: about 10 when it grows linearly. */
export const factors = (values) => values.slice(1).map((v, i) => (v != null && values[i] != null ? v / values[i] : null));
