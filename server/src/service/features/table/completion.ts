import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import { currentRestrictionNames, restrictions, type RestrictionInfo } from '../../knowledge/restrictions';
import { ACCESS_ACTIONS, HEADER_ACTIONS, NOT_IN_MILTER, NOT_IN_SMTP, POSTSCREEN_ACTIONS, type TableAction } from '../../knowledge/tableActions';
import { HEADER_ROLES, type TableRole } from '../../model/tableDetect';
import { isSpace, tableLineAt, type ParsedTable } from '../../syntax/table';
import type { Position, Range } from '../../syntax/text';

export interface TableCompletionInfo {
  role: TableRole;
  /** smtpd_restriction_classes of main.cf, offered in access tables */
  classes?: ReadonlySet<string>;
}

const SNIPPET: Record<TableAction['argument'], (name: string) => string> = {
  none: (n) => n,
  text: (n) => `${n} \${1:text}`,
  'required-text': (n) => `${n} \${1:text}`,
  address: (n) => `${n} \${1:user@example.com}`,
  transport: (n) => `${n} \${1:smtp}:\${2:[127.0.0.1]:10025}`,
  header: (n) => `${n} \${1:X-Header}: \${2:value}`,
};

/** Where the value of the logical line under the cursor starts, or undefined when the cursor is in the key. */
function valueContext(parsed: ParsedTable, position: Position): { prefix: string; range: Range; first: boolean } | undefined {
  const line = tableLineAt(parsed, position.line);
  if (!line) return undefined;
  const offset = line.text.offsetAt(position);
  if (offset === undefined) return undefined;
  const entry = line.entry;
  let valueStart: number | undefined;
  if (entry?.kind === 'pair' || entry?.kind === 'cidr') {
    const keyEnd = entry.kind === 'pair' ? entry.key.end : entry.whole.end;
    if (offset > keyEnd) valueStart = entry.value?.start ?? offset;
  } else if (entry?.kind === 'pattern') {
    const patternEnd = (entry.second ?? entry.pattern).whole.end;
    if (offset > patternEnd) valueStart = entry.value?.start ?? offset;
  }
  if (valueStart === undefined || offset < valueStart) return undefined;
  const s = line.text.text;
  let start = offset;
  while (start > valueStart && !isSpace(s[start - 1]) && s[start - 1] !== ',') start--;
  return { prefix: s.slice(start, offset), range: line.text.range(start, offset), first: start === valueStart };
}

function actionItems(actions: Iterable<TableAction>, kind: string, range: Range, skip: ReadonlySet<string> = new Set()): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const a of actions) {
    if (a.hidden || skip.has(a.name)) continue;
    items.push({
      label: a.name,
      kind: CompletionItemKind.Keyword,
      detail: `${kind} action${a.since ? `, Postfix ${a.since}+` : ''}`,
      documentation: { kind: 'markdown', value: a.summary },
      sortText: `0${a.name}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: SNIPPET[a.argument](a.name) },
    });
  }
  return items;
}

/**
 * Completion at the result of a table line: the actions of an access,
 * header_checks or postscreen table, and in access tables the restrictions
 * and restriction classes a result may list.
 */
export function tableCompletion(parsed: ParsedTable, position: Position, info: TableCompletionInfo): CompletionItem[] {
  const at = valueContext(parsed, position);
  if (!at) return [];
  const { range, first } = at;
  if (info.role === 'postscreen_access') return actionItems(POSTSCREEN_ACTIONS.values(), 'postscreen', range);
  if (HEADER_ROLES.has(info.role)) {
    if (!first) return [];
    const smtp = info.role === 'smtp_header_checks' || info.role === 'smtp_body_checks';
    const skip = smtp ? NOT_IN_SMTP : info.role === 'milter_header_checks' ? NOT_IN_MILTER : new Set<string>();
    return actionItems(HEADER_ACTIONS.values(), info.role, range, skip);
  }
  if (info.role !== 'access') return [];
  const items = first ? actionItems(ACCESS_ACTIONS.values(), 'access', range) : [];
  for (const name of currentRestrictionNames) {
    const r = restrictions.get(name) as RestrictionInfo;
    if (r.argument === 'table' || r.argument === 'policy-service') continue; // no lookup tables inside access results
    items.push({
      label: name,
      kind: CompletionItemKind.Function,
      detail: r.since ? `restriction, Postfix ${r.since}+` : 'restriction',
      documentation: { kind: 'markdown', value: r.summary },
      sortText: `1${name}`,
      textEdit: { range, newText: name },
    });
  }
  for (const name of info.classes ?? []) {
    items.push({ label: name, kind: CompletionItemKind.Class, detail: 'restriction class', sortText: `0${name}`, textEdit: { range, newText: name } });
  }
  return items;
}
