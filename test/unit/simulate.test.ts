import assert from 'node:assert/strict';
import test from 'node:test';
import type { Transaction } from '../../server/src/service/simulate';
import { simulateIn, type SimulateInput } from '../support/simulation';

const BASE = [
  'compatibility_level = 3.6',
  'myhostname = mx.example.com',
  'mydestination = $myhostname, example.com',
  'mynetworks = 127.0.0.0/8',
  'alias_maps =',
  'local_recipient_maps =',
  '',
].join('\n');

const TX: Transaction = {
  clientAddress: '198.51.100.7',
  clientName: 'mail.sender.test',
  helo: 'mail.sender.test',
  sender: 'a@sender.test',
  recipients: ['user@example.com'],
};

function one(input: SimulateInput | string, tx: Partial<Transaction> = {}) {
  const sim = simulateIn(typeof input === 'string' ? { main: BASE + input } : { ...input, main: BASE + input.main }, { ...TX, ...tx });
  return { ...sim.recipients[0], problems: sim.problems, all: sim.recipients };
}

test('the first reject ends the list; DUNNO goes on; an unset relay list defers relaying at level 3.6', () => {
  const r = one('smtpd_recipient_restrictions = check_recipient_access inline:{user@example.com=DUNNO}, reject\n');
  assert.equal(r.reply, '554 5.7.1 <user@example.com>: Recipient address rejected: Access denied');
  assert.deepEqual(r.decidedBy, { parameter: 'smtpd_recipient_restrictions', restriction: 'reject', file: '/etc/postfix/main.cf', line: 6 });
  const relay = one('', { recipients: ['x@elsewhere.test'] });
  assert.equal(relay.reply, '454 4.7.1 <x@elsewhere.test>: Relay access denied');
  assert.equal(relay.verdict, 'defer');
  assert.equal(relay.decidedBy?.line, null);
});

test('warn_if_reject turns the next reject into a logged warning only', () => {
  const r = one('smtpd_recipient_restrictions = warn_if_reject reject, reject_unauth_destination\n');
  assert.equal(r.verdict, 'accept');
  assert.ok(r.trace.some((s) => s.result === 'warn' && s.restriction === 'reject'));
});

test('defer_if_permit makes a later permit a 450; defer_if_reject makes a later 5xx a 450', () => {
  const permit = one('smtpd_recipient_restrictions = reject_unauth_destination, defer_if_permit, permit\n');
  assert.equal(permit.reply, '450 4.7.0 <user@example.com>: Recipient address rejected: defer_if_permit requested');
  assert.equal(permit.decidedBy?.restriction, 'defer_if_permit');
  const reject = one('smtpd_recipient_restrictions = reject_unauth_destination, defer_if_reject, reject\n');
  assert.equal(reject.reply, '450 4.7.0 <user@example.com>: Recipient address rejected: defer_if_reject requested');
});

test('a restriction class decides at the line of its own definition', () => {
  const r = one('smtpd_restriction_classes = picky\npicky = reject_non_fqdn_sender\nsmtpd_recipient_restrictions = reject_unauth_destination, picky\n', {
    sender: 'joe',
  });
  assert.equal(r.reply, '504 5.5.2 <joe>: Sender address rejected: need fully-qualified address');
  assert.deepEqual(r.decidedBy, { parameter: 'picky', restriction: 'reject_non_fqdn_sender', file: '/etc/postfix/main.cf', line: 7 });
});

test('a class that reaches itself, a $name cycle and an unknown restriction are reported, never a crash', () => {
  const loop = one('smtpd_restriction_classes = again\nagain = again\nsmtpd_recipient_restrictions = reject_unauth_destination, again\n');
  assert.equal(loop.verdict, 'defer');
  assert.equal(loop.reply, '');
  assert.ok(loop.problems.some((p) => p.includes('again')));
  const cycle = one('a_list = $b_list\nb_list = $a_list\nsmtpd_recipient_restrictions = reject_unauth_destination, $a_list\n');
  assert.equal(cycle.verdict, 'defer');
  assert.equal(cycle.reply, '');
  assert.ok(
    cycle.problems.some((p) => /a_list/.test(p)),
    cycle.problems.join('\n'),
  );
  const unknown = one('smtpd_recipient_restrictions = reject_unauth_destination, reject_everything\n');
  assert.equal(unknown.reply, '451 4.3.5 Server configuration error');
  assert.ok(unknown.problems.some((p) => p.includes('reject_everything')));
});

test('a configuration without relay protection: smtpd would not start', () => {
  const r = one('smtpd_relay_restrictions = permit_mynetworks\nsmtpd_recipient_restrictions = permit\n');
  assert.equal(r.reply, '');
  assert.ok(r.problems.some((p) => p.includes('reject_unauth_destination')));
});

