/**
 * The patterns of regexp: and pcre: tables as JavaScript regular expressions
 * that match the same keys: glibc's POSIX syntax (extended unless the x flag
 * turns it off, case-insensitive unless the i flag does) and PCRE's (case-
 * insensitive unless i; m, s, x, A, E, U as pcre_table(5) gives them).
 *
 * What has no JavaScript equivalent (PCRE's atomic groups, possessive
 * quantifiers, inline option changes after the start, recursion ...) is
 * reported instead of guessed. POSIX takes the leftmost-longest match and
 * JavaScript the leftmost-first: whether a key matches is the same, the text
 * a group captures for $1 may differ in rare patterns.
 */

export type Translation = { regex: RegExp } | { problem: string };

/** Flags toggle an option each time they appear. */
export const toggled = (flags: string, letter: string): boolean => [...flags].filter((f) => f === letter).length % 2 === 1;

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
};

/** A character written literally inside a JavaScript class. */
const classLiteral = (c: string): string => (/[\\\]^[-]/.test(c) ? `\\${c}` : c);
/** A character written literally outside a class. */
const literal = (c: string): string => (/[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c);

/**
 * A POSIX bracket expression starting at `at` ("["): its JavaScript class and
 * where it ends. Inside brackets a backslash is an ordinary character.
 */
function posixBracket(p: string, at: number): { text: string; next: number } | undefined {
  let i = at + 1;
  let out = '[';
  if (p[i] === '^') {
    out += '^';
    i++;
  }
  let first = true;
  while (i < p.length) {
    const c = p[i];
    if (c === ']' && !first) return { text: out + ']', next: i + 1 };
    first = false;
    if (c === '[' && (p[i + 1] === ':' || p[i + 1] === '=' || p[i + 1] === '.')) {
      const kind = p[i + 1];
      const close = p.indexOf(`${kind}]`, i + 2);
      if (close < 0) return undefined;
      const name = p.slice(i + 2, close);
      if (kind === ':') {
        const cls = POSIX_CLASSES[name];
        if (cls === undefined) return undefined;
        out += cls;
      } else {
        // an equivalence class or collating element of one character is that character in the C locale
        if ([...name].length !== 1) return undefined;
        out += classLiteral(name);
      }
      i = close + 2;
      continue;
    }
    if (c === '-' && out.length > 1 && p[i + 1] !== ']' && !out.endsWith('[') && !out.endsWith('[^')) {
      out += '-';
      i++;
      continue;
    }
    out += classLiteral(c);
    i++;
  }
  return undefined;
}

/** glibc's GNU escapes outside brackets; any other escaped character stands for itself. */
function posixEscape(c: string): string {
  switch (c) {
    case 'w':
      return '[A-Za-z0-9_]';
    case 'W':
      return '[^A-Za-z0-9_]';
    case 's':
      return '[ \\t\\n\\r\\f\\v]';
    case 'S':
      return '[^ \\t\\n\\r\\f\\v]';
    case 'b':
      return '\\b';
    case 'B':
      return '\\B';
    case '<':
      return '\\b(?=[A-Za-z0-9_])';
    case '>':
      return '\\b(?<=[A-Za-z0-9_])';
    case '`':
      return '(?<![\\s\\S])';
    case "'":
      return '(?![\\s\\S])';
    default:
      return /[1-9]/.test(c) ? `\\${c}` : literal(c);
  }
}

/** A POSIX interval body "m", "m,", "m,n" or ",n" as JavaScript writes it. */
function interval(body: string): string | undefined {
  const m = /^(\d*)(,?)(\d*)$/.exec(body);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  return `{${m[1] === '' ? '0' : m[1]}${m[2]}${m[3]}}`;
}

export function translatePosix(pattern: string, flags: string): Translation {
  const extended = !toggled(flags, 'x');
  const icase = !toggled(flags, 'i');
  const multiline = toggled(flags, 'm');
  const p = pattern;
  let out = '';
  let i = 0;
  // where an anchor is still an anchor in a basic expression: at the start of the pattern or of a group
  let atStart = true;
  while (i < p.length) {
    const c = p[i];
    const wasStart = atStart;
    atStart = false;
    if (c === '[') {
      const b = posixBracket(p, i);
      if (!b) return { problem: 'a bracket expression the simulator cannot read' };
      out += b.text;
      i = b.next;
      continue;
    }
    if (c === '\\') {
      const d = p[i + 1];
      if (d === undefined) return { problem: 'a trailing backslash' };
      i += 2;
      if (!extended) {
        if (d === '(') {
          out += '(';
          atStart = true;
          continue;
        }
        if (d === ')') {
          out += ')';
          continue;
        }
        if (d === '{') {
          const close = p.indexOf('\\}', i);
          const body = close < 0 ? undefined : interval(p.slice(i, close));
          if (close < 0 || body === undefined) return { problem: 'an interval the simulator cannot read' };
          out += body;
          i = close + 2;
          continue;
        }
        if (d === '|') {
          out += '|';
          atStart = true;
          continue;
        }
        if (d === '+' || d === '?') {
          out += d;
          continue;
        }
      }
      out += posixEscape(d);
      continue;
    }
    if (extended) {
      if (c === '{') {
        const close = p.indexOf('}', i);
        const body = close < 0 ? undefined : interval(p.slice(i + 1, close));
        if (close < 0 || body === undefined) {
          out += '\\{';
          i++;
          continue;
        }
        out += body;
        i = close + 1;
        continue;
      }
      if (c === '(' || c === '|') atStart = true;
      out += c === '}' ? '\\}' : c === '/' ? '\\/' : c;
      i++;
      continue;
    }
    // basic syntax: ( ) { } | + ? are ordinary; ^ and $ anchor only at the ends; * at the start is literal
    if (c === '^' && wasStart) out += '^';
    else if (c === '$' && (i + 1 === p.length || p.startsWith('\\)', i + 1) || p.startsWith('\\|', i + 1))) out += '$';
    else if (c === '*' && wasStart) out += '\\*';
    else if (c === '.' || c === '*') out += c;
    else out += literal(c);
    i++;
  }
  return build(out, `s${icase ? 'i' : ''}${multiline ? 'm' : ''}`);
}

function build(source: string, flags: string): Translation {
  try {
    return { regex: new RegExp(source, flags) };
  } catch (e) {
    return { problem: `the pattern has no JavaScript equivalent (${e instanceof Error ? e.message : String(e)})` };
  }
}

const PCRE_UNSUPPORTED: [RegExp, string][] = [
  [/^\(\?>/, 'an atomic group'],
  [/^\(\?[R0-9+&]/, 'a recursive pattern'],
  [/^\(\?\(/, 'a conditional group'],
  [/^\(\?C/, 'a callout'],
  [/^\(\*/, 'a verb such as (*UTF)'],
  [/^\(\?\|/, 'a branch-reset group'],
];

/** Quantifier text starting at `i`, if any: *, +, ?, {n}, {n,}, {n,m}. */
function quantifierAt(p: string, i: number): string | undefined {
  const c = p[i];
  if (c === '*' || c === '+' || c === '?') return c;
  if (c === '{') return /^\{\d+(,\d*)?\}/.exec(p.slice(i))?.[0];
  return undefined;
}

/** pcre_table(5): i (on by default, the flag turns it off), m, s, x, A, E, U, X. */
export function translatePcre(pattern: string, flags: string): Translation {
  const icase = !toggled(flags, 'i');
  const multiline = toggled(flags, 'm');
  const dotall = toggled(flags, 's');
  const extended = toggled(flags, 'x');
  const anchored = toggled(flags, 'A');
  const ungreedy = toggled(flags, 'U');
  let p = pattern;
  let ci = icase;
  // an option setting at the very start applies to the whole pattern
  const lead = /^\(\?([imsx]*)(?:-([imsx]*))?\)/.exec(p);
  let x = extended;
  let m = multiline;
  let s = dotall;
  if (lead) {
    for (const f of lead[1]) [ci, m, s, x] = [f === 'i' || ci, f === 'm' || m, f === 's' || s, f === 'x' || x];
    for (const f of lead[2] ?? '') [ci, m, s, x] = [f === 'i' ? false : ci, f === 'm' ? false : m, f === 's' ? false : s, f === 'x' ? false : x];
    p = p.slice(lead[0].length);
  }
  let out = '';
  let i = 0;
  let inClass = false;
  while (i < p.length) {
    const c = p[i];
    if (c === '\\') {
      const d = p[i + 1];
      if (d === undefined) return { problem: 'a trailing backslash' };
      if (d === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const text = p.slice(i + 2, end < 0 ? p.length : end);
        out += [...text].map(inClass ? classLiteral : literal).join('');
        i = end < 0 ? p.length : end + 2;
        continue;
      }
      if (d === 'E') {
        i += 2;
        continue;
      }
      i += 2;
      if (inClass) {
        out += d === 'h' ? ' \\t' : `\\${d}`;
        continue;
      }
      switch (d) {
        case 'A':
          out += '(?<![\\s\\S])';
          break;
        case 'z':
          out += '(?![\\s\\S])';
          break;
        case 'Z':
          out += '(?=\\n?(?![\\s\\S]))';
          break;
        case 'h':
          out += '[ \\t]';
          break;
        case 'H':
          out += '[^ \\t]';
          break;
        case 'G':
        case 'K':
        case 'X':
        case 'C':
        case 'R':
          return { problem: `the escape \\${d}, which JavaScript lacks` };
        default:
          out += `\\${d}`;
      }
      continue;
    }
    if (inClass) {
      if (c === '[' && p[i + 1] === ':') {
        const close = p.indexOf(':]', i + 2);
        const name = close < 0 ? '' : p.slice(i + 2, close).replace(/^\^/, '');
        const cls = POSIX_CLASSES[name];
        if (cls === undefined || p[i + 2] === '^') return { problem: 'a POSIX class the simulator cannot read' };
        out += cls;
        i = close + 2;
        continue;
      }
      if (c === ']') inClass = false;
      out += c === '[' ? '\\[' : c;
      i++;
      continue;
    }
    if (x && /\s/.test(c)) {
      i++;
      continue;
    }
    if (x && c === '#') {
      const nl = p.indexOf('\n', i);
      i = nl < 0 ? p.length : nl + 1;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += '[';
      i++;
      if (p[i] === '^') {
        out += '^';
        i++;
      }
      if (p[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(') {
      const rest = p.slice(i);
      const bad = PCRE_UNSUPPORTED.find(([re]) => re.test(rest));
      if (bad) return { problem: `${bad[1]}, which JavaScript lacks` };
      const named = /^\(\?P?<([A-Za-z_]\w*)>/.exec(rest) ?? /^\(\?'([A-Za-z_]\w*)'/.exec(rest);
      if (named) {
        out += `(?<${named[1]}>`;
        i += named[0].length;
        continue;
      }
      const backref = /^\(\?P=([A-Za-z_]\w*)\)/.exec(rest);
      if (backref) {
        out += `\\k<${backref[1]}>`;
        i += backref[0].length;
        continue;
      }
      if (/^\(\?[imsx-]+[:)]/.test(rest)) return { problem: 'an option change inside the pattern, which JavaScript lacks' };
      out += '(';
      i++;
      continue;
    }
    const q = quantifierAt(p, i);
    if (q) {
      i += q.length;
      if (p[i] === '+') return { problem: 'a possessive quantifier, which JavaScript lacks' };
      const lazy = p[i] === '?';
      if (lazy) i++;
      out += q + (lazy !== ungreedy ? '?' : '');
      continue;
    }
    out += c === '/' ? '\\/' : c;
    i++;
  }
  if (inClass) return { problem: 'an unterminated character class' };
  const body = anchored ? `(?<![\\s\\S])(?:${out})` : out;
  return build(body, `${ci ? 'i' : ''}${m ? 'm' : ''}${s ? 's' : ''}`);
}
