/**
 * Completion in master.cf: service templates at the start of an entry, the
 * values of each column, daemon names, parameter names (and yes/no or
 * keyword values) after -o, pipe(8) attributes and ${macros}.
 */
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import { daemons, pipeAttributes, pipeMacros, SERVICE_TYPE_INFO } from '../../knowledge/master';
import { MASTER_TEMPLATES } from '../../knowledge/masterTemplates';
import { parameterNames, parameters, type ParameterInfo } from '../../knowledge/parameters';
import type { ConfigModel } from '../../model/config';
import { tokenize } from '../../syntax/masterCf';
import { isSpace, type Position } from '../../syntax/text';

// Postfix's blanks only (as in ../syntax/masterCf): a Unicode space such as
// U+00A0, white space to JavaScript's \s, starts a word rather than continuing
// an entry or making a line blank.
const isComment = (line: string): boolean => /^[ \t\n\r\v\f]*#/.test(line);
const isBlankLine = (line: string): boolean => /^[ \t\n\r\v\f]*$/.test(line);

/** The entry text from its first line up to the cursor, comment lines left out; undefined in a comment or outside an entry. */
function entryBefore(lines: readonly string[], position: Position): { text: string; firstLine: boolean } | undefined {
  const current = lines[position.line] ?? '';
  if (isComment(current)) return undefined;
  const before = current.slice(0, position.character);
  if (!isSpace(current[0])) return { text: before, firstLine: true };
  const parts = [before];
  for (let n = position.line - 1; n >= 0; n--) {
    const line = lines[n];
    if (isComment(line) || isBlankLine(line)) continue;
    parts.unshift(line);
    if (!isSpace(line[0])) return { text: parts.join('\n'), firstLine: false };
  }
  return undefined;
}

/** What follows the last blank or line break; scanned back from the end, as a regex anchored there would retry from every offset of a long word. */
function afterLastBlank(text: string): string {
  let start = text.length;
  while (start > 0 && !isSpace(text[start - 1])) start--;
  return text.slice(start);
}

function edit(position: Position, prefix: string, text: string) {
  return { range: { start: { line: position.line, character: position.character - prefix.length }, end: position }, newText: text };
}

const item = (
  label: string,
  kind: CompletionItemKind,
  position: Position,
  prefix: string,
  detail?: string,
  documentation?: string,
  sort?: string,
): CompletionItem => ({
  label,
  kind,
  detail,
  documentation: documentation ? { kind: 'markdown', value: documentation } : undefined,
  sortText: sort,
  textEdit: edit(position, prefix, label),
});

function parameterItem(info: ParameterInfo, position: Position, prefix: string): CompletionItem {
  return {
    label: info.name,
    kind: CompletionItemKind.Property,
    detail: [`default: ${info.default || '(empty)'}`, info.since ? `Postfix ${info.since}+` : ''].filter(Boolean).join(' · '),
    documentation: { kind: 'markdown', value: info.summary },
    tags: info.deprecated || info.removedIn ? [1] : undefined,
    textEdit: edit(position, prefix, info.name + '='),
  };
}

function columnItems(model: ConfigModel, index: number, words: string[], position: Position, prefix: string, firstLine: boolean): CompletionItem[] {
  switch (index) {
    case 0:
      if (!firstLine || position.character !== prefix.length) return [];
      return MASTER_TEMPLATES.map((t, i) => ({
        label: t.label,
        kind: CompletionItemKind.Snippet,
        detail: t.detail,
        documentation: { kind: 'markdown', value: t.documentation },
        insertTextFormat: InsertTextFormat.Snippet,
        sortText: String(i),
        textEdit: edit(position, prefix, t.snippet),
      }));
    case 1:
      return Object.entries(SERVICE_TYPE_INFO).map(([type, info]) =>
        item(type, CompletionItemKind.EnumMember, position, prefix, info.since ? `Postfix ${info.since}+` : undefined, info.summary),
      );
    case 2:
    case 3:
    case 4: {
      const inetPrivate = index === 2 && words[1] === 'inet';
      return [
        item('y', CompletionItemKind.Value, position, prefix, inetPrivate ? 'not for inet services' : 'yes', undefined, inetPrivate ? '2' : '0'),
        item('n', CompletionItemKind.Value, position, prefix, 'no', undefined, '1'),
        item('-', CompletionItemKind.Value, position, prefix, index === 4 ? 'default: n' : 'default: y', undefined, inetPrivate ? '3' : '1'),
      ];
    }
    case 5:
      return [
        item('-', CompletionItemKind.Value, position, prefix, 'no wake-up', undefined, '0'),
        item('60', CompletionItemKind.Value, position, prefix, 'every minute (pickup)', undefined, '1'),
        item('300', CompletionItemKind.Value, position, prefix, 'every 5 minutes (qmgr)', undefined, '2'),
        item('1000?', CompletionItemKind.Value, position, prefix, 'after first use (flush, tlsmgr)', undefined, '3'),
      ];
    case 6: {
      const limit = model.rawValue('default_process_limit') ?? '100';
      return [
        item('-', CompletionItemKind.Value, position, prefix, `$default_process_limit (${limit})`, undefined, '0'),
        item('1', CompletionItemKind.Value, position, prefix, 'a single process', undefined, '1'),
        item('0', CompletionItemKind.Value, position, prefix, 'no limit', undefined, '2'),
      ];
    }
    case 7:
      return [...daemons.values()]
        .filter((d) => d.name !== 'nqmgr')
        .map((d) => item(d.name, CompletionItemKind.Module, position, prefix, d.since ? `Postfix ${d.since}+` : 'Postfix daemon', d.summary));
    default:
      return [];
  }
}

