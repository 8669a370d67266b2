/**
 * postfix-language-server log [--format text|json] [--config MAIN_CF] FILE...
 * Which restriction rejected what, and what became of the mail, from mail logs.
 */
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { formatOption, lastValue, parseOptions, printable, type Format } from './cliOptions';
import { isGzip, lineStartAfter } from './logReader';

export const LOG_USAGE = `usage: postfix-language-server log [--format text|json] [--config MAIN_CF] FILE...

Reads Postfix mail logs (plain or gzip-compressed; "-" is standard input) and reports the
rejects per restriction, what warn_if_reject restrictions would have rejected, and the
message flow: received, delivered, deferred, bounced, expired, discarded, held.
With --config, each reject is traced to the restriction in that main.cf (and the master.cf
beside it) and its line.

  --format text|json    output format (default text)
  --config MAIN_CF      the main.cf whose restrictions produced the log
  -h, --help            this text

Exit status: 0 all files read, 1 some file could not be read (in whole or in part),
2 nothing could be read or the command line is wrong.
`;

/**
 * The young generation of the heap that reads the log. V8 grows it, by
 * default, for as long as a program allocates quickly, which a log of
 * millions of lines does: bounded, memory is the same for any length of log.
 */
export const YOUNG_GENERATION_MB = 6;

export interface LogOptions {
  format: Format;
  config?: string;
  help: boolean;
  files: string[];
}

const OPTIONS = { '--format': 'value', '--config': 'value', '--help': 'flag', '-h': 'flag' } as const;

/** The command line of the log command, or what is wrong with it. */
export function parseLogArgs(args: string[]): LogOptions | string {
  const parsed = parseOptions(args, OPTIONS);
  if (typeof parsed === 'string') return parsed;
  const format = formatOption(parsed);
  if (typeof format === 'object') return format.problem;
  const config = lastValue(parsed, '--config');
  if (config === '') return '--config needs the path of a main.cf';
  const help = parsed.values.has('--help') || parsed.values.has('-h');
  return help || parsed.operands.length ? { format, config, help, files: parsed.operands } : 'no FILE given';
}

/** Below this length, starting the second worker costs more than it saves. */
const SPLIT_SIZE = 8 * 1024 * 1024;
/** The first part's share of the log: its worker reads what crosses the split while the later one is still at work. */
const FIRST_SHARE = 0.5;

/**
 * Programs ready to run besides this one, the fewest of five looks at
 * Linux's count of them (one look may catch a passing task); the load
 * average elsewhere.
 */
function othersRunning(): number {
  try {
    let fewest = Infinity;
    for (let look = 0; look < 5; look++) {
      const running = /^procs_running (\d+)$/m.exec(readFileSync('/proc/stat', 'latin1'));
      if (!running) throw new Error('no procs_running');
      fewest = Math.min(fewest, Number(running[1]) - 1);
      if (fewest <= 0) break;
    }
    return fewest;
  } catch {
    return loadavg()[0];
  }
}

/**
 * Where a log is split for reading in two parts at once, or undefined to
 * read it whole: a plain file of SPLIT_SIZE or more, and a core free. With
 * every core taken, the two threads only take turns, and the second one's
 * start and the merging cost more than the second part saves.
 */
export function splitPoint(file: string): Split | undefined {
  const cores = availableParallelism();
  if (file === '-' || cores < 2) return undefined;
  try {
    const st = statSync(file);
    if (!st.isFile() || st.size < SPLIT_SIZE || isGzip(file)) return undefined;
    const others = othersRunning();
    if (others > cores - 1.5) return undefined;
    const at = lineStartAfter(file, Math.floor(st.size * FIRST_SHARE));
    return at === undefined ? undefined : { at, spare: cores - 2 - others };
  } catch {
    // the reader says why it cannot be read
    return undefined;
  }
}

export interface Split {
  /** where the later part starts */
  at: number;
  /** cores left free by the two parts and the programs already running */
  spare: number;
}

/**
 * V8 optimizes hot code on threads of its own while the slower code goes on
 * running. With no core to spare beside the two parts, those threads only
 * take turns with the parts, which run the slow code the while: optimized
 * on the part's own thread, the fast code is there as soon as it is needed
 * (a log of a million lines: some 30 ms sooner on two cores). Flags hold for
 * the threads started after they are set, the parts', and for the rest of
 * the process: the command's own, which ends with them.
 */
function optimizeInPlace(split: Split): void {
  if (split.spare < 1) setFlagsFromString('--no-concurrent-recompilation');
}

/** The later part of a log, for its worker (see readInParts). */
export interface PartJob {
  file: string;
  start: number;
  /** the main.cf to attribute with */
  config?: string;
  /** the first part's clock, so that both date yearless stamps alike */
  now: number;
}

/** What the log command's workers are given: the first part's worker the split, the later part's its job; each the end of a channel between them. */
export type LogWorkerData = { now: number; split?: number; port?: MessagePort } | { later: PartJob; port: MessagePort };

const workerScript = (): string => join(__dirname, 'logWorker.js');
const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };

/** Starts the worker of the later part of a log: it sends its analysis through `port`. */
export function startLaterPart(job: PartJob, port: MessagePort, script = workerScript()): Worker {
  const data: LogWorkerData = { later: job, port };
  return new Worker(script, { workerData: data, transferList: [port], resourceLimits });
}

/**
 * Runs the command in a worker thread whose heap is bounded (see
 * YOUNG_GENERATION_MB). The worker loads logWorker.js, a bundle of the log
 * code alone, beside this one: starting it costs less than loading this
 * whole program again. A long log is split here, so that the worker of its
 * later part starts at the same time as the first.
 */
export function runLogCli(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const stdin = args.includes('-');
    const options = parseLogArgs(args);
    const now = Date.now();
    const split = typeof options === 'object' && !options.help && options.files.length === 1 ? splitPoint(options.files[0]) : undefined;
    let later: Worker | undefined;
    let port: MessagePort | undefined;
    if (split !== undefined && typeof options === 'object') {
      optimizeInPlace(split);
      const channel = new MessageChannel();
      later = startLaterPart({ file: options.files[0], start: split.at, config: options.config, now }, channel.port2);
      // its failure is the first worker's to notice: it reads the later part itself
      later.on('error', () => undefined);
      port = channel.port1;
    }
    const data: LogWorkerData = { now, split: split?.at, port };
    const worker = new Worker(workerScript(), { argv: args, stdin, workerData: data, transferList: port ? [port] : [], resourceLimits });
    if (stdin && worker.stdin) process.stdin.pipe(worker.stdin);
    let status = 2;
    worker.on('message', (message: unknown) => {
      if (typeof message === 'number') status = message;
    });
    worker.on('error', (error) => {
      process.stderr.write(printable(`log: ${error.message}`) + '\n');
      status = 2;
    });
    worker.on('exit', () => {
      void later?.terminate();
      resolve(status);
    });
  });
}
