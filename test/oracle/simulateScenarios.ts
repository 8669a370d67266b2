/**
 * The policies of test/fixtures/policies/oracle/ and the transactions the
 * simulator is compared on, each with the restriction expected to decide:
 * [list parameter, 0-based line in main.cf] (null line: a built-in check),
 * or null for an accept that no permit decided.
 */
import type { Transaction, Verdict } from '../../server/src/service/simulate';

export interface OracleScenario {
  name: string;
  tx: Transaction;
  /** the decider for the first recipient: [parameter, line]; null: none */
  by?: [string, number | null] | null;
  verdict?: Verdict;
  /** where smtpd answers: RCPT (default); CONNECT (the reply to XCLIENT, which starts the session again), HELO, MAIL, DATA or END-OF-MESSAGE */
  at?: 'CONNECT' | 'HELO' | 'MAIL' | 'RCPT' | 'DATA' | 'END-OF-MESSAGE';
  /** for a scenario smtpd cannot be asked here: the reply expected from the simulator */
  reply?: string;
  /** why the harness cannot reproduce it (live DNS, an IPv6 client on its IPv4-only listener): listed, not run */
  offline?: string;
}

export interface OraclePolicy {
  name: string;
  port: number;
  /** indexed tables to build: "hash:NAME" */
  maps?: string[];
  service?: string;
  /** warnings the scenarios make smtpd log on purpose */
  expectedComplaints?: RegExp[];
  scenarios: OracleScenario[];
}

const outside = (helo = 'mail.outside.test'): Pick<Transaction, 'clientAddress' | 'clientName' | 'helo'> => ({
  clientAddress: '198.51.100.20',
  clientName: 'mail.outside.test',
  helo,
});

