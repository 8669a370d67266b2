/**
 * Tables of fixed keys: the sources of indexed tables (hash, lmdb, cdb,
 * btree, dbm, sdbm) as postmap builds them, texthash, inline: and static:.
 * smtpd opens them with key folding, so keys and lookups are lower case.
 */
import { braceWords } from '../syntax/braceWords';
import { pairText, parseTable } from '../syntax/table';
import type { LookupOutcome, NamedAt, Table } from './table';

interface Entry {
  value: string;
  line: number;
  key: string;
}

function keyedTable(name: string, type: string, entries: Map<string, Entry>, file: string, problems: string[]): Table {
  return {
    name,
    type,
    fixed: true,
    problems,
    lookup(key: string): LookupOutcome {
      // Postfix never looks up an empty key
      if (key === '') return { kind: 'missing' };
      const e = entries.get(key.toLowerCase());
      return e ? { kind: 'found', hit: { value: e.value, file, line: e.line, key: e.key } } : { kind: 'missing' };
    },
  };
}

/** postmap and texthash keep the first of duplicate keys (with a warning); an aliases source is read as postalias reads it. */
export function sourceTable(name: string, type: string, file: string, text: string, aliases = false): Table {
  const parsed = parseTable(text, aliases ? 'aliases' : 'indexed');
  const entries = new Map<string, Entry>();
  const problems: string[] = [];
  for (const line of parsed.lines) {
    const pair = pairText(line);
    if (!pair || pair.value === '') continue;
    const key = pair.key;
    const folded = key.toLowerCase();
    if (entries.has(folded)) {
      problems.push(`${file}, line ${line.start + 1}: duplicate key "${key}"; Postfix keeps the first one`);
      continue;
    }
    entries.set(folded, { value: pair.value, line: line.start, key });
  }
  return keyedTable(name, type, entries, file, problems);
}

/** The text between a name's outer braces, or undefined when they do not enclose it all. */
function braced(text: string): string | undefined {
  const t = text.trim();
  if (!t.startsWith('{')) return undefined;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '{') depth++;
    else if (t[i] === '}' && --depth === 0) return i === t.length - 1 ? t.slice(1, -1) : undefined;
  }
  return undefined;
}

/** inline:{ key=value, { key = value } }: later keys replace earlier ones, as in Postfix's in-memory table. */
export function inlineTable(name: string, body: string, at: NamedAt): Table | { problem: string } {
  const inner = braced(body);
  if (inner === undefined || inner.trim() === '') return { problem: `bad syntax: "${name}"; Postfix wants inline:{name=value...}` };
  const entries = new Map<string, Entry>();
  for (const word of braceWords(inner)) {
    const pair = braced(word) ?? word;
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    if (eq < 0) return { problem: `missing '=' after attribute name: "${name}"` };
    if (key === '') return { problem: `missing attribute name: "${name}"` };
    entries.set(key.toLowerCase(), { value: pair.slice(eq + 1).trim(), line: at.line, key });
  }
  return keyedTable(name, 'inline', entries, at.file, []);
}

/** static:value answers every key with the value; static:{ value } may hold spaces. */
export function staticTable(name: string, body: string, at: NamedAt): Table {
  const value = braced(body)?.trim() ?? body;
  return {
    name,
    type: 'static',
    fixed: true,
    problems: [],
    lookup: (key) => (key === '' ? { kind: 'missing' } : { kind: 'found', hit: { value, file: at.file, line: at.line, key: name } }),
  };
}
