/**
 * parseLogLine: the line forms Postfix's logging produces (syslog, RFC 3339,
 * postlogd's maillog_file, syslog_name prefixes, long queue IDs) and what each
 * kind of message carries.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLogLine } from '../../server/src/service/log/logLine';

const REJECT =
  'NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x@example.net>: Relay access denied; from=<a@b.example> to=<x@example.net> proto=ESMTP helo=<spam.example>';

test('a classic syslog timestamp, with a space-padded day, dated in the year given', () => {
  const line = parseLogLine(`Jan  5 12:34:56 mx postfix/smtpd[1234]: ${REJECT}`, 2024);
  assert.ok(line);
  assert.equal(line.timestamp, 'Jan  5 12:34:56');
  assert.deepEqual([line.date?.getFullYear(), line.date?.getMonth(), line.date?.getDate(), line.date?.getHours()], [2024, 0, 5, 12]);
  assert.deepEqual([line.host, line.service, line.syslogName, line.program, line.pid], ['mx', 'postfix/smtpd', 'postfix', 'smtpd', 1234]);
  assert.equal(line.postfix, true);
});

test("postlogd's maillog_file lines: a zero-padded day, with or without microseconds", () => {
  const plain = parseLogLine('Dec 07 04:56:27 mx postfix/master[22586]: daemon started -- version 3.7.11', 2026);
  assert.equal(plain?.timestamp, 'Dec 07 04:56:27');
  assert.equal(plain?.date?.getDate(), 7);
  const fine = parseLogLine('Mar 20 10:04:21.123456 mx postfix/qmgr[12]: 4F9D195432C: removed', 2024);
  assert.equal(fine?.timestamp, 'Mar 20 10:04:21.123456');
  assert.equal(fine?.date?.getMilliseconds(), 123);
  assert.equal(fine?.kind, 'removed');
});

test('RFC 3339 timestamps (rsyslog high precision, journald short-iso) carry their own year and zone', () => {
  const line = parseLogLine(`2024-01-05T12:34:56.123456+01:00 mx postfix/smtpd[9]: ${REJECT}`);
  assert.equal(line?.timestamp, '2024-01-05T12:34:56.123456+01:00');
  assert.equal(line?.date?.toISOString(), '2024-01-05T11:34:56.123Z');
  assert.equal(parseLogLine(`2024-01-05T12:34:56Z mx postfix/smtpd[9]: ${REJECT}`)?.date?.toISOString(), '2024-01-05T12:34:56.000Z');
});

test('service names: syslog_name with slashes (submission, other instances), and no pid', () => {
  const submission = parseLogLine(`Jan  5 12:34:56 mx postfix/submission/smtpd[77]: ${REJECT}`);
  assert.deepEqual([submission?.service, submission?.syslogName, submission?.program], ['postfix/submission/smtpd', 'postfix/submission', 'smtpd']);
  const instance = parseLogLine('Jan  5 12:34:56 mx postfix-out/qmgr[5]: 4F9D195432C: removed');
  assert.deepEqual([instance?.syslogName, instance?.program, instance?.postfix, instance?.kind], ['postfix-out', 'qmgr', true, 'removed']);
  const script = parseLogLine('Jan  5 12:34:56 mx postfix/postfix-script: starting the Postfix mail system');
  assert.deepEqual([script?.program, script?.pid, script?.kind], ['postfix-script', undefined, 'other']);
});

test("other daemons' lines are syslog lines, not Postfix's; text that is no syslog line at all is undefined", () => {
  assert.equal(parseLogLine('Jan  5 12:34:56 mx dovecot: imap-login: Login: user=<a>')?.postfix, false);
  // a program named like a Postfix daemon but without a syslog_name is not taken for one
  assert.equal(parseLogLine('Jan  5 12:34:56 mx smtpd[3]: NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 no')?.postfix, false);
  for (const text of [
    '',
    'garbage',
    '5 12:34:56 mx postfix/smtpd[1]: cut by rotation',
    '{"time": "2024-01-05", "msg": "json log"}',
    'Foo  5 12:34:56 mx postfix/smtpd[1]: x',
  ]) {
    assert.equal(parseLogLine(text), undefined, text);
  }
});

test('a reject line: action, stage, client, code, enhanced status, reply text and the envelope', () => {
  const line = parseLogLine(`Jan  5 12:34:56 mx postfix/smtpd[1234]: ${REJECT}`);
  assert.equal(line?.kind, 'reject');
  assert.equal(line?.queueId, 'NOQUEUE');
  assert.equal(line?.action, 'reject');
  assert.equal(line?.stage, 'RCPT');
  assert.deepEqual(line?.client, { name: 'unknown', address: '192.0.2.1' });
  assert.deepEqual([line?.code, line?.enhancedStatus, line?.reply], ['554', '5.7.1', '<x@example.net>: Relay access denied']);
  assert.deepEqual([line?.sender, line?.recipient, line?.proto, line?.helo], ['a@b.example', 'x@example.net', 'ESMTP', 'spam.example']);
});

test('reject_warning, a 4xx reject (defer), IPv6 clients with a port, the null sender, SASL context', () => {
  const warning = parseLogLine(
    'Jan  5 12:34:56 mx postfix/smtpd[1]: NOQUEUE: reject_warning: RCPT from host.example[2001:db8::1]:4455: 450 4.7.1 Client host rejected: cannot find your reverse hostname, [2001:db8::1]; from=<> to=<u@example.com> proto=ESMTP helo=<h> sasl_method=PLAIN sasl_username=u',
  );
  assert.equal(warning?.kind, 'reject_warning');
  assert.deepEqual(warning?.client, { name: 'host.example', address: '2001:db8::1', port: '4455' });
  assert.equal(warning?.sender, '');
  assert.equal(warning?.helo, 'h');
  const defer = parseLogLine(
    'Jan  5 12:34:56 mx postfix/smtpd[1]: 3F2A1C0123: reject: DATA from x.example[192.0.2.9]: 450 4.7.1 <DATA>: Data command rejected: Try again later; from=<a@b> to=<c@d> proto=ESMTP helo=<x>',
  );
  assert.deepEqual([defer?.kind, defer?.queueId, defer?.stage, defer?.code], ['defer', '3F2A1C0123', 'DATA', '450']);
  const connect = parseLogLine(
    'Jan  5 12:34:56 mx postfix/smtpd[1]: NOQUEUE: reject: CONNECT from x.example[192.0.2.9]: 554 5.7.1 <x.example[192.0.2.9]>: Client host rejected: Access denied; proto=SMTP',
  );
  assert.deepEqual([connect?.stage, connect?.proto, connect?.reply], ['CONNECT', 'SMTP', '<x.example[192.0.2.9]>: Client host rejected: Access denied']);
});

test('long queue IDs (enable_long_queue_ids)', () => {
  const line = parseLogLine('Jan  5 12:34:56 mx postfix/qmgr[5]: 4bKpQv3YMyzB2xR: from=<a@b.example>, size=100, nrcpt=1 (queue active)');
  assert.deepEqual([line?.queueId, line?.kind, line?.recipients, line?.size, line?.sender], ['4bKpQv3YMyzB2xR', 'queued', 1, 100, 'a@b.example']);
});

test('delivery status lines: sent, deferred, bounced; qmgr expiry', () => {
  const sent = parseLogLine(
    'Jan  5 12:34:56 mx postfix/smtp[12]: 4F9D195432C: to=<c@d.example>, orig_to=<e@f.example>, relay=mx.d.example[192.0.2.4]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ABC)',
  );
  assert.deepEqual(
    [sent?.kind, sent?.status, sent?.recipient, sent?.originalRecipient, sent?.relay, sent?.enhancedStatus, sent?.reply],
    ['status', 'sent', 'c@d.example', 'e@f.example', 'mx.d.example[192.0.2.4]:25', '2.0.0', '250 2.0.0 Ok: queued as ABC'],
  );
  const bounced = parseLogLine(
    'Jan  5 12:34:56 mx postfix/local[12]: 4F9D195432C: to=<carol@example.com>, relay=local, delay=0.3, dsn=5.1.1, status=bounced (unknown user: "carol")',
  );
  assert.deepEqual([bounced?.status, bounced?.reply], ['bounced', 'unknown user: "carol"']);
  const expired = parseLogLine('Jan  5 12:34:56 mx postfix/qmgr[12]: 4F9D195432C: from=<>, status=expired, returned to sender');
  assert.deepEqual([expired?.kind, expired?.status, expired?.sender, expired?.reply], ['status', 'expired', '', 'returned to sender']);
  // syslog cut the line short: the status stands, the reply is not guessed
  const cut = parseLogLine('Jan  5 12:34:56 mx postfix/local[12]: 4F9D195432C: to=<carol@example.com>, relay=local, dsn=2.0.0, status=sent (delivered to mai');
  assert.deepEqual([cut?.kind, cut?.status, cut?.reply], ['status', 'sent', undefined]);
  const queued = parseLogLine('Jan  5 12:34:56 mx postfix/qmgr[12]: 4F9D195432C: from=<a@b.example>, size=123, nrcpt=');
  assert.deepEqual([queued?.kind, queued?.recipients], ['queued', undefined]);
});

test('cleanup: header and body checks with the matched text, the client and the reply', () => {
  const line = parseLogLine(
    'Jan  5 12:34:56 mx postfix/cleanup[12]: 10CBA20C088: reject: header Subject: buy now from mail.remote.example[198.51.100.20]; from=<bob@remote.example> to=<alice@example.com> proto=ESMTP helo=<mail.remote.example>: 5.7.1 no adverts',
  );
  assert.deepEqual(
    [line?.kind, line?.action, line?.part, line?.content, line?.client?.address, line?.enhancedStatus, line?.reply, line?.helo],
    ['content', 'reject', 'header', 'Subject: buy now', '198.51.100.20', '5.7.1', 'no adverts', 'mail.remote.example'],
  );
  const discard = parseLogLine('Jan  5 12:34:56 mx postfix/cleanup[12]: 7F76620C008: discard: body spam spam from local; from=<a@b> to=<c@d>');
  assert.deepEqual([discard?.kind, discard?.action, discard?.client], ['content', 'discard', { name: 'local', address: '' }], 'mail from sendmail(1)');
  const noClient = parseLogLine('Jan  5 12:34:56 mx postfix/cleanup[12]: 7F76620C008: discard: body spam from nowhere; from=<a@b> to=<c@d>');
  assert.equal(noClient?.kind, 'other', 'a client that is neither name[address] nor local');
  const local = parseLogLine(
    'Jan  5 12:34:56 mx postfix/cleanup[12]: 7F76620C008: hold: body hold this from x.example[192.0.2.1]; from=<a@b> to=<c@d> proto=SMTP',
  );
  assert.deepEqual([local?.kind, local?.action, local?.part, local?.content], ['content', 'hold', 'body', 'hold this']);
});

test('milter, discard and hold verdicts of smtpd', () => {
  const milter = parseLogLine(
    'Jan  5 12:34:56 mx postfix/cleanup[12]: 7F76620C008: milter-reject: END-OF-MESSAGE from x.example[192.0.2.1]: 5.7.1 Spam message rejected; from=<a@b> to=<c@d> proto=ESMTP helo=<x>',
  );
  assert.deepEqual(
    [milter?.kind, milter?.stage, milter?.code, milter?.enhancedStatus, milter?.reply],
    ['milter', 'END-OF-MESSAGE', undefined, '5.7.1', 'Spam message rejected'],
  );
  const discard = parseLogLine(
    'Jan  5 12:34:56 mx postfix/smtpd[1]: 3F2A1C0123: discard: RCPT from x.example[192.0.2.1]: <c@d>: Recipient address triggers DISCARD action; from=<a@b> to=<c@d> proto=ESMTP helo=<x>',
  );
  assert.equal(discard?.kind, 'discard');
  const hold = parseLogLine(
    'Jan  5 12:34:56 mx postfix/smtpd[1]: 3F2A1C0123: hold: RCPT from x.example[192.0.2.1]: <a@b>: Sender address triggers HOLD action; from=<a@b> to=<c@d> proto=ESMTP helo=<x>',
  );
  assert.equal(hold?.kind, 'hold');
});

test("postscreen's events and its reject lines, which separate the envelope with commas", () => {
  const event = parseLogLine('Jan  5 12:34:56 mx postfix/postscreen[3]: PREGREET 11 after 0.14 from [192.0.2.7]:40000: EHLO x\\r\\n');
  assert.deepEqual([event?.kind, event?.event, event?.client], ['postscreen', 'PREGREET', { name: '', address: '192.0.2.7', port: '40000' }]);
  assert.equal(parseLogLine('Jan  5 12:34:56 mx postfix/postscreen[3]: DNSBL rank 3 for [192.0.2.7]:40000')?.event, 'DNSBL rank');
  const reject = parseLogLine(
    'Jan  5 12:34:56 mx postfix/postscreen[3]: NOQUEUE: reject: RCPT from [192.0.2.9]:5555: 550 5.7.1 Service unavailable; client [192.0.2.9] blocked using zen.spamhaus.org; from=<a@b>, to=<c@d>, proto=ESMTP, helo=<x>',
  );
  assert.deepEqual(
    [reject?.kind, reject?.reply, reject?.sender, reject?.recipient, reject?.helo],
    ['reject', 'Service unavailable; client [192.0.2.9] blocked using zen.spamhaus.org', 'a@b', 'c@d', 'x'],
  );
});

test("Postfix's own complaints keep their severity; CRLF line ends are dropped", () => {
  const warning = parseLogLine('Jan  5 12:34:56 mx postfix/smtpd[1]: warning: hostname x does not resolve to address 192.0.2.1\r');
  assert.deepEqual([warning?.severity, warning?.kind], ['warning', 'other']);
  assert.equal(parseLogLine(`Jan  5 12:34:56 mx postfix/smtpd[1]: ${REJECT}\r`)?.helo, 'spam.example');
});

test('hostile text: a 1 MB line, binary and an unterminated envelope never throw', () => {
  const long = `Jan  5 12:34:56 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 5.7.1 ${'a'.repeat(1_000_000)}; from=<`;
  const line = parseLogLine(long);
  assert.equal(line?.kind, 'reject');
  assert.equal(line?.sender, '');
  assert.doesNotThrow(() => parseLogLine('\u0000\u0001\uFFFD Jan  5 12:34:56 mx postfix/smtpd[1]: \u0000'));
  assert.equal(parseLogLine('Jan  5 12:34:56 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from [[[: 554')?.kind, 'other');
});
