// Flags summaries that share a run of eight or more words with Postfix's own
// documentation: project text must be written in our own words.
// Usage: node scripts/check-own-words.mjs [overlay.json ...]
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reference = join(root, '..', 'shared', 'reference', 'postfix-3.11.6');
const RUN = 8;

const words = (text) =>
  text.replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;/g, ' ').toLowerCase().match(/[a-z0-9_$.]+/g) ?? [];

function upstreamRuns() {
  const sources = [join(reference, 'postconf.proto')];
  for (const dir of ['man5', 'readme']) {
    for (const f of readdirSync(join(reference, dir))) sources.push(join(reference, dir, f));
  }
  const runs = new Set();
  for (const file of sources) {
    const w = words(readFileSync(file, 'utf8'));
    for (let i = 0; i + RUN <= w.length; i++) runs.add(w.slice(i, i + RUN).join(' '));
  }
  return runs;
}

const defaultFiles = () => {
  const overlays = join(root, 'server', 'src', 'service', 'knowledge', 'overlays');
  const dir = join(overlays, 'summaries');
  return [
    ...readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f)),
    ...readdirSync(overlays)
      .filter((f) => /^(restriction-summaries|master-.*)\.json$/.test(f))
      .map((f) => join(overlays, f)),
  ];
};

const files = process.argv.slice(2).length ? process.argv.slice(2) : defaultFiles();
const runs = upstreamRuns();
let problems = 0;
for (const file of files) {
  const summaries = JSON.parse(readFileSync(file, 'utf8'));
  for (const [name, summary] of Object.entries(summaries)) {
    const w = words(summary);
    for (let i = 0; i + RUN <= w.length; i++) {
      const run = w.slice(i, i + RUN).join(' ');
      if (runs.has(run)) {
        problems++;
        console.log(`${file}: ${name}: shares "${run}" with the Postfix documentation`);
        break;
      }
    }
  }
}
console.log(problems ? `${problems} summaries need rewording` : 'all summaries are in our own words');
process.exit(problems ? 1 : 0);