const strictMx: OraclePolicy = {
  name: 'strict-mx',
  port: 3900,
  maps: ['hash:helo_access', 'hash:sender_access', 'hash:recipient_access'],
  scenarios: [
    {
      name: 'a blocked network',
      tx: { clientAddress: '203.0.113.9', helo: 'x.test', sender: 'a@x.test', recipients: ['alice@example.com'] },
      by: ['smtpd_client_restrictions', 10],
      verdict: 'reject',
    },
    {
      name: 'a network refused with its own code',
      tx: { clientAddress: '198.51.100.70', helo: 'x.test', sender: 'a@x.test', recipients: ['alice@example.com'] },
      by: ['smtpd_client_restrictions', 10],
    },
    {
      name: 'an invalid HELO name',
      tx: { ...outside('bad..host'), sender: 'a@outside.test', recipients: ['alice@example.com'] },
      by: ['smtpd_helo_restrictions', 12],
    },
    {
      name: 'a HELO name without a domain',
      tx: { ...outside('workstation'), sender: 'a@outside.test', recipients: ['alice@example.com'] },
      by: ['smtpd_helo_restrictions', 13],
    },
    {
      name: 'a HELO name that claims to be us',
      tx: { ...outside('mx1.example.com'), sender: 'a@outside.test', recipients: ['alice@example.com'] },
      by: ['smtpd_helo_restrictions', 14],
    },
    {
      name: 'a HELO name under our domain',
      tx: { ...outside('gw.example.com'), sender: 'a@outside.test', recipients: ['alice@example.com'] },
      by: ['smtpd_helo_restrictions', 14],
    },
    {
      name: 'our own network relays with a short HELO name',
      tx: { clientAddress: '192.0.2.5', helo: 'workstation', sender: 'me@example.com', recipients: ['someone@example.org'] },
      by: ['smtpd_relay_restrictions', 17],
      verdict: 'accept',
    },
    {
      name: 'a sender without a domain dot',
      tx: { ...outside(), sender: 'joe@localhost', recipients: ['alice@example.com'] },
      by: ['smtpd_sender_restrictions', 15],
    },
    {
      name: 'a sender under a blocked domain',
      tx: { ...outside(), sender: 'x@mail.spammer.test', recipients: ['alice@example.com'] },
      by: ['smtpd_sender_restrictions', 16],
    },
    {
      name: 'a sender localpart refused everywhere',
      tx: { ...outside(), sender: 'marketing@shop.example.net', recipients: ['alice@example.com'] },
      by: ['smtpd_sender_restrictions', 16],
    },
    {
      name: 'a sender whose mail is discarded',
      tx: { ...outside(), sender: 'news@bounces.example.org', recipients: ['alice@example.com'] },
      by: ['smtpd_sender_restrictions', 16],
      verdict: 'discard',
    },
    { name: 'a closed mailbox', tx: { ...outside(), sender: 'a@outside.test', recipients: ['retired@example.com'] }, by: ['smtpd_recipient_restrictions', 19] },
    {
      name: 'an unknown local user',
      tx: { ...outside(), sender: 'a@outside.test', recipients: ['nobody@example.com'] },
      by: ['smtpd_recipient_restrictions', 20],
    },
    {
      name: 'a local user listed by its localpart',
      tx: { ...outside(), sender: 'a@outside.test', recipients: ['bob@example.com'] },
      by: null,
      verdict: 'accept',
    },
    {
      name: 'an OK in the recipient table does not skip the implicit unlisted check',
      tx: { ...outside(), sender: 'a@outside.test', recipients: ['abuse@example.com'] },
      by: ['smtpd_reject_unlisted_recipient', null],
    },
    { name: 'relaying from outside', tx: { ...outside(), sender: 'a@outside.test', recipients: ['user@example.org'] }, by: ['smtpd_relay_restrictions', 17] },
    {
      name: 'a bounce to two recipients',
      tx: { ...outside(), sender: '', recipients: ['alice@example.com', 'office@example.com'] },
      at: 'DATA',
      by: ['smtpd_data_restrictions', 21],
    },
    { name: 'a recipient without a domain', tx: { ...outside(), sender: 'a@outside.test', recipients: ['alice'] }, by: ['smtpd_recipient_restrictions', 18] },
    { name: 'a bare postmaster', tx: { ...outside('workstation'), sender: 'a@outside.test', recipients: ['postmaster'] }, by: null, verdict: 'accept' },
    {
      name: 'a partner sender',
      tx: { ...outside(), sender: 'friend@partner.test', recipients: ['alice@example.com', 'office@example.com'] },
      by: null,
      verdict: 'accept',
    },
  ],
};

export const POLICIES: OraclePolicy[] = [strictMx];

const submission: OraclePolicy = {
  name: 'submission',
  port: 3901,
  scenarios: [
    {
      name: 'a user sends as herself',
      tx: { ...outside(), saslUsername: 'alice', sender: 'alice@example.net', recipients: ['friend@example.org'] },
      by: ['smtpd_recipient_restrictions', 11],
      verdict: 'accept',
    },
    {
      name: 'a user sends as a shared address',
      tx: { ...outside(), saslUsername: 'bob', sender: 'sales@example.net', recipients: ['friend@example.org'] },
      by: ['smtpd_recipient_restrictions', 11],
    },
    {
      name: 'a user sends as someone else',
      tx: { ...outside(), saslUsername: 'bob', sender: 'alice@example.net', recipients: ['friend@example.org'] },
      by: ['smtpd_sender_restrictions', 9],
    },
    {
      name: 'a whole domain owned by one user',
      tx: { ...outside(), saslUsername: 'carol', sender: 'orders@shop.example.net', recipients: ['friend@example.org'] },
      by: ['smtpd_recipient_restrictions', 11],
    },
    {
      name: 'an owned address without logging in',
      tx: { ...outside(), sender: 'alice@example.net', recipients: ['friend@example.org'] },
      by: ['smtpd_sender_restrictions', 9],
    },
    {
      name: 'an unowned address without logging in',
      tx: { ...outside(), sender: 'stranger@example.org', recipients: ['friend@example.org'] },
      by: ['smtpd_relay_restrictions', 10],
    },
    {
      name: 'a user with an address nobody owns',
      tx: { ...outside(), saslUsername: 'dave', sender: 'dave@elsewhere.test', recipients: ['friend@example.org'] },
      by: ['smtpd_sender_restrictions', 9],
    },
  ],
};