function valueItems(name: string, position: Position, prefix: string): CompletionItem[] {
  const kind = parameters.get(name)?.kind;
  if (kind?.type === 'boolean') return ['yes', 'no'].map((v) => item(v, CompletionItemKind.Value, position, prefix));
  if (kind?.type === 'enum' && !kind.list) return kind.values.map((v) => item(v, CompletionItemKind.EnumMember, position, prefix));
  return [];
}

export function masterCompletion(model: ConfigModel, position: Position): CompletionItem[] {
  const lines = model.master?.lines;
  if (!lines) return [];
  const entry = entryBefore(lines, position);
  if (!entry) return [];
  const words = tokenize(entry.text).map((t) => t.text);
  const typing = entry.text !== '' && !isSpace(entry.text[entry.text.length - 1]);
  const word = typing ? (words.pop() ?? '') : '';
  // a word inside an unclosed '{' can begin on an earlier line; an edit cannot reach back there, so what is typed is its part after the last blank
  const current = word.includes('\n') ? afterLastBlank(word) : word;
  const index = words.length;
  if (index < 8) return columnItems(model, index, words, position, current, entry.firstLine);
  // the options: getopt until the first non-option word
  const args = words.slice(8);
  let inOptions = true;
  let expectsValue: string | undefined;
  for (const a of args) {
    if (expectsValue) {
      expectsValue = undefined;
      continue;
    }
    if (a === '--' || !a.startsWith('-') || a === '-') {
      inOptions = false;
      break;
    }
    const m = /^-[cdDlSuvVz]*([imnost])$/.exec(a);
    if (m) expectsValue = m[1];
  }
  if (inOptions && expectsValue === 'o') {
    const eq = current.indexOf('=');
    if (eq >= 0) return valueItems(current.slice(0, eq), position, current.slice(eq + 1));
    return parameterNames.map((n) => parameterItem(parameters.get(n) as ParameterInfo, position, current));
  }
  if (inOptions && !expectsValue && (current === '' || current === '-')) {
    return [
      { label: '-o', kind: CompletionItemKind.Keyword, detail: 'override a main.cf parameter for this service', textEdit: edit(position, current, '-o ') },
    ];
  }
  if (words[7] !== 'pipe' || inOptions) return [];
  const macro = /\$\{?([A-Za-z0-9_]*)$/.exec(current);
  const inArgv = words.some((w) => w.startsWith('argv=')) || current.startsWith('argv=');
  if (macro && inArgv) {
    const prefix = current.slice(macro.index);
    return [...pipeMacros.values()].map((m) => ({
      ...item(`\${${m.name}}`, CompletionItemKind.Variable, position, prefix, m.since ? `Postfix ${m.since}+` : 'pipe macro', m.summary),
      filterText: prefix.startsWith('${') ? `\${${m.name}` : `$${m.name}`,
    }));
  }
  if (inArgv || current.includes('=')) return [];
  const given = new Set(words.map((w) => w.split('=')[0]));
  return [...pipeAttributes]
    .filter(([name]) => !given.has(name))
    .map(([name, summary], i) =>
      item(`${name}=`, CompletionItemKind.Property, position, current, 'pipe attribute', summary, name === 'argv' ? 'z' : String(i)),
    );
}
