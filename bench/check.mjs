// One in-process figure in a process of its own (see timeCheck in measure.mjs):
//   node bench/check.mjs table|main FILE RUNS WARMUP [json]   prints { samples, cpu, diagnostics } as JSON
// With "json", what is timed is the trip of the diagnostics through JSON-RPC's encoding and decoding:
// the server's message text and bytes (the diagnostics as it publishes them, without their quick fixes),
// and the client's object tree again.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const service = (name) => require(join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'server', 'src', 'service', name));
const { checkMainCf, ConfigModel } = service('index.js');
const { checkTable } = service('tableService.js');
const { defaultSettings } = service('settings.js');
const { withoutFixes } = service('features/shared/codeActions.js');

const describe = (error) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

const [kind, file, runs, warmup, measure] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const checkOnce =
  kind === 'table'
    ? () => checkTable(text, { path: file, flavour: 'indexed', role: 'access', type: 'cdb' }, { target: '3.11' }, defaultSettings)
    : () => checkMainCf(new ConfigModel({ main: text }), defaultSettings, '3.11');
const published = measure === 'json' ? checkOnce() : undefined;
const message = (report) => ({
  jsonrpc: '2.0',
  method: 'textDocument/publishDiagnostics',
  params: { uri: `file://${file}`, diagnostics: withoutFixes(report.diagnostics) },
});
const check = published
  ? () => {
      JSON.parse(Buffer.from(JSON.stringify(message(published))).toString('utf8'));
      return published;
    }
  : checkOnce;

try {
  let report;
  for (let i = 0; i < Number(warmup); i++) check();
  const samples = [];
  // CPU time of all the process's threads (the garbage collector's too): less moved than wall time by other work on the machine
  const cpu = [];
  for (let i = 0; i < Number(runs); i++) {
    const start = performance.now();
    const used = process.cpuUsage();
    report = check();
    samples.push(performance.now() - start);
    const spent = process.cpuUsage(used);
    cpu.push((spent.user + spent.system) / 1000);
  }
  // a check that throws (a RangeError when the stack runs out ...) is caught by the pipeline: the row failed all the same
  const failures = report.failures.map((f) => `${f.check} threw ${describe(f.error)}`).join('; ');
  console.log(
    JSON.stringify(
      failures ? { error: `${failures} (the check took ${samples.at(-1).toFixed(0)} ms)` } : { samples, cpu, diagnostics: report.diagnostics.length },
    ),
  );
} catch (error) {
  console.log(JSON.stringify({ error: describe(error) }));
}
