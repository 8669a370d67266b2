/**
 * The mail-log analysis on logs the real Postfix wrote: one instance runs the
 * policy of test/fixtures/maillog-oracle with qmgr and delivery agents, SMTP sessions
 * trip each restriction (warn_if_reject ones too) and deliver, bounce, defer,
 * expire, discard and hold mail; the counts per restriction and action must be
 * exactly what the sessions caused. The same log, rotated into a .gz and a
 * plain file, must give the same report through the command line.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readLog } from '../../server/src/logReader';
import { nodeFiles } from '../../server/src/nodeFiles';
import { createAttributor } from '../../server/src/service/log/attribution';
import { LogAnalysis, type LogReport, type RejectRow } from '../../server/src/service/log/logAnalysis';
import { ConfigModel } from '../../server/src/service/model/config';
import { configPlace } from '../../server/src/service/model/tablePaths';
import { fixturesDir, repoRoot } from '../support/fixtures';
import { postfixSessions, type SmtpClient } from './harness';
import { postconfVersion } from './postconf';
import { requirePostfix } from './support';

const PORT = 3970;
/** nothing listens here: mail routed to it is deferred */
const CLOSED_PORT = 3999;
const FIXTURE = join(fixturesDir, 'maillog-oracle');
const TABLES = ['sender_access', 'clients.cidr', 'header_checks'];
const MAIN = readFileSync(join(FIXTURE, 'main.cf'), 'utf8');
const TRANSPORT = [
  'carol@example.com local:',
  `dave@example.com smtp:[127.0.0.1]:${CLOSED_PORT}`,
  'erin@example.com retry:4.2.1 mailbox busy',
  'frank@example.com error:5.1.1 mailbox closed',
].join('\n');

/** The services the harness lacks for delivery: qmgr and the agents the transports name. */
const MASTER = [
  'qmgr unix n - n 300 1 qmgr',
  'bounce unix - - n - 0 bounce',
  'defer unix - - n - 0 bounce',
  'trace unix - - n - 0 bounce',
  'discard unix - - n - - discard',
  'error unix - - n - - error',
  'retry unix - - n - - error',
  'smtp unix - - n - - smtp',
  'local unix - n n - - local',
].join('\n');

const REMOTE = { ADDR: '198.51.100.20', NAME: 'mail.remote.example', REVERSE_NAME: 'mail.remote.example', HELO: 'mail.remote.example' };
const message = (subject: string): { body: string } => ({ body: `From: bob@remote.example\nSubject: ${subject}\n\nhello\n` });
const mailTo = (from: string, ...to: string[]): string[] => [`MAIL FROM:<${from}>`, ...to.map((r) => `RCPT TO:<${r}>`)];

const CLIENTS: SmtpClient[] = [
  // relay attempts: the relay list refuses them before the recipient list's copy of the same restriction
  { xclient: REMOTE, steps: mailTo('bob@remote.example', 'someone@elsewhere.example', 'other@elsewhere.example') },
  // unknown local user: the implicit smtpd_reject_unlisted_recipient
  { xclient: REMOTE, steps: mailTo('bob@remote.example', 'nobody@example.com') },
  // the sender table, by its two entries
  { xclient: REMOTE, steps: mailTo('spammer@bad.example', 'alice@example.com') },
  { xclient: REMOTE, steps: mailTo('x@spam.example', 'alice@example.com') },
  // the client table
  { xclient: { ...REMOTE, ADDR: '203.0.113.5' }, steps: mailTo('bob@remote.example', 'alice@example.com') },
  // HELO checks
  { xclient: { ...REMOTE, HELO: 'localhost' }, steps: mailTo('bob@remote.example', 'alice@example.com') },
  { xclient: { ...REMOTE, HELO: 'bad..example' }, steps: mailTo('bob@remote.example', 'alice@example.com') },
  // warn_if_reject: a bare sender and no reverse name, twice each (once per RCPT); the mail goes through
  {
    xclient: { ADDR: '198.51.100.30', HELO: 'nameless.example' },
    steps: [...mailTo('joe', 'alice@example.com', 'postmaster@example.com'), 'DATA', message('hello')],
  },
  // recipients the transport table bounces (error:) or retries (retry:) at RCPT time
  { xclient: REMOTE, steps: mailTo('bob@remote.example', 'erin@example.com', 'frank@example.com') },
  // a DATA-stage defer, and an END-OF-MESSAGE one after the queue ID was assigned
  { xclient: { ...REMOTE, ADDR: '198.51.100.40' }, steps: [...mailTo('bob@remote.example', 'alice@example.com'), 'DATA'] },
  { xclient: REMOTE, steps: [...mailTo('busy@remote.example', 'alice@example.com'), 'DATA', message('more')] },
  // one message, three fates: delivered (discard), bounced (local: no such user), deferred then expired
  { xclient: REMOTE, steps: [...mailTo('', 'alice@example.com', 'carol@example.com', 'dave@example.com'), 'DATA', message('status report')] },
  // header_checks: reject, discard, hold
  { xclient: REMOTE, steps: [...mailTo('bob@remote.example', 'alice@example.com'), 'DATA', message('buy now')] },
  { xclient: REMOTE, steps: [...mailTo('bob@remote.example', 'alice@example.com'), 'DATA', message('discard me')] },
  { xclient: REMOTE, steps: [...mailTo('bob@remote.example', 'alice@example.com'), 'DATA', message('hold me')] },
];

