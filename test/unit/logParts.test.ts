/**
 * A log read in two parts at once (LogAnalysis.part, crossing, merge) gives
 * the report of reading it whole, split after every line: messages that
 * are queued, deferred and queued again across the split, a postscreen
 * event before it and the verdict after, New Year, rows and clients met in
 * both parts. And a long log read so by two workers, and by the command.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { startLaterPart } from '../../server/src/logCli';
import { partFrom, readInParts, sinkOf } from '../../server/src/logParts';
import { lineStartAfter, readLog } from '../../server/src/logReader';
import { LogAnalysis, type AnalysisPart, type Decode, type LogReport } from '../../server/src/service/log/logAnalysis';

const S = (stamp: string, rest: string): string => `${stamp} mx postfix/${rest}`;
const REJECT = (stamp: string, n: number, action = 'reject'): string =>
  S(
    stamp,
    `smtpd[1]: NOQUEUE: ${action}: RCPT from c${n % 3}.example[192.0.2.${n % 3}]: 554 5.7.1 <x${n}@example.net>: Relay access denied; from=<s${n % 2}@example.org> to=<x${n}@example.net> proto=ESMTP helo=<h>`,
  );
const MESSAGE = (stamp: string, id: string): string[] => [
  S(stamp, `qmgr[2]: ${id}: from=<a@x.example>, size=10, nrcpt=1 (queue active)`),
  S(stamp, `smtp[3]: ${id}: to=<c@d.example>, relay=none, delay=1, dsn=4.4.1, status=deferred (refused)`),
];

const LOG = [
  'Dec 30 23:00:00 mx dovecot: imap-login: Login',
  REJECT('Dec 30 23:00:01', 1),
  ...MESSAGE('Dec 30 23:00:02', 'AAA111'),
  S('Dec 30 23:00:03', 'postscreen[5]: PREGREET 11 after 0.1 from [192.0.2.7]:40000: EHLO x'),
  ...MESSAGE('Dec 30 23:00:04', 'BBB222'),
  REJECT('Dec 31 23:59:58', 2, 'reject_warning'),
  S('Dec 31 23:59:59', 'cleanup[4]: CCC333: discard: header Subject: x from c.example[192.0.2.1]; from=<a@b> to=<c@d> proto=ESMTP helo=<x>: no'),
  ...MESSAGE('Jan  1 00:00:01', 'AAA111'),
  S('Jan  1 00:00:02', 'postscreen[5]: NOQUEUE: reject: RCPT from [192.0.2.7]:40000: 550 5.5.1 Protocol error; from=<a@b>, to=<c@d>, proto=ESMTP, helo=<x>'),
  S('Jan  1 00:00:03', 'cleanup[4]: CCC333: discard: header Subject: y from c.example[192.0.2.1]; from=<a@b> to=<c@d> proto=ESMTP helo=<x>: no'),
  REJECT('Jan  1 00:00:04', 3),
  S('Jan  1 00:00:05', 'qmgr[2]: AAA111: removed'),
  'garbage',
  ...MESSAGE('Jan  1 00:00:06', 'AAA111'),
  REJECT('Jan  1 00:00:07', 4),
  S('Jan  1 00:00:08', 'qmgr[2]: BBB222: removed'),
  ...MESSAGE('Jan  1 00:00:09', 'BBB222'),
  REJECT('Jan  1 00:00:10', 5, 'reject_warning'),
];

const decode: Decode = (bytes, start, end) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8', start, end);

function feed(analysis: LogAnalysis, lines: string[]): void {
  const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''));
  for (let from = 0, to = bytes.indexOf(10); to >= 0; from = to + 1, to = bytes.indexOf(10, from)) analysis.countBytes(bytes, from, to, decode);
}

/** Reads `log` in two parts split after each line, merged where they can be, against reading it whole; how many merged. */
function assertSplits(log: string[], now: Date): { merged: number; expected: LogReport } {
  const whole = new LogAnalysis({ now });
  feed(whole, log);
  const expected = whole.report();
  let merged = 0;
  for (let split = 0; split <= log.length; split++) {
    const first = new LogAnalysis({ now });
    const rest = new LogAnalysis({ now });
    feed(first, log.slice(0, split));
    feed(rest, log.slice(split));
    // as it crosses between threads
    const part = structuredClone<AnalysisPart>(rest.part());
    const crossing = first.crossing();
    const bytes = Buffer.from(
      log
        .slice(split)
        .map((l) => `${l}\n`)
        .join(''),
    );
    for (let from = 0, to = bytes.indexOf(10); !crossing.done && to >= 0; from = to + 1, to = bytes.indexOf(10, from)) {
      crossing.bytes(bytes, from, to, decode);
    }
    if (!crossing.unsure && first.mergeable(part)) {
      first.merge(part, crossing);
      merged++;
    } else feed(first, log.slice(split));
    assert.deepEqual(first.report(), expected, `split after ${split} lines`);
  }
  return { merged, expected };
}

