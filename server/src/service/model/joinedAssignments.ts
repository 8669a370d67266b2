/**
 * Continuation lines that read like settings of their own: Enter after the
 * last item of a list keeps the indent, and "    smtpd_banner = ..." typed
 * there becomes more of the list. Postfix joins such a line to the value
 * above like any other; the setting never happens.
 */
import { parameters } from '../knowledge/parameters';
import type { Assignment } from '../syntax/mainCf';
import type { Range } from '../syntax/text';
import type { ConfigModel } from './config';

export interface JoinedAssignment {
  /** the assignment whose value takes the line in */
  assignment: Assignment;
  /** the name the line seems to set */
  name: string;
  /** the line from its name to its last non-blank character */
  range: Range;
  /** the blanks before the name */
  indent: Range;
  /** the text from the name on, as written */
  text: string;
}

const cache = new WeakMap<ConfigModel, JoinedAssignment[]>();

/** `name =` at the start of a line; the blanks around "=" tell a setting from a value such as import_environment's TZ=UTC. */
const SETTING = /([A-Za-z0-9_]+)([ \t]*)=([ \t]?)/y;

function joinedIn(model: ConfigModel, a: Assignment, out: JoinedAssignment[]): void {
  const value = a.value;
  const at = (start: number): void => {
    while (value[start] === ' ' || value[start] === '\t') start++;
    SETTING.lastIndex = start;
    const m = SETTING.exec(value);
    if (!m) return;
    const name = m[1];
    const spaced = m[2] !== '' || m[3] !== '';
    if (!spaced && !parameters.has(name) && !model.assignments.has(name)) return;
    let end = value.indexOf('\n', start);
    if (end < 0) end = value.length;
    while (end > start && (value[end - 1] === ' ' || value[end - 1] === '\t')) end--;
    const range = a.source.range(start, end);
    // continuation lines are read from their first column
    const indent = { start: { line: range.start.line, character: 0 }, end: range.start };
    out.push({ assignment: a, name, range, indent, text: value.slice(start, end) });
  };
  // a value that starts below its name starts on a continuation line too
  if (a.valueRange.start.line > a.nameRange.start.line) at(0);
  // inline tables and grouped arguments hold option=value lines on purpose
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === '\n' && depth === 0) at(i + 1);
  }
}

/** Every such line of main.cf, in file order. */
export function joinedAssignments(model: ConfigModel): JoinedAssignment[] {
  const cached = cache.get(model);
  if (cached) return cached;
  const out: JoinedAssignment[] = [];
  for (const a of model.main.assignments) {
    // a setting needs its "=" and a line of its own
    if (a.value.includes('=') && a.range.end.line > a.nameRange.start.line) joinedIn(model, a, out);
  }
  cache.set(model, out);
  return out;
}
