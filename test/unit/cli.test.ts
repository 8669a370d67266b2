/**
 * The built command line (node dist/server.js ...) run as a process: every
 * mistake gets a message and an exit status, never a stack trace; the
 * transport options still start the language server.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { NEWEST_VERSION } from '../../server/src/service/knowledge/versions';

/** tests are compiled to out/test/unit/; the bundle and package.json are at the repository root */
const root = join(__dirname, '..', '..', '..');
const bundle = join(root, 'dist', 'server.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd = root): Run {
  const r = spawnSync(process.execPath, [bundle, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A directory holding `files`; returns its path. */
function scene(files: Record<string, string | Buffer>): string {
  const d = mkdtempSync(join(tmpdir(), 'postfix-cli-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

/** "file:code" of each diagnostic line of the text output */
const found = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => `${line.slice(0, line.indexOf(':'))}:${/\[([a-z-]+)\]$/.exec(line)?.[1] ?? '?'}`);

const noStackTrace = (r: Run): void => assert.doesNotMatch(r.stderr, /\n\s+at |Error:/, r.stderr);

// ---------------------------------------------------------------- the command itself

test('no arguments, or an unknown command: the usage on stderr, exit 2', () => {
  for (const args of [[], ['foo'], ['--verbose']]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /usage: postfix-language-server --stdio/);
    assert.equal(r.stdout, '');
    noStackTrace(r);
  }
  assert.match(run(['foo']).stderr, /unknown command or option "foo"/);
});

test('--version prints the version of package.json; --help the usage on stdout', () => {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  assert.deepEqual(run(['--version']), { status: 0, stdout: `${version}\n`, stderr: '' });
  const help = run(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /postfix-language-server check/);
});

test('check --help: the check usage on stdout, exit 0', () => {
  const r = run(['check', '--help']);
  assert.equal(r.status, 0);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^usage: postfix-language-server check \[--format text\|json\]/);
  assert.match(r.stdout, /Exit status/);
});

test('check without files or with a bad option: a message and the usage, exit 2', () => {
  for (const [args, message] of [
    [['check'], /no FILE given/],
    [['check', '--frmat', 'json', 'main.cf'], /unknown option --frmat/],
    [['check', '--format', 'xml', 'main.cf'], /--format must be text or json/],
  ] as const) {
    const r = run([...args]);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message);
    noStackTrace(r);
  }
});

test('--postfix-version outside the known releases is refused, naming the range; X.Y.Z is accepted', () => {
  const d = scene({ 'main.cf': 'compatibility_level = 3.6\nmyhostname = mx.example.com\n' });
  for (const v of ['9.9', '0.1', 'latest']) {
    const r = run(['check', '--postfix-version', v, join(d, 'main.cf')]);
    assert.equal(r.status, 2, v);
    assert.ok(r.stderr.includes(`2.0 to ${NEWEST_VERSION}`), r.stderr);
    assert.equal(r.stdout, '');
  }
  for (const v of ['3.7.11', '2.0', NEWEST_VERSION]) assert.equal(run(['check', `--postfix-version=${v}`, join(d, 'main.cf')]).status, 0, v);
});

test('a missing file is reported and the other files are still checked, exit 2', () => {
  const d = scene({ 'main.cf': 'compatibility_level = 3.6\nmyhostname = mx.example.com\nmyhostnme = typo\n' });
  const r = run(['check', join(d, 'main.cf'), join(d, 'nonexistent'), d]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /nonexistent: cannot read: no such file/);
  assert.match(r.stderr, /cannot read: it is a directory/);
  assert.deepEqual(found(r.stdout), [`${join(d, 'main.cf')}:unknown-parameter`]);
  noStackTrace(r);
});

test('--min-severity leaves out what is less severe, from the output and from the exit status', () => {
  // an error (no "="), a warning (unknown name) and a hint (the same value again)
  const d = scene({ 'main.cf': 'compatibility_level = 3.6\nmydomain example.com\nmyhostnme = typo\nmyorigin = $mydomain\nmyorigin = $mydomain\n' });
  const file = join(d, 'main.cf');
  const codes = (r: Run): string[] => found(r.stdout).map((f) => f.slice(file.length + 1));
  const all = run(['check', file]);
  assert.deepEqual(codes(all).sort(), ['duplicate-parameter-same-value', 'syntax-error', 'unknown-parameter']);
  assert.equal(all.status, 1);
  assert.deepEqual(codes(run(['check', '--min-severity', 'hint', file])).sort(), codes(all).sort());
  assert.deepEqual(codes(run(['check', '--min-severity=warning', file])).sort(), ['syntax-error', 'unknown-parameter']);
  const errors = run(['check', '--min-severity', 'error', '--format', 'json', file]);
  assert.deepEqual(
    (JSON.parse(errors.stdout) as { code: string }[]).map((row) => row.code),
    ['syntax-error'],
  );
  assert.equal(errors.status, 1);
  // warnings only: below error they never fail the run
  const warnings = scene({ 'main.cf': 'compatibility_level = 3.6\nmyhostnme = typo\n' });
  const quiet = run(['check', '--min-severity', 'error', join(warnings, 'main.cf')]);
  assert.equal(quiet.stdout, '');
  assert.equal(quiet.status, 0);
  const bad = run(['check', '--min-severity', 'info', file]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--min-severity must be error, warning, information or hint, not "info"/);
});

test('the README example: examples/main.cf prints its warnings, exit 0', () => {
  const r = run(['check', 'examples/main.cf']);
  assert.equal(r.status, 0);
  assert.ok(found(r.stdout).length >= 3, r.stdout);
  assert.ok(found(r.stdout).every((f) => f.startsWith('examples/main.cf:')));
});

// ---------------------------------------------------------------- what a file is

test('a binary file: one binary-file diagnostic, and no control byte in the output', () => {
  const d = scene({
    'sender_access.db': Buffer.from([0, 6, 21, 97, 0, 0, 27, 91, 51, 49, 109, 1, 2, 3, 10, 0, 0, 0]),
    'main.cf': 'myhostname = mx\u001b[31m.example.com\nmy\u001bname = 1\n',
  });
  const binary = run(['check', join(d, 'sender_access.db')]);
  assert.equal(binary.status, 0);
  assert.deepEqual(found(binary.stdout), [`${join(d, 'sender_access.db')}:binary-file`]);
  assert.match(binary.stdout, /not a text file/);
  const text = run(['check', join(d, 'main.cf')]);
  assert.doesNotMatch(text.stdout, /[^\t\n -~\u00a0-\u{10ffff}]/u, 'only printable characters, tabs and line ends');
  assert.match(text.stdout, /my\\x1bname/);
  const json = run(['check', '--format', 'json', join(d, 'sender_access.db')]);
  assert.deepEqual(
    (JSON.parse(json.stdout) as { code: string }[]).map((row) => row.code),
    ['binary-file'],
  );
});

test('a file nothing names: a note on how to name it instead of main.cf errors, exit 2', () => {
  const d = scene({
    ip_checks: '192.0.2.0/24 REJECT\n10.0.0.0/8 OK\n',
    my_aliases: 'root: admin\npostmaster: root\n',
  });
  const r = run(['check', join(d, 'ip_checks'), join(d, 'my_aliases')]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.split('\n').filter(Boolean).length, 2, r.stderr);
  assert.match(r.stderr, /ip_checks: not checked: .*name a main\.cf "main\.cf".*# postfix-map: access cidr/);
});

test('a file of name = value lines is read as a main.cf; a database client .cf by its type, never as main.cf', () => {
  const d = scene({
    'relay.conf': '# relay\ncompatibility_level = 3.6\nmyhostname = mx.example.com\nrelayhost = [smtp.example.net]:587\nmyhostnme = x\n',
    'pgsql-domains.cf': 'hosts = db.example.com\nuser = postfix\nquery = SELECT 1\n',
    'users.cf': 'server_host = ldap.example.com\nsearch_base = dc=example\n',
  });
  const r = run(['check', join(d, 'relay.conf'), join(d, 'pgsql-domains.cf'), join(d, 'users.cf')]);
  // the name says pgsql: and the names are its settings; it lacks the database
  assert.deepEqual(found(r.stdout), [`${join(d, 'relay.conf')}:unknown-parameter`, `${join(d, 'pgsql-domains.cf')}:missing-required-parameter`]);
  assert.match(r.stderr, /users\.cf: not checked: .*database table.*# postfix-dbms: mysql/);
});

// ---------------------------------------------------------------- tables named by their deploy path

const REPO_MAIN = [
  'compatibility_level = 3.6',
  'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
  'smtpd_sender_restrictions = check_sender_access hash:/etc/postfix/sender_checks,',
  '    check_client_access cidr:/etc/postfix/ip_checks',
  'virtual_mailbox_domains = mysql:/etc/postfix/virtual_domain.cf',
  '',
].join('\n');

test('a repository of main.cf and its tables: tables found beside it and read as what main.cf makes them', () => {
  const d = scene({
    'main.cf': REPO_MAIN,
    sender_checks: 'spammer@example.org REJECT\nfriend@example.org REJCT\n',
    ip_checks: '192.0.2.1/24 REJECT\n',
    'virtual_domain.cf': 'hosts = db.example.com\nquery = SELECT 1\n',
  });
  // the one finding in main.cf: the hash table has no .db yet, beside it or deployed; the client file it names is checked with it
  const main = run(['check', join(d, 'main.cf')]);
  assert.deepEqual(
    found(main.stdout),
    [`${join(d, 'main.cf')}:missing-lookup-table`, `${join(d, 'virtual_domain.cf')}:missing-required-parameter`],
    main.stdout,
  );
  assert.match(main.stdout, /sender_checks lies beside main\.cf .* or run postmap here\./);
  assert.match(main.stdout, /virtual_domain\.cf:1:1: error: No "dbname": the mysql: client stops/);
  assert.equal(main.status, 1);
  const tables = run(['check', join(d, 'sender_checks'), join(d, 'ip_checks'), join(d, 'virtual_domain.cf')]);
  assert.deepEqual(found(tables.stdout), [
    `${join(d, 'sender_checks')}:stale-lookup-table`,
    `${join(d, 'sender_checks')}:invalid-access-action`,
    `${join(d, 'ip_checks')}:invalid-table-pattern`,
    `${join(d, 'virtual_domain.cf')}:missing-required-parameter`,
  ]);
  assert.equal(tables.stderr, '');
});

test('missing-lookup-table only when neither beside main.cf nor at the real path; also for master.cf -o lists', () => {
  const d = scene({
    'main.cf': REPO_MAIN + 'smtpd_client_restrictions = check_client_access hash:/etc/postfix/client_checks\n',
    'sender_checks.db': Buffer.from([0, 1, 2]),
    ip_checks: '192.0.2.0/24 REJECT\n',
    'virtual_domain.cf': 'hosts = db.example.com\ndbname = mail\nquery = SELECT 1\n',
    'master.cf':
      'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_recipient_restrictions=check_recipient_access,hash:/etc/postfix/rcpt_checks,reject\n',
  });
  const r = run(['check', join(d, 'main.cf'), join(d, 'master.cf')]);
  assert.deepEqual(found(r.stdout), [`${join(d, 'main.cf')}:missing-lookup-table`, `${join(d, 'master.cf')}:missing-lookup-table`]);
  assert.match(r.stdout, new RegExp(`/etc/postfix/client_checks does not exist, nor does ${d}/client_checks beside this configuration`));
  assert.match(r.stdout, /\/etc\/postfix\/rcpt_checks does not exist/);
  assert.equal(r.status, 0);
});

test('a folder of main.cf and its mysql:, ldap: and pgsql: files: no main.cf check on them, checked when given or named', () => {
  const d = scene({
    'main.cf': [
      'compatibility_level = 3.6',
      'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
      'virtual_mailbox_maps = proxy:mysql:/etc/postfix/boxes.cf',
      'virtual_alias_maps = ldap:/etc/postfix/people.cf, pgsql:/etc/postfix/forwards.cf',
      '',
    ].join('\n'),
    'boxes.cf': "hosts = 127.0.0.1\nuser = postfix\npassword = s3cret-pw\ndbname = mail\nquery = SELECT maildir FROM mailbox WHERE username = '%s'\n",
    'people.cf': 'server_host = ldap.example.com\nsearch_base = dc=example, dc=com\nbind_pw = s3cret-pw\ntimeout = 10s\n',
    'forwards.cf': "hosts = db\ndbname = mail\nquery = SELECT goto FROM forward WHERE address = '%s'\nqurey = x\n",
  });
  const given = run(['check', join(d, 'boxes.cf'), join(d, 'people.cf'), join(d, 'forwards.cf')]);
  assert.deepEqual(found(given.stdout), [`${join(d, 'people.cf')}:invalid-value`, `${join(d, 'forwards.cf')}:unknown-parameter`]);
  assert.equal(given.stderr, '');
  assert.equal(given.status, 1);
  // named by main.cf: checked after it, shown by their path from the working directory
  const named = run(['check', 'main.cf'], d);
  assert.deepEqual(found(named.stdout), ['people.cf:invalid-value', 'forwards.cf:unknown-parameter']);
  assert.doesNotMatch(named.stdout + given.stdout, /s3cret-pw/);
});

// ---------------------------------------------------------------- the transports still start the server

const INITIALIZE = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } };
const frame = (message: object): string => {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};

test('--stdio serves LSP: initialize is answered, shutdown and exit end it with 0', async () => {
  const child = spawn(process.execPath, [bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    let out = '';
    const answered = new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('"id":1')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    child.stdin?.write(frame(INITIALIZE));
    await answered;
    assert.match(out, /"serverInfo":\{"name":"postfix-language-server"\}/);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin?.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
    child.stdin?.write(frame({ jsonrpc: '2.0', method: 'exit' }));
    assert.equal(await exited, 0);
  } finally {
    await stop(child);
  }
});

/** Ends a server started for a test; waits for it to be gone. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill();
  await gone;
}

test('--node-ipc serves LSP over the IPC channel', async () => {
  const child = spawn(process.execPath, [bundle, '--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  try {
    const answer = new Promise<{ id?: number; result?: { serverInfo?: { name: string } } }>((resolve, reject) => {
      child.on('message', (m) => resolve(m as { id?: number }));
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    child.send(INITIALIZE);
    const reply = await answer;
    assert.equal(reply.id, 1);
    assert.equal(reply.result?.serverInfo?.name, 'postfix-language-server');
  } finally {
    await stop(child);
  }
});

/** Starts the server with `arg` and waits until it connects to `listener`. */
async function connectsTo(listener: Server, arg: string): Promise<void> {
  const connected = new Promise<void>((resolve) => listener.once('connection', (socket) => (socket.destroy(), resolve())));
  const child = spawn(process.execPath, [bundle, arg], { stdio: 'ignore' });
  try {
    await Promise.race([connected, new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`server exited with ${code}`))))]);
  } finally {
    await stop(child);
    listener.close();
  }
}

test('--socket=PORT and --pipe=NAME connect to the editor', async () => {
  const tcp = createServer();
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const port = (tcp.address() as { port: number }).port;
  await connectsTo(tcp, `--socket=${port}`);
  const pipe = join(scene({}), 'lsp.sock');
  const local = createServer();
  await new Promise<void>((resolve) => local.listen(pipe, resolve));
  await connectsTo(local, `--pipe=${pipe}`);
});

test('a reader that closes the pipe early (check ... | head) ends the command without a crash', async () => {
  const dir = scene({ 'main.cf': 'myorigin = a\n'.repeat(50_000) });
  const child = spawn(process.execPath, [bundle, 'check', join(dir, 'main.cf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.doesNotMatch(stderr, /EPIPE|Unhandled|throw/);
  assert.ok(code === 0 || code === 1, `exit ${String(code)}`);
});