test('tables the simulator cannot read are not consulted and assumed DUNNO; a malformed inline table fails as in Postfix', () => {
  const r = one('smtpd_recipient_restrictions = reject_unauth_destination, check_recipient_access mysql:/etc/postfix/rcpt.cf, reject\n');
  assert.equal(r.reply, '554 5.7.1 <user@example.com>: Recipient address rejected: Access denied');
  assert.ok(r.trace.some((s) => s.result === 'not-judged' && s.why.includes('not consulted, assumed DUNNO')));
  const bad = one('smtpd_recipient_restrictions = reject_unauth_destination, check_recipient_access inline:{ user@example.com = OK }\n');
  assert.equal(bad.reply, '451 4.3.5 <user@example.com>: Recipient address rejected: Server configuration error');
  const missing = one('smtpd_recipient_restrictions = reject_unauth_destination, check_recipient_access hash:/etc/postfix/none, reject\n');
  assert.ok(missing.trace.some((s) => s.result === 'not-judged' && s.why.includes('/etc/postfix/none')));
});

test('every access(5) action', () => {
  const access = (value: string, tx: Partial<Transaction> = {}) =>
    one(
      { main: 'smtpd_recipient_restrictions = reject_unauth_destination, check_sender_access hash:/etc/postfix/s\n', files: { s: `a@sender.test ${value}\n` } },
      tx,
    );
  assert.equal(access('OK').verdict, 'accept');
  const rejected = access('REJECT');
  assert.equal(rejected.reply, '554 5.7.1 <a@sender.test>: Sender address rejected: Access denied');
  assert.deepEqual(rejected.trace.at(-1)?.entry, { file: '/etc/postfix/s', line: 0, key: 'a@sender.test', value: 'REJECT' });
  assert.equal(access('REJECT 5.7.9 go away').reply, '554 5.7.9 <a@sender.test>: Sender address rejected: go away');
  assert.equal(access('DEFER later').reply, '450 4.7.1 <a@sender.test>: Sender address rejected: later');
  assert.equal(access('521 5.1.1 no such').reply, '521 5.1.7 <a@sender.test>: Sender address rejected: no such');
  assert.equal(access('421 closed').reply, '421 4.7.1 <a@sender.test>: Sender address rejected: closed');
  assert.equal(access('DEFER_IF_PERMIT wait').reply, '450 4.7.1 <a@sender.test>: Sender address rejected: wait');
  assert.equal(access('DISCARD').verdict, 'discard');
  assert.equal(access('HOLD').verdict, 'hold');
  assert.equal(access('REDIRECT x@y.test').verdict, 'redirect');
  assert.equal(access('FILTER smtp:[10.0.0.1]').verdict, 'filter');
  for (const quiet of ['BCC audit@example.com', 'PREPEND X-Checked: yes', 'WARN odd', 'INFO fine', 'DUNNO', '12345'])
    assert.equal(access(quiet).verdict, 'accept', quiet);
  assert.equal(access('reject_unauth_destination').verdict, 'accept');
  assert.equal(access('reject').reply, '554 5.7.1 <a@sender.test>: Sender address rejected: Access denied');
  assert.equal(access('hash:/etc/postfix/other').reply, '451 4.3.5 Server configuration error');
  const nul = one(
    { main: 'smtpd_recipient_restrictions = reject_unauth_destination, check_sender_access inline:{ { <> = REJECT no bounces here } }\n' },
    { sender: '' },
  );
  assert.equal(nul.reply, '554 5.7.1 <>: Sender address rejected: no bounces here');
});

test('access lookup order: address, without extension, domain and parents, localpart@', () => {
  const main = 'recipient_delimiter = +\nsmtpd_recipient_restrictions = reject_unauth_destination, check_sender_access texthash:/etc/postfix/s\n';
  const verdict = (entries: string, sender: string) => one({ main, files: { s: entries } }, { sender }).reply;
  assert.match(verdict('a@sub.sender.test REJECT full\n', 'a+x@sub.sender.test'), /full$/);
  assert.match(verdict('sender.test REJECT parent\n', 'a@sub.sender.test'), /parent$/);
  assert.match(verdict('a@ REJECT local\n', 'a+x@elsewhere.test'), /local$/);
  assert.match(verdict('a+x@ REJECT with extension\na@ REJECT without\n', 'a+x@elsewhere.test'), /with extension$/);
  assert.equal(verdict('@sender.test REJECT at-domain\n', 'a@sender.test'), '250 2.1.5 Ok');
  const dot = 'parent_domain_matches_subdomains =\n' + main;
  assert.equal(one({ main: dot, files: { s: 'sender.test REJECT\n' } }, { sender: 'a@sub.sender.test' }).reply, '250 2.1.5 Ok');
  assert.match(one({ main: dot, files: { s: '.sender.test REJECT dotted\n' } }, { sender: 'a@sub.sender.test' }).reply, /dotted$/);
});

