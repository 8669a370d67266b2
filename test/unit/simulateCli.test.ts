/**
 * The simulate and test commands: their options as parsed, and the built
 * command line run as a process (exit status, messages, the JSON shape).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseOptions } from '../../server/src/cliOptions';
import { reversedAddress } from '../../server/src/liveDns';
import { parseSimulateArgs, pathShower, type SimulateOptions } from '../../server/src/simulateCli';
import { repoRoot } from '../support/fixtures';

const bundle = join(repoRoot, 'dist', 'server.js');
const SEED = join('test', 'fixtures', 'policies', 'seed');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bundle, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function scene(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'postfix-simulate-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const REQUIRED = ['--client-address', '203.0.113.7', '--sender', 'a@example.net', '--recipient', 'b@example.com'];

function parsed(args: string[]): SimulateOptions {
  const options = parseSimulateArgs(args);
  assert.ok(typeof options === 'object' && !('help' in options), JSON.stringify(options));
  return options;
}

// ---------------------------------------------------------------- parsing

test('the shared option reader: "--name value", "--name=value", repeated lists, "--" and flags', () => {
  const spec = { '--format': 'value', '--recipient': 'list', '-h': 'flag' } as const;
  assert.deepEqual(parseOptions(['--format', 'json', '--recipient=a', '--recipient', 'b', 'x', '--', '--y'], spec), {
    values: new Map([
      ['--format', ['json']],
      ['--recipient', ['a', 'b']],
    ]),
    operands: ['x', '--y'],
  });
  assert.equal(parseOptions(['--format'], spec), '--format needs a value');
  assert.equal(parseOptions(['-h=1'], spec), '-h takes no value');
  assert.equal(parseOptions(['--frmat', 'x'], spec), 'unknown option --frmat');
  // "--sender ''": the empty value is a value
  assert.deepEqual(parseOptions(['--format', ''], spec), { values: new Map([['--format', ['']]]), operands: [] });
});

test('simulate: the transaction from the options; the null sender; repeated recipients; DNS facts', () => {
  const o = parsed([
    '--client-address',
    '2001:db8::1',
    '--client-name=mx.example.net',
    '--reverse-client-name',
    'mx.example.net',
    '--helo',
    'mx.example.net',
    '--sasl-username',
    'alice',
    '--sender',
    '',
    '--recipient',
    'a@example.com',
    '--recipient',
    'b@example.com',
    '--dns-resolves',
    'example.net',
    '--dns-listed',
    'zen.spamhaus.org=127.0.0.2',
    '--service',
    'submission',
    '--format',
    'json',
    '--postfix-version',
    '3.7.11',
    'main.cf',
  ]);
  assert.deepEqual(o.transaction, {
    clientAddress: '2001:db8::1',
    clientName: 'mx.example.net',
    reverseClientName: 'mx.example.net',
    helo: 'mx.example.net',
    saslUsername: 'alice',
    sender: '',
    recipients: ['a@example.com', 'b@example.com'],
    dns: { resolves: ['example.net'], listed: ['zen.spamhaus.org=127.0.0.2'] },
  });
  assert.equal(o.format, 'json');
  assert.equal(o.version, '3.7.11');
  assert.equal(o.service, 'submission');
  assert.equal(o.mainCf, 'main.cf');
  assert.equal(o.liveDns, false);
  assert.equal(parsed([...REQUIRED, '--dns', 'live', 'main.cf']).liveDns, true);
  assert.deepEqual(parseSimulateArgs(['--help']), { help: true });
});

test('simulate: each unusable input says what is wrong', () => {
  for (const [args, message] of [
    [['main.cf'], /missing --client-address, --sender .*, --recipient/],
    [['--client-address', '203.0.113.7', '--recipient', 'b@example.com', 'main.cf'], /missing --sender/],
    [[...REQUIRED], /no MAIN_CF given/],
    [[...REQUIRED, 'a', 'b'], /one MAIN_CF, not 2 files/],
    [
      ['--client-address', '203.0.113.256', '--sender', 'a@example.net', '--recipient', 'b@example.com', 'main.cf'],
      /--client-address: "203\.0\.113\.256" is not an IPv4 or IPv6 address/,
    ],
    [['--client-address', '2001:db8::1::2', '--sender', 'a@example.net', '--recipient', 'b@example.com', 'main.cf'], /not an IPv4 or IPv6 address/],
    [
      ['--client-address', '203.0.113.7', '--sender', '<a@example.net>', '--recipient', 'b@example.com', 'main.cf'],
      /--sender "<a@example\.net>": give it without angle brackets/,
    ],
    [['--client-address', '203.0.113.7', '--sender', 'a@example.net', '--recipient', 'b@', 'main.cf'], /--recipient "b@": has no domain after the @/],
    [['--client-address', '203.0.113.7', '--sender', 'a@example.net', '--recipient', '', 'main.cf'], /--recipient "": is empty/],
    [[...REQUIRED, '--helo', 'evil\r\nRSET', 'main.cf'], /--helo: contains control characters/],
    [[...REQUIRED, '--format', 'xml', 'main.cf'], /--format must be text or json/],
    [[...REQUIRED, '--postfix-version', '9.9', 'main.cf'], /--postfix-version: /],
    [[...REQUIRED, '--dns', 'yes', 'main.cf'], /--dns takes only "live"/],
    [[...REQUIRED, '--dns', 'live', '--dns-resolves', 'x.example', 'main.cf'], /give no DNS facts with it/],
  ] as const) {
    const result = parseSimulateArgs([...args]);
    assert.equal(typeof result, 'string', args.join(' '));
    assert.match(result as string, message, args.join(' '));
  }
  // a quoted local part may hold a space; an address without a domain is smtpd's to judge
  assert.ok(
    typeof parseSimulateArgs(['--client-address', '::ffff:192.0.2.1', '--sender', '"a b"@example.net', '--recipient', 'postmaster', 'main.cf']) === 'object',
  );
  const many = Array.from({ length: 10_001 }, (_, i) => ['--recipient', `r${i}@example.com`]).flat();
  assert.match(String(parseSimulateArgs(['--client-address', '203.0.113.7', '--sender', '', ...many, 'main.cf'])), /10001 given, at most 10000/);
});

test('files are shown as the user named main.cf; others as they are', () => {
  const show = pathShower('conf/main.cf');
  const dir = join(process.cwd(), 'conf');
  assert.equal(show(join(dir, 'main.cf')), 'conf/main.cf');
  assert.equal(show(join(dir, 'sender_access')), join('conf', 'sender_access'));
  assert.equal(show('/etc/postfix/other'), '/etc/postfix/other');
});

test('DNS list names of client addresses: reversed octets, reversed nibbles for IPv6', () => {
  assert.equal(reversedAddress('192.0.2.1'), '1.2.0.192');
  assert.equal(reversedAddress('2001:db8::1'), '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2');
  assert.equal(reversedAddress('::ffff:192.0.2.1'), '1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0');
  assert.equal(reversedAddress('example.com'), undefined);
});

// ---------------------------------------------------------------- the process

test('simulate as a process: usage in --help; exit 2 with a message for unusable input or an unreadable MAIN_CF', () => {
  const help = run(['simulate', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: postfix-language-server simulate \[--format text\|json\] \[--postfix-version X\.Y\[\.Z\]\]/);
  const bad = run(['simulate', '--client-address', 'nonsense', '--sender', '', '--recipient', 'b@example.com', join(SEED, 'main.cf')]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--client-address: "nonsense" is not an IPv4 or IPv6 address/);
  assert.equal(bad.stdout, '');
  const missing = run(['simulate', ...REQUIRED, 'no/such/main.cf']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no\/such\/main\.cf: cannot read: no such file/);
  const dir = run(['simulate', ...REQUIRED, SEED]);
  assert.equal(dir.status, 2);
  assert.match(dir.stderr, /it is a directory/);
  for (const r of [bad, missing, dir]) assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('simulate --format json: one entry per recipient in the documented shape', () => {
  const r = run([
    'simulate',
    '--format',
    'json',
    '--client-address',
    '203.0.113.7',
    '--sender',
    '',
    '--recipient',
    'a@example.com',
    '--recipient',
    'b@elsewhere.example',
    join(SEED, 'main.cf'),
  ]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { recipients: Record<string, unknown>[] };
  assert.deepEqual(
    out.recipients.map((x) => x.recipient),
    ['a@example.com', 'b@elsewhere.example'],
  );
  for (const x of out.recipients) {
    assert.ok(['accept', 'reject', 'defer', 'discard', 'hold', 'filter', 'redirect'].includes(x.verdict as string));
    assert.match(x.reply as string, /^[245]\d\d /);
    assert.ok(x.decidedBy === null || (typeof x.decidedBy === 'object' && 'line' in x.decidedBy && 'parameter' in x.decidedBy), JSON.stringify(x.decidedBy));
    assert.ok(Array.isArray(x.trace));
  }
});

test('simulate in text: a verdict line and the reply per recipient', () => {
  const r = run(['simulate', '--client-address', '192.0.2.10', '--sender', 'a@example.com', '--recipient', 'b@elsewhere.example', join(SEED, 'main.cf')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^<b@elsewhere\.example>: (accept|reject|defer)\n {2}[245]\d\d /);
});

test('test as a process: PASS/FAIL lines and the summary; exit 2 for a file with a mistake, a missing file or no file', () => {
  const d = scene({
    'main.cf': 'compatibility_level = 3.6\nmydestination = example.com\n',
    'bad.postfix-test.yaml':
      'main: main.cf\nscenarios:\n  - name: typo\n    client-adress: 203.0.113.7\n    sender: ""\n    recipient: a@example.com\n    expect: accept\n',
    'nomain.postfix-test.yaml': 'main: missing/main.cf\nscenarios: []\n',
  });
  const bad = run(['test', join(d, 'bad.postfix-test.yaml')]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /bad\.postfix-test\.yaml:4:5: unknown key "client-adress"/);
  const nomain = run(['test', join(d, 'nomain.postfix-test.yaml')]);
  assert.equal(nomain.status, 2);
  assert.match(nomain.stderr, /cannot read the main\.cf under test/);
  assert.equal(run(['test', join(d, 'none.yaml')]).status, 2);
  assert.equal(run(['test']).status, 2);
  assert.match(run(['test', '--help']).stdout, /^usage: postfix-language-server test/);
});

test('test: a scenario whose expectation is not met fails the run (exit 1) and prints why and the trace', () => {
  const d = scene({
    'main.cf': 'compatibility_level = 3.6\nmydestination = example.com\n',
    // no verdict of the simulator is both accept and reject: one of the two fails
    'two.postfix-test.yaml':
      'main: main.cf\ndefaults:\n  client-address: 203.0.113.7\n  sender: ""\n  recipient: a@example.com\nscenarios:\n  - name: one\n    expect: accept\n  - name: two\n    expect: reject\n',
  });
  const r = run(['test', join(d, 'two.postfix-test.yaml')]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^(PASS|FAIL) .*two\.postfix-test\.yaml:7: one$/m);
  assert.match(r.stdout, /^FAIL .*two\.postfix-test\.yaml:\d+: (one|two)\n {2}<a@example\.com>: expected (accept|reject), got /m);
  assert.match(r.stdout, /^1 passed, 1 failed$/m);
  const json = run(['test', '--format', 'json', join(d, 'two.postfix-test.yaml')]);
  const files = (JSON.parse(json.stdout) as { files: { scenarios: { name: string; passed: boolean; line: number }[] }[] }).files;
  assert.deepEqual(
    files[0].scenarios.map((s) => [s.name, s.line]),
    [
      ['one', 6],
      ['two', 8],
    ],
  );
});

test('simulate --postfix-version answers as that release: before 3.6 the recipient list runs before the relay list', () => {
  const d = scene({ 'main.cf': 'compatibility_level = 3.6\nsmtpd_relay_restrictions = reject_unauth_destination\nsmtpd_recipient_restrictions = reject\n' });
  const reply = (version: string): string =>
    run([
      'simulate',
      '--postfix-version',
      version,
      '--client-address',
      '203.0.113.7',
      '--helo',
      'mx.example.net',
      '--sender',
      'a@example.net',
      '--recipient',
      'b@elsewhere.example',
      join(d, 'main.cf'),
    ]).stdout.split('\n')[1];
  assert.equal(reply('3.5'), '  554 5.7.1 <b@elsewhere.example>: Recipient address rejected: Access denied');
  assert.equal(reply('3.7'), '  554 5.7.1 <b@elsewhere.example>: Relay access denied');
});
