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

const MAX_DEPTH = 30;
const MAX_LENGTH = 8192;

const isNameChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

export function expandParameter(model: ConfigModel, name: string): Expansion {
  const state: Expansion = { value: '', undefinedNames: [] };
  state.value = expandName(model, name, [], state);
  return state;
}

function expandName(model: ConfigModel, name: string, stack: string[], state: Expansion): string {
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

function expandText(model: ConfigModel, text: string, stack: string[], state: Expansion, depth = 0): string {
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

function expandBracketed(model: ConfigModel, body: string, stack: string[], state: Expansion, depth: number): string {
  const m = /^([A-Za-z0-9_]+)(?:([?:])([\s\S]*))?$/.exec(body);
  // the 3.x relational form is left as written: its result depends on run-time comparisons
  if (!m) return '${' + body + '}';
  const [, name, op, rest] = m;
  if (!op) return expandName(model, name, stack, state);
  const value = expandName(model, name, stack, state);
  const split = rest.startsWith('{') ? closing(rest, 0) : -1;
  const [whenSet, whenEmpty] =
    split >= 0 && rest.slice(split + 1).trimStart().startsWith(':')
      ? [rest.slice(0, split + 1), rest.slice(split + 1).trimStart().slice(1)]
      : op === '?' ? [rest, ''] : ['', rest];
  const chosen = value !== '' ? whenSet : whenEmpty;
  return expandText(model, unbrace(chosen), stack, state, depth + 1);
}
