/**
 * postfix-language-server check [--format text|json] [--postfix-version X.Y[.Z]] [--min-severity LEVEL] FILE...
 * Lints from a shell or CI with the same service the editor uses.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from './service/diagnostics';
import { createLanguageService, type LanguageService } from './service/languageService';
import { defaultSettings, type Settings } from './service/settings';
import { Workspace } from './service/workspace';
import { formatOption, lastValue, parseOptions, printable, printableJson, readProblem, versionOption, type Format } from './cliOptions';
import { nodeFiles } from './nodeFiles';

export const CHECK_USAGE = `usage: postfix-language-server check [--format text|json] [--postfix-version X.Y[.Z]] [--min-severity LEVEL] FILE...

Checks Postfix main.cf, master.cf, lookup table sources and database client files (mysql:,
pgsql:, ldap: ...) and prints what it finds, one line per diagnostic
(file:line:column: severity: message [code]), or a JSON array. Each file is judged with the
main.cf and master.cf in its directory; the database client files a given main.cf or
master.cf names are checked too.

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
  format: Format;
  minSeverity: DiagnosticSeverity;
  version?: string;
  help: boolean;
  files: string[];
}

const OPTIONS = { '--format': 'value', '--min-severity': 'value', '--postfix-version': 'value', '--help': 'flag', '-h': 'flag' } as const;

/** The options, or what is wrong with them. */
function parseArgs(args: string[]): Options | string {
  const parsed = parseOptions(args, OPTIONS);
  if (typeof parsed === 'string') return parsed;
  const format = formatOption(parsed);
  if (typeof format === 'object') return format.problem;
  const version = versionOption(parsed);
  if (typeof version === 'object') return version.problem;
  const m = lastValue(parsed, '--min-severity');
  const minSeverity = m === undefined ? DiagnosticSeverity.Hint : MIN_SEVERITY.get(m);
  if (minSeverity === undefined) return `--min-severity must be error, warning, information or hint, not "${m ?? ''}"`;
  const help = parsed.values.has('--help') || parsed.values.has('-h');
  const options: Options = { format, minSeverity, version, help, files: parsed.operands };
  return options.help || options.files.length ? options : 'no FILE given';
}

/** A checked file's diagnostics, or why it was not checked; `named`: the client files a main.cf or master.cf names. */
type FileReport = { file: string; diagnostics: Diagnostic[]; named?: string[] } | { file: string; problem: string };

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
    if (kind?.kind === 'log') return { file, problem: 'not checked: a mail log (postfix-language-server log reads it)' };
    const report = service.diagnostics(uri, settings);
    for (const f of report.failures) process.stderr.write(printable(`${file}: internal error in ${f.check}: ${String(f.error)}`) + '\n');
    return { file, diagnostics: report.diagnostics, named: service.clientFiles(uri) };
  } finally {
    workspace.close(uri);
  }
}

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
  const reports: FileReport[] = [];
  const seen = new Set(options.files.map((f) => resolve(f)));
  for (const file of options.files) {
    const report = checkFile(file, workspace, service, settings);
    reports.push(report);
    // the client files main.cf names follow it; one that cannot be read (a password file for root only) is left out, as postconf does
    for (const named of 'named' in report ? (report.named ?? []) : []) {
      if (seen.has(named)) continue;
      seen.add(named);
      const shown = relative(process.cwd(), named);
      const client = checkFile(shown.startsWith('..') || isAbsolute(shown) ? named : shown, workspace, service, settings);
      if ('diagnostics' in client) reports.push(client);
    }
  }
  const checked: { file: string; diagnostics: Diagnostic[] }[] = [];
  for (const r of reports) {
    if ('problem' in r) process.stderr.write(printable(`${r.file}: ${r.problem}`) + '\n');
    // a diagnostic without a severity is an error to the editor
    else checked.push({ file: r.file, diagnostics: r.diagnostics.filter((d) => (d.severity ?? DiagnosticSeverity.Error) <= options.minSeverity) });
  }
  if (options.format === 'json') {
    const rows = checked.flatMap((r) => r.diagnostics.map((d) => ({ file: r.file, range: d.range, severity: d.severity, code: d.code, message: d.message })));
    process.stdout.write(printableJson(rows) + '\n');
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
