/**
 * Whatever the configuration and the transaction, the simulator answers:
 * random restriction lists, classes and tables made of valid and broken
 * pieces never make it throw or take long.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import type { Transaction } from '../../server/src/service/simulate';
import { simulateIn } from '../support/simulation';

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = [
  'permit',
  'reject',
  'defer',
  'warn_if_reject',
  'defer_if_permit',
  'defer_if_reject',
  'permit_mynetworks',
  'reject_unauth_destination',
  'defer_unauth_destination',
  'reject_unlisted_recipient',
  'reject_unlisted_sender',
  'reject_non_fqdn_sender',
  'reject_non_fqdn_recipient',
  'reject_invalid_helo_hostname',
  'reject_unknown_helo_hostname',
  'reject_unknown_client_hostname',
  'reject_unknown_reverse_client_hostname',
  'reject_rbl_client',
  'zen.example',
  'permit_sasl_authenticated',
  'reject_sender_login_mismatch',
  'check_sender_access',
  'check_recipient_access',
  'check_client_access',
  'check_helo_access',
  'hash:/etc/postfix/t',
  'regexp:/etc/postfix/r',
  'cidr:/etc/postfix/c',
  'inline:{ { a = b c } }',
  'inline:{ broken',
  'mysql:/etc/postfix/m.cf',
  'classa',
  'classb',
  '$lista',
  '$listb',
  '${listb}',
  'sleep',
  'x',
  '{',
  '}',
  ',',
];

const VALUES = [
  'OK',
  'REJECT',
  'DUNNO',
  'DEFER_IF_PERMIT x',
  'DEFER_IF_REJECT',
  '550 5.1.1 no',
  '999 bad',
  'classa',
  'HOLD',
  'DISCARD',
  'PREPEND bad',
  'reject_unauth_destination',
  'hash:/x',
  '',
];

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)];
}

function words(next: () => number, n: number): string {
  return Array.from({ length: n }, () => pick(next, WORDS)).join(pick(next, [' ', ', ', ',']));
}

test('random configurations and transactions never throw and answer quickly', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const next = random(seed);
    const main = [
      'compatibility_level = ' + pick(next, ['0', '2', '3.6']),
      'smtpd_delay_reject = ' + pick(next, ['yes', 'no']),
      'smtpd_sasl_auth_enable = ' + pick(next, ['yes', 'no']),
      'smtpd_sender_login_maps = hash:/etc/postfix/t',
      'smtpd_restriction_classes = classa, classb',
      `classa = ${words(next, 3)}`,
      `classb = ${words(next, 2)}`,
      `lista = ${words(next, 3)}`,
      `listb = ${words(next, 2)}`,
      `smtpd_client_restrictions = ${words(next, 2)}`,
      `smtpd_helo_restrictions = ${words(next, 2)}`,
      `smtpd_sender_restrictions = ${words(next, 3)}`,
      `smtpd_recipient_restrictions = ${words(next, 5)}`,
      `smtpd_relay_restrictions = ${words(next, 3)}`,
      `smtpd_data_restrictions = ${words(next, 2)}`,
      `mynetworks = ${pick(next, ['127.0.0.0/8', '!192.0.2.1 192.0.2.0/24', 'cidr:/etc/postfix/c', '/etc/postfix/nets', '[::1]/128 bad/99'])}`,
      `relay_domains = ${pick(next, ['', 'example.org', 'hash:/etc/postfix/t', '$relay_domains'])}`,
      `smtpd_reject_footer = ${pick(next, ['', 'hi $client_address', '\\cfoo\\nbar'])}`,
      '',
    ].join('\n');
    const table = Array.from(
      { length: 4 },
      () => `${pick(next, ['a@sender.test', 'sender.test', 'user@example.com', 'unknown', '198.51.100', 'x'])} ${pick(next, VALUES)}`,
    ).join('\n');
    const files = {
      t: table,
      r: pick(next, ['/^a/ REJECT $1', '/(unclosed REJECT', 'if /x/\n/y/ OK', '/a/!/b/ DUNNO']),
      c: pick(next, ['198.51.100.0/24 REJECT', 'if 10.0.0.0/8\n!10.1.0.0/16 OK', 'bad/mask OK']),
      nets: '192.0.2.0/24 # office\n/etc/postfix/nets\n',
    };
    const tx: Transaction = {
      clientAddress: pick(next, ['198.51.100.7', '192.0.2.1', '2001:db8::1', '::ffff:192.0.2.1']),
      helo: pick(next, ['mail.sender.test', 'localhost', '[192.0.2.1]', 'bad..name', '[bad]']),
      sender: pick(next, ['a@sender.test', '', 'joe', 'x%y@example.com', 'a@[192.0.2.1]']),
      recipients: Array.from({ length: 1 + Math.floor(next() * 3) }, () =>
        pick(next, ['user@example.com', 'postmaster', 'u@elsewhere.test', 'a!b@example.com', 'x@bad..domain']),
      ),
      ...(next() < 0.5 ? { clientName: 'mail.sender.test' } : {}),
      ...(next() < 0.3 ? { saslUsername: 'joe' } : {}),
      ...(next() < 0.3 ? { dns: { listed: ['zen.example'], unresolvable: ['localhost'] } } : {}),
    };
    const started = Date.now();
    const sim = simulateIn({ main, files }, tx);
    assert.equal(sim.recipients.length, tx.recipients.length, `seed ${seed}`);
    for (const r of sim.recipients) assert.match(r.reply, /^$|^[2-5]\d\d[ -]/, `seed ${seed}: ${r.reply}`);
    assert.ok(Date.now() - started < 1000, `seed ${seed} took ${Date.now() - started} ms`);
  }
});

test('a million-character line and binary junk in a table are read without trouble', () => {
  const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)).toString('latin1');
  const sim = simulateIn(
    {
      main: `compatibility_level = 3.6\nsmtpd_recipient_restrictions = reject_unauth_destination, check_sender_access hash:/etc/postfix/t, check_sender_access pcre:/etc/postfix/p\n`,
      files: { t: 'x'.repeat(1_000_000) + ' REJECT\n' + junk, p: junk },
    },
    { clientAddress: '192.0.2.1', sender: 'a@b.test', recipients: ['postmaster@localhost'] },
  );
  assert.equal(sim.recipients.length, 1);
});