POLICIES.push(submission);

const hosting = (recipient: string, by: OracleScenario['by'], verdict?: Verdict): OracleScenario => ({
  name: `hosting: ${recipient}`,
  tx: { ...outside(), sender: 'a@outside.test', recipients: [recipient] },
  by,
  ...(verdict ? { verdict } : {}),
});

const virtualHost: OraclePolicy = {
  name: 'virtual-host',
  port: 3902,
  maps: ['hash:mailbox_domains', 'hash:mailboxes'],
  scenarios: [
    hosting('info@forward.test', null, 'accept'),
    hosting('nobody@forward.test', ['smtpd_reject_unlisted_recipient', null], 'reject'),
    hosting('ann@mailbox.test', null, 'accept'),
    hosting('ann+news@mailbox.test', null, 'accept'),
    hosting('ghost@mailbox.test', ['smtpd_reject_unlisted_recipient', null]),
    hosting('x@second.test', null),
    hosting('y@second.test', ['smtpd_reject_unlisted_recipient', null]),
    hosting('joe@partner.test', null),
    hosting('zed@partner.test', ['smtpd_reject_unlisted_recipient', null]),
    hosting('someone@sub.partner.test', ['smtpd_reject_unlisted_recipient', null]),
    hosting('user@elsewhere.test', ['smtpd_relay_restrictions', 16]),
    hosting('sales@mailbox.test', null, 'accept'),
  ],
};

const known = { clientAddress: '198.51.100.20', clientName: 'mail.outside.test', helo: 'mail.outside.test' };
const classes: OraclePolicy = {
  name: 'classes',
  port: 3903,
  scenarios: [
    {
      name: 'a strict mailbox and a client without a name',
      tx: { clientAddress: '203.0.113.5', helo: 'x.test', sender: 'a@x.test', recipients: ['ceo@example.org'] },
      by: ['strict', 9],
    },
    {
      name: 'a strict mailbox and a freemail sender',
      tx: { ...known, clientAddress: '203.0.113.6', sender: 'joe@free.test', recipients: ['ceo@example.org'] },
      by: ['strict', 11],
    },
    {
      name: 'a strict mailbox passed',
      tx: { ...known, clientAddress: '203.0.113.6', sender: 'joe@company.test', recipients: ['ceo@example.org'] },
      by: ['smtpd_recipient_restrictions', 18],
      verdict: 'accept',
    },
    { name: 'a lenient mailbox', tx: { ...known, sender: 'joe@company.test', recipients: ['support@example.org'] }, by: ['lenient', 12], verdict: 'accept' },
    {
      name: 'a trial class: a logged reject, then a deferral',
      tx: { clientAddress: '203.0.113.7', helo: 'x.test', sender: 'a@x.test', recipients: ['test@example.org'] },
      by: ['trial', 13],
      verdict: 'defer',
    },
    {
      name: 'a reject made a deferral by DEFER_IF_REJECT',
      tx: { ...known, sender: 'a@outside.test', recipients: ['hr@example.org'] },
      by: ['smtpd_recipient_restrictions', 17],
      verdict: 'defer',
    },
    {
      name: 'greylisting turns the final permit into a deferral',
      tx: { clientAddress: '192.0.2.130', helo: 'grey.test', sender: 'a@grey.test', recipients: ['anyone@example.org'] },
      by: ['smtpd_recipient_restrictions', 17],
    },
    {
      name: 'a short HELO name only logged',
      tx: { clientAddress: '203.0.113.8', helo: 'shorty', sender: 'a@x.test', recipients: ['anyone@example.org'] },
      by: ['smtpd_recipient_restrictions', 18],
    },
    {
      name: 'a refused network',
      tx: { ...known, sender: 'a@outside.test', recipients: ['anyone@example.org'] },
      by: ['smtpd_recipient_restrictions', 17],
      verdict: 'reject',
    },
    {
      name: 'relaying',
      tx: { clientAddress: '203.0.113.8', helo: 'x.test', sender: 'a@x.test', recipients: ['u@elsewhere.test'] },
      by: ['smtpd_relay_restrictions', null],
    },
  ],
};

