/**
 * Attribution of logged verdicts: the reply texts of smtpd_check.c to the
 * restrictions that word them, and, given a configuration, to the occurrence
 * smtpd evaluated: the relay list before the recipient list (or not, by
 * compatibility level), warn_if_reject, access tables that hold the text,
 * classes, $splices, master.cf services by syslog_name, built-in defaults.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileSystem } from '../../server/src/service/files';
import { attributeByReply, createAttributor, type Attribution } from '../../server/src/service/log/attribution';
import { LogAnalysis } from '../../server/src/service/log/logAnalysis';
import { parseLogLine, type LogLine } from '../../server/src/service/log/logLine';
import { replyOrigin } from '../../server/src/service/log/replyOrigin';
import { ConfigModel } from '../../server/src/service/model/config';

const MAIN = '/etc/postfix/main.cf';
const MASTER = '/etc/postfix/master.cf';

function diskOf(files: Record<string, string>): FileSystem {
  return { exists: (p) => p in files, list: () => [], read: (p) => files[p] };
}

function attributor(main: string, options: { master?: string; files?: Record<string, string> } = {}): (text: string) => Attribution {
  const model = new ConfigModel({ main, master: options.master });
  const attribute = createAttributor({
    model,
    mainPath: MAIN,
    masterPath: options.master === undefined ? undefined : MASTER,
    files: diskOf(options.files ?? {}),
  });
  return (text) => attribute(line(text));
}

function line(text: string): LogLine {
  const parsed = parseLogLine(text);
  assert.ok(parsed, text);
  return parsed;
}

/** A verdict line of smtpd at RCPT (or `stage`) with `reply` after code and enhanced status. */
const smtpd = (action: string, code: string, reply: string, stage = 'RCPT', service = 'postfix/smtpd'): string =>
  `Jan  5 12:34:56 mx ${service}[1]: NOQUEUE: ${action}: ${stage} from unknown[192.0.2.1]: ${code} ${reply}; from=<a@b.example> to=<c@example.com> proto=ESMTP helo=<h.example>`;

const at = (restriction: string, line: number | null, argument: string | null = null, file: string | null = line === null ? null : MAIN): Attribution => ({
  restriction,
  argument,
  file,
  line,
});

