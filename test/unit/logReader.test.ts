/**
 * Reading logs: plain and gzip (by magic bytes), rotated pieces, CRLF, no
 * final newline, bytes that are not UTF-8, a line of megabytes, broken gzip
 * data, files that cannot be read; and the files are left as they were.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { MAX_LINE, NOTE_NOT_UTF8, readLog, SKIP_TOO_LONG, unreadableReason } from '../../server/src/logReader';
import { readLogs } from '../../server/src/logReading';
import { LogAnalysis, type LogReport } from '../../server/src/service/log/logAnalysis';

const dir = mkdtempSync(join(tmpdir(), 'log-reader-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const REJECT = (n: number): string =>
  `Jan  5 12:00:00 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.${n}]: 554 5.7.1 <x@example.net>: Relay access denied; from=<s@example.org> to=<x@example.net> proto=ESMTP helo=<h>`;

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function read(...paths: string[]): Promise<LogReport> {
  const analysis = new LogAnalysis();
  for (const p of paths) await readLog(p, analysis);
  return analysis.report();
}

const rejected = (report: LogReport): number => report.rejects.reduce((sum, r) => sum + r.count, 0);

test('a plain log with CRLF line ends and no final newline', async () => {
  const report = await read(file('crlf.log', `${REJECT(1)}\r\n${REJECT(2)}\r\n${REJECT(3)}`));
  assert.equal(report.lines, 3);
  assert.equal(rejected(report), 3);
  assert.deepEqual(report.skipped, []);
});

test('gzip is recognised by its magic bytes, whatever the name; concatenated members are read in turn', async () => {
  const text = [1, 2, 3, 4].map(REJECT).join('\n') + '\n';
  assert.equal(rejected(await read(file('mail.log.2.gz', gzipSync(text)))), 4);
  assert.equal(rejected(await read(file('renamed.log', gzipSync(text)))), 4);
  assert.equal(rejected(await read(file('members.gz', Buffer.concat([gzipSync(text), gzipSync(text)])))), 8);
  // rotated pieces: the oldest compressed, the newest plain
  const report = await read(file('mail.log.1.gz', gzipSync(text)), file('mail.log', text));
  assert.deepEqual([report.lines, rejected(report)], [8, 8]);
});

test('broken gzip data: what came before is analysed, the break is reported', async () => {
  const text = Array.from({ length: 20_000 }, (_, i) => REJECT(i % 250)).join('\n') + '\n';
  const gz = gzipSync(text);
  const cut = await read(file('cut.gz', gz.subarray(0, Math.floor(gz.length * 0.6))));
  assert.ok(cut.lines > 1000 && cut.lines < 20_000, String(cut.lines));
  assert.equal(cut.problems.length, 1);
  assert.match(cut.problems[0], /cut\.gz: the gzip data is truncated or corrupt/);
  const garbage = await read(file('garbage.gz', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])));
  assert.equal(garbage.problems.length, 1);
  assert.match(garbage.problems[0], /truncated or corrupt/);
});

test('a line longer than the limit, even across chunks, is skipped and counted; the lines around it are read', async () => {
  const huge = 'x'.repeat(3 * 1024 * 1024);
  const report = await read(
    file('long.log', `${REJECT(1)}\n${huge}\n${REJECT(2)}\nJan  5 12:00:00 mx postfix/smtpd[1]: ${'y'.repeat(MAX_LINE)}\n${REJECT(3)}\n`),
  );
  assert.equal(report.lines, 5);
  assert.equal(rejected(report), 3);
  const skipped = report.skipped.find((s) => s.reason === SKIP_TOO_LONG);
  assert.equal(skipped?.count, 2);
  assert.ok(
    skipped.examples.every((e) => e.length <= 1_001),
    'examples are cut short',
  );
});

test('bytes that are not UTF-8 are counted and the line is still analysed', async () => {
  const bad = Buffer.concat([
    Buffer.from(REJECT(1).replace('helo=<h>', 'helo=<')),
    Buffer.from([0xff, 0xfe, 0x41]),
    Buffer.from('>\n'),
    Buffer.from(REJECT(2) + '\n'),
  ]);
  const report = await read(file('latin.log', bad));
  assert.equal(rejected(report), 2);
  assert.equal(report.skipped.find((s) => s.reason === NOTE_NOT_UTF8)?.count, 1);
});

test('an empty file, a missing file, a directory', async () => {
  assert.equal((await read(file('empty.log', ''))).lines, 0);
  const missing = await read(join(dir, 'nope.log'));
  assert.deepEqual(missing.problems, [`${join(dir, 'nope.log')}: cannot read: no such file`]);
  mkdirSync(join(dir, 'adir'));
  assert.match((await read(join(dir, 'adir'))).problems[0], /it is a directory/);
});

test('permission denied says who may read the file', () => {
  const path = file('restricted.log', 'x');
  chmodSync(path, 0o640);
  const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
  assert.match(unreadableReason(path, denied), /cannot read: permission denied \(readable by its owner and group only, e\.g\. root and adm/);
  chmodSync(path, 0o600);
  assert.match(unreadableReason(path, denied), /readable by its owner only/);
});

test('reading can be cancelled, reports its progress, and leaves the file as it was', async () => {
  const text = Array.from({ length: 50_000 }, (_, i) => REJECT(i % 250)).join('\n') + '\n';
  const path = file('progress.log', text);
  const before = statSync(path);
  const seen: number[] = [];
  const analysis = new LogAnalysis();
  assert.equal(await readLog(path, analysis, { onProgress: (bytes, total) => seen.push(bytes / (total ?? 1)) }), true);
  assert.equal(seen[seen.length - 1], 1);
  assert.equal(analysis.report().lines, 50_000);
  const controller = new AbortController();
  controller.abort();
  assert.equal(await readLog(path, new LogAnalysis(), { signal: controller.signal }), false);
  const afterwards = statSync(path);
  assert.deepEqual([afterwards.size, afterwards.mtimeMs], [before.size, before.mtimeMs]);
  assert.equal(readFileSync(path, 'utf8'), text);
});

test('the configured logs read for the editor: oldest first, the earliest and latest times across New Year', async () => {
  const old = file('mail.log.1', `${REJECT(1).replace('Jan  5', 'Dec 30')}\n`);
  const now = file('mail.log', `${REJECT(2).replace('Jan  5 12:00:00', 'Jan  2 08:30:00')}\n${REJECT(3)}\n`);
  utimesSync(old, new Date(2020, 0, 1), new Date(2020, 0, 1));
  const reading = await readLogs([now, old]);
  assert.ok(reading && reading.first && reading.last);
  assert.deepEqual([reading.report.lines, rejected(reading.report)], [3, 3]);
  assert.deepEqual(
    [reading.first.getMonth(), reading.first.getDate(), reading.last.getMonth(), reading.last.getDate(), reading.last.getHours()],
    [11, 30, 0, 5, 12],
  );
  assert.equal(reading.last.getFullYear() - reading.first.getFullYear(), 1);
  assert.equal((await readLogs([join(dir, 'none.log')]))?.absent, true);
});

test('a named pipe is read as a stream (it has no positions to read at)', { timeout: 20_000 }, async (t) => {
  const fifo = join(dir, 'pipe.log');
  if (spawnSync('mkfifo', [fifo]).status !== 0) {
    t.skip('mkfifo is not available');
    return;
  }
  // another process writes, as a shell's log <(zcat ...) does
  const writer = spawn('cp', [file('piped.log', [1, 2, 3].map(REJECT).join('\n') + '\n'), fifo], { stdio: 'ignore' });
  try {
    const report = await read(fifo);
    assert.deepEqual([report.lines, rejected(report), report.problems], [3, 3, []]);
  } finally {
    writer.kill();
  }
});