const patterns: OraclePolicy = {
  name: 'patterns',
  port: 3904,
  scenarios: [
    {
      name: 'a dial-up address',
      tx: { clientAddress: '100.64.7.7', helo: 'h.test', sender: 'a@h.test', recipients: ['anna@pattern.test'] },
      by: ['smtpd_client_restrictions', 8],
    },
    {
      name: 'the provider mail servers',
      tx: { clientAddress: '100.64.1.9', helo: 'h.test', sender: 'a@h.test', recipients: ['anna@pattern.test'] },
      by: null,
      verdict: 'accept',
    },
    {
      name: 'a blocked IPv6 network',
      tx: { clientAddress: '2001:db8:bad::5', helo: 'h.test', sender: 'a@h.test', recipients: ['anna@pattern.test'] },
      by: ['smtpd_client_restrictions', 8],
      reply: '554 5.7.1 <unknown[2001:db8:bad::5]>: Client host rejected: IPv6 network blocked',
      offline: 'the harness listens with inet_protocols = ipv4, so XCLIENT refuses an IPv6 address',
    },
    {
      name: 'a HELO that spells an address',
      tx: { clientAddress: '192.0.2.9', helo: '10-1-2-3.dyn.isp.test', sender: 'a@h.test', recipients: ['anna@pattern.test'] },
      by: ['smtpd_helo_restrictions', 9],
    },
    {
      name: 'a HELO of localhost',
      tx: { clientAddress: '192.0.2.9', helo: 'localhost', sender: 'a@h.test', recipients: ['anna@pattern.test'] },
      by: ['smtpd_helo_restrictions', 9],
    },
    {
      name: 'a sender domain in .invalid',
      tx: { clientAddress: '192.0.2.9', helo: 'h.test', sender: 'x@foo.invalid', recipients: ['anna@pattern.test'] },
      by: ['smtpd_sender_restrictions', 10],
    },
    {
      name: 'a numeric sender',
      tx: { clientAddress: '192.0.2.9', helo: 'h.test', sender: '12345@numbers.test', recipients: ['anna@pattern.test'] },
      by: ['smtpd_sender_restrictions', 10],
    },
    {
      name: 'a bulk sender, key written in capitals',
      tx: { clientAddress: '192.0.2.9', helo: 'h.test', sender: 'news@bulk.example', recipients: ['anna@pattern.test'] },
      by: ['smtpd_sender_restrictions', 11],
    },
    {
      name: 'a full mailbox',
      tx: { clientAddress: '192.0.2.9', helo: 'h.test', sender: 'a@h.test', recipients: ['bert@pattern.test'] },
      by: ['smtpd_recipient_restrictions', 13],
    },
    {
      name: 'a user the inline table lacks',
      tx: { clientAddress: '192.0.2.9', helo: 'h.test', sender: 'a@h.test', recipients: ['carl@pattern.test'] },
      by: ['smtpd_reject_unlisted_recipient', null],
    },
    {
      name: 'an address literal as HELO',
      tx: { clientAddress: '192.0.2.9', helo: '[192.0.2.9]', sender: 'postmaster@h.test', recipients: ['anna@pattern.test'] },
      by: null,
      verdict: 'accept',
    },
  ],
};

