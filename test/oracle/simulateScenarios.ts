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
  /** where smtpd answers: RCPT (default), MAIL, DATA or END-OF-MESSAGE */
  at?: 'MAIL' | 'RCPT' | 'DATA' | 'END-OF-MESSAGE';
  /** needs live DNS answers: listed, not run */
  liveDns?: true;
}

export interface OraclePolicy {
  name: string;
  port: number;
  /** indexed tables to build: "hash:NAME" */
  maps?: string[];
  service?: string;
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
