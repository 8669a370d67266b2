import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { parseCidrPattern, networkKey } from '../../syntax/address';
import type { TableInfo } from '../../model/tableDetect';
import { span, type Span, type TableLine, type TablePattern } from '../../syntax/table';
import { compilePattern } from './compiled';
import { MAX_PER_CHECK, type TableCheck, type TableCheckContext } from './context';
import { keptIf } from './ifEndif';
import { defineCheck } from '../check';
import { deleteLinesFix } from '../shared/fixes';

/** aliases: the name as postalias stores it: quotes removed, lower case. */
const aliasKey = (key: string): string => key.replace(/"((?:[^"\\]|\\.)*)"/g, (_m, inner: string) => inner.replace(/\\(.)/g, '$1')).toLowerCase();

const patternKey = (p: TablePattern, options: string): string => `${p.negated ? '!' : ''}${options}\u0000${p.source.text}`;

/** Earlier entries whose key was seen, with the IF blocks around them. */
interface Seen {
  line: TableLine;
  blocks: readonly number[];
}

/** An entry at `outer` blocks is always tried before one at `inner` when outer's blocks enclose inner's. */
const encloses = (outer: readonly number[], inner: readonly number[]): boolean => outer.length <= inner.length && outer.every((b, i) => inner[i] === b);

/** The key an indexed or aliases entry is stored under, or undefined when the reader skips the line. */
export function storedKey(line: TableLine, info: TableInfo): string | undefined {
  const entry = line.entry;
  if (entry?.kind !== 'pair' || !entry.value || line.issues.some((i) => !i.warning)) return undefined;
  const key = entry.key.text;
  return info.flavour === 'aliases' ? aliasKey(key) : key.toLowerCase();
}

const keySpan = (line: TableLine): Span => (line.entry?.kind === 'pair' ? line.entry.key : span(line, 0, 0));

/** `line` repeats the key of `earlier`, which postmap or postalias keeps. */
function duplicateKeyDiagnostic(line: TableLine, earlier: TableLine, info: TableInfo): Diagnostic {
  const tool = info.flavour === 'aliases' ? 'postalias' : info.type === 'texthash' ? 'texthash' : 'postmap';
  const key = keySpan(line);
  return diagnostic(
    Code.DuplicateLookupKey,
    key.range,
    `"${key.text}" is already a key on line ${earlier.start + 1}${key.text === keySpan(earlier).text ? '' : ' (keys are compared without regard to case)'}: ${tool} keeps that first entry and warns ("duplicate entry"), so this one is never used.`,
    [deleteLinesFix('Remove this duplicate entry', line.start, line.end)],
  );
}

/** A 32-bit hash of a string (FNV-1a over UTF-16 units). */
export function keyHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Repeated keys found by sorting their hashes, not with a map of every key:
 * in a table of 200,000 lines the map and its key strings would be most of
 * the work. Only lines whose hashes collide have their keys compared.
 */
function indexedDuplicates({ parsed, info }: TableCheckContext): Diagnostic[] {
  const lines = parsed.lines;
  // hash and line index in one exactly represented number: the index in the low bits
  const range = 2 ** Math.max(1, Math.ceil(Math.log2(lines.length + 1)));
  const dropBits = Math.max(0, 32 - Math.floor(Math.log2(Number.MAX_SAFE_INTEGER / range)));
  const keyed = new Float64Array(lines.length);
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const key = storedKey(lines[i], info);
    if (key !== undefined) keyed[count++] = (keyHash(key) >>> dropBits) * range + i;
  }
  const sorted = keyed.subarray(0, count).sort();
  const groups: TableLine[][] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && Math.floor(sorted[j] / range) === Math.floor(sorted[i] / range)) j++;
    if (j - i > 1) groups.push(Array.from(sorted.subarray(i, j), (k) => lines[k % range]));
    i = j;
  }
  return repeatedKeys(groups, info);
}

/**
 * The entries that repeat an earlier key, from groups of entries in file
 * order that may share keys (same hash): the first of each key keeps it.
 */
export function repeatedKeys(groups: Iterable<readonly TableLine[]>, info: TableInfo): Diagnostic[] {
  const found: [TableLine, TableLine][] = [];
  for (const lines of groups) {
    const first = new Map<string, TableLine>();
    for (const line of lines) {
      const key = storedKey(line, info) ?? '';
      const earlier = first.get(key);
      if (earlier) found.push([line, earlier]);
      else first.set(key, line);
    }
  }
  found.sort((a, b) => a[0].start - b[0].start);
  return found.slice(0, MAX_PER_CHECK).map(([line, earlier]) => duplicateKeyDiagnostic(line, earlier, info));
}

function patternDuplicates({ parsed, info }: TableCheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, Seen[]>();
  const blocks: number[] = [];
  let nextBlock = 0;
  for (const line of parsed.lines) {
    const entry = line.entry;
    if (!entry) continue;
    if (entry.kind === 'if') {
      if (keptIf(line, info)) blocks.push(nextBlock++);
      continue;
    }
    if (entry.kind === 'endif') {
      blocks.pop();
      continue;
    }
    let key: string | undefined;
    let shown = '';
    let where = line.text.range(0, 0);
    if (entry.kind === 'pattern') {
      if (!entry.value) continue;
      const a = compilePattern(entry.pattern, info);
      if (a.error) continue;
      key = patternKey(entry.pattern, a.options);
      if (entry.second) {
        const b = compilePattern(entry.second, info);
        if (b.error) continue;
        key += `\u0001${patternKey(entry.second, b.options)}`;
      }
      shown = entry.pattern.whole.text + (entry.second?.whole.text ?? '');
      where = entry.pattern.whole.range;
    } else if (entry.kind === 'cidr') {
      if (!entry.value) continue;
      const parsedNet = parseCidrPattern(entry.pattern.text);
      if (!('network' in parsedNet)) continue;
      key = `${entry.negated ? '!' : ''}${networkKey(parsedNet.network)}`;
      shown = entry.whole.text;
      where = entry.whole.range;
    }
    if (key === undefined) continue;
    const list = seen.get(key) ?? [];
    const dominating = list.slice(0, 50).find((s) => encloses(s.blocks, blocks));
    if (dominating && out.length < MAX_PER_CHECK) {
      out.push(
        diagnostic(
          Code.DuplicateLookupKey,
          where,
          `Never used: line ${dominating.line.start + 1} has the same ${info.flavour === 'cidr' ? 'network' : 'pattern'} ${shown} and comes first. Postfix tries the rules in order and stops at the first match.`,
          [deleteLinesFix('Remove this unreachable rule', line.start, line.end)],
        ),
      );
    }
    if (list.length < 50) list.push({ line, blocks: [...blocks] });
    seen.set(key, list);
  }
  return out;
}

/** The same key twice: indexed tables keep the first; in pattern tables the later copy is never reached. */
const checkDuplicateKeys: TableCheck = (context) => {
  const f = context.info.flavour;
  return f === 'indexed' || f === 'aliases' ? indexedDuplicates(context) : patternDuplicates(context);
};

export const duplicateKeys = defineCheck({ codes: [Code.DuplicateLookupKey], kind: 'table', mode: 'whole', run: checkDuplicateKeys });