test('client lookups: name, parent domains, address, shorter networks; pattern tables see whole keys only', () => {
  const main = 'smtpd_client_restrictions = check_client_access texthash:/etc/postfix/c\nsmtpd_recipient_restrictions = reject_unauth_destination\n';
  const reply = (entries: string) => one({ main, files: { c: entries } }).reply;
  assert.match(reply('sender.test REJECT by parent\n'), /^554 5\.7\.1 <mail\.sender\.test\[198\.51\.100\.7\]>: Client host rejected: by parent$/);
  assert.match(reply('198.51.100 REJECT by network\n'), /by network$/);
  const regexp = one({ main: main.replace('texthash:/etc/postfix/c', 'regexp:/etc/postfix/c'), files: { c: '/^198\\.51\\.100$/ REJECT partial\n' } });
  assert.equal(regexp.reply, '250 2.1.5 Ok');
});

test('DNS facts decide the DNS restrictions; without them the trace says they are assumed to pass', () => {
  const main =
    'smtpd_recipient_restrictions = reject_unauth_destination, reject_unknown_sender_domain, reject_rbl_client zen.example, reject_unknown_helo_hostname\n';
  const none = one(main);
  assert.equal(none.verdict, 'accept');
  assert.equal(none.trace.filter((s) => s.result === 'not-judged').length, 3);
  assert.equal(one(main, { dns: { unresolvable: ['sender.test'] } }).reply, '450 4.1.8 <a@sender.test>: Sender address rejected: Domain not found');
  assert.equal(one(main, { dns: { listed: ['zen.example'] } }).reply, '554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.example');
  assert.equal(one(main, { dns: { unresolvable: ['mail.sender.test'] } }).reply, '450 4.7.1 <mail.sender.test>: Helo command rejected: Host not found');
  const filtered = 'smtpd_recipient_restrictions = reject_unauth_destination, reject_rbl_client zen.example=127.0.0.[4..7]\n';
  assert.equal(one(filtered, { dns: { listed: ['zen.example=127.0.0.2'] } }).verdict, 'accept');
  assert.equal(one(filtered, { dns: { listed: ['zen.example=127.0.0.5'] } }).verdict, 'reject');
});

test('smtpd_delay_reject = no: a client reject answers before any recipient', () => {
  const r = one('smtpd_delay_reject = no\nsmtpd_client_restrictions = reject\nsmtpd_recipient_restrictions = reject_unauth_destination\n');
  assert.equal(r.reply, '554 5.7.1 <mail.sender.test[198.51.100.7]>: Client host rejected: Access denied');
  assert.equal(r.trace[0].stage, 'CONNECT');
});

test('HELO required, bad recipient syntax, the recipient limit, a bare postmaster', () => {
  const noHelo = one('smtpd_helo_required = yes\n', { helo: undefined });
  assert.equal(noHelo.reply, '503 5.5.1 Error: send HELO/EHLO first');
  assert.deepEqual(noHelo.decidedBy, { parameter: 'smtpd_helo_required', restriction: 'smtpd_helo_required = yes', file: '/etc/postfix/main.cf', line: 6 });
  assert.equal(one('', { recipients: ['a@bad..domain'] }).reply, '501 5.1.3 Bad recipient address syntax');
  const many = simulateIn({ main: BASE + 'smtpd_recipient_limit = 2\n' }, { ...TX, recipients: ['a@example.com', 'b@example.com', 'c@example.com'] });
  assert.deepEqual(
    many.recipients.map((r) => r.reply),
    ['250 2.1.5 Ok', '250 2.1.5 Ok', '452 4.5.3 Error: too many recipients'],
  );
  assert.equal(many.recipients[2].decidedBy?.parameter, 'smtpd_recipient_limit');
  assert.equal(one('smtpd_recipient_restrictions = reject\n', { recipients: ['postmaster'] }).verdict, 'accept');
});

test('thousands of recipients finish quickly', () => {
  const recipients = Array.from({ length: 5000 }, (_, i) => `user${i}@example.com`);
  const started = Date.now();
  const sim = simulateIn({ main: BASE }, { ...TX, recipients });
  assert.equal(sim.recipients.length, 5000);
  assert.equal(sim.recipients[4999].reply, '452 4.5.3 Error: too many recipients');
  assert.ok(Date.now() - started < 5000);
});

test('malformed input is a problem, not a crash', () => {
  const sim = simulateIn({ main: BASE }, { ...TX, clientAddress: '300.1.2.3' });
  assert.deepEqual(sim.recipients, []);
  assert.ok(sim.problems.length > 0);
  const helo = simulateIn({ main: BASE }, { ...TX, helo: 'bad\u0001helo' });
  assert.ok(helo.problems.some((p) => p.includes('helo')));
});

