/**
 * postfix-language-server check [--format text|json] [--postfix-version X.Y[.Z]] [--min-severity LEVEL] FILE...
 * Lints from a shell or CI with the same service the editor uses.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from './service/diagnostics';
import { targetVersionProblem } from './service/knowledge/versions';
import { createLanguageService, type LanguageService } from './service/languageService';
import { defaultSettings, type Settings } from './service/settings';
import { Workspace } from './service/workspace';
import { nodeFiles } from './nodeFiles';

export const CHECK_USAGE = `usage: postfix-language-server check [--format text|json] [--postfix-version X.Y[.Z]] [--min-severity LEVEL] FILE...

Checks Postfix main.cf, master.cf and lookup table source files and prints what it finds,
one line per diagnostic (file:line:column: severity: message [code]), or a JSON array.
Each file is judged with the main.cf and master.cf in its directory.

  --format text|json          output format (default text)
  --postfix-version X.Y[.Z]   the Postfix release to judge against (default: the newest known)
  --min-severity LEVEL        error, warning, information or hint (default): leave out what is less severe
  -h, --help                  this text

Exit status: 0 no errors, 1 errors found, 2 a file could not be checked or the command line is wrong.
`;

const SEVERITY_NAME: Record<DiagnosticSeverity, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** --min-severity names, most severe first (the LSP numbers them 1 to 4 in that order). */
const MIN_SEVERITY: ReadonlyMap<string, DiagnosticSeverity> = new Map([
  ['error', DiagnosticSeverity.Error],
  ['warning', DiagnosticSeverity.Warning],
  ['information', DiagnosticSeverity.Information],
  ['hint', DiagnosticSeverity.Hint],
]);

interface Options {
  format: 'text' | 'json';
  minSeverity: DiagnosticSeverity;
  version?: string;
  help?: boolean;
  files: string[];
}

/** The options, or what is wrong with them. */
function parseArgs(args: string[]): Options | string {
  const options: Options = { format: 'text', minSeverity: DiagnosticSeverity.Hint, files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      options.files.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      options.files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const value = (): string | undefined => (eq < 0 ? args[++i] : arg.slice(eq + 1));
    if (name === '--help' || name === '-h') {
      options.help = true;
    } else if (name === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json') return `--format must be text or json, not "${f ?? ''}"`;
      options.format = f;
    } else if (name === '--min-severity') {
      const m = value();
      const severity = m === undefined ? undefined : MIN_SEVERITY.get(m);
      if (severity === undefined) return `--min-severity must be error, warning, information or hint, not "${m ?? ''}"`;
      options.minSeverity = severity;
    } else if (name === '--postfix-version') {
      const v = value();
      if (v === undefined) return '--postfix-version needs a release, such as 3.7';
      const problem = targetVersionProblem(v);
      if (problem) return `--postfix-version: ${problem}`;
      options.version = v;
    } else {
      return `unknown option ${arg}`;
    }
  }
  return options.help || options.files.length ? options : 'no FILE given';
}

/** A checked file's diagnostics, or why it was not checked. */
type FileReport = { file: string; diagnostics: Diagnostic[] } | { file: string; problem: string };

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'cannot read: no such file';
  if (code === 'EISDIR') return 'cannot read: it is a directory (give the files in it, e.g. DIR/main.cf DIR/master.cf)';
  if (code === 'EACCES') return 'cannot read: permission denied';
  return `cannot read: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * A file judged as what documentKind says it is, with the main.cf and
 * master.cf in its directory: opened in the workspace as an editor would
 * open it, and closed once checked.
 */
function checkFile(file: string, workspace: Workspace, service: LanguageService, settings: Settings): FileReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { file, problem: readProblem(error) };
  }
  const uri = workspace.files.uriOf(resolve(file));
  workspace.open(uri, '', 1, text);
  try {
    const kind = workspace.kind(uri);
    if (kind?.kind === 'unknown') return { file, problem: `not checked: ${kind.reason}` };
    const report = service.diagnostics(uri, settings);
    for (const f of report.failures) process.stderr.write(printable(`${file}: internal error in ${f.check}: ${String(f.error)}`) + '\n');
    return { file, diagnostics: report.diagnostics };
  } finally {
    workspace.close(uri);
  }
}

/** Control characters (a NUL or ESC from a file quoted in a message) shown as \xNN: a terminal would act on them. */
const printable = (s: string): string => s.replace(/[^\t -~\u00a0-\u{10ffff}]/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export function runCli(args: string[]): number {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n${CHECK_USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(CHECK_USAGE);
    return 0;
  }
  const settings: Settings = { ...defaultSettings, targetVersion: options.version ?? 'auto' };
  const workspace = new Workspace(nodeFiles);
  const service = createLanguageService(workspace);
  const reports = options.files.map((file) => checkFile(file, workspace, service, settings));
  const checked: { file: string; diagnostics: Diagnostic[] }[] = [];
  for (const r of reports) {
    if ('problem' in r) process.stderr.write(printable(`${r.file}: ${r.problem}`) + '\n');
    // a diagnostic without a severity is an error to the editor
    else checked.push({ file: r.file, diagnostics: r.diagnostics.filter((d) => (d.severity ?? DiagnosticSeverity.Error) <= options.minSeverity) });
  }
  if (options.format === 'json') {
    const rows = checked.flatMap((r) => r.diagnostics.map((d) => ({ file: r.file, range: d.range, severity: d.severity, code: d.code, message: d.message })));
    // JSON escapes C0 controls itself; C1 ones are escaped too, for whoever prints the output raw
    process.stdout.write(JSON.stringify(rows, null, 2).replace(/[\x7f-\x9f]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`) + '\n');
  } else {
    // one write: thousands of small ones cost more than the check of a big file
    const lines: string[] = [];
    for (const r of checked) {
      for (const d of r.diagnostics) {
        const { line, character } = d.range.start;
        const severity = SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error];
        const message = typeof d.message === 'string' ? d.message : d.message.value;
        lines.push(printable(`${r.file}:${line + 1}:${character + 1}: ${severity}: ${message} [${String(d.code)}]`) + '\n');
      }
    }
    if (lines.length) process.stdout.write(lines.join(''));
  }
  if (checked.length < reports.length) return 2;
  return checked.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) ? 1 : 0;
}
