/**
 * The log command's worker thread (see runLogCli), its own bundle so that it
 * loads only the log code: reads the command line, the logs and prints the report.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { printable, printableJson } from './cliOptions';
import { LOG_USAGE, parseLogArgs, type LogWorkerData, type PartJob } from './logCli';
import { analysePart, partFrom, readInParts, sinkOf } from './logParts';
import { readLog } from './logReader';
import type { Attributor } from './service/log/attribution';
import { LogAnalysis, type LogReport } from './service/log/logAnalysis';
import { reportText } from './service/log/reportText';

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
async function analyseLater(job: PartJob, port: MessagePort): Promise<void> {
  const attribute = job.config === undefined ? undefined : configAttributor(job.config);
  port.postMessage(await analysePart(job, typeof attribute === 'string' ? undefined : attribute));
  port.close();
}

async function analyse(args: string[], data: { now: number; split?: number; port?: MessagePort }): Promise<number> {
  const options = parseLogArgs(args);
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
  const analysis = new LogAnalysis({ attribute, now: new Date(data.now) });
  let unreadable = 0;
  // runLogCli splits a single log: several are read in turn, each after the one before it
  const { split, port } = data;
  for (const file of options.files) {
    const before = analysis.problems.length;
    if (split === undefined || port === undefined) await readLog(file, sinkOf(analysis));
    else await readInParts(file, split, analysis, partFrom(port));
    const problems = analysis.problems.slice(before);
    for (const p of problems) process.stderr.write(printable(p) + '\n');
    if (problems.length) unreadable++;
  }
  const report = analysis.report();
  process.stdout.write(options.format === 'json' ? printableJson(reportJson(report)) + '\n' : reportText(report).split('\n').map(printable).join('\n') + '\n');
  if (unreadable === 0) return 0;
  return unreadable === options.files.length && report.lines === 0 ? 2 : 1;
}

const data = workerData as LogWorkerData;
if ('later' in data) void analyseLater(data.later, data.port);
else
  void analyse(process.argv.slice(2), data).then((status) => {
    data.port?.close();
    parentPort?.postMessage(status);
  });
