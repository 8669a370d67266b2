import { Code, diagnostic, type Diagnostic } from './diagnostics';

/** The one diagnostic of a file that is not text: the checks of any kind would only report noise. */
export function binaryFileDiagnostic(): Diagnostic {
  return diagnostic(
    Code.BinaryFile,
    { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    'This is not a text file (it holds NUL bytes), so it was not checked: Postfix reads main.cf, master.cf and table sources as text.',
  );
}