/** 0-based line of the fixture's main.cf that holds `text`. */
const lineOf = (text: string): number => {
  const at = MAIN.split('\n').findIndex((l) => l.includes(text));
  assert.ok(at >= 0, `main.cf has no line with ${text}`);
  return at;
};

let work = '';
let maillog = '';
let canRun = true;

before(async () => {
  if (!postconfVersion() || process.getuid?.() !== 0) {
    canRun = false;
    return;
  }
  work = mkdtempSync(join(tmpdir(), 'maillog-'));
  const files: Record<string, string> = Object.fromEntries(TABLES.map((f) => [f, readFileSync(join(FIXTURE, f), 'utf8')]));
  files.transport = TRANSPORT + '\n';
  // the configuration the analysis reads: the same files, where $config_directory is this main.cf's directory
  writeFileSync(join(work, 'main.cf'), MAIN);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(work, name), text);
  const result = await postfixSessions({
    main: MAIN,
    port: PORT,
    master: MASTER,
    files,
    clients: CLIENTS,
    until: (log) => /status=expired/.test(log) && /status=bounced/.test(log) && /: hold: header/.test(log),
  });
  assert.deepEqual(result.complaints, [], result.complaints.join('\n'));
  maillog = result.maillog;
  writeFileSync(join(work, 'mail.log'), maillog);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function skipUnlessRun(t: TestContext): boolean {
  if (canRun) return true;
  requirePostfix(t);
  t.skip('the mail-log oracle needs root to start Postfix');
  return false;
}

async function analyse(files: string[], withConfig: boolean): Promise<LogReport> {
  const mainPath = join(work, 'main.cf');
  const model = new ConfigModel({ main: MAIN });
  const attribute = withConfig ? createAttributor({ model, mainPath, files: nodeFiles, place: configPlace(model, work) }) : undefined;
  const analysis = new LogAnalysis({ attribute });
  for (const f of files) await readLog(f, analysis);
  return analysis.report();
}

/** The rows as `action restriction argument @line: count (stage code)`, sorted. */
const rows = (report: Pick<LogReport, 'rejects'>): string[] =>
  report.rejects
    .map(
      (r: Pick<RejectRow, 'action' | 'restriction' | 'argument' | 'line' | 'count' | 'stage' | 'code'>) =>
        `${r.action} ${r.restriction ?? '-'} ${r.argument ?? '-'} @${r.line ?? '-'}: ${r.count} (${r.stage} ${r.code ?? '-'})`,
    )
    .sort();

const EXPECTED_WITH_CONFIG = (): string[] =>
  [
    `reject reject_unauth_destination - @${lineOf('permit_mynetworks') + 1}: 2 (RCPT 554)`,
    'reject reject_unlisted_recipient - @-: 2 (RCPT 550)',
    'defer reject_unlisted_recipient - @-: 1 (RCPT 450)',
    `reject check_sender_access texthash:$config_directory/sender_access @${lineOf('texthash:')}: 2 (RCPT 554)`,
    `reject check_client_access cidr:$config_directory/clients.cidr @${lineOf('clients.cidr')}: 1 (RCPT 554)`,
    `reject check_helo_access inline:{ { localhost = REJECT You are not me } } @${lineOf('You are not me')}: 1 (RCPT 554)`,
    `reject reject_invalid_helo_hostname - @${lineOf('reject_invalid_helo_hostname')}: 1 (RCPT 501)`,
    `reject_warning reject_non_fqdn_sender - @${lineOf('reject_non_fqdn_sender')}: 2 (RCPT 504)`,
    `reject_warning reject_unknown_reverse_client_hostname - @${lineOf('reject_unknown_reverse_client_hostname')}: 2 (RCPT 450)`,
    `defer check_client_access inline:{ { 198.51.100.40 = DEFER Come back later } } @${lineOf('Come back later')}: 1 (DATA 450)`,
    `defer check_sender_access inline:{ { busy@remote.example = 452 4.3.1 Too much mail from you today } } @${lineOf('Too much mail')}: 1 (END-OF-MESSAGE 452)`,
    `reject header_checks regexp:$config_directory/header_checks @${lineOf('header_checks =')}: 1 (END-OF-MESSAGE -)`,
  ].sort();

test('every reject, defer and reject_warning of a real Postfix log is counted under the restriction and line of main.cf that produced it', async (t) => {
  if (!skipUnlessRun(t)) return;
  const report = await analyse([join(work, 'mail.log')], true);
  assert.deepEqual(rows(report), EXPECTED_WITH_CONFIG(), maillog);
  for (const r of report.rejects) {
    assert.equal(r.file, r.line === null ? null : join(work, 'main.cf'));
    assert.ok(r.examples.length > 0 && r.examples.length <= 3);
  }
});

test('the message flow of a real Postfix log: received, delivered, deferred, bounced, expired, discarded, held', async (t) => {
  if (!skipUnlessRun(t)) return;
  const report = await analyse([join(work, 'mail.log')], false);
  // received: the warned message and the three-recipient one; not the DATA and END-OF-MESSAGE rejects
  // nor the header_checks reject, which had queue IDs too
  assert.deepEqual(report.messages, { received: 2, delivered: 3, deferred: 1, bounced: 1, expired: 1, discarded: 1, held: 1 }, maillog);
  assert.equal(report.lines, maillog.split('\n').filter((l) => l !== '').length);
  // the harness's own marker line is the only line of another program
  assert.deepEqual(
    report.skipped.map((s) => [s.reason, s.count]),
    [['another program than Postfix', 1]],
  );
});

test('without a configuration the reply texts name the restrictions', async (t) => {
  if (!skipUnlessRun(t)) return;
  const report = await analyse([join(work, 'mail.log')], false);
  const names = new Map<string, number>();
  for (const r of report.rejects) names.set(`${r.action} ${r.restriction ?? '-'}`, (names.get(`${r.action} ${r.restriction ?? '-'}`) ?? 0) + r.count);
  assert.equal(names.get('reject reject_unauth_destination'), 2);
  assert.equal(names.get('reject_warning reject_unknown_reverse_client_hostname'), 2);
  assert.equal(names.get('reject_warning reject_non_fqdn_sender'), 2);
  assert.equal(names.get('reject reject_invalid_helo_hostname'), 1);
  assert.equal(names.get('reject reject_unlisted_recipient'), 2);
  assert.equal(names.get('reject header_checks'), 1);
  assert.ok(report.rejects.every((r) => r.file === null && r.line === null));
});

function cli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(repoRoot, 'dist', 'server.js'), 'log', ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

interface JsonReport {
  lines: number;
  from: string | null;
  to: string | null;
  rejects: RejectRow[];
  messages: LogReport['messages'];
  problems: string[];
}

test('the log command reads a log rotated into .gz and plain parts as it reads the whole', async (t) => {
  if (!skipUnlessRun(t)) return;
  const lines = maillog.split('\n');
  const half = Math.floor(lines.length / 2);
  writeFileSync(join(work, 'mail.log.1.gz'), gzipSync(lines.slice(0, half).join('\n') + '\n'));
  writeFileSync(join(work, 'mail.log.0'), lines.slice(half).join('\n'));
  const whole = await cli(['--format', 'json', '--config', join(work, 'main.cf'), join(work, 'mail.log')]);
  const rotated = await cli(['--format=json', '--config', join(work, 'main.cf'), join(work, 'mail.log.1.gz'), join(work, 'mail.log.0')]);
  assert.equal(whole.status, 0, whole.stderr);
  assert.equal(rotated.status, 0, rotated.stderr);
  const a = JSON.parse(whole.stdout) as JsonReport;
  const b = JSON.parse(rotated.stdout) as JsonReport;
  assert.deepEqual(rows(a), EXPECTED_WITH_CONFIG());
  assert.deepEqual(rows(b), rows(a));
  assert.deepEqual(b.messages, a.messages);
  assert.equal(b.lines, a.lines);
  assert.deepEqual([b.from, b.to], [a.from, a.to]);
  assert.deepEqual(Object.keys(a), ['lines', 'from', 'to', 'rejects', 'messages', 'skipped', 'problems']);
  assert.deepEqual(Object.keys(a.rejects[0]), ['action', 'stage', 'restriction', 'argument', 'code', 'file', 'line', 'count', 'examples']);
});

test('a gzip file cut short: the lines before the cut are analysed and the damage is reported', async (t) => {
  if (!skipUnlessRun(t)) return;
  // a log long enough that the cut falls well after the first lines
  const big = Array.from({ length: 200 }, () => maillog).join('');
  const gz = gzipSync(big);
  writeFileSync(join(work, 'cut.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
  const result = await cli(['--format', 'json', join(work, 'cut.gz')]);
  assert.equal(result.status, 1);
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.ok(report.lines > 0 && report.lines < big.split('\n').length, String(report.lines));
  assert.equal(report.problems.length, 1);
  assert.match(report.problems[0], /cut\.gz: the gzip data is truncated or corrupt/);
  assert.match(result.stderr, /truncated or corrupt/);
});

test("postscreen's rejects are counted under the postscreen parameter that caused them", async (t) => {
  if (!skipUnlessRun(t)) return;
  const main = [
    'compatibility_level = 3.6',
    'myhostname = mx.example.com',
    'mydestination = example.com',
    'alias_maps =',
    'postscreen_access_list = cidr:$config_directory/postscreen.cidr',
    'postscreen_denylist_action = enforce',
    // the harness waits for the greeting only so long
    'postscreen_greet_wait = 1s',
  ].join('\n');
  const port = PORT + 1;
  const files = { 'postscreen.cidr': '127.0.0.1 reject\n' };
  const result = await postfixSessions({
    main,
    port,
    master: [
      `127.0.0.1:${port} inet n - n - 1 postscreen`,
      'smtpd pass - - n - - smtpd',
      'dnsblog unix - - n - 0 dnsblog',
      'tlsproxy unix - - n - 0 tlsproxy',
    ].join('\n'),
    files,
    // postscreen offers no XCLIENT: the client is the harness itself, 127.0.0.1
    clients: [{ xclient: {}, steps: mailTo('a@b.example', 'c@example.com', 'd@example.com') }],
  });
  const dir = mkdtempSync(join(tmpdir(), 'maillog-postscreen-'));
  try {
    writeFileSync(join(dir, 'main.cf'), main);
    writeFileSync(join(dir, 'mail.log'), result.maillog);
    const model = new ConfigModel({ main });
    const analysis = new LogAnalysis({ attribute: createAttributor({ model, mainPath: join(dir, 'main.cf'), files: nodeFiles }) });
    await readLog(join(dir, 'mail.log'), analysis);
    assert.deepEqual(rows(analysis.report()), ['reject postscreen_access_list cidr:$config_directory/postscreen.cidr @4: 2 (RCPT 550)'], result.maillog);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
