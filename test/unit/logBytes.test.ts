/**
 * The byte path of the log analysis (lineGlance, verdictBytes, countBytes)
 * against the general path (parseLogLine, add) on the same lines: verdicts
 * of every shape the general path reads and many it does not, cut at every
 * length, with odd characters put in, as bytes the reader hands over and
 * as a file with bytes that are not UTF-8 and lines of a megabyte.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readLog } from '../../server/src/logReader';
import { LogAnalysis, type Decode, type LogReport } from '../../server/src/service/log/logAnalysis';
import { createAttributor } from '../../server/src/service/log/attribution';
import { ConfigModel } from '../../server/src/service/model/config';

const STAMP = 'Jan  5 12:00:01 mx postfix/smtpd[7]: NOQUEUE: ';
const VERDICTS = [
  'reject: RCPT from unknown[192.0.2.3]: 554 5.7.1 <x@y.example>: Relay access denied; from=<a@b> to=<x@y.example> proto=ESMTP helo=<h>',
  'reject_warning: RCPT from unknown[192.0.2.3]: 450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.3]; from=<a@b> to=<c@d> proto=ESMTP helo=<h>',
  'reject: RCPT from unknown[192.0.2.3]: 450 4.7.1 Client host rejected: cannot find your hostname, [bad.example]; from=<a@b> to=<c@d> proto=ESMTP helo=<h>',
  'reject: RCPT from unknown[192.0.2.3]: 450 4.7.1 Client host rejected: cannot find your hostname, []; from=<a@b> to=<c@d> proto=ESMTP helo=<h>',
  'reject: RCPT from x[192.0.2.3]:2525: 554 5.7.1 Service unavailable; Client host [192.0.2.3] blocked using bl.example; https://bl.example/?192.0.2.3; from=<a@b> to=<c@d> proto=ESMTP helo=<h>',
  'reject: RCPT from x[192.0.2.3]: 554 5.7.1 Service unavailable; Sender address [a@bl.example] blocked using dbl.example; from=<a@bl.example> to=<c@d> proto=ESMTP helo=<h>',
  'reject: MAIL from x[2001:db8::1]: 452 4.3.1 Insufficient system storage; proto=ESMTP helo=<h>',
  'reject: CONNECT from x[192.0.2.3]: 554 5.7.1 <x[192.0.2.3]>: Client host rejected: Access denied;',
  'reject: RCPT from naïve.example[192.0.2.3]: 550 5.1.1 <ü@ex>: Recipient address rejected: User unknown; from=<ö ö@b> to=<ü@ex> proto=ESMTP helo=<h>',
  'reject: RCPT from na\u00a0me[192.0.2.3]: 550 5.1.1 <u@ex>: Recipient address rejected: User unknown; from=<a> to=<u@ex> proto=ESMTP helo=<h>',
  'reject: RCPT from n[192.0.2.3]: 550 5.1.1 <u@ex>: Recipient address rejected: User unknown; from=<a>b> c> to=<u@ex> proto=ESMTP helo=<h>',
  'reject: RCPT from n[192.0.2.3]: 550 5.7.1234 Recipient address rejected: x; xfrom=<a> from=<b> to=<u@ex> proto=ESMTP helo=<h>',
  'reject: RCPT from n[192.0.2.3]: 550-5.7.1 Recipient address rejected: x',
  'reject: RCPT from n[192.0.2.3]:: 550 5.7.1 <a@b>: Sender address rejected: x; from=<a@b>',
  'reject: RCPT from n[192.0.2.3]: 5.7.1 Recipient address rejected: x; sasl_method=PLAIN',
  'reject: DATA from n[192.0.2.3]: 450 4.5.0 <DATA>: Data command rejected: Multi-recipient bounce; from=<> proto=ESMTP helo=<h>',
  'reject_warning: END-OF-MESSAGE from n[192.0.2.3]: 550 5.7.1 <a@b>: End-of-data rejected: no; from=<a@b> to=<c@d> proto=ESMTP helo=<h>',
];
/** Lines of a message's way through the queue, which the byte path reads by their queue ID and status word. */
const QUEUE_LINES = [
  'Jan  5 12:00:02 mx postfix/qmgr[9]: A1B2C3D4E5: from=<a@b.example>, size=1234, nrcpt=2 (queue active)',
  'Jan  5 12:00:03 mx postfix/local[10]: A1B2C3D4E5: to=<c@d.example>, relay=local, delay=0.2, delays=0.1/0/0/0.1, dsn=2.0.0, status=sent (delivered to mailbox)',
  'Jan  5 12:00:03 mx postfix/smtp[11]: A1B2C3D4E5: to=<e@f.example>, relay=mx.f.example[192.0.2.9]:25, delay=1, dsn=4.4.1, status=deferred (connect to mx.f.example[192.0.2.9]:25: Connection refused)',
  'Jan  5 12:00:04 mx postfix/smtp[11]: A1B2C3D4E5: to=<g@h.example>, orig_to=<g@h>, relay=none, delay=1, dsn=5.1.2, status=bounced (Host or domain name not found)',
  'Jan  5 12:00:05 mx postfix/qmgr[9]: A1B2C3D4E5: from=<a@b.example>, status=expired, returned to sender',
  'Jan  5 12:00:06 mx postfix/qmgr[9]: A1B2C3D4E5: removed',
];
const QUEUE_ID_END = QUEUE_LINES[0].indexOf(': from=') + 2;
const ODD = [
  '<',
  '>',
  ':',
  ';',
  ' ',
  '[',
  ']',
  '; ',
  ': ',
  '\t',
  ',',
  '-',
  'é',
  '\u00a0',
  '\0',
  'from=<',
  ' from ',
  '>: ',
  ' [',
  ' blocked using ',
  '4',
  '5.',
  'Z',
];