const codes: OraclePolicy = {
  name: 'codes',
  port: 3905,
  maps: ['hash:sender_access', 'hash:recipient_access'],
  scenarios: [
    { name: 'a sender from the parent domain', tx: { ...known, sender: 'a@example.com', recipients: ['anyone@codes.test'] }, by: ['sender_checks', 12] },
    { name: 'a sender from a subdomain', tx: { ...known, sender: 'a@sub.example.com', recipients: ['anyone@codes.test'] }, by: ['sender_checks', 12] },
    { name: 'a sender without a domain', tx: { ...known, sender: 'joe', recipients: ['anyone@codes.test'] }, by: ['common_checks', 13] },
    { name: 'relaying with an own code', tx: { ...known, sender: 'a@outside.test', recipients: ['u@elsewhere.test'] }, by: ['smtpd_relay_restrictions', null] },
    {
      name: 'a refused recipient with the default text',
      tx: { ...known, sender: 'a@outside.test', recipients: ['info@codes.test'] },
      by: ['smtpd_recipient_restrictions', 16],
    },
    { name: 'a deferred recipient', tx: { ...known, sender: 'a@outside.test', recipients: ['sales@codes.test'] }, by: ['smtpd_recipient_restrictions', 16] },
    {
      name: 'a client without a reverse name',
      tx: { clientAddress: '203.0.113.44', helo: 'x.test', sender: 'a@x.test', recipients: ['anyone@codes.test'] },
      by: ['smtpd_recipient_restrictions', 17],
    },
    { name: 'an accepted mail', tx: { ...known, sender: 'a@outside.test', recipients: ['anyone@codes.test'] }, by: null, verdict: 'accept' },
  ],
};

const services: OraclePolicy = {
  name: 'services',
  port: 3906,
  service: '127.0.0.1:3906',
  scenarios: [
    {
      name: 'an internal address from the office',
      tx: { clientAddress: '192.0.2.1', helo: 'office.test', sender: 'a@office.test', recipients: ['staff@services.test'] },
      by: ['internal_only', 2],
      verdict: 'accept',
    },
    {
      name: 'an internal address from outside',
      tx: { ...known, sender: 'a@outside.test', recipients: ['staff@services.test'] },
      by: ['internal_only', 2],
      verdict: 'reject',
    },
    { name: 'a public address', tx: { ...known, sender: 'a@outside.test', recipients: ['other@services.test'] }, by: ['smtpd_recipient_restrictions', 3] },
    {
      name: 'relaying through the second listener',
      tx: { ...known, sender: 'a@outside.test', recipients: ['u@elsewhere.test'] },
      by: ['smtpd_relay_restrictions', null],
    },
  ],
};

POLICIES.push(virtualHost, classes, patterns, codes, services);

const edges: OraclePolicy = {
  name: 'edges',
  port: 3907,
  expectedComplaints: [/Illegal address syntax .* in RCPT command: <a@bad\.\.domain>/],
  scenarios: [
    {
      name: 'a message held for review',
      tx: { ...known, sender: 'hold@sender.test', recipients: ['u@edge.test'] },
      by: ['smtpd_recipient_restrictions', 12],
      verdict: 'hold',
    },
    {
      name: 'a message sent through a filter',
      tx: { ...known, sender: 'filter@sender.test', recipients: ['u@edge.test'] },
      by: ['smtpd_recipient_restrictions', 12],
      verdict: 'filter',
    },
    { name: 'a header added', tx: { ...known, sender: 'prepend@sender.test', recipients: ['u@edge.test'] }, by: null, verdict: 'accept' },
    {
      name: 'an own code with a sender status and the footer',
      tx: { ...known, sender: 'gone@sender.test', recipients: ['u@edge.test'] },
      by: ['smtpd_recipient_restrictions', 12],
    },
    { name: 'relaying, with the footer', tx: { ...known, sender: 'a@sender.test', recipients: ['u@elsewhere.test'] }, by: ['smtpd_relay_restrictions', null] },
    { name: 'more recipients than allowed', tx: { ...known, sender: 'a@sender.test', recipients: ['a@edge.test', 'b@edge.test', 'c@edge.test'] }, by: null },
    { name: 'a recipient domain that is not one', tx: { ...known, sender: 'a@sender.test', recipients: ['a@bad..domain'] }, by: null, verdict: 'reject' },
    {
      name: 'refused after the message',
      tx: { ...known, sender: 'late@sender.test', recipients: ['a@edge.test'] },
      at: 'END-OF-MESSAGE',
      by: ['smtpd_end_of_data_restrictions', 13],
    },
    {
      name: 'a sender unknown in its own virtual alias domain',
      tx: { ...known, sender: 'x@alias.edge.test', recipients: ['a@edge.test'] },
      by: ['smtpd_reject_unlisted_sender', null],
      verdict: 'reject',
    },
    {
      name: 'a dynamic reverse name',
      tx: { clientAddress: '203.0.113.60', reverseClientName: 'host1.dyn.isp.test', helo: 'h.test', sender: 'a@h.test', recipients: ['a@edge.test'] },
      by: ['smtpd_helo_restrictions', 16],
    },
  ],
};

