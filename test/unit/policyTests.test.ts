/**
 * Policy test files: how they are read (positions, defaults, every mistake
 * at its place), how an outcome is judged against an expectation, the trace
 * as text with its links, and the seed policy's scenarios through the
 * simulator.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeFiles } from '../../server/src/nodeFiles';
import { createLanguageService } from '../../server/src/service/languageService';
import { unmet } from '../../server/src/service/policyTests/runScenarios';
import { parseScenarioFile } from '../../server/src/service/policyTests/scenarioFile';
import { traceText } from '../../server/src/service/policyTests/traceText';
import { readTransaction, withoutUnknownNames } from '../../server/src/service/policyTests/transactionInput';
import type { RecipientOutcome, Simulation } from '../../server/src/service/simulate/transaction';
import { Workspace } from '../../server/src/service/workspace';
import { fixturesDir } from '../support/fixtures';

const FILE = [
  'main: conf/main.cf', // 0
  'defaults:',
  '  client-address: 203.0.113.7',
  '  helo: mx.example.net',
  'scenarios:',
  '  - name: relay denied', // 5
  '    sender: a@example.net',
  '    recipient: [b@elsewhere.example, c@elsewhere.example]',
  '    expect: reject',
  '    code: 554 5.7.1',
  '    text: Relay access denied', // 10
  '  - sender: ""',
  '    client-address: 192.0.2.1',
  '    recipient: d@example.com',
  '    service: submission',
  '    dns:', // 15
  '      resolves: example.com',
  '      listed: [zen.spamhaus.org=127.0.0.2]',
  '    expect: accept',
  '',
].join('\n');

test('a scenario file: main, defaults under each scenario, recipients one or many, DNS facts, positions', () => {
  const file = parseScenarioFile(FILE);
  assert.deepEqual(file.problems, []);
  assert.equal(file.main?.path, 'conf/main.cf');
  assert.deepEqual(file.main?.range.start, { line: 0, character: 6 });
  assert.equal(file.scenarios.length, 2);
  const [one, two] = file.scenarios;
  assert.equal(one.name, 'relay denied');
  assert.equal(one.range.start.line, 5);
  assert.deepEqual(one.expectRange, { start: { line: 8, character: 12 }, end: { line: 8, character: 18 } });
  assert.deepEqual(one.transaction, {
    clientAddress: '203.0.113.7',
    helo: 'mx.example.net',
    sender: 'a@example.net',
    recipients: ['b@elsewhere.example', 'c@elsewhere.example'],
  });
  assert.deepEqual(one.expect, { verdict: 'reject', code: '554 5.7.1', text: 'Relay access denied' });
  assert.equal(two.name, 'scenario 2');
  assert.equal(two.index, 1);
  assert.equal(two.service, 'submission');
  assert.deepEqual(two.transaction, {
    clientAddress: '192.0.2.1',
    helo: 'mx.example.net',
    sender: '',
    recipients: ['d@example.com'],
    dns: { resolves: ['example.com'], listed: ['zen.spamhaus.org=127.0.0.2'] },
  });
});

test('every mistake is a problem where it is written, and its scenario is left out', () => {
  const problems = (text: string): string[] => parseScenarioFile(text).problems.map((p) => `${p.range.start.line}:${p.range.start.character} ${p.message}`);
  const head = 'main: main.cf\nscenarios:\n';
  assert.deepEqual(problems(`${head}  - client-adress: 1.2.3.4\n    sender: ""\n    recipient: a@b.example\n    expect: accept\n`), [
    '2:4 unknown key "client-adress"; known keys: name, client-address, client-name, reverse-client-name, helo, sasl-username, sender, recipient, dns, service, expect, code, text',
    '2:4 the scenario needs client-address',
  ]);
  assert.deepEqual(problems(`${head}  - client-address: 1.2.3.4\n    recipient: a@b.example\n    expect: bounce\n`), [
    '2:4 the scenario needs sender ("" for the null sender)',
    '4:12 expect must be one of accept, reject, defer, discard, hold, filter, redirect, not "bounce"',
  ]);
  assert.deepEqual(problems(`${head}  - client-address: 1.2.3\n    sender:\n    recipient: a@b.example\n    expect: reject\n    code: 5xx\n`), [
    '3:11 sender has no value (for the null sender write sender: "")',
    '6:10 code must be a reply code, an enhanced status code or both, such as "554", "5.7.1" or "554 5.7.1", not "5xx"',
  ]);
  assert.deepEqual(problems(`${head}  - client-address: 1.2.3\n    sender: ""\n    recipient: "a b@example.com"\n    expect: reject\n`), [
    '2:4 client-address: "1.2.3" is not an IPv4 or IPv6 address',
    '4:4 recipient "a b@example.com": contains white space',
  ]);
  assert.deepEqual(problems('main: m\npostfix-version: 9.9\nscenarios: []\n').length, 1);
  assert.equal(parseScenarioFile('main: m\npostfix-version: 3.5\nscenarios: []\n').version, '3.5');
  assert.deepEqual(problems('scenarios: {}\n'), [
    '0:0 main is missing: the path of the main.cf under test, relative to this file',
    '0:11 scenarios must be a list',
  ]);
  assert.deepEqual(problems('- a\n- b\n'), ['0:0 a policy test file is a map with main (the main.cf it tests) and scenarios (a list)']);
  assert.match(problems('main: [unclosed\n')[0], /^[01]:\d+ .*]/);
  assert.match(problems(`main: x\nmain: y\nscenarios: []\n`)[0], /^1:0 .*unique/i);
  assert.match(problems(`main: &a x\nscenarios:\n  - sender: *a\n`)[0], /aliases/);
});

test('hostile input never throws: binary data, long lines, CRLF, deep nesting', () => {
  for (const text of [
    '\u0000\u0001\u00ff',
    'main: ' + 'x'.repeat(1_000_000),
    'main: main.cf\r\nscenarios:\r\n  - expect: accept\r\n',
    '['.repeat(10_000),
    '',
  ]) {
    const file = parseScenarioFile(text);
    assert.ok(Array.isArray(file.problems));
  }
  const crlf = parseScenarioFile(
    'main: main.cf\r\nscenarios:\r\n  - client-address: 1.2.3.4\r\n    sender: ""\r\n    recipient: a@example.com\r\n    expect: accept\r\n',
  );
  assert.deepEqual(crlf.problems, []);
  assert.equal(crlf.scenarios[0].expectRange.start.line, 5);
});

const outcome = (verdict: RecipientOutcome['verdict'], reply: string): RecipientOutcome => ({
  recipient: 'b@example.com',
  verdict,
  reply,
  decidedBy: null,
  trace: [],
});

test('an outcome against an expectation: verdict, then the code (basic, enhanced or both) and a piece of the text', () => {
  const reply = '554 5.7.1 <b@example.com>: Relay access denied';
  assert.deepEqual(unmet({ verdict: 'reject' }, outcome('reject', reply)), []);
  assert.deepEqual(unmet({ verdict: 'reject', code: '554' }, outcome('reject', reply)), []);
  assert.deepEqual(unmet({ verdict: 'reject', code: '5.7.1' }, outcome('reject', reply)), []);
  assert.deepEqual(unmet({ verdict: 'reject', code: '554 5.7.1', text: 'Relay access' }, outcome('reject', reply)), []);
  assert.deepEqual(unmet({ verdict: 'accept' }, outcome('reject', reply)), [`<b@example.com>: expected accept, got reject: ${reply}`]);
  assert.deepEqual(unmet({ verdict: 'reject', code: '550' }, outcome('reject', reply)), [`<b@example.com>: expected the code 550, got ${reply}`]);
  assert.deepEqual(unmet({ verdict: 'reject', code: '5.7.2' }, outcome('reject', reply)), [`<b@example.com>: expected the code 5.7.2, got ${reply}`]);
  assert.deepEqual(unmet({ verdict: 'reject', text: 'Sender' }, outcome('reject', reply)), [
    `<b@example.com>: expected a reply containing "Sender", got ${reply}`,
  ]);
});

test('the trace as text: the verdict, the reply, what decided, each step with file:line links (1-based in the text)', () => {
  const simulation: Simulation = {
    recipients: [
      {
        recipient: 'b@example.com',
        verdict: 'reject',
        reply: '554 5.7.1 <spam@example.net>: Sender address rejected: Access denied',
        decidedBy: {
          parameter: 'smtpd_recipient_restrictions',
          restriction: 'check_sender_access hash:/etc/postfix/sender_access',
          file: '/c/main.cf',
          line: 4,
        },
        trace: [
          {
            stage: 'RCPT',
            parameter: 'smtpd_recipient_restrictions',
            restriction: 'permit_mynetworks',
            result: 'dunno',
            why: 'not in mynetworks',
            file: '/c/main.cf',
            line: 3,
          },
          {
            stage: 'RCPT',
            parameter: 'smtpd_recipient_restrictions',
            restriction: 'check_sender_access hash:/etc/postfix/sender_access',
            result: 'reject',
            why: 'the sender matched',
            file: '/c/main.cf',
            line: 4,
            entry: { file: '/c/sender_access', line: 0, key: 'spam@example.net', value: 'REJECT' },
          },
          {
            stage: 'RCPT',
            parameter: 'smtpd_reject_unlisted_recipient',
            restriction: 'reject_unlisted_recipient',
            result: 'dunno',
            why: '',
            file: '/c/main.cf',
            line: null,
          },
        ],
      },
    ],
    problems: ['mysql:/etc/x.cf not consulted, assumed DUNNO'],
  };
  const text = traceText(simulation, (p) => p.replace('/c/', ''));
  assert.deepEqual(text.lines, [
    '<b@example.com>: reject',
    '  554 5.7.1 <spam@example.net>: Sender address rejected: Access denied',
    '  decided by check_sender_access hash:/etc/postfix/sender_access in smtpd_recipient_restrictions (main.cf:5)',
    '  trace:',
    '    main.cf:4  RCPT smtpd_recipient_restrictions: permit_mynetworks -> dunno: not in mynetworks',
    '    main.cf:5  RCPT smtpd_recipient_restrictions: check_sender_access hash:/etc/postfix/sender_access -> reject: the sender matched',
    '        matched sender_access:1: spam@example.net REJECT',
    '    main.cf, built-in  RCPT smtpd_reject_unlisted_recipient: reject_unlisted_recipient -> dunno',
    'not judged:',
    '  mysql:/etc/x.cf not consulted, assumed DUNNO',
  ]);
  assert.deepEqual(text.links[0], {
    line: 2,
    start: text.lines[2].indexOf('main.cf:5'),
    end: text.lines[2].indexOf('main.cf:5') + 9,
    file: '/c/main.cf',
    fileLine: 4,
  });
  assert.deepEqual(
    text.links.map((l) => [l.line, l.file, l.fileLine]),
    [
      [2, '/c/main.cf', 4],
      [4, '/c/main.cf', 3],
      [5, '/c/main.cf', 4],
      [6, '/c/sender_access', 0],
    ],
  );
  // control characters from a table never reach a terminal
  const hostile = traceText({ recipients: [{ ...simulation.recipients[0], reply: '554 \u001b[31mred' }], problems: [] }, (p) => p);
  assert.equal(hostile.lines[1], '  554 \\x1b[31mred');
});

test('a transaction from a protocol request: its shape checked; "unknown" names are no names', () => {
  assert.deepEqual(
    readTransaction({ clientAddress: '192.0.2.1', sender: '', recipients: ['a@example.com'], helo: 'x.example', dns: { listed: ['l.example'] } }),
    {
      clientAddress: '192.0.2.1',
      sender: '',
      recipients: ['a@example.com'],
      helo: 'x.example',
      dns: { listed: ['l.example'] },
    },
  );
  assert.equal(readTransaction(null), 'the transaction must be an object');
  assert.equal(readTransaction({ clientAddress: '1.2.3.4', sender: '', recipients: 'a@b' }), 'recipients must be an array of strings');
  assert.equal(readTransaction({ clientAddress: '1.2.3.4', sender: '', recipients: [], helo: 5 }), 'helo must be a string');
  assert.deepEqual(withoutUnknownNames({ clientAddress: '1.2.3.4', clientName: 'unknown', reverseClientName: 'x.example', sender: '', recipients: [] }), {
    clientAddress: '1.2.3.4',
    reverseClientName: 'x.example',
    sender: '',
    recipients: [],
  });
});

test('the seed policy: every scenario of its policy test file passes through the simulator', () => {
  const service = createLanguageService(new Workspace(nodeFiles));
  const run = service.runScenarios(nodeFiles.uriOf(join(fixturesDir, 'policies', 'seed', 'seed.postfix-test.yaml')));
  assert.equal(run.error, undefined);
  assert.deepEqual(run.problems, []);
  assert.equal(run.results.length, 20);
  const failed = run.results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.failures.join('; ')}`);
  assert.deepEqual(failed, []);
});