test("the reply texts of smtpd's built-in checks name them", () => {
  const cases: [string, string, string][] = [
    ['Client host rejected: cannot find your reverse hostname, [192.0.2.1]', '4.7.1', 'reject_unknown_reverse_client_hostname'],
    ['Client host rejected: cannot find your hostname, [192.0.2.1]', '4.7.25', 'reject_unknown_client_hostname'],
    ['<bad..example>: Helo command rejected: Invalid name', '5.5.2', 'reject_invalid_helo_hostname'],
    ['<[1.2.3]>: Helo command rejected: invalid ip address', '5.5.2', 'reject_invalid_helo_hostname'],
    ['<localhost>: Helo command rejected: need fully-qualified hostname', '5.5.2', 'reject_non_fqdn_helo_hostname'],
    ['<x.example>: Helo command rejected: Host not found', '4.7.1', 'reject_unknown_helo_hostname'],
    ['<joe>: Sender address rejected: need fully-qualified address', '5.5.2', 'reject_non_fqdn_sender'],
    ['<bob>: Recipient address rejected: need fully-qualified address', '5.5.2', 'reject_non_fqdn_recipient'],
    ['<a@nx.example>: Sender address rejected: Domain not found', '4.1.8', 'reject_unknown_sender_domain'],
    ['<a@nx.example>: Recipient address rejected: Domain not found', '4.1.2', 'reject_unknown_recipient_domain'],
    ['<a@null.example>: Sender address rejected: Domain null.example does not accept mail (nullMX)', '5.7.27', 'reject_unknown_sender_domain'],
    ['<a@b.example>: Sender address rejected: undeliverable address: host b.example said: 550 no', '5.1.0', 'reject_unverified_sender'],
    ['<c@example.com>: Recipient address rejected: unverified address: connection refused', '4.1.1', 'reject_unverified_recipient'],
    ['<c@example.com>: Recipient address rejected: User unknown in local recipient table', '5.1.1', 'reject_unlisted_recipient'],
    ['<c@example.com>: Recipient address rejected: User unknown in virtual mailbox table', '5.1.1', 'reject_unlisted_recipient'],
    ['<a@example.com>: Sender address rejected: User unknown in virtual alias table', '5.1.0', 'reject_unlisted_sender'],
    ['<c@example.net>: Relay access denied', '5.7.1', 'reject_unauth_destination'],
    ['<c@example.com>: Recipient address rejected: Access denied', '5.7.1', 'reject'],
    ['<c@example.com>: Recipient address rejected: Try again later', '4.3.2', 'defer'],
    ['<h.example>: Helo command rejected: defer_if_permit requested', '4.7.0', 'defer_if_permit'],
    ['<c@example.com>: Recipient address rejected: Improper use of SMTP command pipelining', '5.5.0', 'reject_unauth_pipelining'],
    ['<DATA>: Data command rejected: Multi-recipient bounce', '5.5.3', 'reject_multi_recipient_bounce'],
    ['Session encryption is required', '4.7.1', 'reject_plaintext_session'],
    ['<a@b.example>: Sender address rejected: not owned by user joe', '5.7.1', 'reject_sender_login_mismatch'],
    ['<a@b.example>: Sender address rejected: not logged in', '5.7.1', 'reject_sender_login_mismatch'],
    ['Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org', '5.7.1', 'reject_rbl_client'],
    ['Service unavailable; Client host [mail.spam.example] blocked using dbl.example.org; listed', '5.7.1', 'reject_rhsbl_client'],
    ['Service unavailable; Unverified Client host [mail.spam.example] blocked using dbl.example.org', '5.7.1', 'reject_rhsbl_reverse_client'],
    ['Service unavailable; Helo command [spam.example] blocked using dbl.example.org', '5.7.1', 'reject_rhsbl_helo'],
    ['Service unavailable; Sender address [spam.example] blocked using dbl.example.org', '5.7.1', 'reject_rhsbl_sender'],
    ['Service unavailable; Recipient address [spam.example] blocked using dbl.example.org', '5.7.1', 'reject_rhsbl_recipient'],
    ['<mail.x.example[192.0.2.1]>: Client host rejected: go away', '5.7.1', 'check_client_access'],
    ['<h.example>: Helo command rejected: You are not me', '5.7.1', 'check_helo_access'],
    ['<a@b.example>: Sender address rejected: We do not take mail from you', '5.7.1', 'check_sender_access'],
    ['<x.example>: Unverified Client host rejected: go away', '5.7.1', 'check_reverse_client_hostname_access'],
    ['<erin@example.com>: Recipient address rejected: mailbox closed', '5.1.1', 'reject_unlisted_recipient'],
    ['Message size exceeds fixed limit', '5.3.4', 'message_size_limit'],
  ];
  for (const [reply, enhancedStatus, name] of cases) assert.equal(replyOrigin(reply, { enhancedStatus })?.names[0], name, reply);
  assert.equal(replyOrigin('Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; https://x')?.dnsList, 'zen.spamhaus.org');
  // errors of the server itself name no restriction
  for (const reply of ['Server configuration error', '<c@example.com>: Temporary lookup failure', 'Error: too many recipients'])
    assert.equal(replyOrigin(reply), undefined, reply);
});

test('without a configuration: the name the reply gives, no file and no line', () => {
  assert.deepEqual(attributeByReply(line(smtpd('reject', '554 5.7.1', '<c@example.net>: Relay access denied'))), at('reject_unauth_destination', null));
  assert.deepEqual(
    attributeByReply(line(smtpd('reject', '554 5.7.1', 'Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org'))),
    at('reject_rbl_client', null, 'zen.spamhaus.org'),
  );
  assert.deepEqual(attributeByReply(line(smtpd('reject', '451 4.3.5', 'Server configuration error'))), {
    restriction: null,
    argument: null,
    file: null,
    line: null,
  });
});

test('a restriction written in the relay and the recipient list: the relay list runs first from compatibility level 3.6, the recipient list before', () => {
  const lists =
    'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\nsmtpd_recipient_restrictions =\n    permit_mynetworks,\n    reject_unauth_destination\n';
  const relay = smtpd('reject', '554 5.7.1', '<c@example.net>: Relay access denied');
  assert.deepEqual(attributor('compatibility_level = 3.6\n' + lists)(relay), at('reject_unauth_destination', 1));
  assert.deepEqual(attributor('compatibility_level = 2\n' + lists)(relay), at('reject_unauth_destination', 4));
  assert.deepEqual(
    attributor('compatibility_level = 3.6\nsmtpd_relay_before_recipient_restrictions = no\n' + lists)(relay),
    at('reject_unauth_destination', 5),
  );
});

test('the default relay list, which no file states, defers with defer_unauth_destination: no file, no line', () => {
  const attribute = attributor('compatibility_level = 3.6\nsmtpd_recipient_restrictions = permit_mynetworks\n');
  assert.deepEqual(attribute(smtpd('reject', '454 4.7.1', '<c@example.net>: Relay access denied')), at('defer_unauth_destination', null));
});