const early: OraclePolicy = {
  name: 'early',
  port: 3908,
  scenarios: [
    {
      name: 'a client refused at connection time',
      tx: { clientAddress: '203.0.113.9', helo: 'h.test', sender: 'a@h.test', recipients: ['u@early.test'] },
      at: 'CONNECT',
      by: ['smtpd_client_restrictions', 9],
    },
    {
      name: 'a HELO refused at HELO',
      tx: { clientAddress: '203.0.113.10', helo: 'shorty', sender: 'a@h.test', recipients: ['u@early.test'] },
      at: 'HELO',
      by: ['smtpd_helo_restrictions', 10],
    },
    {
      name: 'a sender refused at MAIL FROM',
      tx: { clientAddress: '203.0.113.10', helo: 'h.test', sender: 'bad@x.test', recipients: ['u@early.test'] },
      at: 'MAIL',
      by: ['smtpd_sender_restrictions', 11],
    },
    {
      name: 'the recipient list still at RCPT',
      tx: { clientAddress: '203.0.113.10', helo: 'h.test', sender: 'a@h.test', recipients: ['u@elsewhere.test'] },
      by: ['smtpd_relay_restrictions', null],
    },
  ],
};

const dns: OraclePolicy = {
  name: 'dns',
  port: 3909,
  scenarios: [
    {
      name: 'a sender domain that does not exist',
      tx: { ...known, sender: 'a@no-such-domain.test', recipients: ['u@dns.test'], dns: { unresolvable: ['no-such-domain.test'] } },
      by: ['smtpd_recipient_restrictions', 9],
      reply: '450 4.1.8 <a@no-such-domain.test>: Sender address rejected: Domain not found',
      offline: 'needs live DNS: without a resolver smtpd sees a temporary failure, not a missing domain',
    },
    {
      name: 'a client on a DNS block list',
      tx: { ...known, sender: 'a@outside.test', recipients: ['u@dns.test'], dns: { listed: ['zen.spamhaus.org=127.0.0.2'] } },
      by: ['smtpd_recipient_restrictions', 10],
      reply: '554 5.7.1 Service unavailable; Client host [198.51.100.20] blocked using zen.spamhaus.org',
      offline: 'needs live DNS and a listed address',
    },
    {
      name: 'a HELO name without an address',
      tx: { ...known, helo: 'ghost.outside.test', sender: 'a@outside.test', recipients: ['u@dns.test'], dns: { unresolvable: ['ghost.outside.test'] } },
      by: ['smtpd_recipient_restrictions', 11],
      reply: '450 4.7.1 <ghost.outside.test>: Helo command rejected: Host not found',
      offline: 'needs live DNS',
    },
  ],
};

POLICIES.push(edges, early, dns);
