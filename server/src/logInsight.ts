/**
 * The counts the code lenses of main.cf show, read from the configured mail
 * logs in the background. A request never waits for the logs: it gets the
 * last counts at once, and when the logs (size or modification time) or the
 * configuration they are attributed with changed, a new reading starts a
 * moment later, replacing one still running; once it is done the server
 * asks the client for the lenses again.
 */
import { existsSync } from 'node:fs';
import type { Attributor } from './service/log/attribution';
import type { LogCounts } from './service/features/log/restrictionCounts';
import type { ConfigModel } from './service/model/config';
import { readLogs, stamp } from './logReading';

/** A configuration being edited is read again once typing pauses this long. */
const SETTLE_MS = 1000;
/** A log that grows all the time (a busy server's) is read again at most this often. */
const REFRESH_MS = 60_000;

interface Entry {
  /** what the counts were made from: the logs' sizes and modification times, and the configuration */
  key?: string;
  model?: ConfigModel;
  counts?: LogCounts;
  /** when the counts were made (milliseconds) */
  readAt: number;
  /** the reading under way or waiting to start */
  next?: { key: string; model: ConfigModel; timer?: NodeJS.Timeout; abort: AbortController };
}

export interface CountsRequest {
  files: readonly string[];
  mainPath: string;
  /** the configuration as it is now (a new parse after each edit) */
  model: ConfigModel;
  attribute: Attributor;
}

/** Before the first reading: nothing counted yet (and no lens at all when the default log is not there). */
const empty = (files: readonly string[], mainPath: string): LogCounts => ({
  files,
  mainPath,
  rows: [],
  lines: 0,
  problems: [],
  absent: files.every((file) => !existsSync(file)),
  reading: true,
  now: new Date(),
});

/** Where the readings are logged: a log that cannot be read is a note (the lens says it too), a failure an error. */
export interface InsightLog {
  info(message: string): void;
  error(message: string): void;
}

export class LogInsight {
  private readonly entries = new Map<string, Entry>();

  constructor(
    /** the counts of a main.cf changed: the client should ask for its lenses again */
    private readonly changed: () => void,
    private readonly log: InsightLog,
  ) {}

  /** The latest counts for a main.cf; starts a reading when the logs or the configuration are not those they were made from. */
  counts(request: CountsRequest): LogCounts {
    const { files, mainPath, model } = request;
    const key = stamp(files);
    const which = `${mainPath}\0${files.join('\0')}`;
    let entry = this.entries.get(which);
    if (!entry) {
      entry = { readAt: 0 };
      this.entries.set(which, entry);
    }
    const sameConfig = entry.model === model;
    if (entry.counts && sameConfig && (entry.key === key || Date.now() - entry.readAt < REFRESH_MS)) return entry.counts;
    // a reading under way for this configuration is not restarted because the log grew meanwhile
    if (entry.next?.model !== model) this.schedule(entry, request, key, entry.counts === undefined || sameConfig);
    return { ...(entry.counts ?? empty(files, mainPath)), reading: true };
  }

  /** Stops every reading and forgets every count (the settings changed, or the server is shutting down). */
  dispose(): void {
    for (const entry of this.entries.values()) this.cancel(entry);
    this.entries.clear();
  }

  private cancel(entry: Entry): void {
    clearTimeout(entry.next?.timer);
    entry.next?.abort.abort();
    entry.next = undefined;
  }

  /** New logs start at once; a configuration being edited waits until the typing settles. */
  private schedule(entry: Entry, request: CountsRequest, key: string, now: boolean): void {
    this.cancel(entry);
    const next: NonNullable<Entry['next']> = { key, model: request.model, abort: new AbortController() };
    entry.next = next;
    const start = (): void => {
      next.timer = undefined;
      void this.read(entry, request, next);
    };
    if (now) start();
    else next.timer = setTimeout(start, SETTLE_MS);
  }

  private async read(entry: Entry, request: CountsRequest, next: NonNullable<Entry['next']>): Promise<void> {
    try {
      const reading = await readLogs(request.files, { attribute: request.attribute, signal: next.abort.signal });
      if (!reading || entry.next !== next) return;
      const { report } = reading;
      entry.counts = {
        files: request.files,
        mainPath: request.mainPath,
        rows: report.rejects,
        lines: report.lines,
        first: reading.first,
        last: reading.last,
        problems: report.problems,
        absent: reading.absent,
        reading: false,
        now: new Date(),
      };
      entry.key = next.key;
      entry.model = next.model;
      entry.readAt = Date.now();
      entry.next = undefined;
      for (const problem of report.problems) this.log.info(`mail log: ${problem}`);
      this.changed();
    } catch (error) {
      if (entry.next === next) entry.next = undefined;
      this.log.error(`reading the mail logs failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}
