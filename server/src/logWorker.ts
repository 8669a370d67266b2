/**
 * The log command's worker thread (see runLogCli), its own bundle so that it
 * loads only the log code: reads the command line, the logs and prints the report.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { formatOption, lastValue, parseOptions, printable, printableJson, type Format } from './cliOptions';
import { LOG_USAGE, YOUNG_GENERATION_MB } from './logCli';
import { isGzip, lineStartAfter, readLog, unreadableReason, type LineSink } from './logReader';
import { nodeFiles } from './nodeFiles';
import { createAttributor, type Attributor } from './service/log/attribution';
import { LogAnalysis, type AnalysisPart, type Decode, type LogReport } from './service/log/logAnalysis';
import { reportText } from './service/log/reportText';
import { ConfigModel } from './service/model/config';
import { configPlace } from './service/model/tablePaths';

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

/** The attributor of a main.cf given on the command line, or why it cannot be read. */
function configAttributor(mainPath: string): Attributor | string {
  let main: string;
  try {
    main = readFileSync(mainPath, 'utf8');
  } catch (error) {
    return unreadableReason(mainPath, error);
  }
  const masterPath = join(dirname(mainPath), 'master.cf');
  let master: string | undefined;
  if (existsSync(masterPath)) {
    try {
      master = readFileSync(masterPath, 'utf8');
    } catch (error) {
      return unreadableReason(masterPath, error);
    }
  }
  const model = new ConfigModel({ main, master });
  return createAttributor({
    model,
    mainPath,
    masterPath: master === undefined ? undefined : masterPath,
    files: nodeFiles,
    place: configPlace(model, dirname(mainPath)),
  });
}

/**
 * A log this long or longer is read in two parts at once, the later one by
 * a second worker, where there are two cores or more: a part a core. Below
 * it, starting the second worker costs more than it saves.
 */
const SPLIT_SIZE = 8 * 1024 * 1024;
/** The first part's share of the log: a little more than half, as the second worker starts later (it boots while the first part is read). */
const FIRST_SHARE = 0.55;

/** What the worker of the later part of a log is given. */
interface PartJob {
  file: string;
  start: number;
  config?: string;
  /** the first part's clock, so that both date yearless stamps alike */
  now: number;
}

/** The reader hands Buffers: their own decoder is the fast one. */
const decode: Decode = (bytes, start, end) =>
  (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)).toString('utf8', start, end);

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

const sinkOf = (analysis: LogAnalysis): LineSink => ({
  addBytes: (bytes, start, end) => analysis.countBytes(bytes, start, end, decode),
  add: (line) => analysis.add(line),
  skip: (reason, example) => analysis.skip(reason, example),
  countLine: () => analysis.countLine(),
  problem: (message) => analysis.problem(message),
});

/** Where a log is split for reading in two parts (see SPLIT_SIZE), or undefined to read it whole. */
function splitPoint(file: string): number | undefined {
  if (file === '-' || availableParallelism() < 2) return undefined;
  try {
    const st = statSync(file);
    if (!st.isFile() || st.size < SPLIT_SIZE || isGzip(file)) return undefined;
    return lineStartAfter(file, Math.floor(st.size * FIRST_SHARE));
  } catch {
    // the reader says why it cannot be read
    return undefined;
  }
}

/**
 * Reads a plain log in two parts at once: this thread the first, a second
 * worker the rest as if the log began there; then the rest's first lines
 * again for what crosses the split, and the rest's analysis merged in
 * (LogAnalysis.crossing, merge). Where they cannot be merged exactly the
 * rest is read again here, and the report is the one of reading it whole.
 */
async function readInParts(file: string, split: number, analysis: LogAnalysis, config: string | undefined, now: Date): Promise<void> {
  const job: PartJob = { file, start: split, config, now: now.getTime() };
  const worker = new Worker(__filename, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  const later = new Promise<AnalysisPart | undefined>((resolve) => {
    worker.once('message', (part: AnalysisPart) => resolve(part));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  await readLog(file, sinkOf(analysis), { end: split });
  const part = await later;
  const crossing = part && analysis.crossing(part);
  if (part && crossing) {
    const settled = new AbortController();
    const feed = (line: () => void): void => {
      if (crossing.done) settled.abort();
      else line();
    };
    await readLog(
      file,
      {
        addBytes: (bytes, start, end) => feed(() => crossing.bytes(bytes, start, end, decode)),
        add: (line) => feed(() => crossing.text(line)),
        skip: () => undefined,
        countLine: () => undefined,
        problem: () => undefined,
      },
      { start: split, signal: settled.signal },
    );
    if (!crossing.unsure) {
      analysis.merge(part, crossing);
      return;
    }
  }
  await readLog(file, sinkOf(analysis), { start: split });
}

/** The worker of the later part of a log: its analysis, to the worker of the first part. */
async function analysePart(job: PartJob): Promise<void> {
  const attribute = job.config === undefined ? undefined : configAttributor(job.config);
  const analysis = new LogAnalysis({ attribute: typeof attribute === 'string' ? undefined : attribute, now: new Date(job.now) });
  await readLog(job.file, sinkOf(analysis), { start: job.start });
  parentPort?.postMessage(analysis.part());
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
    else await readInParts(file, split, analysis, options.config, now);
    const problems = analysis.problems.slice(before);
    for (const p of problems) process.stderr.write(printable(p) + '\n');
    if (problems.length) unreadable++;
  }
  const report = analysis.report();
  process.stdout.write(options.format === 'json' ? printableJson(reportJson(report)) + '\n' : reportText(report).split('\n').map(printable).join('\n') + '\n');
  if (unreadable === 0) return 0;
  return unreadable === options.files.length && report.lines === 0 ? 2 : 1;
}

if (workerData) void analysePart(workerData as PartJob);
else void analyse(process.argv.slice(2)).then((status) => parentPort?.postMessage(status));
