/**
 * Reads mail logs for the analysis, a chunk at a time: plain or gzip
 * (recognised by its magic bytes, so mail.log.2.gz and a renamed copy both
 * work), a file or stdin. Lines are split on the bytes, so memory holds one
 * chunk and at most one long line; a line longer than MAX_LINE is skipped,
 * and bytes that are not UTF-8 are read as U+FFFD and counted. The files are
 * only ever opened for reading.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** What the reader hands over: the analysis takes lines, notes and problems. */
export interface LineSink {
  add(line: string): unknown;
  /**
   * A line of valid UTF-8, as bytes[start, end) of what was read: a sink that
   * looks at most lines without decoding them takes these instead of add().
   */
  addBytes?(bytes: Buffer, start: number, end: number): void;
  /**
   * The bytes handed to addBytes so far are about to be read over: what the
   * sink keeps of them it must keep as strings now.
   */
  settle?(): void;
  skip(reason: string, example: string): void;
  countLine(): void;
  problem(message: string): void;
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** bytes read so far of the file (compressed bytes for a .gz) */
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  /** a part of a plain file: the bytes [start, end), from the start of a line (see lineStartAfter) */
  start?: number;
  end?: number;
  /**
   * bytes of a plain file read between two turns of the event loop (4 MB): a
   * server that must go on answering while it reads gives less
   */
  turn?: number;
}

/** Longer than any line syslog or postlogd writes; a longer one is not Postfix's. */
export const MAX_LINE = 64 * 1024;
export const SKIP_TOO_LONG = `longer than ${MAX_LINE / 1024} KiB (skipped)`;
export const NOTE_NOT_UTF8 = 'not UTF-8 (analysed with the bad bytes replaced)';
/**
 * Bytes read at once: few system calls, and few enough that a chunk freed
 * and the next allocated keep the memory of two reading threads flat.
 */
const READ = 256 * 1024;
/** Bytes decoded at once, for a sink of strings alone (a sink of bytes takes each chunk as read): small enough that the strings live and die in the young generation of the heap, so memory stays flat. */
const DECODE = 64 * 1024;
/** Bytes of a plain file read between two turns of the event loop, unless the caller says (ReadOptions.turn). */
const TURN = 4 * 1024 * 1024;

/**
 * Where the first line that starts at or after `at` starts in a plain file,
 * for reading it in parts; undefined when no line starts within MAX_LINE bytes of it.
 */
export function lineStartAfter(file: string, at: number): number | undefined {
  if (at <= 0) return 0;
  const bytes = Buffer.alloc(MAX_LINE);
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, bytes, 0, bytes.length, at - 1);
    const newline = bytes.subarray(0, read).indexOf(10);
    return newline < 0 ? undefined : at + newline;
  } finally {
    closeSync(fd);
  }
}

/** Whether a file starts with gzip's magic number. */
export function isGzip(file: string): boolean {
  const bytes = Buffer.alloc(2);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, bytes, 0, 2, 0) === 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Why a file cannot be read, in words for whoever runs the command. */
