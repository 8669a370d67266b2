/**
 * The log accumulator: rows per (action, restriction, argument, line), the
 * message flow with each message counted once, the years of classic
 * timestamps, and the trails of queue IDs the editor shows.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogAnalysis, SKIP_NOT_SYSLOG, SKIP_OTHER_PROGRAM } from '../../server/src/service/log/logAnalysis';
import { messageTrails, trailAt } from '../../server/src/service/log/messageTrail';

const RELAY = (n: number, client = `192.0.2.${n}`): string =>
  `Jan  5 12:00:0${n % 10} mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[${client}]: 554 5.7.1 <x${n}@example.net>: Relay access denied; from=<s@example.org> to=<x${n}@example.net> proto=ESMTP helo=<h>`;

test('one row per action and restriction, with counts, distinct clients, examples, the most frequent stage and code', () => {
  const analysis = new LogAnalysis({ now: new Date(2024, 5, 1) });
  for (let n = 1; n <= 5; n++) analysis.add(RELAY(n, n <= 3 ? '192.0.2.1' : '192.0.2.2'));
  analysis.add(
    'Jan  5 12:00:09 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.3]: 454 4.7.1 <y@example.net>: Relay access denied; from=<s@example.org> to=<y@example.net> proto=ESMTP helo=<h>',
  );
  const report = analysis.report();
  assert.equal(report.rejects.length, 2);
  const [reject, defer] = report.rejects;
  assert.deepEqual(
    [reject.action, reject.restriction, reject.count, reject.clients, reject.stage, reject.code, reject.examples.length],
    ['reject', 'reject_unauth_destination', 5, 2, 'RCPT', '554', 3],
  );
  assert.equal(reject.examples[0], RELAY(1, '192.0.2.1'));
  assert.deepEqual([...reject.perDay], [['2024-01-05', 5]]);
  // 4xx with the same reply: a defer row of its own
  assert.deepEqual([defer.action, defer.restriction, defer.count, defer.code], ['defer', 'reject_unauth_destination', 1, '454']);
  assert.deepEqual(report.topClients[0], ['unknown[192.0.2.1]', 3]);
  assert.deepEqual(report.topSenders, [['s@example.org', 6]]);
  assert.deepEqual([report.from, report.to], ['Jan  5 12:00:01', 'Jan  5 12:00:09']);
});

test('unattributable verdicts are counted as such, with examples', () => {
  const analysis = new LogAnalysis();
  const text =
    'Jan  5 12:00:00 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 451 4.3.5 Server configuration error; from=<a@b> to=<c@d> proto=ESMTP helo=<h>';
  analysis.add(text);
  const [row] = analysis.report().rejects;
  assert.deepEqual([row.action, row.restriction, row.argument, row.line, row.count, row.examples], ['defer', null, null, null, 1, [text]]);
});

test('messages: received once per queue ID though qmgr logs it again after a deferral; deferred once per message', () => {
  const analysis = new LogAnalysis();
  const lines = [
    'Jan  5 12:00:00 mx postfix/qmgr[2]: AAA111: from=<a@b.example>, size=10, nrcpt=2 (queue active)',
    'Jan  5 12:00:01 mx postfix/smtp[3]: AAA111: to=<c@d.example>, relay=none, delay=1, dsn=4.4.1, status=deferred (connect to d.example: Connection refused)',
    'Jan  5 12:00:01 mx postfix/smtp[3]: AAA111: to=<e@d.example>, relay=none, delay=1, dsn=4.4.1, status=deferred (connect to d.example: Connection refused)',
    'Jan  5 12:10:00 mx postfix/qmgr[2]: AAA111: from=<a@b.example>, size=10, nrcpt=2 (queue active)',
    'Jan  5 12:10:01 mx postfix/smtp[3]: AAA111: to=<c@d.example>, relay=d.example[192.0.2.4]:25, delay=601, dsn=2.0.0, status=sent (250 ok)',
    'Jan  5 12:10:01 mx postfix/smtp[3]: AAA111: to=<e@d.example>, relay=d.example[192.0.2.4]:25, delay=601, dsn=5.1.1, status=bounced (550 no such user)',
    'Jan  5 12:10:02 mx postfix/qmgr[2]: AAA111: removed',
    // the same ID again after removal is a new message
    'Jan  5 13:00:00 mx postfix/qmgr[2]: AAA111: from=<x@b.example>, size=10, nrcpt=1 (queue active)',
    'Jan  5 13:00:01 mx postfix/qmgr[2]: BBB222: from=<>, status=expired, returned to sender',
    'Jan  5 13:00:02 mx postfix/smtpd[1]: CCC333: discard: RCPT from x.example[192.0.2.1]: <a@b>: Sender address triggers DISCARD action; from=<a@b> to=<c@d> proto=ESMTP helo=<x>',
    'Jan  5 13:00:03 mx postfix/cleanup[4]: DDD444: hold: header Subject: x from x.example[192.0.2.1]; from=<a@b> to=<c@d> proto=ESMTP helo=<x>',
    'Jan  5 13:00:04 mx postfix/cleanup[4]: DDD444: hold: header X-Other: y from x.example[192.0.2.1]; from=<a@b> to=<c@d> proto=ESMTP helo=<x>',
  ];
  for (const l of lines) analysis.add(l);
  assert.deepEqual(analysis.report().messages, { received: 2, delivered: 1, deferred: 1, bounced: 1, expired: 1, discarded: 1, held: 1 });
});

test('skipped lines: what is no syslog line, and other programs, each with a count and the first examples', () => {
  const analysis = new LogAnalysis({ examples: 2 });
  for (const l of ['garbage', '12:34:56 mx postfix/smtpd[1]: cut', 'more garbage']) analysis.add(l);
  analysis.add('Jan  5 12:00:00 mx dovecot: imap-login: Login');
  const report = analysis.report();
  assert.equal(report.lines, 4);
  assert.deepEqual(report.skipped, [
    { reason: SKIP_NOT_SYSLOG, count: 3, examples: ['garbage', '12:34:56 mx postfix/smtpd[1]: cut'] },
    { reason: SKIP_OTHER_PROGRAM, count: 1, examples: ['Jan  5 12:00:00 mx dovecot: imap-login: Login'] },
  ]);
});

test('classic timestamps: a log of last December read in January is last year; New Year inside a log moves on a year', () => {
  const analysis = new LogAnalysis({ now: new Date(2025, 0, 2) });
  analysis.add(RELAY(1).replace('Jan  5', 'Dec 30'));
  analysis.add(RELAY(2).replace('Jan  5', 'Jan  1'));
  const [row] = analysis.report().rejects;
  assert.deepEqual([row.first?.getFullYear(), row.last?.getFullYear()], [2024, 2025]);
  assert.deepEqual([...row.perDay.keys()], ['2024-12-30', '2025-01-01']);
  const report = analysis.report();
  assert.deepEqual([report.from, report.to], ['Dec 30 12:00:01', 'Jan  1 12:00:02']);
});

test('memory stays bounded: distinct clients are counted up to a cap, queue IDs in flight are forgotten oldest first', () => {
  const analysis = new LogAnalysis();
  for (let n = 0; n < 12_000; n++) analysis.add(RELAY(1, `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`));
  const [row] = analysis.report().rejects;
  assert.equal(row.count, 12_000);
  assert.equal(row.clients, 10_000);
  assert.equal(analysis.report().topClients.length, 20);
});

test('message trails: every line of a queue ID, its client, sender and each recipient status; a new trail after removed', () => {
  const log = [
    'Jan  5 12:00:00 mx postfix/smtpd[1]: connect from x.example[192.0.2.1]',
    'Jan  5 12:00:00 mx postfix/smtpd[1]: AAA111: client=x.example[192.0.2.1]',
    'Jan  5 12:00:01 mx postfix/cleanup[4]: AAA111: message-id=<m@x.example>',
    'Jan  5 12:00:01 mx postfix/qmgr[2]: AAA111: from=<a@x.example>, size=10, nrcpt=2 (queue active)',
    'Jan  5 12:00:02 mx postfix/smtp[3]: AAA111: to=<c@d.example>, relay=d.example[192.0.2.4]:25, delay=1, dsn=2.0.0, status=sent (250 ok)',
    'Jan  5 12:00:02 mx postfix/smtp[3]: AAA111: to=<e@d.example>, relay=none, delay=1, dsn=4.4.1, status=deferred (refused)',
    'Jan  5 12:00:03 mx postfix/smtpd[1]: BBB222: client=y.example[192.0.2.2]',
    'Jan  5 12:00:03 mx postfix/smtpd[1]: BBB222: reject: DATA from y.example[192.0.2.2]: 450 4.7.1 <DATA>: Data command rejected: Try again later; from=<b@y.example> to=<c@d.example> proto=ESMTP helo=<y>',
    'Jan  5 12:00:04 mx postfix/qmgr[2]: AAA111: removed',
    'Jan  5 12:30:00 mx postfix/qmgr[2]: AAA111: from=<z@x.example>, size=10, nrcpt=1 (queue active)',
  ];
  const found = messageTrails(log);
  assert.deepEqual(
    found.trails.map((t) => [t.queueId, t.lines]),
    [
      ['AAA111', [1, 2, 3, 4, 5, 8]],
      ['BBB222', [6, 7]],
      ['AAA111', [9]],
    ],
  );
  const [first, rejected] = found.trails;
  assert.deepEqual(first.client, { name: 'x.example', address: '192.0.2.1' });
  assert.deepEqual([first.sender, first.received, first.removed], ['a@x.example', 3, 8]);
  assert.deepEqual(first.recipients, [
    { address: 'c@d.example', status: 'sent', line: 4 },
    { address: 'e@d.example', status: 'deferred', line: 5 },
  ]);
  assert.deepEqual([rejected.stopped, rejected.received, rejected.sender], [7, undefined, 'b@y.example']);
  assert.equal(trailAt(found, 'AAA111', 9)?.sender, 'z@x.example');
  assert.equal(trailAt(found, 'AAA111', 2), first);
});

test('countBytes() reports what add() reports, decoding and parsing only the lines that need it', () => {
  const log = [
    'garbage',
    'Jan  5 12:00:00 mx dovecot: imap-login: Login',
    'Jan  5 12:00:00 mx postfix/smtpd[1]: connect from x.example[192.0.2.1]',
    RELAY(1),
    RELAY(2, '192.0.2.1'),
    'Jan  5 12:00:01 mx postfix/submission/smtpd[7]: NOQUEUE: reject_warning: RCPT from unknown[192.0.2.3]: 450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.3]; from=<a@b> to=<c@d> proto=ESMTP helo=<h>',
    'Jan  5 12:00:02 mx postfix/smtpd[1]: AAA111: client=x.example[192.0.2.1]',
    'Jan  5 12:00:02 mx postfix/qmgr[2]: AAA111: from=<a@x.example>, size=10, nrcpt=2 (queue active)',
    'Jan  5 12:00:03 mx postfix/smtp[3]: AAA111: to=<c@d.example>, relay=d.example[192.0.2.4]:25, delay=1, dsn=2.0.0, status=sent (250 ok)',
    'Jan  5 12:00:03 mx postfix/smtp[3]: AAA111: to=<e@d.example>, relay=none, delay=1, dsn=4.4.1, status=deferred (refused)',
    'Jan  5 12:00:04 mx postfix/qmgr[2]: AAA111: removed',
    'Jan  5 12:00:05 mx postfix/cleanup[4]: BBB222: reject: header Subject: buy from x.example[192.0.2.1]; from=<a@b> to=<c@d> proto=ESMTP helo=<x>: 5.7.1 no',
    'Jan  5 12:00:06 mx postfix/postscreen[5]: PREGREET 11 after 0.1 from [192.0.2.7]:40000: EHLO x\\r\\n',
    'Jan  5 12:00:07 mx postfix/postscreen[5]: NOQUEUE: reject: RCPT from [192.0.2.7]:40000: 550 5.5.1 Protocol error; from=<a@b>, to=<c@d>, proto=ESMTP, helo=<x>',
    'Jan  5 12:00:08 mx postfix/qmgr[2]: CCC333: from=<>, status=expired, returned to sender',
    '2024-01-05T12:00:09.5+00:00 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 <y@example.net>: Relay access denied; from=<s@example.org> to=<y@example.net> proto=ESMTP helo=<h>',
    'Jan  5 12:00:10 mx postfix/smtpd[1]: warning: hostname x.example does not resolve to address 192.0.2.1',
    'Jan 05 12:00:11.250000 mx postfix/qmgr[2]: DDD444: from=<a@x.example>, size=10, nrcpt=1 (queue active)',
    'Jan 05 12:00:12.5 mx postfix/smtp[3]: DDD444: to=<c@d.example>, relay=d.example[192.0.2.4]:25, delay=1, dsn=5.1.1, status=bounced (550 no)\r',
    'Jan  5 12:00:13 mx postfix/qmgr[2]: DDD444: removed\r',
    'Jan  5 12:00:14 mx postfix-out/qmgr[2]: 4bKpQv3YMyzB2xR: from=<a@x.example>, size=10, nrcpt=1 (queue active)',
  ];
  const now = new Date(2024, 5, 1);
  const whole = new LogAnalysis({ now });
  const quick = new LogAnalysis({ now });
  // all lines in one buffer, as the reader hands them over
  const bytes = Buffer.from(log.join('\n') + '\n');
  const decode = (b: Uint8Array, start: number, end: number): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8', start, end);
  for (let from = 0, to = bytes.indexOf(10); to >= 0; from = to + 1, to = bytes.indexOf(10, from)) quick.countBytes(bytes, from, to, decode);
  for (const l of log) whole.add(l);
  assert.deepEqual(quick.report(), whole.report());
  assert.equal(
    whole.report().rejects.reduce((n, r) => n + r.count, 0),
    6,
  );
});
