/**
 * The log command's worker thread (see runLogCli), its own bundle so that it
 * loads only the log code: reads the command line, the logs and prints the report.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { formatOption, lastValue, parseOptions, printable, printableJson, type Format } from './cliOptions';
import { LOG_USAGE } from './logCli';
import { analysePart, readInParts, sinkOf, splitPoint, type PartJob } from './logParts';
import { readLog } from './logReader';
import type { Attributor } from './service/log/attribution';
import { LogAnalysis, type LogReport } from './service/log/logAnalysis';
import { reportText } from './service/log/reportText';

interface Options {
  format: Format;
  config?: string;
  help: boolean;
  files: string[];
}

const OPTIONS = { '--format': 'value', '--config': 'value', '--help': 'flag', '-h': 'flag' } as const;

function parseArgs(args: string[]): Options | string {
  const parsed = parseOptions(args, OPTIONS);
  if (typeof parsed === 'string') return parsed;
  const format = formatOption(parsed);
  if (typeof format === 'object') return format.problem;
  const config = lastValue(parsed, '--config');
  if (config === '') return '--config needs the path of a main.cf';
  const help = parsed.values.has('--help') || parsed.values.has('-h');
  return help || parsed.operands.length ? { format, config, help, files: parsed.operands } : 'no FILE given';
}

/**
 * The attributor of a main.cf given on the command line, or why it cannot be
 * read: from a bundle of its own, as the configuration model and Postfix's
 * parameter tables are loaded for --config alone.
 */
function configAttributor(mainPath: string): Attributor | string {
  const { configAttributor: attributor } = createRequire(__filename)('./logConfig.js') as typeof import('./logConfig');
  return attributor(mainPath);
}

/** The report as the JSON the command promises: these keys, in this order. */
function reportJson(report: LogReport): unknown {
  return {
    lines: report.lines,
    from: report.from,
    to: report.to,
    rejects: report.rejects.map((r) => ({
      action: r.action,
      stage: r.stage,
      restriction: r.restriction,
      argument: r.argument,
      code: r.code,
      file: r.file,
      line: r.line,
      count: r.count,
      examples: r.examples,
    })),
    messages: report.messages,
    skipped: report.skipped,
    problems: report.problems,
  };
}

/** The worker of the later part of a log (see readInParts): its analysis, to the worker of the first part. */
async function analyseLater(job: PartJob): Promise<void> {
  const attribute = job.config === undefined ? undefined : configAttributor(job.config);
  parentPort?.postMessage(await analysePart(job, typeof attribute === 'string' ? undefined : attribute));
}

async function analyse(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n${LOG_USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(LOG_USAGE);
    return 0;
  }
  let attribute: Attributor | undefined;
  if (options.config !== undefined) {
    const made = configAttributor(options.config);
    if (typeof made === 'string') {
      process.stderr.write(printable(made) + '\n');
      return 2;
    }
    attribute = made;
  }
  const now = new Date();
  const analysis = new LogAnalysis({ attribute, now });
  let unreadable = 0;
  // a single log is split: several are read in turn, each after the one before it
  const split = options.files.length === 1 ? splitPoint(options.files[0]) : undefined;
  for (const file of options.files) {
    const before = analysis.problems.length;
    if (split === undefined) await readLog(file, sinkOf(analysis));
    else await readInParts(file, split, analysis, { config: options.config, now: now.getTime(), worker: __filename });
    const problems = analysis.problems.slice(before);
    for (const p of problems) process.stderr.write(printable(p) + '\n');
    if (problems.length) unreadable++;
  }
  const report = analysis.report();
  process.stdout.write(options.format === 'json' ? printableJson(reportJson(report)) + '\n' : reportText(report).split('\n').map(printable).join('\n') + '\n');
  if (unreadable === 0) return 0;
  return unreadable === options.files.length && report.lines === 0 ? 2 : 1;
}

if (workerData) void analyseLater(workerData as PartJob);
else void analyse(process.argv.slice(2)).then((status) => parentPort?.postMessage(status));
