import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import type { FixData } from '../diagnostics';

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
          edit: { changes: { [uri]: fix.edits } },
        }))
      : [],
  );
}
