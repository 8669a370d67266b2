import type { Diagnostic, Fix } from '../../diagnostics';
import { deleteLinesFix } from '../../diagnostics';
import type { FileSystem } from '../../files';
import type { ConfigModel } from '../../model/config';
import type { MasterCf, Override, Service } from '../../syntax/masterCf';

export interface MasterCheckContext {
  model: ConfigModel;
  master: MasterCf;
  /** the Postfix release to judge against, e.g. "3.7.11" or "3.11" */
  target: string;
  /** as in CheckContext: absent in pure unit tests */
  files?: FileSystem;
  /** the directory master.cf and its main.cf are read from */
  configDir?: string;
}

export type MasterCheck = (context: MasterCheckContext) => Diagnostic[];

/** Removes a whole service entry, comment lines inside it included. */
export const removeServiceFix = (title: string, service: Service): Fix => deleteLinesFix(title, service.startLine, service.endLine);

/** Removes one -o option: its lines when it has lines of its own, else its words. */
export function removeOverrideFix(title: string, service: Service, o: Override, lines: readonly string[]): Fix {
  const first = service.args[o.argIndex];
  const last = service.args[o.lastArgIndex];
  const start = first.range.start;
  const end = last.range.end;
  const before = (lines[start.line] ?? '').slice(0, start.character);
  const after = (lines[end.line] ?? '').slice(end.character);
  if (start.line > service.startLine && before.trim() === '' && after.trim() === '') return deleteLinesFix(title, start.line, end.line);
  // take the blanks before the option with it
  let from = start.character;
  while (from > 0 && /[ \t]/.test(before[from - 1])) from--;
  return { title, edits: [{ range: { start: { line: start.line, character: from }, end }, newText: '' }] };
}
