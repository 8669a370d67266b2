import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import { parameters, parameterNames, type ParameterInfo } from '../knowledge/parameters';
import { tableTypes } from '../knowledge/tables';
import type { ConfigModel } from '../model/config';
import type { Position } from '../syntax/text';
import { assignmentAt, listOf, valueOffset } from './locate';
import { restrictionCompletion, type CompletionEnvironment } from './restrictionCompletion';

const TIME_UNITS: [string, string][] = [['s', 'seconds'], ['m', 'minutes'], ['h', 'hours'], ['d', 'days'], ['w', 'weeks']];

function parameterItem(info: ParameterInfo, position: Position, prefixLength: number, suffix = ''): CompletionItem {
  const detail = [`default: ${info.default || '(empty)'}`, info.since ? `Postfix ${info.since}+` : ''].filter(Boolean).join(' · ');
  return {
    label: info.name,
    kind: CompletionItemKind.Property,
    detail,
    documentation: { kind: 'markdown', value: info.summary },
    tags: info.deprecated || info.removedIn ? [1] : undefined,
    textEdit: {
      range: { start: { line: position.line, character: position.character - prefixLength }, end: position },
      newText: info.name + suffix,
    },
  };
}

const word = (text: string, kind: CompletionItemKind, position: Position, prefixLength: number, detail?: string): CompletionItem => ({
  label: text,
  kind,
  detail,
  textEdit: { range: { start: { line: position.line, character: position.character - prefixLength }, end: position }, newText: text },
});

/** Parameter names at the start of a line; $names, keywords, time units and table types in values. */
export function completion(model: ConfigModel, position: Position, env: CompletionEnvironment = {}): CompletionItem[] {
  const line = model.main.lines[position.line] ?? '';
  const before = line.slice(0, position.character);
  if (/^[A-Za-z0-9_]*$/.test(before)) {
    return parameterNames.map((n) => parameterItem(parameters.get(n) as ParameterInfo, position, before.length, ' = '));
  }
  const reference = /\$[{(]?([A-Za-z0-9_]*)$/.exec(before);
  if (reference) {
    const prefix = reference[1].length;
    const own = [...model.assignments.keys()].filter((n) => !parameters.has(n));
    return [
      ...parameterNames.map((n) => parameterItem(parameters.get(n) as ParameterInfo, position, prefix)),
      ...own.map((n) => word(n, CompletionItemKind.Variable, position, prefix, 'defined in this file')),
    ];
  }
  const a = assignmentAt(model, position) ?? lastAssignmentBefore(model, position);
  if (!a || valueOffset(a, position) < 0 || /^[^=]*$/.test(before) && position.line === a.nameRange.start.line) return [];
  const list = listOf(model, a);
  const info = model.builtin(a.name);
  if (list || info?.kind.type === 'restrictions') {
    const offset = a.source.offsetAt(position) ?? a.value.length;
    return restrictionCompletion(model, list, a.source.slice(0, Math.max(0, offset)), position, env);
  }
  if (!info) return [];
  const current = /[^\s,]*$/.exec(before)?.[0] ?? '';
  const kind = info.kind;
  switch (kind.type) {
    case 'boolean':
      return ['yes', 'no'].map((v) => word(v, CompletionItemKind.Value, position, current.length));
    case 'enum':
      return kind.values.map((v) => word(v, CompletionItemKind.EnumMember, position, current.length));
    case 'time':
      return /^\d+$/.test(current)
        ? TIME_UNITS.map(([u, name]) => word(current + u, CompletionItemKind.Unit, position, current.length, name))
        : [];
    case 'tables':
      return current.includes(':')
        ? []
        : [...tableTypes.values()].map((t) => ({
            ...word(t.name + ':', CompletionItemKind.Module, position, current.length, `Postfix ${t.since}+`),
            documentation: t.summary,
          }));
    default:
      return [];
  }
}

/** A value being typed on a fresh continuation line belongs to the assignment above it. */
function lastAssignmentBefore(model: ConfigModel, position: Position) {
  const line = model.main.lines[position.line] ?? '';
  if (!/^\s/.test(line)) return undefined;
  return [...model.main.assignments].reverse().find((a) => a.range.start.line < position.line);
}
