/** The quick fixes the checks offer, built the same way everywhere. */
import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix } from '../../diagnostics';
import type { ConfigModel } from '../../model/config';
import type { ListSource } from '../../model/restrictionLists';
import type { Service } from '../../syntax/masterCf';
import type { Word } from '../../syntax/restrictionList';
import type { Range } from '../../syntax/text';

/** Replaces `range` with `text`. */
export const replaceFix = (title: string, range: Range, text: string): Fix => ({
  title,
  edits: [{ range, newText: text }],
  preferred: true,
});

/** Deletes whole lines `start`..`end`. */
export const deleteLinesFix = (title: string, start: number, end: number): Fix => ({
  title,
  edits: [{ range: { start: { line: start, character: 0 }, end: { line: end + 1, character: 0 } }, newText: '' }],
});

/** Creates the file at the absolute `path`. */
export const createFileFix = (path: string): Fix => ({ title: `Create ${path}`, edits: [], createFile: path });

/** Runs a client command, e.g. postfix.runPostmap. */
export const commandFix = (title: string, command: string, args: string[]): Fix => ({ title, edits: [], command: { title, command, arguments: args } });

/** The client commands that rebuild a table: postmap, or postalias for aliases. */
export const REBUILD_COMMAND = { postmap: 'postfix.runPostmap', postalias: 'postfix.runPostalias' } as const;

/**
 * Rebuilds `table` (type:path). With `configDir`, the tool reads the main.cf
 * there (postmap -c DIR): a folder of configuration files works without a
 * configuration in /etc/postfix.
 */
export const rebuildFix = (tool: keyof typeof REBUILD_COMMAND, table: string, configDir?: string): Fix =>
  commandFix(`Run ${tool} ${table}`, REBUILD_COMMAND[tool], configDir === undefined ? [table] : [table, configDir]);

/** Adds `line` at the end of main.cf. */
export function appendLineFix(model: ConfigModel, title: string, line: string): Fix {
  const lines = model.main.lines;
  const last = lines.length - 1;
  const at = { line: last, character: lines[last].length };
  return { title, edits: [{ range: { start: at, end: at }, newText: lines[last] === '' ? `${line}\n` : `\n${line}\n` }], preferred: true };
}

/** Adds `line` at the top of main.cf. */
export const prependLineFix = (title: string, line: string): Fix => {
  const at = { line: 0, character: 0 };
  return { title, edits: [{ range: { start: at, end: at }, newText: `${line}\n` }], preferred: true };
};

/** Sets `name = value` in main.cf: changes the last assignment, or adds one at the end. */
export function setParameterFix(model: ConfigModel, name: string, value: string): Fix {
  const a = model.effective(name);
  const title = `Set ${name} = ${value}`;
  if (!a) return appendLineFix(model, title, `${name} = ${value}`);
  const range = a.value === '' ? { start: a.nameRange.start, end: a.valueRange.end } : a.valueRange;
  return { title, edits: [{ range, newText: a.value === '' ? `${name} = ${value}` : value }], preferred: true };
}

/** Deletes `words` of a restriction list and the separator before them (or after, for the first word of the list). */
export function removeWordsFix(title: string, list: ListSource, words: Word[]): Fix {
  const value = list.value;
  const first = words[0];
  const last = words[words.length - 1];
  let start = first.start;
  let end = last.end;
  if (start > 0) {
    while (start > 0 && /[\s,]/.test(value[start - 1])) start--;
  } else {
    while (end < value.length && /[\s,]/.test(value[end])) end++;
  }
  return { title, edits: [{ range: list.source.range(start, end), newText: '' }] };
}

/** Removes a whole master.cf service entry, comment lines inside it included. */
export const removeServiceFix = (title: string, service: Service): Fix => deleteLinesFix(title, service.startLine, service.endLine);

/** Removes a master.cf option at `option` of the entry starting on line `entryStart`: its lines when it has lines of its own, else its words. */
export function removeOptionFix(title: string, option: Range, lines: readonly string[], entryStart: number): Fix {
  const { start, end } = option;
  const before = (lines[start.line] ?? '').slice(0, start.character);
  const after = (lines[end.line] ?? '').slice(end.character);
  if (start.line > entryStart && before.trim() === '' && after.trim() === '') return deleteLinesFix(title, start.line, end.line);
  // take the blanks before the option with it
  let from = start.character;
  while (from > 0 && /[ \t]/.test(before[from - 1])) from--;
  return { title, edits: [{ range: { start: { line: start.line, character: from }, end }, newText: '' }] };
}

/** Sets `-o name=value` on a service: changes its last own option of that name, or adds one after its other options. */
export function setOptionFix(service: Service, lines: readonly string[], name: string, value: string): Fix {
  const title = `Set -o ${name}=${value} on ${service.name}`;
  const own = service.overrides.filter((o) => o.name === name).pop();
  if (own) return { title, edits: [{ range: own.valueRange, newText: value }], preferred: true };
  return { title, edits: [addOptionsEdit(service, lines, [`-o ${name}=${value}`])], preferred: true };
}

/** An edit that adds `-o name=value` options to a service after its last option. */
export function addOptionsEdit(service: Service, lines: readonly string[], options: readonly string[]): TextEdit {
  const firstArgument = service.args[service.optionsEnd];
  // the daemon reads options only before its first other argument
  if (firstArgument) return { range: { start: firstArgument.range.start, end: firstArgument.range.start }, newText: `${options.join(' ')} ` };
  const last = service.args.length ? service.args[service.args.length - 1].range.end : service.columns.command.range.end;
  const lineText = lines[last.line] ?? '';
  const indent = last.line > service.startLine ? (/^\s+/.exec(lineText)?.[0] ?? '  ') : '  ';
  const at = { line: last.line, character: lineText.length };
  return { range: { start: at, end: at }, newText: options.map((o) => `\n${indent}${o}`).join('') };
}
