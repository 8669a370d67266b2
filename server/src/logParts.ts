/**
 * A long log read in two parts at once, where a second core is free: the
 * first part by the thread at hand, the rest by a second worker as if the
 * log began there; then the rest's first lines again for what crosses the
 * split, and the rest's analysis merged in (LogAnalysis.crossing, merge).
 * Where they cannot be merged exactly the rest is read again after the
 * first part, so the report is always the one of reading the log whole.
 */
import { statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { YOUNG_GENERATION_MB } from './logCli';
import { isGzip, lineStartAfter, readLog, type LineSink } from './logReader';
import type { Attributor } from './service/log/attribution';
import { LogAnalysis, type AnalysisPart, type Decode } from './service/log/logAnalysis';

/** Below this length, starting the second worker costs more than it saves. */
const SPLIT_SIZE = 8 * 1024 * 1024;
/** The first part's share of the log: a little more than half, as the second worker starts later (it boots while the first part is read). */
const FIRST_SHARE = 0.55;

/** What the worker of the later part of a log is given. */
export interface PartJob {
  file: string;
  start: number;
  /** the main.cf to attribute with */
  config?: string;
  /** the first part's clock, so that both date yearless stamps alike */
  now: number;
}

/** The reader hands Buffers: their own decoder is the fast one. */
export const decode: Decode = (bytes, start, end) =>
  (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)).toString('utf8', start, end);

export const sinkOf = (analysis: LogAnalysis): LineSink => ({
  addBytes: (bytes, start, end) => analysis.countBytes(bytes, start, end, decode),
  add: (line) => analysis.add(line),
  skip: (reason, example) => analysis.skip(reason, example),
  countLine: () => analysis.countLine(),
  problem: (message) => analysis.problem(message),
});

/**
 * Where a log is split for reading in two parts, or undefined to read it
 * whole: a plain file of SPLIT_SIZE or more, and a core free by the load
 * average. With every core taken, the second worker's start and the
 * compiling each thread does cost more than the second part saves.
 */
export function splitPoint(file: string): number | undefined {
  const cores = availableParallelism();
  if (file === '-' || cores < 2 || loadavg()[0] > cores - 1.5) return undefined;
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
 * Reads a plain log into `analysis` in two parts at `split` (see
 * splitPoint): the rest in a worker that runs `job.worker` (a script that
 * hands workerData to analysePart and posts its answer).
 */
export async function readInParts(
  file: string,
  split: number,
  analysis: LogAnalysis,
  job: Omit<PartJob, 'file' | 'start'> & { worker: string },
): Promise<void> {
  const data: PartJob = { file, start: split, config: job.config, now: job.now };
  const worker = new Worker(job.worker, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
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
    await readLog(
      file,
      {
        addBytes: (bytes, start, end) => {
          if (crossing.done) settled.abort();
          else crossing.bytes(bytes, start, end, decode);
        },
        add: (line) => {
          if (crossing.done) settled.abort();
          else crossing.text(line);
        },
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

/** The later part's analysis, in its worker (see readInParts). */
export async function analysePart(job: PartJob, attribute: Attributor | undefined): Promise<AnalysisPart> {
  const analysis = new LogAnalysis({ attribute, now: new Date(job.now) });
  await readLog(job.file, sinkOf(analysis), { start: job.start });
  return analysis.part();
}
