/**
 * A long log read in two parts at once, where a second core is free: the
 * first part by one worker, the rest by another started with it (runLogCli)
 * as if the log began there; then the rest's first lines again for what
 * crosses the split, and the rest's analysis merged in (LogAnalysis.crossing,
 * merge). Where they cannot be merged exactly the rest is read again after
 * the first part, so the report is always the one of reading the log whole.
 */
import type { MessagePort } from 'node:worker_threads';
import type { PartJob } from './logCli';
import { readLog, type LineSink } from './logReader';
import type { Attributor } from './service/log/attribution';
import { LogAnalysis, type AnalysisPart, type Decode } from './service/log/logAnalysis';

/** The reader hands Buffers: their own decoder is the fast one. */
export const decode: Decode = (bytes, start, end) =>
  (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)).toString('utf8', start, end);

export const sinkOf = (analysis: LogAnalysis): LineSink => ({
  addBytes: (bytes, start, end) => analysis.countBytes(bytes, start, end, decode),
  settle: () => analysis.settle(),
  add: (line) => analysis.add(line),
  skip: (reason, example) => analysis.skip(reason, example),
  countLine: () => analysis.countLine(),
  problem: (message) => analysis.problem(message),
});

/** The analysis the worker of the later part sends through `port` (see startLaterPart); undefined when it failed. */
export function partFrom(port: MessagePort): Promise<AnalysisPart | undefined> {
  return new Promise((resolve) => {
    port.once('message', (part: AnalysisPart) => resolve(part));
    port.once('close', () => resolve(undefined));
  });
}

/**
 * Reads a plain log into `analysis` in two parts at `split` (see
 * splitPoint): this part here, while the `later` part is read elsewhere.
 */
export async function readInParts(file: string, split: number, analysis: LogAnalysis, later: Promise<AnalysisPart | undefined>): Promise<void> {
  await readLog(file, sinkOf(analysis), { end: split });
  // what crosses the split depends on this part alone: read while the later part may still be on its way
  const crossing = analysis.crossing();
  const settled = new AbortController();
  await readLog(
    file,
    {
      // the keys of sinkOf's, in its order: the reader's optimized code takes both alike
      addBytes: (bytes, start, end) => {
        if (!crossing.done) crossing.bytes(bytes, start, end, decode);
        else if (!settled.signal.aborted) settled.abort();
      },
      settle: () => undefined,
      add: (line) => {
        if (!crossing.done) crossing.text(line);
        else if (!settled.signal.aborted) settled.abort();
      },
      skip: () => undefined,
      countLine: () => undefined,
      problem: () => undefined,
    },
    { start: split, signal: settled.signal },
  );
  const part = await later;
  if (part && !crossing.unsure && analysis.mergeable(part)) analysis.merge(part, crossing);
  else await readLog(file, sinkOf(analysis), { start: split });
}

/** The later part's analysis, in its worker (see readInParts). */
export async function analysePart(job: PartJob, attribute: Attributor | undefined): Promise<AnalysisPart> {
  const analysis = new LogAnalysis({ attribute, now: new Date(job.now) });
  await readLog(job.file, sinkOf(analysis), { start: job.start });
  return analysis.part();
}
