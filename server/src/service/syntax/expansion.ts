/**
 * Postfix's "$name" macro syntax inside a parameter value: $name, ${name},
 * $(name), ${name?text}, ${name:text}, ${name?{a}:{b}}, the 3.x relational
 * form ${{a} == {b} ? {c} : {d}} and the $$ escape.
 */

export interface Reference {
  name: string;
  /** offsets of the name inside the scanned text */
  nameStart: number;
  nameEnd: number;
  /** offsets of the whole $... expression */
  start: number;
  end: number;
  /** ${name?...} and ${name:...} take a branch on whether name is empty */
  conditional: boolean;
}

export interface ExpansionProblem {
  start: number;
  end: number;
  message: string;
}

export interface ExpansionScan {
  references: Reference[];
  problems: ExpansionProblem[];
}

const isNameChar = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_';

const CLOSE: Record<string, string> = { '{': '}', '(': ')' };

/**
 * For every '{' and '(' in `text`, the index of the bracket that closes it (-1: none).
 * Found in one pass, so that deep nesting costs no more than its length.
 */
function closingBrackets(text: string): Int32Array {
  const closes = new Int32Array(text.length).fill(-1);
  const open: Record<string, number[]> = { '{': [], '(': [] };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '(') open[c].push(i);
    else if (c === '}' || c === ')') {
      const at = open[c === '}' ? '{' : '('].pop();
      if (at !== undefined) closes[at] = i;
    }
  }
  return closes;
}

/** What one scan knows of its text; the bracket table is built on first use. */
interface Scanner {
  text: string;
  closes?: Int32Array;
  out: ExpansionScan;
}

/** Index of the bracket closing the one at `open` before `end`, or -1. */
function matching(scanner: Scanner, open: number, end: number): number {
  scanner.closes ??= closingBrackets(scanner.text);
  const close = scanner.closes[open];
  return close < end ? close : -1;
}

/** Nesting is bounded so that hostile input cannot exhaust the stack. */
const MAX_DEPTH = 64;

export function scanExpansions(text: string): ExpansionScan {
  const scanner: Scanner = { text, out: { references: [], problems: [] } };
  scanRange(scanner, 0, text.length, 0);
  return scanner.out;
}

function scanRange(scanner: Scanner, from: number, to: number, depth: number): void {
  const { text, out } = scanner;
  if (depth > MAX_DEPTH) {
    out.problems.push({ start: from, end: to, message: 'expansions nested too deeply' });
    return;
  }
  let i = text.indexOf('$', from);
  while (i >= 0 && i < to) {
    const next = text[i + 1];
    if (next === '$') {
      i = text.indexOf('$', i + 2);
      continue;
    }
    if (next === '{' || next === '(') {
      const close = matching(scanner, i + 1, to);
      if (close < 0) {
        out.problems.push({ start: i, end: to, message: `unbalanced '${next}' after '$': no closing '${CLOSE[next]}'` });
        return;
      }
      scanBracketed(scanner, i, close, depth);
      i = text.indexOf('$', close + 1);
      continue;
    }
    if (next !== undefined && isNameChar(next)) {
      let j = i + 1;
      while (j < to && isNameChar(text[j])) j++;
      out.references.push({ name: text.slice(i + 1, j), nameStart: i + 1, nameEnd: j, start: i, end: j, conditional: false });
      i = text.indexOf('$', j);
      continue;
    }
    i = text.indexOf('$', i + 1);
  }
}

/** The inside of ${...} or $(...): `open` is the '$', `close` the closing bracket. */
function scanBracketed(scanner: Scanner, dollar: number, close: number, depth: number): void {
  const { text, out } = scanner;
  const bodyStart = dollar + 2;
  if (text[bodyStart] === '{') {
    // relational form: every operand is text that may hold references of its own
    scanRange(scanner, bodyStart, close, depth + 1);
    return;
  }
  let j = bodyStart;
  while (j < close && isNameChar(text[j])) j++;
  if (j === bodyStart) {
    out.problems.push({ start: dollar, end: close + 1, message: 'missing parameter name after "$' + text[dollar + 1] + '"' });
    return;
  }
  const op = text[j];
  const conditional = op === '?' || op === ':';
  out.references.push({
    name: text.slice(bodyStart, j),
    nameStart: bodyStart,
    nameEnd: j,
    start: dollar,
    end: close + 1,
    conditional,
  });
  if (conditional) scanRange(scanner, j + 1, close, depth + 1);
  else if (j < close) {
    out.problems.push({ start: j, end: close, message: `unexpected '${op}' after parameter name: use '?' or ':'` });
  }
}

