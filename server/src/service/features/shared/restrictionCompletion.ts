import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import type { FileSystem } from '../../files';
import { currentRestrictionNames, DATA_AVAILABLE, restrictionNamed, restrictions, type RestrictionInfo, type Stage } from '../../knowledge/restrictions';
import { compiledFileSuffixes, fileTypes, tableTypes } from '../../knowledge/tableTypes';
import type { ConfigModel } from '../../model/config';
import { restrictionClasses, type RestrictionList } from '../../model/restrictionLists';
import { isListSeparator, listWords } from '../../syntax/restrictionList';
import type { Position } from '../../syntax/text';

export interface CompletionEnvironment {
  files?: FileSystem;
  /** the directory of main.cf, whose files are offered after `type:` */
  configDir?: string;
}

/** Well-known public DNS lists, by the kind of name they list. */
const DNS_LISTS: Record<string, string[]> = {
  reject_rbl_client: ['zen.spamhaus.org', 'bl.spamcop.net', 'b.barracudacentral.org', 'psbl.surriel.com', 'bl.mailspike.net'],
  reject_rhsbl_client: ['dbl.spamhaus.org', 'multi.surbl.org'],
  reject_rhsbl_reverse_client: ['dbl.spamhaus.org', 'multi.surbl.org'],
  reject_rhsbl_helo: ['dbl.spamhaus.org', 'multi.surbl.org'],
  reject_rhsbl_sender: ['dbl.spamhaus.org', 'multi.surbl.org'],
  reject_rhsbl_recipient: ['dbl.spamhaus.org'],
  permit_dnswl_client: ['list.dnswl.org', 'swl.spamhaus.org'],
  permit_rhswl_client: ['dwl.spamhaus.org'],
};

function snippet(info: RestrictionInfo): string {
  switch (info.argument) {
    case 'table': {
      const file = info.name.replace(/^check_/, '');
      return `${info.name} \${1|${fileTypes.join(',')}|}:/etc/postfix/\${2:${file}}`;
    }
    case 'dns-list':
      return `${info.name} \${1:${(DNS_LISTS[info.name] ?? ['dnsbl.example.org'])[0]}}`;
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

/** The files a table's source may be: no compiled tables, hidden files or .cf configurations. */
const NOT_OFFERED = new RegExp(String.raw`\.(${[...compiledFileSuffixes.map((s) => s.slice(1)), 'cf'].join('|')})$`);

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
    if (colon < 0) return tableTypeItems(position, current);
    if (!env.files || !env.configDir) return [];
    const type = current.slice(0, colon);
    const dir = env.configDir;
    return env.files
      .list(dir)
      .filter((f) => !NOT_OFFERED.test(f) && !f.startsWith('.'))
      .map((f) => ({ label: `${type}:${dir}/${f}`, kind: CompletionItemKind.File, textEdit: edit(position, current, `${type}:${dir}/${f}`) }));
  }
  if (previous && previous.argument === 'dns-list') {
    return (DNS_LISTS[previous.name] ?? []).map((zone) => ({ label: zone, kind: CompletionItemKind.Value, textEdit: edit(position, current, zone) }));
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