/** The lines of the test: each verdict and queue line, cut at every length and with each odd piece put in at a few places. */
function lines(): string[] {
  const out: string[] = [];
  let seed = 1;
  const next = (n: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
  const vary = (line: string, from: number): void => {
    for (let cut = from; cut < line.length; cut++) out.push(line.slice(0, cut));
    for (const odd of ODD) {
      for (let k = 0; k < 12; k++) {
        const at = from + next(line.length - from);
        out.push(line.slice(0, at) + odd + line.slice(at + next(2)));
      }
    }
  };
  for (const verdict of VERDICTS) {
    const line = STAMP + verdict;
    out.push(line, line, `${line}\r`, line.replace('NOQUEUE', '4bKpQv3YMyzB2xR'), line.replace('smtpd', 'submission/smtpd'));
    vary(line, STAMP.length);
  }
  for (const line of QUEUE_LINES) {
    out.push(line, `${line}\r`);
    vary(line, QUEUE_ID_END);
  }
  return out;
}

const decode: Decode = (bytes, start, end) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8', start, end);

const MAIN = 'smtpd_recipient_restrictions = warn_if_reject reject_unknown_reverse_client_hostname, reject_unauth_destination, reject_rbl_client bl.example\n';

for (const config of [false, true]) {
  test(`countBytes() reports what add() reports on verdicts of every shape${config ? ', with a configuration' : ''}`, () => {
    const options = (): ConstructorParameters<typeof LogAnalysis>[0] => ({
      now: new Date(2024, 5, 1),
      attribute: config
        ? createAttributor({ model: new ConfigModel({ main: MAIN }), mainPath: '/etc/postfix/main.cf', files: { exists: () => false, list: () => [] } })
        : undefined,
    });
    const whole = new LogAnalysis(options());
    const quick = new LogAnalysis(options());
    const all = lines();
    const bytes = Buffer.from(all.join('\n') + '\n');
    for (const l of all) whole.add(l);
    for (let from = 0, to = bytes.indexOf(10); to >= 0; from = to + 1, to = bytes.indexOf(10, from)) quick.countBytes(bytes, from, to, decode);
    const report = whole.report();
    assert.deepEqual(quick.report(), report);
    // the lines did reach the rows and the counts: most verdicts are rows, and most queue lines counts
    assert.ok(report.rejects.reduce((n, r) => n + r.count, 0) > all.filter((l) => l.startsWith(STAMP)).length / 2);
    assert.ok(report.rejects.length >= 10);
    assert.ok(report.messages.delivered > 50 && report.messages.bounced > 50 && report.messages.received > 0);
  });
}

const dir = mkdtempSync(join(tmpdir(), 'log-bytes-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('reading a log as bytes gives the report of reading it as text: cut lines, bytes that are not UTF-8, lines of a megabyte', async () => {
  const pieces = lines().map((l) => Buffer.from(l));
  const broken = Buffer.from(STAMP + VERDICTS[0]);
  broken[STAMP.length + 30] = 0xff;
  pieces.push(broken, Buffer.from(STAMP + VERDICTS[0] + 'x'.repeat(1 << 20)), Buffer.from(STAMP.slice(0, 20)));
  const path = join(dir, 'mail.log');
  writeFileSync(path, Buffer.concat(pieces.flatMap((p) => [p, Buffer.from('\n')])));
  const now = new Date(2024, 5, 1);
  const asBytes = new LogAnalysis({ now });
  const asText = new LogAnalysis({ now });
  const sink = (analysis: LogAnalysis, bytes: boolean): Parameters<typeof readLog>[1] => ({
    addBytes: bytes ? (b, start, end) => analysis.countBytes(b, start, end, decode) : undefined,
    settle: () => analysis.settle(),
    add: (line) => analysis.add(line),
    skip: (reason, example) => analysis.skip(reason, example),
    countLine: () => analysis.countLine(),
    problem: (message) => analysis.problem(message),
  });
  await readLog(path, sink(asBytes, true));
  await readLog(path, sink(asText, false));
  const report: LogReport = asText.report();
  assert.deepEqual(asBytes.report(), report);
  assert.equal(report.lines, pieces.length);
  assert.ok(report.skipped.length >= 2);
});
