// Speed and memory figures, ours side by side with Postfix's own tool on the same input in the
// same run. Usage: npm run bench   (needs postconf, postmap and pflogsumm for the anchors; writes bench/results.json;
// with POSTFIX_CORPUS set, also an edit of the corpus's biggest main.cf)
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accessMap, copiesMainCf, mainCfLines, usesPostconfDefaults } from './inputs.mjs';
import { factors, median, percentile, timeCheck, timeProgram } from './measure.mjs';
import { writeMailLog } from './maillog.mjs';
import { configDir, pflogsumm, postconf, postfixVersion, postmap } from './postfix.mjs';
import { mainEdits, mapEdits, openFiles, requests, SETTLE_MS, simulations, startup } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
/** node's options for the server, as the editor's client gives them */
const { SERVER_NODE_OPTIONS: serverNode } = require('../out/server/src/nodeOptions.js');
const began = performance.now();
// other work on the machine moves every figure: recorded with them
const loadBefore = loadavg()[0];
const count = (n) => n.toLocaleString('en');
const SIZES = [10_000, 100_000, 1_000_000];
// fewer repetitions where one run takes many seconds
const RUNS = { 10_000: 5, 100_000: 3, 1_000_000: 1 };
const WARMUP = { 10_000: 1, 100_000: 1, 1_000_000: 0 };
const EDITS = { 10_000: 20, 100_000: 10, 1_000_000: 3 };
/** a 10x step of the input may cost this much more and still count as linear (measurement noise) */
const LINEAR_BOUND = 12;

/** Directories for the anchors: Postfix reads main.cf from them, the server reads the files beside a document. */
const mapDir = (lines) => configDir({ 'main.cf': '', access: accessMap(lines) });
const mainDir = (text) => configDir({ 'main.cf': text, 'master.cf': '' });

/** The anchor's run times, or why there are none. */
function anchorRuns(program, name, args, runs, warmup = 1) {
  if (!program) return { error: `${name} not installed` };
  try {
    return { samples: timeProgram(program, args, runs, warmup) };
  } catch (error) {
    return { error: error.message };
  }
}
const postmapRuns = (dir, runs, warmup) => anchorRuns(postmap, 'postmap', ['-c', dir, `cdb:${join(dir, 'access')}`], runs, warmup);
const postconfRuns = (dir, runs, warmup) => anchorRuns(postconf, 'postconf', ['-c', dir, '-n'], runs, warmup);

const rows = [];
/** A figure, with a goal unless it is there to compare: `goal` is [statistic, limit], the statistic one of ratio, median, p95. */
function figure(name, input, result, goal, anchor, unit = 'ms') {
  const row = { figure: name, input, unit };
  if (result.error) {
    row.error = result.error;
  } else {
    Object.assign(row, { median: median(result.samples), p95: percentile(result.samples, 0.95), runs: result.samples.length });
  }
  if (anchor?.error) row.anchor = { tool: anchor.tool, error: anchor.error };
  else if (anchor) {
    row.anchor = { tool: anchor.tool, median: median(anchor.samples), runs: anchor.samples.length };
    if (row.median !== undefined) row.ratio = row.median / row.anchor.median;
  }
  if (goal) {
    const [statistic, limit] = goal;
    row.goal = statistic === 'ratio' ? `ratio <= ${limit}` : `${statistic} <= ${limit} ${unit}`;
    row.met = row[statistic] === undefined ? null : row[statistic] <= limit;
  }
  rows.push(row);
}

const growth = [];
/** Values at 10k, 100k and 1M lines and what each 10x step multiplied them by. */
function grows(name, unit, results, note) {
  const values = results.map((r) => (r.error ? null : r.value));
  const steps = factors(values);
  const known = steps.filter((f) => f !== null);
  growth.push({
    figure: name,
    unit,
    sizes: SIZES,
    values,
    errors: results.map((r) => r.error ?? null),
    factors: steps,
    linear: known.length ? known.every((f) => f <= LINEAR_BOUND) : null,
    ...(note ? { note } : {}),
  });
}
const medianOf = (r) => (r.error ? r : { value: median(r.samples) });
const fromSession = async (fn) => {
  try {
    return await fn();
  } catch (error) {
    return { error: error.message.split('\n')[0] };
  }
};

