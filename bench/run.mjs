// Speed figures, ours side by side with Postfix's own tool on the same input.
// Usage: npm run bench   (needs postconf on PATH for the anchor column)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { checkMainCf, ConfigModel } = require(join(root, 'out', 'server', 'src', 'service', 'index.js'));
const { defaultSettings } = require(join(root, 'out', 'server', 'src', 'service', 'settings.js'));
const { hover } = require(join(root, 'out', 'server', 'src', 'service', 'features', 'hover.js'));
const { completion } = require(join(root, 'out', 'server', 'src', 'service', 'features', 'completion.js'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
function time(fn, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return samples;
}

let postconfDefaults;
try {
  postconfDefaults = execFileSync('postconf', ['-d'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
} catch {
  postconfDefaults = undefined;
}
// ten copies of every default: 8,000+ lines of real parameter syntax
const base = postconfDefaults ?? Object.entries(require(join(root, 'server', 'src', 'service', 'knowledge', 'generated', 'parameters.json'))).map(([n, e]) => `${n} = ${e.default}`).join('\n');
const mainCf = Array.from({ length: 10 }, () => base).join('\n') + '\n';
const lines = mainCf.split('\n').length;

const rows = [];
const check = time(() => checkMainCf(new ConfigModel({ main: mainCf }), defaultSettings, '3.11'), 20);
let anchor;
if (postconfDefaults) {
  const dir = mkdtempSync(join(tmpdir(), 'pf-bench-'));
  writeFileSync(join(dir, 'main.cf'), mainCf);
  writeFileSync(join(dir, 'master.cf'), '');
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(dir, 'main.cf'), past, past);
  utimesSync(join(dir, 'master.cf'), past, past);
  anchor = time(() => spawnSync('postconf', ['-c', dir, '-n'], { stdio: 'ignore' }), 10);
}
rows.push(['full check of main.cf (in process, warm)', `${lines} lines`, median(check), anchor ? median(anchor) : undefined, 'postconf -c DIR -n']);

const model = new ConfigModel({ main: mainCf });
const positions = Array.from({ length: 200 }, (_, i) => ({ line: (i * 37) % lines, character: 3 }));
let k = 0;
const hovers = time(() => hover(model, positions[k++ % positions.length]), 200);
k = 0;
const completions = time(() => completion(model, positions[k++ % positions.length]), 200);
rows.push(['hover on that main.cf p50 / p95', '', median(hovers), undefined, `p95 ${p95(hovers).toFixed(2)} ms`]);
rows.push(['completion on that main.cf p50 / p95', '', median(completions), undefined, `p95 ${p95(completions).toFixed(2)} ms`]);

console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log('figure | input | ours (median ms) | anchor (median ms) | ratio | anchor / note');
for (const [what, input, ours, theirs, note] of rows) {
  const ratio = theirs ? (ours / theirs).toFixed(2) : '';
  console.log(`${what} | ${input} | ${ours.toFixed(2)} | ${theirs ? theirs.toFixed(2) : ''} | ${ratio} | ${note}`);
}
