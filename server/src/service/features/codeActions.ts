import { pathToFileURL } from 'node:url';
import { CodeActionKind, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { Fix, FixData } from '../diagnostics';

const isFixData = (data: unknown): data is FixData =>
  typeof data === 'object' && data !== null && Array.isArray((data as FixData).fixes);

/** The quick fixes the diagnostics carry, as code actions on the document `uri`. */
export function codeActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  return diagnostics.flatMap((d) =>
    isFixData(d.data)
      ? d.data.fixes.map((fix) => ({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: fix.preferred,
          edit: workspaceEdit(uri, fix),
        }))
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