/**
 * The offsets of every "$" that starts no expansion: followed by none of a name
 * character, "{", "(" or a second "$". Postfix finds an empty macro name there:
 * it stops where it expands one, and postconf warns of the others.
 */
export function loneDollars(text: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
    const next = text[i + 1];
    if (next === '$') i++;
    else if (next === undefined || !(isNameChar(next) || next === '{' || next === '(')) found.push(i);
  }
  return found;
}

/**
 * A part of a value Postfix expands only on a condition: the text of
 * ${name?...} while $name is set (not empty), of ${name:...} while it is
 * not, the two sides of ${name?{a}:{b}}, and the results of a comparison
 * ${{a} == {b} ? {c} : {d}} (no name: the comparison decides).
 */
export interface Branch {
  start: number;
  end: number;
  name?: string;
  /** the branch is expanded when $name is set (true) or when it is empty (false) */
  set?: boolean;
}

/** Every Branch of `text`, nested ones too. */
export function expansionBranches(text: string): Branch[] {
  const closes = closingBrackets(text);
  const out: Branch[] = [];
  for (let i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
    const next = text[i + 1];
    if (next === '$') {
      i++;
      continue;
    }
    if (next !== '{' && next !== '(') continue;
    const close = closes[i + 1];
    const body = i + 2;
    if (close < 0) continue;
    if (text[body] === '{') {
      comparisonResults(text, closes, body, close, out);
      continue;
    }
    let j = body;
    while (j < close && isNameChar(text[j])) j++;
    const op = text[j];
    if (j === body || (op !== '?' && op !== ':')) continue;
    const name = text.slice(body, j);
    const sides = op === '?' ? bracedSides(text, closes, j + 1, close) : undefined;
    if (sides) out.push({ start: sides[0], end: sides[1], name, set: true }, { start: sides[2], end: close, name, set: false });
    else out.push({ start: j + 1, end: close, name, set: op === '?' });
  }
  return out;
}

const skipBlanks = (text: string, k: number, end: number): number => {
  while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
  return k;
};

/** `{a}:{b}` filling [from, close): where {a} starts and ends and {b} starts; undefined for other text. */
function bracedSides(text: string, closes: Int32Array, from: number, close: number): [number, number, number] | undefined {
  if (text[from] !== '{') return undefined;
  const first = closes[from];
  if (first < 0 || first >= close) return undefined;
  const colon = skipBlanks(text, first + 1, close);
  if (text[colon] !== ':') return undefined;
  const second = skipBlanks(text, colon + 1, close);
  return text[second] === '{' && closes[second] === close - 1 ? [from, first + 1, second] : undefined;
}

/** The results {c} and {d} of ${{a} op {b} ? {c} : {d}} whose first operand opens at `open`. */
function comparisonResults(text: string, closes: Int32Array, open: number, close: number, out: Branch[]): void {
  const first = closes[open];
  if (first < 0 || first >= close) return;
  let p = first + 1;
  // the operator, up to the second operand
  while (p < close && text[p] !== '{') p++;
  const second = p < close ? closes[p] : -1;
  if (second < 0 || second >= close) return;
  p = skipBlanks(text, second + 1, close);
  if (text[p] !== '?') return;
  p = skipBlanks(text, p + 1, close);
  for (let k = 0; k < 2 && text[p] === '{'; k++) {
    const end = closes[p];
    if (end < 0 || end >= close) return;
    out.push({ start: p, end: end + 1 });
    p = skipBlanks(text, end + 1, close);
    if (text[p] !== ':') return;
    p = skipBlanks(text, p + 1, close);
  }
}
