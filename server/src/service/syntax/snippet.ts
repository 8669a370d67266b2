/**
 * LSP snippet text as the service writes it: `${1:default}` (defaults may
 * nest), `${1|a,b|}`, `$1` and `${1}`, `$0`, and `\$`, `\}`, `\\` for the
 * characters themselves. Read for clients that take plain text only, and to
 * let part of a snippet stand alone.
 */

export type SnippetPart =
  | { type: 'text'; text: string }
  /** `$1` or `${1}`: a copy of placeholder 1, or a bare stop */
  | { type: 'tabstop'; index: number; start: number; end: number }
  | { type: 'placeholder'; index: number; start: number; end: number; parts: SnippetPart[] }
  | { type: 'choice'; index: number; start: number; end: number; options: string[] };

type Stop = Exclude<SnippetPart, { type: 'text' }>;

/** The parts of a snippet; throws on a `$` that starts no tabstop (a literal dollar is `\$`) and on an unclosed one. */
export function parseSnippet(snippet: string): SnippetPart[] {
  let pos = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at offset ${pos} of ${JSON.stringify(snippet)}`);
  };
  const parts = (closing: boolean): SnippetPart[] => {
    const out: SnippetPart[] = [];
    let text = '';
    const flush = (): void => {
      if (text !== '') out.push({ type: 'text', text });
      text = '';
    };
    while (pos < snippet.length) {
      const c = snippet[pos];
      const next = snippet[pos + 1];
      if (c === '\\' && next !== undefined && '$}\\'.includes(next)) {
        text += next;
        pos += 2;
      } else if (c === '}' && closing) {
        flush();
        return out;
      } else if (c === '$') {
        flush();
        out.push(stop());
      } else {
        text += c;
        pos++;
      }
    }
    if (closing) fail('unclosed placeholder');
    flush();
    return out;
  };
  const stop = (): Stop => {
    const start = pos;
    const m = /^\$(?:(\d+)|\{(\d+)([:|}]))/.exec(snippet.slice(pos, pos + 24));
    if (!m) return fail('a "$" that is no tabstop (write \\$ for a literal dollar)');
    pos += m[0].length;
    if (m[1] !== undefined) return { type: 'tabstop', index: Number(m[1]), start, end: pos };
    const index = Number(m[2]);
    if (m[3] === '}') return { type: 'tabstop', index, start, end: pos };
    if (m[3] === ':') {
      const inner = parts(true);
      pos++; // the closing brace
      return { type: 'placeholder', index, start, end: pos, parts: inner };
    }
    const close = snippet.indexOf('|}', pos);
    if (close < 0) fail('unclosed choice');
    const options = snippet.slice(pos, close).split(',');
    pos = close + 2;
    return { type: 'choice', index, start, end: pos, options };
  };
  return parts(false);
}

/** Every stop of the parts, nested ones after the placeholder that holds them, in text order. */
function stops(parts: readonly SnippetPart[]): Stop[] {
  return parts.flatMap((p) => (p.type === 'text' ? [] : p.type === 'placeholder' ? [p, ...stops(p.parts)] : [p]));
}

/**
 * The text a snippet inserts when every placeholder keeps its default: a
 * choice its first option (or the one `choose` names by placeholder), a copy
 * the text of its placeholder, a bare stop nothing.
 */
export function snippetDefaults(snippet: string, choose: ReadonlyMap<number, number> = new Map()): string {
  const values = new Map<number, string>();
  const render = (parts: readonly SnippetPart[]): string =>
    parts
      .map((p) => {
        switch (p.type) {
          case 'text':
            return p.text;
          case 'tabstop':
            return values.get(p.index) ?? '';
          case 'placeholder': {
            const text = render(p.parts);
            values.set(p.index, text);
            return text;
          }
          case 'choice': {
            const text = p.options[choose.get(p.index) ?? 0];
            if (text === undefined) throw new Error(`choice ${p.index} has no option ${choose.get(p.index)} in ${JSON.stringify(snippet)}`);
            values.set(p.index, text);
            return text;
          }
        }
      })
      .join('');
  const parts = parseSnippet(snippet);
  // twice, so that a copy before its placeholder gets the placeholder's text
  render(parts);
  return render(parts);
}

/**
 * `part`, a piece cut from `whole`, made to stand alone: a copy whose
 * placeholder was left behind in `whole` becomes that placeholder, so that
 * the piece still offers its default or its choices.
 */
export function standAlone(part: string, whole: string): string {
  const defined = new Map<number, string>();
  for (const s of stops(parseSnippet(whole))) {
    if (s.type !== 'tabstop' && !defined.has(s.index)) defined.set(s.index, whole.slice(s.start, s.end));
  }
  const own = stops(parseSnippet(part));
  const present = new Set(own.filter((s) => s.type !== 'tabstop').map((s) => s.index));
  let out = part;
  // from the end, so that the offsets before each replacement stay valid
  const first = new Map<number, Stop>();
  for (const s of own) if (s.type === 'tabstop' && s.index !== 0 && !present.has(s.index) && !first.has(s.index)) first.set(s.index, s);
  for (const s of [...first.values()].sort((a, b) => b.start - a.start)) {
    const source = defined.get(s.index);
    if (source !== undefined) out = out.slice(0, s.start) + source + out.slice(s.end);
  }
  return out;
}
