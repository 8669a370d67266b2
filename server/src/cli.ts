/**
 * postfix-language-server check [--format text|json] [--postfix-version X.Y] FILE...
 * Lints from a shell or CI with the same service the editor uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { checkMainCf, ConfigModel, resolveTarget, type CheckReport } from './service';
import { checkTable, detectTable, tableClasses, tableReferences } from './service/tableService';
import { checkMasterCf } from './service/masterCf';
import { DiagnosticSeverity, type Diagnostic } from './service/diagnostics';
import { isVersion } from './service/knowledge/versions';
import { defaultSettings } from './service/settings';
import { nodeFiles, nodeTableFiles } from './nodeFiles';

const USAGE = 'usage: postfix-language-server check [--format text|json] [--postfix-version X.Y] FILE...';

const SEVERITY_NAME: Record<DiagnosticSeverity, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

interface Options {
  format: 'text' | 'json';
  version?: string;
  files: string[];
}

function parseArgs(args: string[]): Options | string {
  const options: Options = { format: 'text', files: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--format') {
      const f = args[++i];
      if (f !== 'text' && f !== 'json') return `--format must be text or json, not "${f ?? ''}"`;
      options.format = f;
    } else if (a === '--postfix-version') {
      const v = args[++i];
      if (!v || !isVersion(v)) return `--postfix-version needs a release such as 3.7, not "${v ?? ''}"`;
      options.version = v;
    } else if (a.startsWith('-')) {
      return `unknown option ${a}`;
    } else {
      options.files.push(a);
    }
  }
  return options.files.length ? options : 'no FILE given';
}

interface FileReport {
  file: string;
  diagnostics: Diagnostic[];
}

const readBeside = (file: string, name: string): string | undefined => {
  const path = join(dirname(file), name);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
};

/** A lookup table, recognised by its name, its first line or the main.cf beside it. */
function checkTableFile(file: string, text: string, target: string): CheckReport | undefined {
  const main = readBeside(file, 'main.cf');
  const model = main === undefined ? undefined : new ConfigModel({ main, master: readBeside(file, 'master.cf') });
  const info = detectTable(resolve(file), text.split('\n', 1)[0], model ? tableReferences(model) : []);
  // a file nothing marks as a table is read as a main.cf
  if (!info || info.source === 'default') return undefined;
  return checkTable(text, info, { target, classes: model ? tableClasses(model) : undefined, files: nodeTableFiles }, defaultSettings);
}

/** master.cf is judged with the main.cf beside it; a lookup table as its kind; anything else as a main.cf. */
function checkFile(file: string, target: string): FileReport {
  const text = readFileSync(file, 'utf8');
  const name = basename(file);
  const report =
    name === 'master.cf'
      ? checkMasterCf(new ConfigModel({ main: readBeside(file, 'main.cf') ?? '', master: text }), defaultSettings, target)
      : ((/main\.cf/.test(name) ? undefined : checkTableFile(file, text, target)) ??
        checkMainCf(new ConfigModel({ main: text, master: readBeside(file, 'master.cf') }), defaultSettings, target, nodeFiles));
  for (const f of report.failures) process.stderr.write(`${file}: internal error in ${f.check}: ${String(f.error)}\n`);
  return { file, diagnostics: report.diagnostics };
}

export function runCli(args: string[]): number {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n${USAGE}\n`);
    return 2;
  }
  const target = resolveTarget({ ...defaultSettings, targetVersion: options.version ?? 'auto' });
  const reports: FileReport[] = [];
  for (const file of options.files) {
    try {
      reports.push(checkFile(file, target));
    } catch (error) {
      process.stderr.write(`${file}: cannot read: ${(error as Error).message}\n`);
      return 2;
    }
  }
  if (options.format === 'json') {
    const rows = reports.flatMap((r) =>
      r.diagnostics.map((d) => ({ file: r.file, range: d.range, severity: d.severity, code: d.code, message: d.message })),
    );
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  } else {
    for (const r of reports) {
      for (const d of r.diagnostics) {
        const { line, character } = d.range.start;
        const severity = SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error];
        process.stdout.write(`${r.file}:${line + 1}:${character + 1}: ${severity}: ${d.message} [${d.code}]\n`);
      }
    }
  }
  return reports.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) ? 1 : 0;
}
