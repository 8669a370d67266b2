// Figures through the language server: the bundle dist/server.js over stdio, as an editor runs it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { LspClient, withServer } = require('../out/test/lsp/client.js');

// a check of a million-line table takes many seconds
const TIMEOUT = 180_000;

/** VmRSS and VmHWM (the peak) of a process, in MB. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)[1]) / 1024;
  return { rss: mb('VmRSS'), peak: mb('VmHWM') };
}

/** CPU time (user and system, all threads) a process has used so far, in ms: less moved by other work on the machine than wall time. */
function cpuMs(pid) {
  // the fields after the command name, which may hold spaces: utime and stime are the 12th and 13th
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Opens a file and waits for its diagnostics; returns the document's URI, its diagnostics and the time taken. */
async function open(client, file, languageId) {
  const uri = pathToFileURL(file).href;
  const start = performance.now();
  await client.didOpen(uri, readFileSync(file, 'utf8'), languageId);
  const published = await client.waitForVersion(uri, TIMEOUT);
  const ms = performance.now() - start;
  // above its size limit the server only says so: nothing of the figure would be measured
  const skipped = published.diagnostics.find((d) => d.code === 'file-too-large');
  if (skipped) throw new Error(`the server does not check it: ${skipped.message.split(';')[0]}`);
  return { uri, diagnostics: published.diagnostics.length, ms };
}

/** From spawning the server to the diagnostics of `file`, `runs` times; also the memory of a server that has little to hold. */
export async function startup(file, runs, nodeOptions) {
  const samples = [];
  const idle = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const client = LspClient.start({ nodeOptions });
    try {
      await client.initialize({ timeout: TIMEOUT });
      await open(client, file, 'postfix-main');
      samples.push(performance.now() - start);
      idle.push(memory(client.proc.pid).rss);
    } finally {
      await client.shutdown();
    }
  }
  return { samples, idle };
}

/** What VS Code's client declares: it resolves an item's documentation when it shows it, and takes a shared replace range. */
const EDITOR_COMPLETION = {
  completionItem: { snippetSupport: true, resolveSupport: { properties: ['documentation', 'detail'] } },
  completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
};

/** Hover and completion round trips at `positions` of a main.cf, after its diagnostics. */
export function requests(file, positions, nodeOptions) {
  return withServer({ timeout: TIMEOUT, completion: EDITOR_COMPLETION, nodeOptions }, async (client) => {
    const { uri } = await open(client, file, 'postfix-main');
    const time = async (ask) => {
      const samples = [];
      for (const position of positions) {
        const start = performance.now();
        await ask(uri, position);
        samples.push(performance.now() - start);
      }
      return samples;
    };
    return {
      hover: await time((u, p) => client.hover(u, p)),
      completion: await time((u, p) => client.request('textDocument/completion', { textDocument: { uri: u }, position: p })),
    };
  });
}

/**
 * Opens an access map (its name tells the server it is one), measures the
 * server's memory once it is checked, then replaces `edits` lines spread over
 * the file, one at a time, timing each change to its published diagnostics.
 */
export function mapEdits(file, edits, nodeOptions) {
  return withServer({ timeout: TIMEOUT, nodeOptions }, async (client) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    const opened = await open(client, file, 'postfix-map');
    const mem = memory(client.proc.pid);
    const samples = [];
    for (let k = 0; k < edits; k++) {
      const line = Math.floor(((k + 0.5) * (lines.length - 1)) / edits);
      // "edited" is no word of the generator: the new key is not a duplicate
      const text = `edited${k}.example.org\tREJECT`;
      const range = { start: { line, character: 0 }, end: { line, character: lines[line].length } };
      lines[line] = text;
      const start = performance.now();
      await client.didChange(opened.uri, [{ range, text }]);
      await client.waitForVersion(opened.uri, TIMEOUT);
      samples.push(performance.now() - start);
    }
    return { samples, memory: mem, diagnostics: opened.diagnostics, openMs: opened.ms };
  });
}

/**
 * Opens main.cf and the access map it names (both as an editor would, and
 * waits for their diagnostics), then asks postfix/simulate `count` times,
 * each time for another sender; the first answer, which reads the map, is
 * timed apart from the others.
 */
export function simulations(mainCf, map, count) {
  return withServer({ timeout: TIMEOUT }, async (client) => {
    const main = await open(client, mainCf, 'postfix-main');
    await open(client, map, 'postfix-map');
    const samples = [];
    let first;
    for (let i = -1; i < count; i++) {
      const transaction = {
        clientAddress: '203.0.113.7',
        helo: 'mail.example.net',
        sender: `user${i + 1}@sender${i + 1}.example.org`,
        recipients: ['info@example.com'],
      };
      const start = performance.now();
      const answer = await client.request('postfix/simulate', { uri: main.uri, transaction }, TIMEOUT);
      const ms = performance.now() - start;
      if (!answer?.recipients?.length) throw new Error('postfix/simulate gave no answer');
      if (i < 0) first = ms;
      else samples.push(ms);
    }
    return { samples, first };
  });
}

/**
 * Opens a main.cf and types one character at the end of `edits` lines spread
 * over the file, one at a time, timing each change to its published
 * diagnostics; also the server's CPU time per edit (clock ticks of 10 ms,
 * so over all the edits) and its memory once it is checked.
 */
export function mainEdits(file, edits, nodeOptions) {
  return withServer({ timeout: TIMEOUT, nodeOptions }, async (client) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    const opened = await open(client, file, 'postfix-main');
    const samples = [];
    const cpuBefore = cpuMs(client.proc.pid);
    for (let k = 0; k < edits; k++) {
      const line = Math.floor(((k + 0.5) * (lines.length - 1)) / edits);
      const at = { line, character: lines[line].length };
      lines[line] += 'x';
      const start = performance.now();
      await client.didChange(opened.uri, [{ range: { start: at, end: at }, text: 'x' }]);
      await client.waitForVersion(opened.uri, TIMEOUT);
      samples.push(performance.now() - start);
    }
    const cpu = (cpuMs(client.proc.pid) - cpuBefore) / edits;
    return { samples, cpu, memory: memory(client.proc.pid), diagnostics: opened.diagnostics, openMs: opened.ms };
  });
}

/** How long a server is left idle before its memory counts as settled: V8 gives back what a burst used 8-16 s after it. */
export const SETTLE_MS = 20_000;

/**
 * The server's memory once `files` ([path, languageId]) are open and checked, one after the
 * other: right after the last diagnostics arrive, and (`settle`) after SETTLE_MS more without requests.
 */
export function openFiles(files, nodeOptions, settle = false) {
  return withServer({ timeout: TIMEOUT, nodeOptions }, async (client) => {
    for (const [file, languageId] of files) await open(client, file, languageId);
    const now = memory(client.proc.pid);
    if (!settle) return { memory: now };
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return { memory: now, settled: memory(client.proc.pid) };
  });
}
