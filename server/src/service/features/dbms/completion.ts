import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import { dbmsTypes, type DbmsParameter } from '../../knowledge/dbms';
import { tableTypes } from '../../knowledge/tableTypes';
import type { MainCf } from '../../syntax/mainCf';
import type { Position, Range } from '../../syntax/text';
import { couldMatch } from '../shared/match';
import { afterLastSeparator, tableTypeItems } from '../shared/restrictionCompletion';
import { EXPANSIONS } from './expansions';
import { clientTargetAt } from './locate';

const replacing = (position: Position, length: number): Range => ({ start: { line: position.line, character: position.character - length }, end: position });

function nameItem(p: DbmsParameter, range: Range, set: boolean): CompletionItem {
  const since = p.since ?? tableTypes.get(p.type)?.since;
  return {
    label: p.name,
    kind: CompletionItemKind.Property,
    detail: [p.default === undefined ? '' : `default: ${p.default || '(empty)'}`, since ? `Postfix ${since}+` : ''].filter(Boolean).join(' · '),
    documentation: { kind: 'markdown', value: p.summary },
    tags: p.obsolete || p.ignored ? [1] : undefined,
    // settings not written yet first, the obsolete ones last
    sortText: `${set ? 1 : 0}${p.obsolete || p.ignored ? 1 : 0}${p.name}`,
    textEdit: { range, newText: `${p.name} = ` },
  };
}

const word = (text: string, kind: CompletionItemKind, range: Range, detail?: string): CompletionItem => ({
  label: text,
  kind,
  detail,
  textEdit: { range, newText: text },
});

/** Setting names at the start of a line; in values, yes/no, keywords, % expansions and table types. */
export function dbmsCompletion(file: MainCf, clientType: string, position: Position): CompletionItem[] {
  const type = dbmsTypes.get(clientType);
  const line = file.lines[position.line] ?? '';
  const before = line.slice(0, position.character);
  if (!type || /^[ \t\v\f\r]*#/.test(line)) return [];
  if (/^[A-Za-z0-9_]*$/.test(before)) {
    const range = replacing(position, before.length);
    const set = new Set(file.assignments.map((a) => a.name));
    return [...type.parameters.values()].filter((p) => couldMatch(before, p.name)).map((p) => nameItem(p, range, set.has(p.name)));
  }
  const target = clientTargetAt(file, position);
  if (target?.kind !== 'value') return [];
  const kind = type.parameters.get(target.assignment.name)?.kind;
  const current = afterLastSeparator(before);
  const range = replacing(position, current.length);
  switch (kind?.type) {
    case 'boolean':
      return ['yes', 'no'].map((v) => word(v, CompletionItemKind.Value, range));
    case 'keyword':
      return kind.values.map((v) => word(v, CompletionItemKind.EnumMember, range));
    case 'table':
      return current.includes(':') ? [] : tableTypeItems(position, current);
    case 'template': {
      if (!before.endsWith('%')) return [];
      const template = kind.template;
      return EXPANSIONS.map((e) => word(e.text, CompletionItemKind.Variable, replacing(position, 1), e[template]));
    }
    default:
      return [];
  }
}
