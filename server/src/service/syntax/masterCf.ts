/**
 * master.cf service entries: the eight columns, command arguments grouped
 * with { }, and the `-o name=value` / `-o { name = value }` overrides.
 */
import { scanExpansions, type Reference } from './expansion';
import { SourceText, splitLines, type Range } from './text';

export interface Override {
  name: string;
  value: string;
  nameRange: Range;
  valueRange: Range;
  source: SourceText;
  references: Reference[];
}

export interface Service {
  name: string;
  type: string;
  /** argv[0] of the command column, e.g. smtpd, smtp, pipe */
  command: string;
  nameRange: Range;
  range: Range;
  overrides: Override[];
}

export interface MasterCf {
  services: Service[];
}

interface Token {
  text: string;
  start: number;
  end: number;
}

/** Whitespace-separated words; a word starting with '{' runs to its matching '}'. */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    if (text[i] === '{') {
      let depth = 0;
      for (; i < text.length; i++) {
        if (text[i] === '{') depth++;
        else if (text[i] === '}' && --depth === 0) {
          i++;
          break;
        }
      }
    } else {
      while (i < text.length && !/\s/.test(text[i])) i++;
    }
    out.push({ text: text.slice(start, i), start, end: i });
  }
  return out;
}

function override(token: Token, source: SourceText): Override | undefined {
  let body = token.text;
  let offset = token.start;
  if (body.startsWith('{')) {
    body = body.endsWith('}') ? body.slice(1, -1) : body.slice(1);
    offset += 1;
  }
  const eq = body.indexOf('=');
  if (eq < 0) return undefined;
  const rawName = body.slice(0, eq);
  const name = rawName.trim();
  const nameStart = offset + rawName.indexOf(name);
  const rawValue = body.slice(eq + 1);
  const value = rawValue.trim();
  const valueStart = offset + eq + 1 + (value ? rawValue.indexOf(value) : 0);
  const view = source.from(valueStart);
  return {
    name,
    value,
    nameRange: source.range(nameStart, nameStart + name.length),
    valueRange: source.range(valueStart, valueStart + value.length),
    source: view,
    references: scanExpansions(value).references,
  };
}

export function parseMasterCf(text: string): MasterCf {
  const lines = splitLines(text);
  const logical: { line: number; character: number; text: string }[][] = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (trimmed.length < line.length && logical.length > 0) logical[logical.length - 1].push({ line: n, character: 0, text: line });
    else logical.push([{ line: n, character: 0, text: line }]);
  }
  const services: Service[] = [];
  for (const pieces of logical) {
    const source = new SourceText(pieces);
    const words = tokens(source.text);
    if (words.length < 8) continue;
    const overrides: Override[] = [];
    for (let i = 8; i < words.length; i++) {
      const w = words[i];
      if (w.text === '-o' && i + 1 < words.length) {
        const o = override(words[++i], source);
        if (o) overrides.push(o);
      }
    }
    const last = pieces[pieces.length - 1];
    services.push({
      name: words[0].text,
      type: words[1].text,
      command: words[7].text,
      nameRange: source.range(words[0].start, words[0].end),
      range: { start: { line: pieces[0].line, character: 0 }, end: { line: last.line, character: last.text.length } },
      overrides,
    });
  }
  return { services };
}
