import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import { dnsListsFor } from '../../knowledge/dnsLists';
import { currentRestrictionNames, DATA_AVAILABLE, restrictionNamed, restrictions, type RestrictionInfo, type Stage } from '../../knowledge/restrictions';
import { fileTypes, tableTypes } from '../../knowledge/tableTypes';
import type { ConfigModel } from '../../model/config';
import { restrictionClasses, type RestrictionList } from '../../model/restrictionLists';
import { isListSeparator, listWords } from '../../syntax/restrictionList';
import type { Position } from '../../syntax/text';
import { tableFileItems, type TableFileEnvironment } from './tableFileCompletion';

/** the files beside main.cf, offered after `type:` */
export type CompletionEnvironment = TableFileEnvironment;

function snippet(info: RestrictionInfo): string {
  switch (info.argument) {
    case 'table': {
      const file = info.name.replace(/^check_/, '');
      return `${info.name} \${1|${fileTypes.join(',')}|}:/etc/postfix/\${2:${file}}`;
    }
    case 'dns-list':
      return `${info.name} \${1:${dnsListsFor(info.name)[0]?.zone ?? 'dnsbl.example.org'}}`;
    case 'policy-service':
      return `${info.name} \${1:inet:127.0.0.1:10023}`;
    case 'seconds':
      return `${info.name} \${1:1}`;
    default:
      return info.name;
  }
}

const fits = (info: RestrictionInfo, stages: Set<Stage>): boolean =>
  stages.size === 0 || [...stages].some((s) => (info.data === 'etrn' ? s === 'etrn' : s === 'etrn' ? DATA_AVAILABLE.etrn.includes(info.data) : true));

function edit(position: Position, prefix: string, text: string) {
  return { range: { start: { line: position.line, character: position.character - prefix.length }, end: position }, newText: text };
}

/** `type:` for every table type, the most used first, replacing the `typed` text before `position`. */
export function tableTypeItems(position: Position, typed: string): CompletionItem[] {
  return [...tableTypes.values()].map((t, i) => ({
    label: `${t.name}:`,
    kind: CompletionItemKind.Module,
    detail: `Postfix ${t.since}+`,
    documentation: t.summary,
    sortText: String(i).padStart(3, '0'),
    textEdit: edit(position, typed, `${t.name}:`),
  }));
}

/** What follows the last blank, line break or comma; scanned back from the end, as a regex anchored there would retry from every offset of a long word. */
export function afterLastSeparator(text: string): string {
  let start = text.length;
  while (start > 0 && !isListSeparator(text[start - 1])) start--;
  return text.slice(start);
}

/** Completion inside a restriction list: names for this stage first, arguments after a restriction. */
export function restrictionCompletion(
  model: ConfigModel,
  list: RestrictionList | undefined,
  before: string,
  position: Position,
  env: CompletionEnvironment,
): CompletionItem[] {
  const words = listWords(before);
  const typing = words.length > 0 && words[words.length - 1].end === before.length;
  const word = typing ? words[words.length - 1].text : '';
  // a word inside an unclosed '{' can begin on an earlier line; an edit cannot reach back there, so what is typed is its part after the last separator
  const current = word.includes('\n') ? afterLastSeparator(word) : word;
  const previous = restrictionNamed(words[words.length - (typing ? 2 : 1)]?.text ?? '');
  if (previous && previous.argument === 'table') {
    const colon = current.indexOf(':');
    return colon < 0 ? tableTypeItems(position, current) : tableFileItems(model, env, current, position);
  }
  if (previous && previous.argument === 'dns-list') {
    return dnsListsFor(previous.name).map((list, i) => ({
      label: list.zone,
      kind: CompletionItemKind.Value,
      detail: list.detail,
      documentation: { kind: 'markdown', value: list.documentation },
      sortText: String(i).padStart(2, '0'),
      textEdit: edit(position, current, list.zone),
    }));
  }
  const stages = list?.stages ?? new Set<Stage>();
  const items: CompletionItem[] = currentRestrictionNames.map((name) => {
    const info = restrictions.get(name) as RestrictionInfo;
    const good = fits(info, stages);
    return {
      label: name,
      kind: CompletionItemKind.Function,
      detail: info.since ? `Postfix ${info.since}+` : undefined,
      documentation: { kind: 'markdown', value: info.summary },
      sortText: `${good ? 0 : 1}${name}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: edit(position, current, snippet(info)),
    };
  });
  for (const name of restrictionClasses(model)) {
    items.push({ label: name, kind: CompletionItemKind.Class, detail: 'restriction class', sortText: `0${name}`, textEdit: edit(position, current, name) });
  }
  return items;
}
