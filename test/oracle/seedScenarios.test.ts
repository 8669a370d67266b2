/**
 * The expectations of the seed policy's scenario file are what the real
 * smtpd answers: each scenario the harness can reproduce offline is sent to
 * smtpd (XCLIENT ADDR, NAME, REVERSE_NAME, HELO, LOGIN) and its RCPT reply
 * must meet the scenario's expectation. A scenario that needs a DNS name to
 * resolve cannot be reproduced without the Internet and is listed as such.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseScenarioFile, type Scenario } from '../../server/src/service/policyTests/scenarioFile';
import { fixturesDir, readFixture } from '../support/fixtures';
import { postfixSessions, type SmtpClient } from './harness';
import { canRunDaemons } from './support';

const DIR = 'policies/seed';
const PORT = 3950;

/** What smtpd's reply and log say the verdict was. */
function verdictOf(reply: string, discarded: boolean): string {
  if (reply.startsWith('2')) return discarded ? 'discard' : 'accept';
  return reply.startsWith('4') ? 'defer' : 'reject';
}

function client(s: Scenario): SmtpClient {
  const tx = s.transaction;
  const xclient: Record<string, string> = { ADDR: tx.clientAddress };
  if (tx.clientName && tx.clientName !== 'unknown') xclient.NAME = tx.clientName;
  if (tx.reverseClientName && tx.reverseClientName !== 'unknown') xclient.REVERSE_NAME = tx.reverseClientName;
  if (tx.helo !== undefined) xclient.HELO = tx.helo;
  if (tx.saslUsername !== undefined) xclient.LOGIN = tx.saslUsername;
  return { xclient, steps: [`MAIL FROM:<${tx.sender}>`, ...tx.recipients.map((r) => `RCPT TO:<${r}>`)] };
}

test('the seed scenarios that need no DNS answer expect what the real smtpd answers', async (t) => {
  if (!canRunDaemons(t)) return;
  const file = parseScenarioFile(readFixture(join(DIR, 'seed.postfix-test.yaml')));
  assert.deepEqual(file.problems, []);
  const offline = file.scenarios.filter((s) => !s.transaction.dns?.resolves?.length);
  const online = file.scenarios.filter((s) => s.transaction.dns?.resolves?.length);
  t.diagnostic(`not reproducible offline (a name must resolve): ${online.map((s) => s.name).join('; ')}`);
  assert.ok(offline.length >= 15, `${offline.length} scenarios reproducible`);
  // smtpd reads the tables from the instance's directory, as texthash (no postmap needed)
  const main = readFixture(join(DIR, 'main.cf')).replaceAll('hash:/etc/postfix/', 'texthash:$config_directory/');
  const files = Object.fromEntries(
    readdirSync(join(fixturesDir, DIR))
      .filter((name) => name !== 'main.cf' && !name.endsWith('.yaml'))
      .map((name) => [name, readFixture(join(DIR, name))]),
  );
  const result = await postfixSessions({ main, port: PORT, files, clients: offline.map(client) });
  assert.deepEqual(result.complaints, []);
  const logLines = result.maillog.split('\n');
  offline.forEach((s, i) => {
    const transcript = result.transcripts[i];
    const rcpt = transcript.findIndex((l) => l.startsWith('>>> RCPT TO:'));
    const reply = transcript[rcpt + 1]?.replace(/^<<< /, '') ?? '(no reply)';
    const discarded = logLines.some((l) => l.includes('discard: RCPT from') && l.includes(`from=<${s.transaction.sender}>`));
    const context = `${s.name}\n${transcript.join('\n')}`;
    assert.equal(verdictOf(reply, discarded), s.expect.verdict, context);
    if (s.expect.code) assert.ok(reply.startsWith(`${s.expect.code} `) || reply.split(' ')[1] === s.expect.code, context);
    if (s.expect.text) assert.ok(reply.includes(s.expect.text), context);
  });
});
