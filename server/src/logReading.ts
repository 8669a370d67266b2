/**
 * One pass over the configured mail logs with the analysis: oldest file
 * first (rotated logs carry no year, and the analysis follows the calendar
 * from line to line), a chunk at a time, cancellable, with the bytes read
 * so far for a progress bar. The logs are opened for reading only.
 */
import { existsSync, statSync } from 'node:fs';
import { sinkOf } from './logParts';
import { readLog } from './logReader';
import type { Attributor } from './service/log/attribution';
import { LogAnalysis, type LogReport } from './service/log/logAnalysis';

export interface Reading {
  report: LogReport;
  /** none of the files exists */
  absent: boolean;
  /** the earliest and latest dates of the lines read */
  first?: Date;
  last?: Date;
}

export interface ReadingOptions {
  attribute?: Attributor;
  signal?: AbortSignal;
  /** bytes read of all files together, and their total size (compressed sizes for .gz) */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

interface Stat {
  file: string;
  size: number;
  mtime: number;
}

function stat(file: string): Stat {
  try {
    const st = statSync(file);
    return { file, size: st.size, mtime: st.mtimeMs };
  } catch {
    // the reader says why it cannot be read
    return { file, size: 0, mtime: 0 };
  }
}

/** What a file is now, to tell whether a reading of it is still good: size and modification time. */
export const stamp = (files: readonly string[]): string =>
  files
    .map(stat)
    .map((s) => `${s.file}\0${s.size}\0${s.mtime}`)
    .join('\n');

/** Bytes read between two turns of the server's event loop: some 2,000 lines, a millisecond or two. */
const TURN = 256 * 1024;

/** Reads the logs into one report; undefined when cancelled. */
export async function readLogs(files: readonly string[], options: ReadingOptions = {}): Promise<Reading | undefined> {
  const analysis = new LogAnalysis({ attribute: options.attribute });
  const absent = files.every((file) => !existsSync(file));
  // the command's way: most lines are looked at in their bytes, not parsed
  const sink = sinkOf(analysis);
  // mail.log.2.gz before mail.log.1 before mail.log
  const stats = files.map(stat).sort((a, b) => a.mtime - b.mtime);
  const total = stats.reduce((n, s) => n + s.size, 0);
  let before = 0;
  for (const { file, size } of stats) {
    const done = await readLog(file, sink, {
      turn: TURN,
      signal: options.signal,
      onProgress: (bytes) => options.onProgress?.(before + bytes, total),
    });
    if (!done || options.signal?.aborted) return undefined;
    before += size;
  }
  return { report: analysis.report(), absent, ...analysis.timeRange() };
}
