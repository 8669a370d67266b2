/**
 * `postfix-language-server log` run as a process: its usage and exit
 * statuses, the JSON it promises, stdin, gzip, --config, and text that a
 * terminal prints safely.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';

const root = join(__dirname, '..', '..', '..');
const bundle = join(root, 'dist', 'server.js');
const dir = mkdtempSync(join(tmpdir(), 'log-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: Buffer | string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bundle, 'log', ...args], { encoding: 'utf8', input, timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LOG = [
  'Jan  5 12:00:00 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x@example.net>: Relay access denied; from=<s@example.org> to=<x@example.net> proto=ESMTP helo=<h>',
  'Jan  5 12:00:01 mx postfix/smtpd[1]: NOQUEUE: reject_warning: RCPT from unknown[192.0.2.2]: 554 5.7.1 Service unavailable; Client host [192.0.2.2] blocked using zen.spamhaus.org; from=<s@example.org> to=<y@example.com> proto=ESMTP helo=<h>',
  'Jan  5 12:00:02 mx postfix/qmgr[2]: AAA111: from=<a@b.example>, size=10, nrcpt=1 (queue active)',
  'Jan  5 12:00:03 mx postfix/smtp[3]: AAA111: to=<c@d.example>, relay=d.example[192.0.2.4]:25, delay=1, dsn=2.0.0, status=sent (250 ok)',
].join('\n');
const logFile = join(dir, 'mail.log');
writeFileSync(logFile, LOG + '\n');
const mainCf = join(dir, 'main.cf');
writeFileSync(
  mainCf,
  'compatibility_level = 3.6\nsmtpd_recipient_restrictions =\n    reject_unauth_destination,\n    warn_if_reject reject_rbl_client zen.spamhaus.org\n',
);

interface Report {
  lines: number;
  from: string;
  to: string;
  rejects: Record<string, unknown>[];
  messages: Record<string, number>;
}

test('log --help prints the usage; the main usage names the command', () => {
  const help = run(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: postfix-language-server log \[--format text\|json\] \[--config MAIN_CF\] FILE\.\.\./);
  const main = spawnSync(process.execPath, [bundle, '--help'], { encoding: 'utf8' });
  assert.match(main.stdout, /postfix-language-server log \[--format text\|json\] \[--config MAIN_CF\] FILE\.\.\./);
});

test('mistakes on the command line: a message, the usage, exit 2', () => {
  for (const args of [[], ['--format', 'xml', logFile], ['--config'], ['--bogus', logFile]]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /usage: postfix-language-server log/);
    assert.equal(r.stdout, '');
  }
  const r = run(['--config', join(dir, 'missing.cf'), logFile]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /missing\.cf: cannot read: no such file/);
});

test('JSON: the promised keys; with --config the restriction, its argument, file and line', () => {
  const r = run(['--format', 'json', '--config', mainCf, logFile]);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.deepEqual([report.lines, report.from, report.to], [4, 'Jan  5 12:00:00', 'Jan  5 12:00:03']);
  assert.deepEqual(report.rejects, [
    {
      action: 'reject',
      stage: 'RCPT',
      restriction: 'reject_unauth_destination',
      argument: null,
      code: '554',
      file: mainCf,
      line: 2,
      count: 1,
      examples: [LOG.split('\n')[0]],
    },
    {
      action: 'reject_warning',
      stage: 'RCPT',
      restriction: 'reject_rbl_client',
      argument: 'zen.spamhaus.org',
      code: '554',
      file: mainCf,
      line: 3,
      count: 1,
      examples: [LOG.split('\n')[1]],
    },
  ]);
  assert.deepEqual(report.messages, { received: 1, delivered: 1, deferred: 0, bounced: 0, expired: 0, discarded: 0, held: 0 });
});

test('stdin, gzip-compressed or not, is "-"', () => {
  for (const input of [LOG, gzipSync(LOG)]) {
    const r = run(['--format=json', '-'], input);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as Report).lines, 4);
  }
});

test('a file that cannot be read: reported on stderr; exit 1 when another was read, 2 when none was', () => {
  const one = run([join(dir, 'gone.log'), logFile]);
  assert.equal(one.status, 1);
  assert.match(one.stderr, /gone\.log: cannot read: no such file/);
  assert.match(one.stdout, /Rejected: 1 in 1 row/);
  const none = run([join(dir, 'gone.log')]);
  assert.equal(none.status, 2);
});

test('the text summary: totals and top rows; control characters from the log are shown escaped', () => {
  const hostile = join(dir, 'hostile.log');
  writeFileSync(hostile, LOG.replace('from=<s@example.org>', 'from=<s\u001b[31m@example.org>') + '\n');
  const r = run(['--config', mainCf, hostile]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^4 lines, Jan {2}5 12:00:00 to Jan {2}5 12:00:03$/m);
  assert.match(r.stdout, /^Rejected: 1 in 1 row$/m);
  assert.match(r.stdout, /^Would have rejected \(warn_if_reject\): 1 in 1 row$/m);
  assert.match(r.stdout, /reject_rbl_client zen\.spamhaus\.org\s+.*main\.cf:4$/m);
  assert.ok(!r.stdout.includes('\u001b'), 'no raw escape reaches the terminal');
  assert.match(r.stdout, /\\x1b\[31m/);
});
