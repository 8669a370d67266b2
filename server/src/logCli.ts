/**
 * postfix-language-server log [--format text|json] [--config MAIN_CF] FILE...
 * Which restriction rejected what, and what became of the mail, from mail logs.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { printable } from './cliOptions';

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

/**
 * Runs the command in a worker thread whose heap is bounded (see
 * YOUNG_GENERATION_MB). The worker loads logWorker.js, a bundle of the log
 * code alone, beside this one: starting it costs less than loading this
 * whole program again.
 */
export function runLogCli(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const stdin = args.includes('-');
    const worker = new Worker(join(__dirname, 'logWorker.js'), {
      argv: args,
      stdin,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    if (stdin && worker.stdin) process.stdin.pipe(worker.stdin);
    let status = 2;
    worker.on('message', (message: unknown) => {
      if (typeof message === 'number') status = message;
    });
    worker.on('error', (error) => {
      process.stderr.write(printable(`log: ${error.message}`) + '\n');
      status = 2;
    });
    worker.on('exit', () => resolve(status));
  });
}
