/**
 * The simulator against the real smtpd: for each policy of
 * test/fixtures/policies/oracle/, one instance runs every scenario as an SMTP
 * session (XCLIENT ADDR, NAME, REVERSE_NAME, HELO, LOGIN), and the
 * simulator's reply for each recipient must be the very line smtpd sent,
 * and the restriction it names as the decider the one written on the
 * expected line.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixturesDir, readFixture } from '../support/fixtures';
import { simulateIn } from '../support/simulation';
import { postfixSessions, type SmtpClient } from './harness';
import { canRunDaemons } from './support';
import { POLICIES, type OracleScenario } from './simulateScenarios';

const DIR = 'policies/oracle';

/** The session smtpd sees for a transaction: the simulator's defaults for the names, made explicit. */
function client(s: OracleScenario): SmtpClient {
  const tx = s.tx;
  const xclient: Record<string, string> = {
    ADDR: tx.clientAddress.includes(':') ? `IPV6:${tx.clientAddress}` : tx.clientAddress,
    NAME: tx.clientName ?? '[UNAVAILABLE]',
    REVERSE_NAME: tx.reverseClientName ?? tx.clientName ?? '[UNAVAILABLE]',
  };
  if (tx.helo !== undefined) xclient.HELO = tx.helo;
  if (tx.saslUsername !== undefined) xclient.LOGIN = tx.saslUsername;
  const steps: SmtpClient['steps'] = [`MAIL FROM:<${tx.sender}>`, ...tx.recipients.map((r) => `RCPT TO:<${r}>`)];
  // a DATA that smtpd refuses gets no message after it
  if (s.at === 'DATA') steps.push('DATA');
  if (s.at === 'END-OF-MESSAGE') steps.push('DATA', { body: 'Subject: oracle\n\nhello\n' });
  return { xclient, steps };
}

/** The reply smtpd gave to the n-th command that starts with `command`, lines joined with "\n". */
function replyTo(transcript: readonly string[], command: string, n = 0): string | undefined {
  let seen = -1;
  for (let i = 0; i < transcript.length; i++) {
    if (!transcript[i].startsWith(`>>> ${command}`)) continue;
    if (++seen !== n) continue;
    const lines: string[] = [];
    for (let j = i + 1; j < transcript.length && transcript[j].startsWith('<<< '); j++) lines.push(transcript[j].slice(4));
    return lines.join('\n');
  }
  return undefined;
}

function policyFiles(name: string): { main: string; master?: string; files: Record<string, string> } {
  const dir = join(DIR, name);
  const entries = readdirSync(join(fixturesDir, dir));
  const files = Object.fromEntries(entries.filter((f) => f !== 'main.cf' && f !== 'master.cf').map((f) => [f, readFixture(join(dir, f))]));
  return { main: readFixture(join(dir, 'main.cf')), ...(entries.includes('master.cf') ? { master: readFixture(join(dir, 'master.cf')) } : {}), files };
}

let matched = 0;
let compared = 0;

for (const policy of POLICIES) {
  test(`policy ${policy.name}: the simulator answers as smtpd does`, async (t) => {
    if (!canRunDaemons(t)) return;
    const { main, master, files } = policyFiles(policy.name);
    const offline = policy.scenarios.filter((s) => s.offline);
    // what smtpd cannot be asked here is still checked against the reply written down for it
    for (const s of offline) {
      const sim = simulateIn({ main, files, ...(master !== undefined ? { master } : {}), ...(policy.service ? { service: policy.service } : {}) }, s.tx);
      const outcome = sim.recipients[0];
      if (s.reply !== undefined) assert.equal(outcome.reply, s.reply, s.name);
      if (s.by !== undefined) assert.deepEqual(outcome.decidedBy ? [outcome.decidedBy.parameter, outcome.decidedBy.line] : null, s.by, s.name);
    }
    const scenarios = policy.scenarios.filter((s) => !s.offline);
    if (scenarios.length === 0) {
      t.diagnostic(`not reproducible here, checked against their written replies: ${offline.map((s) => `${s.name} (${s.offline})`).join('; ')}`);
      return;
    }
    const result = await postfixSessions({
      main,
      port: policy.port,
      files,
      ...(master !== undefined ? { master } : {}),
      maps: policy.maps ?? [],
      clients: scenarios.map(client),
    });
    const complaints = result.complaints.filter((c) => !(policy.expectedComplaints ?? []).some((re) => re.test(c)));
    assert.deepEqual(complaints, [], complaints.join('\n'));
    const failures: string[] = [];
    scenarios.forEach((s, i) => {
      const transcript = result.transcripts[i];
      const sim = simulateIn({ main, files, ...(master !== undefined ? { master } : {}), ...(policy.service ? { service: policy.service } : {}) }, s.tx);
      s.tx.recipients.forEach((r, k) => {
        compared++;
        const outcome = sim.recipients[k];
        const at = s.at ?? 'RCPT';
        const command: Record<string, [string, number]> = {
          CONNECT: ['XCLIENT ', 0],
          // the first EHLO is the harness's own, before XCLIENT
          HELO: ['EHLO ', 1],
          MAIL: ['MAIL FROM:', 0],
          RCPT: ['RCPT TO:', k],
          DATA: ['DATA', 0],
          'END-OF-MESSAGE': ['.', 0],
        };
        const real = replyTo(transcript, ...command[at]);
        const by = outcome.decidedBy ? `${outcome.decidedBy.parameter}:${outcome.decidedBy.line ?? 'null'}` : null;
        const wantBy = s.by === null ? null : s.by === undefined ? undefined : `${s.by[0]}:${s.by[1] ?? 'null'}`;
        const problems: string[] = [];
        if (outcome.reply !== real) problems.push(`reply: simulator ${JSON.stringify(outcome.reply)}, smtpd ${JSON.stringify(real)}`);
        if (wantBy !== undefined && k === 0 && by !== wantBy) problems.push(`decidedBy: ${by}, expected ${wantBy}`);
        if (s.verdict && k === 0 && outcome.verdict !== s.verdict) problems.push(`verdict: ${outcome.verdict}, expected ${s.verdict}`);
        if (problems.length === 0) matched++;
        else failures.push(`${s.name} <${r}>: ${problems.join('; ')}`);
      });
    });
    const skipped = policy.scenarios.filter((s) => s.offline).map((s) => `${s.name} (${s.offline})`);
    t.diagnostic(`${scenarios.length} scenarios; not reproducible here: ${skipped.join('; ') || 'none'}`);
    assert.deepEqual(failures, []);
  });
}

test('at least 30 scenarios were compared with smtpd', (t) => {
  if (!canRunDaemons(t)) return;
  const scenarios = POLICIES.flatMap((p) => p.scenarios.filter((s) => !s.offline));
  t.diagnostic(`${compared} recipient replies compared, ${matched} identical`);
  assert.ok(scenarios.length >= 30, `${scenarios.length} scenarios`);
});