test('warn_if_reject: a reject_warning line is the warned occurrence, a reject line the other one', () => {
  const attribute = attributor(
    [
      'compatibility_level = 3.6',
      'smtpd_client_restrictions = warn_if_reject reject_unknown_client_hostname',
      'smtpd_recipient_restrictions = reject_unauth_destination, reject_unknown_client_hostname',
    ].join('\n'),
  );
  const reply = 'Client host rejected: cannot find your hostname, [192.0.2.1]';
  assert.deepEqual(attribute(smtpd('reject_warning', '450 4.7.25', reply)), at('reject_unknown_client_hostname', 1));
  assert.deepEqual(attribute(smtpd('reject', '450 4.7.25', reply)), at('reject_unknown_client_hostname', 2));
});

test('access tables: the check whose table holds the text, read through the file system; a database it cannot read as the fallback', () => {
  const main = [
    'compatibility_level = 3.6',
    'smtpd_client_restrictions =',
    '    check_client_access hash:/etc/postfix/friends,',
    '    check_client_access cidr:$config_directory/enemies.cidr,',
    '    check_client_access mysql:/etc/postfix/more.cf',
    'smtpd_sender_restrictions = check_sender_access pcre:/etc/postfix/senders.pcre',
  ].join('\n');
  const files = {
    '/etc/postfix/friends': 'friend.example OK\nfoe.example REJECT not a friend\n',
    '/etc/postfix/enemies.cidr': '203.0.113.0/24 550 5.7.1 go away\n198.51.100.0/24 REJECT\n',
    '/etc/postfix/senders.pcre': '/^(.*)@spam\\.example$/ REJECT $1 sends spam\n',
  };
  const attribute = attributor(main, { files });
  const client = (text: string): string => smtpd('reject', '554 5.7.1', `<unknown[192.0.2.1]>: Client host rejected: ${text}`);
  assert.deepEqual(attribute(client('not a friend')), at('check_client_access', 2, 'hash:/etc/postfix/friends'));
  assert.deepEqual(attribute(client('go away')), at('check_client_access', 3, 'cidr:$config_directory/enemies.cidr'));
  // a bare REJECT gives "Access denied"
  assert.deepEqual(attribute(client('Access denied')), at('check_client_access', 3, 'cidr:$config_directory/enemies.cidr'));
  // no readable table holds it: the table that cannot be read
  assert.deepEqual(attribute(client('from the database')), at('check_client_access', 4, 'mysql:/etc/postfix/more.cf'));
  // $1 in a regular expression table's text
  assert.deepEqual(
    attribute(smtpd('reject', '554 5.7.1', '<joe@spam.example>: Sender address rejected: joe sends spam')),
    at('check_sender_access', 5, 'pcre:/etc/postfix/senders.pcre'),
  );
});

test('"Access denied" in the class of a list: the list\'s own reject, not an access table that does not give it', () => {
  const attribute = attributor(
    [
      'smtpd_client_restrictions = check_client_access inline:{ { 192.0.2.9 = REJECT bye } }, reject',
      'smtpd_recipient_restrictions = reject_unauth_destination',
    ].join('\n'),
  );
  assert.deepEqual(attribute(smtpd('reject', '554 5.7.1', '<unknown[192.0.2.1]>: Client host rejected: Access denied')), at('reject', 0));
  assert.deepEqual(
    attribute(smtpd('reject', '554 5.7.1', '<unknown[192.0.2.9]>: Client host rejected: bye')),
    at('check_client_access', 0, 'inline:{ { 192.0.2.9 = REJECT bye } }'),
  );
});

test('a policy service takes the texts no table holds; the retry and error transports are the implicit unlisted-recipient check', () => {
  const attribute = attributor('smtpd_recipient_restrictions = reject_unauth_destination,\n    check_policy_service inet:127.0.0.1:10023\n');
  assert.deepEqual(
    attribute(smtpd('reject', '450 4.2.0', '<c@example.com>: Recipient address rejected: Greylisted, see https://postgrey.example')),
    at('check_policy_service', 1, 'inet:127.0.0.1:10023'),
  );
  const plain = attributor('smtpd_recipient_restrictions = reject_unauth_destination\n');
  assert.deepEqual(plain(smtpd('reject', '450 4.2.1', '<erin@example.com>: Recipient address rejected: mailbox busy')), at('reject_unlisted_recipient', null));
  assert.deepEqual(
    plain(smtpd('reject', '550 5.1.1', '<nobody@example.com>: Recipient address rejected: User unknown in local recipient table')),
    at('reject_unlisted_recipient', null),
  );
});