/** `postfix-language-server check FILE` as a shell or CI runs it: exit status 1 says it found errors. */
const serverJs = join(here, '..', 'dist', 'server.js');
function cliRuns(file, runs) {
  try {
    return { samples: timeProgram(process.execPath, [serverJs, 'check', file], runs, 1, [0, 1]) };
  } catch (error) {
    return { error: error.message };
  }
}

// 1. the access map
const map200k = mapDir(200_000);
const mapCheck = timeCheck('table', join(map200k, 'access'), 5, 1);
const postmap200k = { tool: 'postmap -c DIR cdb:FILE', ...postmapRuns(map200k, 5) };
figure(
  'full check of an access map, in process (for comparison)',
  `200,000 lines${mapCheck.error ? '' : `, ${count(mapCheck.diagnostics)} diagnostics`}`,
  mapCheck,
  undefined,
  postmap200k,
);
figure(
  'full check of that access map as a whole process (postfix-language-server check)',
  '200,000 lines',
  cliRuns(join(map200k, 'access'), 5),
  ['ratio', 1.0],
  postmap200k,
);
// the same map in the usual layout, beside a main.cf that names it; postmap runs first, so that the check finds its .cdb up to date
const mapBesideMain = configDir({ access: accessMap(200_000) });
writeFileSync(
  join(mapBesideMain, 'main.cf'),
  `smtpd_restriction_classes = greylist\ngreylist = check_policy_service inet:127.0.0.1:10023\nsmtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination, check_client_access cdb:${join(mapBesideMain, 'access')}\n`,
);
// Postfix waits while a configuration file is younger than a second or two
utimesSync(join(mapBesideMain, 'main.cf'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
const postmapBesideMain = { tool: 'postmap -c DIR cdb:FILE', ...postmapRuns(mapBesideMain, 5) };
figure(
  'the same map beside a main.cf that names it, as a whole process (for comparison)',
  '200,000 lines, main.cf of 3 lines',
  cliRuns(join(mapBesideMain, 'access'), 5),
  undefined,
  postmapBesideMain,
);

// 2. the big main.cf
const bigText = copiesMainCf(10);
const bigLines = bigText.split('\n').length - 1;
const big = mainDir(bigText);
const mainCheck = timeCheck('main', join(big, 'main.cf'), 10, 2);
const postconfBig = { tool: 'postconf -c DIR -n', ...postconfRuns(big, 10) };
figure(
  'full check of a main.cf, in process, warm (for comparison)',
  `${count(bigLines)} lines: ten copies of ${usesPostconfDefaults ? 'postconf -d' : 'our defaults'}${mainCheck.error ? '' : `, ${count(mainCheck.diagnostics)} diagnostics`}`,
  mainCheck,
  undefined,
  postconfBig,
);
figure(
  'full check of that main.cf as a whole process (postfix-language-server check)',
  `${count(bigLines)} lines`,
  cliRuns(join(big, 'main.cf'), 10),
  ['ratio', 2.0],
  postconfBig,
);

// 3. through the server
const edits = await fromSession(() => mapEdits(join(map200k, 'access'), 20, serverNode));
figure('one-line edit of that access map to its diagnostics, through the server', '200,000 lines, 20 edits', edits, ['median', 5]);
const typed = await fromSession(() => mainEdits(join(big, 'main.cf'), 20, serverNode));
figure(
  'one character typed in the big main.cf to its diagnostics, through the server',
  `${count(bigLines)} lines, 20 edits${typed.error ? '' : `, ${count(typed.diagnostics)} diagnostics; server CPU ${typed.cpu.toFixed(0)} ms an edit`}`,
  typed,
  ['ratio', 1.0],
  { ...postconfBig, tool: 'one whole postconf -c DIR -n' },
);
// a main.cf of the size people write: the biggest of the corpus, when there is one (docs/testing.md)
const corpus = process.env.POSTFIX_CORPUS;
if (corpus) {
  const files = readdirSync(join(corpus, 'main.cf')).map((name) => join(corpus, 'main.cf', name));
  const biggest = files.reduce((a, b) => (statSync(b).size > statSync(a).size ? b : a));
  const real = mainDir(readFileSync(biggest, 'utf8'));
  const realEdits = await fromSession(() => mainEdits(join(real, 'main.cf'), 20, serverNode));
  figure(
    'one character typed in the biggest main.cf of the corpus, through the server (for comparison)',
    `${count(readFileSync(biggest, 'utf8').split('\n').length - 1)} lines, 20 edits`,
    realEdits,
    undefined,
    { tool: 'one whole postconf -c DIR -n', ...postconfRuns(real, 10) },
  );
}
const trip = timeCheck('main', join(big, 'main.cf'), 10, 2, 'json');
figure(
  'the diagnostics of that main.cf through JSON-RPC encoding and decoding, in process (for comparison)',
  `${trip.error ? '' : `${count(trip.diagnostics)} diagnostics, `}as the server sends them after each edit`,
  trip,
  undefined,
  postconfBig,
);
const positions = Array.from({ length: 200 }, (_, i) => ({ line: (i * 37) % bigLines, character: 3 }));
const asked = await fromSession(() => requests(join(big, 'main.cf'), positions, serverNode));
figure('hover on the big main.cf, through the server', '200 positions', asked.error ? asked : { samples: asked.hover }, ['p95', 5]);
figure('completion on the big main.cf, through the server', '200 positions', asked.error ? asked : { samples: asked.completion }, ['p95', 5]);
const example = join(here, '..', 'examples', 'main.cf');
const started = await fromSession(() => startup(example, 5, serverNode));
const nodeAlone = median(timeProgram(process.execPath, ['-e', '0'], 5, 1));
figure('start of the server to the first diagnostics', `examples/main.cf, 5 starts (node -e 0 alone: ${nodeAlone.toFixed(0)} ms)`, started, ['median', 300]);
const mapFile = [join(map200k, 'access'), 'postfix-map'];
const mainFile = [join(big, 'main.cf'), 'postfix-main'];
/**
 * The server's resident memory once `files` are open and checked, in a server of its own: after
 * SETTLE_MS without requests (the figure with the goal: what an editor holds while the files stay
 * open), and right after their diagnostics arrived (`burst`: its own row, else in the input column).
 */
async function resident(what, input, files, goal, burst) {
  const r = await fromSession(() => openFiles(files, serverNode, true));
  // V8 gives back after a while what opening them allocated at once: right after, it is still resident
  const after = r.error || burst ? '' : `; right after the diagnostics ${r.memory.rss.toFixed(0)} MB`;
  figure(`${what}, after ${SETTLE_MS / 1000} s idle`, `${input}${after}`, r.error ? r : { samples: [r.settled.rss] }, goal, undefined, 'MB');
  if (burst)
    figure(burst, `${input}; peak ${r.error ? '?' : r.settled.peak.toFixed(0)} MB`, r.error ? r : { samples: [r.memory.rss] }, undefined, undefined, 'MB');
}
await resident(
  'resident memory of the server with the access map and the big main.cf open and checked',
  `200,000 + ${count(bigLines)} lines`,
  [mapFile, mainFile],
  ['median', 120],
  'the same, right after their diagnostics arrived (for comparison)',
);
await resident('the same with the access map alone (for comparison)', '200,000 lines', [mapFile]);
await resident('the same with the big main.cf alone (for comparison)', `${count(bigLines)} lines`, [mainFile]);

// 4. the simulator: through the server with the big access map open, and the command line as a whole process
const simDir = configDir({
  'main.cf':
    'compatibility_level = 3.6\nmydestination = example.com\nsmtpd_recipient_restrictions = check_sender_access hash:/etc/postfix/access, reject_unauth_destination\n',
  access: accessMap(200_000),
});
const simulated = await fromSession(() => simulations(join(simDir, 'main.cf'), join(simDir, 'access'), 50));
figure(
  'simulate through the server with the 200,000-line access map open',
  `50 transactions${simulated.error ? '' : ` after a first that read the map in ${simulated.first.toFixed(0)} ms`}`,
  simulated,
  ['median', 10],
);
const seedPolicy = join(here, '..', 'test', 'fixtures', 'policies', 'seed', 'main.cf');
const simulateArgs = [
  'simulate',
  '--client-address',
  '203.0.113.7',
  '--helo',
  'mail.example.net',
  '--sender',
  'alice@example.com',
  '--recipient',
  'bob@elsewhere.example',
];
const cli = (() => {
  try {
    return { samples: timeProgram(process.execPath, [join(here, '..', 'dist', 'server.js'), ...simulateArgs, seedPolicy], 10, 2) };
  } catch (error) {
    return { error: error.message };
  }
})();
figure('the simulate command as a whole process', `the seed policy with its three tables, 10 runs (node -e 0 alone: ${nodeAlone.toFixed(0)} ms)`, cli, [
  'median',
  300,
]);

// 5. the mail log: our log command against pflogsumm on the same generated log, and our memory at two sizes
const server = join(here, '..', 'dist', 'server.js');
const logs = configDir();
const logOf = async (lines) => {
  const path = join(logs, `mail.log.${lines}`);
  await writeMailLog(path, lines);
  return path;
};
const log1m = await logOf(1_000_000);
const log100k = await logOf(100_000);
const ourLog = (() => {
  try {
    return { samples: timeProgram(process.execPath, [server, 'log', log1m], 3, 1) };
  } catch (error) {
    return { error: error.message };
  }
})();
figure(
  'summary of a mail log by the log command, as a process',
  '1,000,000 lines (generated: rejects, deliveries, deferrals, bounces)',
  ourLog,
  ['ratio', 0.1],
  { tool: 'pflogsumm FILE', ...anchorRuns(pflogsumm, 'pflogsumm', [log1m], 1, 0) },
);
const peakOf = (path) => {
  const r = spawnSync(process.execPath, [join(here, 'logMemory.mjs'), path], { encoding: 'utf8' });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  return r.status === 0 && last.startsWith('{') ? JSON.parse(last).peakMB : undefined;
};
const peak100k = peakOf(log100k);
const peak1m = peakOf(log1m);
figure(
  'peak memory of the log command, 1,000,000 lines against 100,000',
  peak100k && peak1m ? `${peak1m.toFixed(0)} MB against ${peak100k.toFixed(0)} MB` : 'not measured',
  peak100k && peak1m ? { samples: [peak1m / peak100k] } : { error: 'the log command failed' },
  ['median', 1.2],
  undefined,
  'x',
);

// 6. growth, each size in a fresh process
const idle = started.error ? 0 : median(started.idle);
const mains = [];
const tables = [];
const sessions = [];
const anchors = { postconf: [], postmap: [] };
for (const lines of SIZES) {
  const mainAt = mainDir(mainCfLines(lines));
  mains.push(medianOf(timeCheck('main', join(mainAt, 'main.cf'), RUNS[lines], WARMUP[lines])));
  anchors.postconf.push(medianOf(postconfRuns(mainAt, RUNS[lines], WARMUP[lines])));
  const mapAt = mapDir(lines);
  tables.push(medianOf(timeCheck('table', join(mapAt, 'access'), RUNS[lines], WARMUP[lines])));
  anchors.postmap.push(medianOf(postmapRuns(mapAt, RUNS[lines], WARMUP[lines])));
  sessions.push(await fromSession(() => mapEdits(join(mapAt, 'access'), EDITS[lines], serverNode)));
}
grows('full check of a main.cf (copies of the defaults), in process', 'ms', mains);
grows('postconf -c DIR -n on the same main.cf', 'ms', anchors.postconf);
grows('full check of an access map, in process', 'ms', tables);
grows('postmap -c DIR cdb:FILE on the same map', 'ms', anchors.postmap);
grows(
  'one-line edit of the map to its diagnostics, through the server',
  'ms',
  sessions.map((s) => (s.error ? s : { value: median(s.samples) })),
);
grows(
  'resident memory of the server with the map open, above an idle server',
  'MB',
  sessions.map((s) => (s.error ? s : { value: s.memory.rss - idle })),
  `idle server ${idle.toFixed(0)} MB; resident: ${sessions.map((s) => (s.error ? 'failed' : `${s.memory.rss.toFixed(0)} MB`)).join(', ')}`,
);

const osName = (() => {
  try {
    return /^PRETTY_NAME="?([^"\n]*)/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
})();
const results = {
  date: new Date().toISOString(),
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: osName,
    node: process.version,
    postfix: postfixVersion() ?? 'not installed',
    load: [loadBefore, loadavg()[0]].map((l) => Number(l.toFixed(1))),
  },
  seconds: Math.round((performance.now() - began) / 1000),
  serverNodeOptions: serverNode,
  linearBound: LINEAR_BOUND,
  figures: rows,
  growth,
};
writeFileSync(join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n');

const num = (v, unit) => (v == null ? '' : `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ${unit}`);
const m = results.machine;
console.log(`${results.date.slice(0, 10)}: ${m.cores} cores (${m.cpu}), node ${m.node}, ${m.os ?? 'unknown OS'}, Postfix ${m.postfix}`);
console.log(
  `load average ${m.load.join(' at the start, ')} at the end; the bench took ${results.seconds} s; the server ran with node ${results.serverNodeOptions.join(' ')}`,
);
console.log('\n| figure | input | ours | anchor | ratio | goal | met |\n|---|---|---|---|---|---|---|');
for (const r of rows) {
  const ours = r.error ? `failed: ${r.error}` : r.goal?.startsWith('p95') ? `p50 ${num(r.median, r.unit)}, p95 ${num(r.p95, r.unit)}` : num(r.median, r.unit);
  const anchor = !r.anchor ? '' : r.anchor.error ? `failed: ${r.anchor.error}` : `${num(r.anchor.median, r.unit)} (${r.anchor.tool})`;
  const met = r.met === undefined ? '' : r.met === null ? 'no figure' : r.met ? 'met' : 'not met';
  console.log(`| ${r.figure} | ${r.input} | ${ours} | ${anchor} | ${r.ratio?.toFixed(2) ?? ''} | ${r.goal ?? ''} | ${met} |`);
}
console.log(`\n| growth | ${SIZES.map(count).join(' lines | ')} lines | per 10x | linear (<= ${LINEAR_BOUND}x) |\n|---|---|---|---|---|---|`);
for (const g of growth) {
  const cells = g.values.map((v, i) => (g.errors[i] ? `failed: ${g.errors[i]}` : num(v, g.unit)));
  const steps = g.factors.map((f) => (f === null ? '-' : `${f.toFixed(1)}x`)).join(', ');
  const linear = g.linear === null ? '' : g.linear ? 'yes' : 'no';
  console.log(`| ${g.figure}${g.note ? ` (${g.note})` : ''} | ${cells.join(' | ')} | ${steps} | ${linear} |`);
}
console.log(`\nwritten to ${join('bench', 'results.json')}`);
