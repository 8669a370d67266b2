// Flags project text that shares a run of eight or more words with Postfix's own
// documentation (postconf.proto, man pages, READMEs): it must be in our own words.
// Names and values are facts we may quote, so a run made only of names (with "_"
// or "$") and `code` is no copy; prose around names still counts, word by word.
// Usage: node scripts/check-own-words.mjs [--run N] [file.json|file.ts ...]
//   --run N: flag runs of N words instead of 8
//   without files: parameter, restriction, table type, database client and master.cf texts, and the
//   string literals of server/src/service/{knowledge,features,checks}
// The documentation is read from the Postfix source tree named by POSTFIX_REFERENCE.
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reference = process.env.POSTFIX_REFERENCE;
if (!reference) {
  console.error('check-own-words: set POSTFIX_REFERENCE to a Postfix source tree such as postfix-3.11.6 (see docs/testing.md)');
  process.exit(2);
}
const args = process.argv.slice(2);
const runOption = args.indexOf('--run');
const RUN = runOption >= 0 ? Number(args[runOption + 1]) : 8;
if (!(RUN >= 2)) {
  console.error('check-own-words: --run needs a number of words, 2 or more');
  process.exit(2);
}

const words = (text) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** The text of a documentation file without HTML, troff markup or overstrike. */
function plain(file, text) {
  const prose = /\.\d$/.test(file)
    ? text
        .replace(/\\f[A-Z]|\\\(\w\w|\\&|\\e/g, '')
        .replace(/\\-/g, '-')
        .replace(/^\.\w+/gm, ' ')
    : text;
  return prose
    .replace(/.\u0008/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;/g, ' ');
}

function upstreamRuns() {
  const sources = [join(reference, 'postconf.proto')];
  for (const dir of ['man5', 'man8', 'readme']) {
    let names = [];
    try {
      names = readdirSync(join(reference, dir));
    } catch {
      // a reference tree without these pages: the others still count
    }
    for (const f of names) sources.push(join(reference, dir, f));
  }
  const runs = new Set();
  for (const file of sources) {
    const w = words(plain(file, readFileSync(file, 'utf8')));
    for (let i = 0; i + RUN <= w.length; i++) runs.add(w.slice(i, i + RUN).join(' '));
  }
  return runs;
}

/** Our words, each marked when it belongs to a name or to `code`: quoted facts, not prose. */
function markedWords(text) {
  const out = [];
  text.split('`').forEach((part, i) => {
    for (const [token] of part.matchAll(/\S+/g)) {
      const fact = i % 2 === 1 || token.includes('_') || token.startsWith('$') || token.includes('://');
      for (const w of words(token)) out.push({ w, fact });
    }
  });
  return out;
}

/** [where, text] of every string of a JSON file, or of every string literal of a TypeScript file. */
function texts(file) {
  const source = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) {
    const out = [];
    const walk = (value, path) => {
      if (typeof value === 'string') out.push([path, value]);
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    };
    walk(JSON.parse(source), '');
    return out;
  }
  const literal = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g;
  return [...source.matchAll(literal)].map((m) => [`line ${source.slice(0, m.index).split('\n').length}`, m[1] ?? m[2] ?? m[3]]);
}

const inDir = (dir, ext) =>
  readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith(ext))
    .map((f) => join(dir, f));

const defaultFiles = () => {
  const service = join(root, 'server', 'src', 'service');
  const overlays = join(service, 'knowledge', 'overlays');
  return [
    ...inDir(join(overlays, 'summaries'), '.json'),
    ...readdirSync(overlays)
      .filter((f) => /^(restriction-summaries|tableTypes|dbms|master-.*)\.json$/.test(f))
      .map((f) => join(overlays, f)),
    ...['knowledge', 'features', 'checks'].flatMap((dir) => inDir(join(service, dir), '.ts')),
  ];
};

const named = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--run');
const files = named.length ? named : defaultFiles();
const runs = upstreamRuns();
let problems = 0;
let count = 0;
for (const file of files) {
  for (const [where, text] of texts(file)) {
    count++;
    const marked = markedWords(text);
    for (let i = 0; i + RUN <= marked.length; i++) {
      const window = marked.slice(i, i + RUN);
      const run = window.map((m) => m.w).join(' ');
      if (runs.has(run) && window.some((m) => !m.fact)) {
        problems++;
        console.log(`${file}: ${where}: shares "${run}" with the Postfix documentation`);
        break;
      }
    }
  }
}
const checked = `${count} texts in ${files.length} files, runs of ${RUN} words`;
console.log(problems ? `${problems} texts need rewording (${checked})` : `all in our own words (${checked})`);
process.exit(problems ? 1 : 0);
