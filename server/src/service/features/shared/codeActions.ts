import { pathToFileURL } from 'node:url';
import { CodeActionKind, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { Fix, FixData } from '../../diagnostics';
import type { ConfigModel } from '../../model/config';
import type { Range } from '../../syntax/text';
import { targetAt } from '../main/locate';

const isFixData = (data: unknown): data is FixData => typeof data === 'object' && data !== null && Array.isArray((data as FixData).fixes);

/** Restrictions that can reject, which warn_if_reject can soften into a logged warning. */
const CAN_REJECT = /^(reject|defer|check_)/;

/**
 * "Try it safely": put warn_if_reject before a restriction under the cursor,
 * so it logs what it would reject instead of rejecting.
 */
function warnIfRejectAction(uri: string, model: ConfigModel, range: Range): CodeAction[] {
  const target = targetAt(model, range.start);
  if (target?.kind !== 'list-word' || target.item.kind !== 'restriction' || target.word !== target.item.word) return [];
  const { item, list } = target;
  if (!CAN_REJECT.test(item.info.name)) return [];
  const index = list.items.indexOf(item);
  const before = list.items[index - 1];
  if (before?.kind === 'restriction' && before.info.name === 'warn_if_reject') return [];
  const at = target.range.start;
  return [
    {
      title: `Try ${item.info.name} safely: log instead of reject (warn_if_reject)`,
      kind: CodeActionKind.QuickFix,
      edit: { changes: { [uri]: [{ range: { start: at, end: at }, newText: 'warn_if_reject ' }] } },
    },
  ];
}

/** The server command a client runs to show a file a quick fix created (window/showDocument). */
export const OPEN_FILE_COMMAND = 'postfix.openFile';

/**
 * The diagnostics as the server publishes them: without the quick fixes in
 * `data`. A file with thousands of findings would otherwise send (and have
 * the editor decode) a megabyte or more of fixes after each keystroke, for
 * the few the user ever asks for; `withFixes` finds them again.
 */
export function withoutFixes(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  // JSON leaves out a property whose value is undefined: one shallow copy, no rest pattern
  return diagnostics.map((d) => (d.data === undefined ? d : { ...d, data: undefined }));
}

const sameRange = (a: Range, b: Range): boolean =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/**
 * The diagnostics a client sent back, with the quick fixes of the same
 * finding in `current` (the file checked again). One that is no longer found
 * (the text changed since) stays without: its fixes would edit the wrong text.
 */
export function withFixes(sent: readonly Diagnostic[], current: () => readonly Diagnostic[]): Diagnostic[] {
  let found: readonly Diagnostic[] | undefined;
  return sent.map((d) => {
    if (d.data !== undefined || d.source !== 'postfix') return d;
    found ??= current();
    const same = found.find((f) => f.code === d.code && f.message === d.message && sameRange(f.range, d.range));
    const data: unknown = same?.data;
    return data === undefined ? d : { ...d, data };
  });
}

/** Where a quick fix may create a file: the folders the user opened, nowhere else. */
export type MayCreate = (path: string) => boolean;

/**
 * The quick fixes the diagnostics carry, and the actions for what is under
 * the cursor. A fix that creates a file outside what `mayCreate` allows is
 * not offered.
 */
export function codeActions(
  uri: string,
  diagnostics: readonly Diagnostic[],
  model?: ConfigModel,
  range?: Range,
  mayCreate: MayCreate = () => true,
): CodeAction[] {
  const cursor = model && range ? warnIfRejectAction(uri, model, range) : [];
  return [...fixActions(uri, diagnostics, mayCreate), ...cursor];
}

/** The command of a fix; for a created file, showing it once created. */
function fixCommand(fix: Fix): CodeAction['command'] {
  if (fix.command) return fix.command;
  if (!fix.createFile) return undefined;
  return { title: `Open ${fix.createFile}`, command: OPEN_FILE_COMMAND, arguments: [pathToFileURL(fix.createFile).toString()] };
}

function fixActions(uri: string, diagnostics: readonly Diagnostic[], mayCreate: MayCreate): CodeAction[] {
  return diagnostics.flatMap((d) =>
    isFixData(d.data)
      ? d.data.fixes
          .filter((fix) => fix.createFile === undefined || mayCreate(fix.createFile))
          .map((fix) => {
            const command = fixCommand(fix);
            return {
              title: fix.title,
              kind: CodeActionKind.QuickFix,
              diagnostics: [d],
              isPreferred: fix.preferred,
              ...(fix.command && fix.edits.length === 0 && !fix.createFile ? {} : { edit: workspaceEdit(uri, fix) }),
              ...(command ? { command } : {}),
            };
          })
      : [],
  );
}

function workspaceEdit(uri: string, fix: Fix): WorkspaceEdit {
  if (!fix.createFile) return { changes: { [uri]: fix.edits } };
  return {
    documentChanges: [
      { kind: 'create', uri: pathToFileURL(fix.createFile).toString(), options: { ignoreIfExists: true } },
      ...(fix.edits.length ? [{ textDocument: { uri, version: null }, edits: fix.edits }] : []),
    ],
  };
}