test('restriction classes and $splices: the line where the restriction is written', () => {
  const attribute = attributor(
    [
      'smtpd_restriction_classes = strict',
      'strict = reject_unknown_sender_domain',
      'smtpd_sender_restrictions = strict',
      'smtpd_recipient_restrictions = reject_unauth_destination, $dns_lists',
      'dns_lists =',
      '    reject_rbl_client bl.example.org=127.0.0.2,',
      '    reject_rbl_client zen.spamhaus.org=127.0.0.[2..11]',
    ].join('\n'),
  );
  assert.deepEqual(attribute(smtpd('reject', '450 4.1.8', '<a@nx.example>: Sender address rejected: Domain not found')), at('reject_unknown_sender_domain', 1));
  assert.deepEqual(
    attribute(smtpd('reject', '554 5.7.1', 'Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org')),
    at('reject_rbl_client', 6, 'zen.spamhaus.org=127.0.0.[2..11]'),
  );
});

test('a service of master.cf, told by its syslog_name, with its own -o lists', () => {
  const main = 'smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination\n';
  const master = [
    'smtp      inet  n       -       y       -       -       smtpd',
    'submission inet n       -       y       -       -       smtpd',
    '  -o syslog_name=postfix/submission',
    '  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject',
  ].join('\n');
  const attribute = attributor(main, { master });
  const denied = '<c@example.net>: Recipient address rejected: Access denied';
  assert.deepEqual(attribute(smtpd('reject', '554 5.7.1', denied, 'RCPT', 'postfix/submission/smtpd')), at('reject', 3, null, MASTER));
  assert.deepEqual(attribute(smtpd('reject', '554 5.7.1', '<c@example.net>: Relay access denied')), at('reject_unauth_destination', 0));
});

test('DATA and END-OF-MESSAGE verdicts come from their own lists', () => {
  const attribute = attributor(
    [
      'smtpd_data_restrictions = reject_unauth_pipelining, reject_multi_recipient_bounce',
      'smtpd_end_of_data_restrictions = reject_multi_recipient_bounce',
    ].join('\n'),
  );
  assert.deepEqual(
    attribute(smtpd('reject', '550 5.5.3', '<DATA>: Data command rejected: Multi-recipient bounce', 'DATA')),
    at('reject_multi_recipient_bounce', 0),
  );
  assert.deepEqual(
    attribute(smtpd('reject', '550 5.5.3', '<END-OF-MESSAGE>: End-of-data rejected: Multi-recipient bounce', 'END-OF-MESSAGE')),
    at('reject_multi_recipient_bounce', 1),
  );
});

test('header and body checks, milters and postscreen: under the parameter that configures them', () => {
  const main = [
    'header_checks = pcre:/etc/postfix/header_checks',
    'body_checks = regexp:/etc/postfix/body_checks',
    'smtpd_milters = inet:127.0.0.1:8891',
    'postscreen_dnsbl_sites = zen.spamhaus.org*3, bl.example.org*1',
    'postscreen_greet_action = enforce',
  ].join('\n');
  const attribute = attributor(main);
  assert.deepEqual(
    attribute(
      'Jan  5 12:34:56 mx postfix/cleanup[1]: 3F2A1C0123: reject: body buy now from x.example[192.0.2.1]; from=<a@b> to=<c@d> proto=ESMTP helo=<x>: 5.7.1 no',
    ),
    at('body_checks', 1, 'regexp:/etc/postfix/body_checks'),
  );
  assert.deepEqual(
    attribute(
      'Jan  5 12:34:56 mx postfix/smtpd[1]: 3F2A1C0123: milter-reject: END-OF-MESSAGE from x.example[192.0.2.1]: 5.7.1 Spam; from=<a@b> to=<c@d> proto=ESMTP helo=<x>',
    ),
    at('smtpd_milters', 2, 'inet:127.0.0.1:8891'),
  );
  assert.deepEqual(
    attribute(
      'Jan  5 12:34:56 mx postfix/postscreen[1]: NOQUEUE: reject: RCPT from [192.0.2.9]:5555: 550 5.7.1 Service unavailable; client [192.0.2.9] blocked using bl.example.org; from=<a@b>, to=<c@d>, proto=ESMTP, helo=<x>',
    ),
    at('postscreen_dnsbl_sites', 3, 'bl.example.org*1'),
  );
  // a "Protocol error" reject follows the event that names the failed test
  const analysis = new LogAnalysis({ attribute: createAttributor({ model: new ConfigModel({ main }), mainPath: MAIN, files: diskOf({}) }) });
  analysis.add('Jan  5 12:34:56 mx postfix/postscreen[1]: PREGREET 11 after 0.1 from [192.0.2.7]:40000: EHLO x\\r\\n');
  analysis.add(
    'Jan  5 12:34:57 mx postfix/postscreen[1]: NOQUEUE: reject: RCPT from [192.0.2.7]:40000: 550 5.5.1 Protocol error; from=<a@b>, to=<c@d>, proto=ESMTP, helo=<x>',
  );
  const [row] = analysis.report().rejects;
  assert.deepEqual([row.restriction, row.argument, row.line], ['postscreen_greet_action', 'enforce', 4]);
});
