import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import { parameters, parameterNames, type ParameterInfo } from '../../knowledge/parameters';
import type { ConfigModel } from '../../model/config';
import type { Assignment } from '../../syntax/mainCf';
import type { Position, Range } from '../../syntax/text';
import { assignmentAt, listOf, valueOffset } from './locate';
import { snippetItems, startsParameter } from './snippets';
import { couldMatch } from '../shared/match';
import { tableFileItems } from '../shared/tableFileCompletion';
import { afterLastSeparator, restrictionCompletion, tableTypeItems, type CompletionEnvironment } from '../shared/restrictionCompletion';

/** Postfix's blanks: a line that starts with one continues the logical line above. */
const BLANK = /[ \t\v\f\r]/;

const TIME_UNITS: [string, string][] = [
  ['s', 'seconds'],
  ['m', 'minutes'],
  ['h', 'hours'],
  ['d', 'days'],
  ['w', 'weeks'],
];

/** The part of a parameter's item that never changes: built once, a list of every name is asked for often. */
const details = new Map<string, string>();

function parameterItem(info: ParameterInfo, range: Range, suffix = ''): CompletionItem {
  let detail = details.get(info.name);
  if (detail === undefined) {
    detail = [`default: ${info.default || '(empty)'}`, info.since ? `Postfix ${info.since}+` : ''].filter(Boolean).join(' · ');
    details.set(info.name, detail);
  }
  return {
    label: info.name,
    kind: CompletionItemKind.Property,
    detail,
    documentation: { kind: 'markdown', value: info.summary },
    tags: info.deprecated || info.removedIn ? [1] : undefined,
    textEdit: { range, newText: info.name + suffix },
  };
}

/** The range a completion replaces: the `prefixLength` characters before the cursor. */
const replacing = (position: Position, prefixLength: number): Range => ({
  start: { line: position.line, character: position.character - prefixLength },
  end: position,
});

const word = (text: string, kind: CompletionItemKind, position: Position, prefixLength: number, detail?: string): CompletionItem => ({
  label: text,
  kind,
  detail,
  textEdit: { range: { start: { line: position.line, character: position.character - prefixLength }, end: position }, newText: text },
});

/** Parameter names and snippets at the start of a line; $names, keywords, time units and table types in values. */
export function completion(model: ConfigModel, position: Position, env: CompletionEnvironment = {}): CompletionItem[] {
  const line = model.main.lines[position.line] ?? '';
  const before = line.slice(0, position.character);
  // Postfix skips a comment line whole, and a value may go on after it: nothing typed there is configuration
  if (/^[ \t\v\f\r]*#/.test(line)) return [];
  // a snippet's prefix has hyphens, which no parameter name has
  if (/^[A-Za-z0-9_-]*$/.test(before)) {
    const range = replacing(position, before.length);
    // items the typed word cannot match would be dropped by the client anyway
    const names = before.includes('-') ? [] : parameterNames.filter((n) => couldMatch(before, n));
    const items = names.map((n) => parameterItem(parameters.get(n) as ParameterInfo, range, ' = '));
    return startsParameter(model, position) ? [...items, ...snippetItems(model, range)] : items;
  }
  const reference = /\$[{(]?([A-Za-z0-9_]*)$/.exec(before);
  if (reference) {
    const prefix = reference[1].length;
    const range = replacing(position, prefix);
    const own = [...model.assignments.keys()].filter((n) => !parameters.has(n));
    return [
      ...parameterNames.map((n) => parameterItem(parameters.get(n) as ParameterInfo, range)),
      ...own.map((n) => word(n, CompletionItemKind.Variable, position, prefix, 'defined in this file')),
    ];
  }
  const a = assignmentAt(model, position) ?? continuedAssignment(model, position);
  if (!a || valueOffset(a, position) < 0 || (/^[^=]*$/.test(before) && position.line === a.nameRange.start.line)) return [];
  const list = listOf(model, a);
  const info = model.builtin(a.name);
  if (list || info?.kind.type === 'restrictions') {
    return restrictionCompletion(model, list, valueBefore(model, a, position), position, env);
  }
  if (!info) return [];
  const current = afterLastSeparator(before);
  const kind = info.kind;
  switch (kind.type) {
    case 'boolean':
      return ['yes', 'no'].map((v) => word(v, CompletionItemKind.Value, position, current.length));
    case 'enum':
      return kind.values.map((v) => word(v, CompletionItemKind.EnumMember, position, current.length));
    case 'time':
      return /^\d+$/.test(current) ? TIME_UNITS.map(([u, name]) => word(current + u, CompletionItemKind.Unit, position, current.length, name)) : [];
    case 'tables':
      return current.includes(':') ? tableFileItems(model, env, current, position) : tableTypeItems(position, current);
    default:
      return [];
  }
}

/**
 * The assignment whose logical line an indented line continues: blank and
 * comment lines do not end a logical line, so a value may go on after them.
 * None when that logical line is no assignment.
 */
function continuedAssignment(model: ConfigModel, position: Position): Assignment | undefined {
  const lines = model.main.lines;
  if (!BLANK.test(lines[position.line]?.[0] ?? '')) return undefined;
  for (let n = position.line - 1; n >= 0; n--) {
    const text = lines[n];
    if (text === '' || BLANK.test(text[0]) || text[0] === '#') continue;
    return model.main.assignments.find((a) => a.range.start.line === n);
  }
  return undefined;
}

/**
 * The value text before the cursor. A blank line inside or after the value is
 * no piece of it: there the cursor follows the whole value above, and a line
 * break separates what is typed from the last word, as Postfix reads it.
 */
function valueBefore(model: ConfigModel, a: Assignment, position: Position): string {
  const offset = a.source.offsetAt(position);
  if (offset !== undefined) return a.source.slice(0, Math.max(0, offset));
  for (let n = Math.min(position.line - 1, a.range.end.line); n >= a.range.start.line; n--) {
    const end = a.source.offsetAt({ line: n, character: model.main.lines[n]?.length ?? 0 });
    if (end !== undefined) return a.source.slice(0, Math.max(0, end)) + '\n';
  }
  return '';
}
