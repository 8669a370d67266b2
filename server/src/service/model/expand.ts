/**
 * The value Postfix will use for a parameter after $name expansion, through
 * main.cf and the built-in defaults. Cycles and runaway growth stop with a note.
 */
import type { ConfigModel } from './config';

export interface Expansion {
  value: string;
  /** set when expansion stopped: a cycle, too deep, or too long */
  stopped?: string;
  /** names that nothing defines; Postfix expands them to nothing */
  undefinedNames: string[];
}

/** Where expansion reads raw values: a configuration, or one seen through a service's -o overrides. */
export type ValueSource = Pick<ConfigModel, 'rawValue' | 'builtin'>;

const MAX_DEPTH = 30;
const MAX_LENGTH = 8192;

const isNameChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

export function expandParameter(model: ValueSource, name: string): Expansion {
  const state: Expansion = { value: '', undefinedNames: [] };
  state.value = expandName(model, name, [], state);
  return state;
}

/** A value written elsewhere (a master.cf -o override) expanded through main.cf and the defaults. */
export function expandValue(model: ValueSource, text: string): Expansion {
  const state: Expansion = { value: '', undefinedNames: [] };
  state.value = expandText(model, text, [], state);
  return state;
}

function expandName(model: ValueSource, name: string, stack: string[], state: Expansion): string {
  if (state.stopped) return '';
  if (stack.includes(name)) {
    state.stopped = `circular reference: ${[...stack.slice(stack.indexOf(name)), name].map((n) => '$' + n).join(' → ')}`;
    return '';
  }
  if (stack.length >= MAX_DEPTH) {
    state.stopped = `more than ${MAX_DEPTH} nested references`;
    return '';
  }
  const raw = model.rawValue(name);
  if (raw === undefined) {
    if (!state.undefinedNames.includes(name)) state.undefinedNames.push(name);
    return '';
  }
  if (model.builtin(name)?.raw) return raw;
  return expandText(model, raw, [...stack, name], state);
}

function closing(text: string, open: number): number {
  const o = text[open];
  const c = o === '{' ? '}' : ')';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === o) depth++;
    else if (text[i] === c && --depth === 0) return i;
  }
  return -1;
}

const unbrace = (t: string): string => {
  const s = t.trim();
  return s.startsWith('{') && s.endsWith('}') ? s.slice(1, -1).trim() : t;
};

function expandText(model: ValueSource, text: string, stack: string[], state: Expansion, depth = 0): string {
  if (depth > MAX_DEPTH) {
    state.stopped = `more than ${MAX_DEPTH} nested \${...} expressions`;
    return '';
  }
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (state.stopped) return out;
    if (out.length > MAX_LENGTH) {
      state.stopped = `expanded value longer than ${MAX_LENGTH} characters`;
      return out;
    }
    const c = text[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{' || next === '(') {
      const close = closing(text, i + 1);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      out += expandBracketed(model, text.slice(i + 2, close), stack, state, depth);
      i = close + 1;
    } else if (isNameChar(next)) {
      let j = i + 1;
      while (isNameChar(text[j])) j++;
      out += expandName(model, text.slice(i + 1, j), stack, state);
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** `{a} op {b} ? {x} : {y}`, the parts without their braces. */
function relational(body: string): { a: string; op: string; b: string; x: string; y: string } | undefined {
  const parts: string[] = [];
  const ops: string[] = [];
  let i = 0;
  while (i < body.length && parts.length < 4) {
    while (i < body.length && /\s/.test(body[i])) i++;
    if (body[i] !== '{') return undefined;
    const close = closing(body, i);
    if (close < 0) return undefined;
    parts.push(body.slice(i + 1, close));
    i = close + 1;
    const op = /^\s*([^{\s]*)\s*/.exec(body.slice(i));
    ops.push(op?.[1] ?? '');
    i += op?.[0].length ?? 0;
  }
  if (parts.length !== 4 || ops[1] !== '?' || ops[2] !== ':' || i < body.length) return undefined;
  return { a: parts[0], op: ops[0], b: parts[1], x: parts[2], y: parts[3] };
}

const levelParts = (v: string): number[] =>
  v
    .trim()
    .split('.')
    .map((n) => Number(n) || 0);
function compareLevels(a: string, b: string): number {
  const x = levelParts(a);
  const y = levelParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** Postfix's relational operators: text equality, decimal numbers, and compatibility levels. */
function compare(op: string, a: string, b: string): boolean | undefined {
  const level = op.endsWith('level');
  const base = level ? op.slice(0, -'level'.length) : op;
  if (!level && (base === '==' || base === '!=')) return base === '==' ? a === b : a !== b;
  const d = level ? compareLevels(a, b) : Number(a) - Number(b);
  if (Number.isNaN(d)) return undefined;
  switch (base) {
    case '==':
      return d === 0;
    case '!=':
      return d !== 0;
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
    default:
      return undefined;
  }
}

function expandBracketed(model: ValueSource, body: string, stack: string[], state: Expansion, depth: number): string {
  if (body.startsWith('{')) {
    const r = relational(body);
    const verdict = r && compare(r.op, expandText(model, r.a, stack, state, depth + 1).trim(), expandText(model, r.b, stack, state, depth + 1).trim());
    if (!r || verdict === undefined) return '${' + body + '}';
    return expandText(model, verdict ? r.x : r.y, stack, state, depth + 1);
  }
  const m = /^([A-Za-z0-9_]+)(?:([?:])([\s\S]*))?$/.exec(body);
  if (!m) return '${' + body + '}';
  const [, name, op, rest] = m;
  if (!op) return expandName(model, name, stack, state);
  const value = expandName(model, name, stack, state);
  const split = rest.startsWith('{') ? closing(rest, 0) : -1;
  const [whenSet, whenEmpty] =
    split >= 0 &&
    rest
      .slice(split + 1)
      .trimStart()
      .startsWith(':')
      ? [
          rest.slice(0, split + 1),
          rest
            .slice(split + 1)
            .trimStart()
            .slice(1),
        ]
      : op === '?'
        ? [rest, '']
        : ['', rest];
  const chosen = value !== '' ? whenSet : whenEmpty;
  return expandText(model, unbrace(chosen), stack, state, depth + 1);
}
