import { Code, deleteLinesFix, diagnostic, type Diagnostic } from '../../diagnostics';
import { parseCidrPattern, networkKey } from '../../syntax/address';
import type { TableLine, TablePattern } from '../../syntax/table';
import { compilePattern } from './compiled';
import { MAX_PER_CHECK, type TableCheck, type TableCheckContext } from './context';
import { keptIf } from './ifEndif';

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

function indexedDuplicates({ parsed, info }: TableCheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = new Map<string, TableLine>();
  const tool = info.flavour === 'aliases' ? 'postalias' : info.type === 'texthash' ? 'texthash' : 'postmap';
  for (const line of parsed.lines) {
    const entry = line.entry;
    if (entry?.kind !== 'pair' || !entry.value || line.issues.some((i) => !i.warning)) continue;
    const key = info.flavour === 'aliases' ? aliasKey(entry.key.text) : entry.key.text.toLowerCase();
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, line);
      continue;
    }
    if (out.length >= MAX_PER_CHECK) break;
    out.push(
      diagnostic(
        Code.DuplicateLookupKey,
        entry.key.range,
        `"${entry.key.text}" is already a key on line ${earlier.start + 1}${entry.key.text === (earlier.entry?.kind === 'pair' ? earlier.entry.key.text : '') ? '' : ' (keys are compared without regard to case)'}: ${tool} keeps that first entry and warns ("duplicate entry"), so this one is never used.`,
        [deleteLinesFix('Remove this duplicate entry', line.start, line.end)],
      ),
    );
  }
  return out;
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
export const checkDuplicateKeys: TableCheck = (context) => {
  const f = context.info.flavour;
  return f === 'indexed' || f === 'aliases' ? indexedDuplicates(context) : patternDuplicates(context);
};
