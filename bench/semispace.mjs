// What the size of V8's young generation trades: the server's memory with the bench's access map
// and big main.cf open, its edits, and full checks, for each --max-semi-space-size given.
// Usage: npm run build && npx tsc -p tsconfig.test.json && node bench/semispace.mjs [ROUNDS [MB...]]
//   (default: 3 rounds of 1, 2, 4 and 16 MB, V8's own size on 64 bits)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accessMap, copiesMainCf } from './inputs.mjs';
import { median } from './measure.mjs';
import { configDir } from './postfix.mjs';
import { mainEdits, mapEdits, openFiles, startup } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [rounds = '3', ...sizes] = process.argv.slice(2);
const choices = sizes.length ? sizes : ['1', '2', '4', '16'];
const map = join(configDir({ 'main.cf': '', access: accessMap(200_000) }), 'access');
const main = join(configDir({ 'main.cf': copiesMainCf(10), 'master.cf': '' }), 'main.cf');

/** Median CPU time (all threads) of a full check in a node process of its own with `options`. */
function checkCpu(options, kind, file) {
  const r = spawnSync(process.execPath, [...options, join(here, 'check.mjs'), kind, file, '5', '1'], { encoding: 'utf8' });
  return median(JSON.parse(r.stdout.trim().split('\n').pop()).cpu);
}

const rows = new Map(choices.map((c) => [c, []]));
for (let round = 0; round < Number(rounds); round++) {
  for (const size of choices) {
    const options = [`--max-semi-space-size=${size}`];
    const started = await startup(join(here, '..', 'examples', 'main.cf'), 5, options);
    const both = await openFiles(
      [
        [map, 'postfix-map'],
        [main, 'postfix-main'],
      ],
      options,
      true,
    );
    const typed = await mainEdits(main, 20, options);
    const edited = await mapEdits(map, 20, options);
    rows.get(size).push({
      start: median(started.samples),
      rss: both.memory.rss,
      settled: both.settled.rss,
      typed: median(typed.samples),
      typedCpu: typed.cpu,
      edited: median(edited.samples),
      mapCpu: checkCpu(options, 'table', map),
      mainCpu: checkCpu(options, 'main', main),
    });
  }
}
const cell = (values, digits = 0) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)})`;
console.log(`${rounds} rounds; medians (range)\n`);
console.log(
  '| --max-semi-space-size | memory, map and main.cf open: after 20 s idle | right after | start to first diagnostics | character typed in main.cf | server CPU per character | line edited in the map | full check of the map, CPU | full check of main.cf, CPU |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [size, r] of rows) {
  const of = (key) => r.map((x) => x[key]);
  console.log(
    `| ${size} MB | ${cell(of('settled'))} MB | ${cell(of('rss'))} MB | ${cell(of('start'))} ms | ${cell(of('typed'))} ms | ${cell(of('typedCpu'))} ms | ${cell(of('edited'), 1)} ms | ${cell(of('mapCpu'))} ms | ${cell(of('mainCpu'))} ms |`,
  );
}