test('a log read in two parts and merged gives the report of reading it whole, split after any line', () => {
  const { merged, expected } = assertSplits(LOG, new Date(2025, 0, 1, 12));
  // most splits merge: those before the postscreen verdict and after its event do not, nor those past New Year with December behind
  assert.ok(merged > LOG.length / 2, `${merged} merged`);
  assert.deepEqual(expected.messages, { received: 4, delivered: 0, deferred: 4, bounced: 0, expired: 0, discarded: 1, held: 0 });
});

test('clients merged across more rows than a client keeps as bits', () => {
  // forty DNS lists, forty rows; three clients, each rejected by some lists in one part and others in both
  const log: string[] = [];
  for (let k = 0; k < 120; k++) {
    const list = (k * 7) % 40;
    const client = k % 3;
    log.push(
      S(
        `Jan  2 10:${String(k % 60).padStart(2, '0')}:00`,
        `smtpd[1]: NOQUEUE: reject: RCPT from c${client}.example[192.0.2.${client}]: 554 5.7.1 Service unavailable; Client host [192.0.2.${client}] blocked using bl${list}.example; from=<a@b> to=<c@d> proto=ESMTP helo=<h>`,
      ),
    );
  }
  const { merged, expected } = assertSplits(log, new Date(2025, 0, 3));
  assert.equal(merged, log.length + 1);
  assert.equal(expected.rejects.length, 40);
  assert.ok(expected.rejects.every((r) => r.clients >= 1));
  assert.equal(
    expected.rejects.reduce((n, r) => n + r.clients, 0),
    new Set(log.map((l) => /c\d\.example.*bl\d+/.exec(l)?.[0])).size,
  );
});

const dir = mkdtempSync(join(tmpdir(), 'log-parts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A log of 9 MB, over the size the command splits at, with messages that cross any split. */
function longLog(): string {
  const lines: string[] = [];
  let size = 0;
  // 9 MB: over the size the command splits at
  for (let n = 0; size < 9 << 20; n++) {
    const stamp = `Jan  ${1 + Math.floor(n / 20_000)} 12:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;
    lines.push(REJECT(stamp, n), ...MESSAGE(stamp, (0x10000 + (n % 5000)).toString(16).toUpperCase()));
    if (n % 7 === 0) lines.push(S(stamp, `qmgr[2]: ${(0x10000 + ((n + 2500) % 5000)).toString(16).toUpperCase()}: removed`));
    size += 400;
  }
  const path = join(dir, 'mail.log');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

test('a long log read by two workers gives the report of reading it whole', async () => {
  const path = longLog();
  const now = new Date(2025, 5, 1);
  const whole = new LogAnalysis({ now });
  await readLog(path, sinkOf(whole));
  const size = readFileSync(path).length;
  const worker = join(__dirname, '..', '..', '..', 'dist', 'logWorker.js');
  for (const share of [0.1, 0.5, 0.9]) {
    const split = lineStartAfter(path, Math.floor(size * share));
    assert.ok(split !== undefined);
    const parts = new LogAnalysis({ now });
    const channel = new MessageChannel();
    startLaterPart({ file: path, start: split, now: now.getTime() }, channel.port2, worker);
    await readInParts(path, split, parts, partFrom(channel.port1));
    assert.deepEqual(parts.report(), whole.report(), `split at ${share}`);
  }
  assert.ok(whole.report().messages.received > 1000);
});

test('the command prints for a long log what it prints for the same log on stdin', () => {
  const path = longLog();
  const bundle = join(__dirname, '..', '..', '..', 'dist', 'server.js');
  for (const format of ['json', 'text']) {
    const parts = spawnSync(process.execPath, [bundle, 'log', '--format', format, path], { encoding: 'utf8', timeout: 60_000 });
    const whole = spawnSync(process.execPath, [bundle, 'log', '--format', format, '-'], { encoding: 'utf8', input: readFileSync(path), timeout: 60_000 });
    assert.equal(parts.status, 0, parts.stderr);
    assert.equal(parts.stdout, whole.stdout);
    assert.ok(parts.stdout.length > 500);
  }
});