test('DATA and end-of-data restrictions apply to every accepted recipient', () => {
  const sim = simulateIn(
    { main: BASE + 'smtpd_data_restrictions = reject_multi_recipient_bounce\n' },
    { ...TX, sender: '', recipients: ['a@example.com', 'b@example.com'] },
  );
  for (const r of sim.recipients) assert.equal(r.reply, '550 5.5.3 <DATA>: Data command rejected: Multi-recipient bounce');
  const eod = one('smtpd_end_of_data_restrictions = check_sender_access inline:{ { a@sender.test = REJECT too late } }\n');
  assert.equal(eod.reply, '554 5.7.1 <a@sender.test>: Sender address rejected: too late');
  assert.equal(eod.trace.at(-1)?.stage, 'END-OF-MESSAGE');
});

test('smtpd_reject_footer adds reply lines; soft_bounce makes 5xx 4xx', () => {
  const footer = one('smtpd_reject_footer = Call $client_address\\nor write\nsmtpd_recipient_restrictions = reject\n');
  assert.equal(footer.reply, '554-5.7.1 <user@example.com>: Recipient address rejected: Access denied\n554-5.7.1 Call 198.51.100.7\n554 5.7.1 or write');
  assert.equal(
    one('soft_bounce = yes\nsmtpd_recipient_restrictions = reject\n').reply,
    '454 4.7.1 <user@example.com>: Recipient address rejected: Access denied',
  );
});

test('a master.cf service: its -o lists apply, and decide at their master.cf line', () => {
  const master = 'submission inet n - n - - smtpd\n  -o smtpd_recipient_restrictions=reject\n';
  const sim = simulateIn({ main: BASE, master, service: 'submission' }, TX);
  assert.equal(sim.recipients[0].reply, '554 5.7.1 <user@example.com>: Recipient address rejected: Access denied');
  assert.deepEqual(sim.recipients[0].decidedBy, { parameter: 'smtpd_recipient_restrictions', restriction: 'reject', file: '/etc/postfix/master.cf', line: 1 });
  const unknown = simulateIn({ main: BASE, master, service: 'nosuch' }, TX);
  assert.ok(unknown.problems.some((p) => p.includes('nosuch')));
});

test('without a service named: the smtpd on port 25, or the one behind postscreen there; main.cf alone without either', () => {
  const reply = (master: string): string => simulateIn({ main: BASE, master }, TX).recipients[0].reply;
  const rejected = '554 5.7.1 <user@example.com>: Recipient address rejected: Access denied';
  assert.equal(reply('smtp inet n - y - - smtpd\n  -o smtpd_recipient_restrictions=reject\nsubmission inet n - y - - smtpd\n'), rejected);
  assert.equal(reply('0.0.0.0:25 inet n - y - - smtpd\n  -o smtpd_recipient_restrictions=reject\n'), rejected);
  const screened = 'smtp inet n - y - 1 postscreen\nsmtpd pass - - y - - smtpd\n  -o smtpd_recipient_restrictions=reject\n';
  assert.equal(reply(screened), rejected);
  // postscreen hands clients to the service smtpd_service_name names
  const renamed =
    'smtp inet n - y - 1 postscreen\n  -o smtpd_service_name=inbound\nsmtpd pass - - y - - smtpd\ninbound pass - - y - - smtpd\n  -o smtpd_recipient_restrictions=reject\n';
  assert.equal(reply(renamed), rejected);
  assert.equal(reply('submission inet n - y - - smtpd\n  -o smtpd_recipient_restrictions=reject\n'), '250 2.1.5 Ok');
});

test('an older release: before 3.6 the recipient list comes before the relay list; before 3.9 obsolete restrictions are not an error', () => {
  const main =
    'smtpd_relay_restrictions = reject_unauth_destination\nsmtpd_recipient_restrictions = check_recipient_access inline:{ { x@elsewhere.test = REJECT by the recipient list } }\n';
  const tx = { recipients: ['x@elsewhere.test'] };
  assert.equal(one(main, tx).reply, '554 5.7.1 <x@elsewhere.test>: Relay access denied');
  assert.equal(one({ main, version: '3.5' }, tx).reply, '554 5.7.1 <x@elsewhere.test>: Recipient address rejected: by the recipient list');
  const obsolete = 'smtpd_recipient_restrictions = reject_unauth_destination, check_relay_domains\n';
  assert.equal(one(obsolete).reply, '451 4.3.5 Server configuration error');
  assert.equal(one({ main: obsolete, version: '3.7' }).verdict, 'accept');
});