export function unreadableReason(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${file}: cannot read: no such file`;
  if (code === 'EISDIR') return `${file}: cannot read: it is a directory`;
  if (code === 'EACCES' || code === 'EPERM') {
    let owner = '';
    try {
      const st = statSync(file);
      // Debian's rsyslog writes mail.log as root:adm, mode 640
      if ((st.mode & 0o004) === 0)
        owner =
          (st.mode & 0o040) !== 0
            ? ' (readable by its owner and group only, e.g. root and adm: run as a member of that group)'
            : ' (readable by its owner only)';
    } catch {
      // the reason stays the plain one
    }
    return `${file}: cannot read: permission denied${owner}`;
  }
  return `${file}: cannot read: ${error instanceof Error ? error.message : String(error)}`;
}

/** The bytes of a source, gunzipped when they start with gzip's magic number; `counted` sees the raw bytes. */
async function* content(source: AsyncIterable<Buffer>, counted: (bytes: number) => void, plain: boolean): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const raw = async function* (): AsyncGenerator<Buffer> {
    counted(first.value.length);
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      counted(next.value.length);
      yield next.value;
    }
  };
  if (plain || first.value.length < 2 || first.value[0] !== 0x1f || first.value[1] !== 0x8b) {
    yield* raw();
    return;
  }
  const gunzip = createGunzip({ chunkSize: READ });
  const input = Readable.from(raw());
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } finally {
    input.destroy();
  }
}

/** Splits bytes into lines and hands them to the sink. */
class LineSplitter {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** inside a line already found too long: its bytes are dropped up to the next newline */
  private dropping = false;

  constructor(private readonly sink: LineSink) {}

  /** A chunk as read: whole for a sink of bytes, in DECODE pieces for one of strings. */
  feed(chunk: Buffer): void {
    const piece = this.sink.addBytes ? chunk.length : DECODE;
    for (let at = 0; at < chunk.length; at += piece) this.push(chunk.subarray(at, at + piece));
  }

  private push(chunk: Buffer): void {
    let start = 0;
    const lastNewline = chunk.lastIndexOf(10);
    if (lastNewline < 0) {
      this.hold(chunk);
      return;
    }
    if (this.pendingLength > 0 || this.dropping) {
      const newline = chunk.indexOf(10);
      this.hold(chunk.subarray(0, newline));
      this.flush();
      start = newline + 1;
    }
    if (start <= lastNewline) this.lines(chunk.subarray(start, lastNewline));
    this.hold(chunk.subarray(lastNewline + 1));
  }

  /** The last line, when the log does not end with a newline. */
  end(): void {
    if (this.pendingLength > 0 || this.dropping) this.flush();
  }

  /** Complete lines: the whole block decoded at once (or handed over as bytes) when it is valid UTF-8, the common case. */
  private lines(block: Buffer): void {
    const valid = isUtf8(block);
    if (valid && this.sink.addBytes) {
      let from = 0;
      while (from <= block.length) {
        let to = block.indexOf(10, from);
        if (to < 0) to = block.length;
        if (to - from > MAX_LINE) {
          this.sink.countLine();
          this.sink.skip(SKIP_TOO_LONG, block.toString('utf8', from, from + 200));
        } else this.sink.addBytes(block, from, to);
        from = to + 1;
      }
      return;
    }
    if (!valid) {
      let from = 0;
      while (from <= block.length) {
        let to = block.indexOf(10, from);
        if (to < 0) to = block.length;
        this.line(block.subarray(from, to));
        from = to + 1;
      }
      return;
    }
    for (const line of block.toString('utf8').split('\n')) {
      // characters are never more than bytes: only a line this long can be too long
      if (line.length > MAX_LINE / 4 && Buffer.byteLength(line) > MAX_LINE) {
        this.sink.countLine();
        this.sink.skip(SKIP_TOO_LONG, line.slice(0, 200));
      } else this.sink.add(line);
    }
  }

  private line(bytes: Buffer): void {
    if (bytes.length > MAX_LINE) {
      this.sink.countLine();
      this.sink.skip(SKIP_TOO_LONG, bytes.subarray(0, 200).toString('utf8'));
      return;
    }
    const valid = isUtf8(bytes);
    // a line across two chunks takes the byte path too: its few hundred a file made the text path hot enough to be compiled
    if (valid && this.sink.addBytes) {
      this.sink.addBytes(bytes, 0, bytes.length);
      return;
    }
    const text = bytes.toString('utf8');
    if (!valid) this.sink.skip(NOTE_NOT_UTF8, text);
    this.sink.add(text);
  }

  private hold(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.dropping) return;
    if (this.pendingLength + bytes.length > MAX_LINE) {
      // keep the start as the example, drop the rest of the line
      const head = Buffer.concat([...this.pending, bytes]).subarray(0, 200);
      this.pending = [head];
      this.pendingLength = head.length;
      this.dropping = true;
      return;
    }
    // a copy: the reader reads the next chunk over these bytes
    this.pending.push(Buffer.from(bytes));
    this.pendingLength += bytes.length;
  }

  private flush(): void {
    const bytes = Buffer.concat(this.pending);
    if (this.dropping) {
      this.sink.countLine();
      this.sink.skip(SKIP_TOO_LONG, bytes.toString('utf8'));
    } else this.line(bytes);
    this.pending = [];
    this.pendingLength = 0;
    this.dropping = false;
  }
}

/** What a failure while reading says, to the sink. */
function readingStopped(file: string, sink: LineSink, error: unknown): void {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'ENOENT' || code === 'EISDIR') sink.problem(unreadableReason(file, error));
  else if (typeof code === 'string' && code.startsWith('Z_')) {
    sink.problem(`${file}: the gzip data is truncated or corrupt (${error instanceof Error ? error.message : code}); the lines before it were analysed`);
  } else sink.problem(`${file}: reading stopped: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * A plain file read into one buffer, chunk after chunk, with synchronous
 * reads: a stream's reads wait on the thread pool and hand a new buffer each
 * time, which cost more than the analysis of the lines when two threads read
 * at once. 'gzip' when the file turns out to start with gzip's magic number.
 */
async function readPlain(file: string, fd: number, sink: LineSink, options: ReadOptions, total: number): Promise<boolean | 'gzip'> {
  const buffer = Buffer.allocUnsafe(READ);
  const splitter = new LineSplitter(sink);
  const start = options.start ?? 0;
  const end = options.end ?? Infinity;
  let position = start;
  let sinceTurn = 0;
  try {
    for (;;) {
      if (options.signal?.aborted) return false;
      const read = readSync(fd, buffer, 0, Math.min(READ, end - position), position);
      if (read <= 0) break;
      if (position === 0 && read >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return 'gzip';
      position += read;
      splitter.feed(buffer.subarray(0, read));
      sink.settle?.();
      options.onProgress?.(position - start, total);
      sinceTurn += read;
      if (sinceTurn >= (options.turn ?? TURN)) {
        sinceTurn = 0;
        await nextTurn();
      }
    }
  } catch (error) {
    splitter.end();
    readingStopped(file, sink, error);
    return true;
  }
  splitter.end();
  return true;
}

/**
 * Reads one log (`-` is stdin) into the sink. A file that cannot be opened,
 * or whose gzip data breaks off, is reported to the sink; the lines read
 * before the break are analysed. Resolves false when it was cancelled.
 */
export async function readLog(file: string, sink: LineSink, options: ReadOptions = {}): Promise<boolean> {
  let source: Readable;
  let total: number | undefined;
  if (file === '-') {
    source = process.stdin;
  } else {
    let fd: number | undefined;
    try {
      const st = statSync(file);
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      total = st.size;
      // a pipe (log <(zcat mail.log.2.gz)) is read as a stream: it has no positions to read at
      if (st.isFile()) {
        fd = openSync(file, 'r');
        const plain = await readPlain(file, fd, sink, options, total);
        if (plain !== 'gzip') return plain;
      }
    } catch (error) {
      sink.problem(unreadableReason(file, error));
      return true;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    // createReadStream's end is the last byte read
    source = createReadStream(file, { highWaterMark: READ, flags: 'r', start: options.start, end: options.end === undefined ? undefined : options.end - 1 });
  }
  const splitter = new LineSplitter(sink);
  let bytesRead = 0;
  const counted = (n: number): void => {
    bytesRead += n;
  };
  try {
    for await (const chunk of content(source as AsyncIterable<Buffer>, counted, options.start !== undefined && options.start > 0)) {
      if (options.signal?.aborted) return false;
      splitter.feed(chunk);
      options.onProgress?.(bytesRead, total);
    }
    splitter.end();
  } catch (error) {
    splitter.end();
    readingStopped(file, sink, error);
  } finally {
    if (file !== '-') source.destroy();
  }
  return true;
}
