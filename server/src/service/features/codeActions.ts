import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import { Code, type FixData } from '../diagnostics';

const TITLE: Partial<Record<Code, (replacement: string) => string>> = {
  [Code.UnknownParameter]: (r) => `Change to "${r}"`,
  [Code.DeprecatedParameter]: (r) => `Rename to "${r}"`,
};

/** Quick fixes for the diagnostics of a main.cf: typo, deprecated name, overridden duplicate. */
export function codeActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    const data = d.data as FixData | undefined;
    if (!data) continue;
    const title = TITLE[d.code as Code];
    if (data.replacement && title) {
      actions.push({
        title: title(data.replacement),
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [uri]: [{ range: d.range, newText: data.replacement }] } },
      });
    }
    if (data.deleteLines) {
      const { start, end } = data.deleteLines;
      actions.push({
        title: d.code === Code.DuplicateParameter ? 'Remove this overridden assignment' : 'Remove this assignment',
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: { changes: { [uri]: [{ range: { start: { line: start, character: 0 }, end: { line: end + 1, character: 0 } }, newText: '' }] } },
      });
    }
  }
  return actions;
}
