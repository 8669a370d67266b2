/**
 * The real Postfix's verdict on a main.cf, from a throw-away instance:
 * postconf's syntax pass, the global parameter checks every Postfix program
 * makes when it reads main.cf, and master + smtpd on a loopback port with one
 * SMTP dialogue, which makes smtpd parse and evaluate its restriction lists.
 * Needs root: master binds as root and runs its children as mail_owner.
 *
 * The verdict is text, one line each: `postconf: warning: ...` and
 * `postmap: fatal: ...` from the static passes, the dialogue (`>>> ` sent,
 * `<<< ` received, `!!! ` what the harness itself noticed), then every
 * warning, error, fatal and panic the daemons logged, as `smtpd: warning: ...`.
 * Paths inside the configuration directory are shown relative to it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SmtpdRun {
  /** main.cf under test; the harness's settings follow its last line, so its line numbers stay */
  main: string;
  /** loopback port of the test smtpd: runs at the same time need different ports */
  port: number;
  /** the client address smtpd sees (through XCLIENT); the default is outside mynetworks */
  clientAddress?: string;
  /** the client host name smtpd sees (XCLIENT NAME) */
  clientName?: string;
  /** the HELO name, set through XCLIENT and sent with EHLO */
  helo?: string;
  /** master.cf entries, put first; the harness adds only the services they do not define */
  master?: string;
  /** more files in the configuration directory, which main.cf reaches as $config_directory/NAME */
  files?: Record<string, string>;
  /** indexed tables postmap builds from those files before the daemons start: "hash:NAME", "lmdb:NAME" ... */
  maps?: string[];
  /** send STARTTLS after the last EHLO; the dialogue ends there when smtpd agrees, as the harness speaks no TLS */
  starttls?: boolean;
  /** connections opened after the dialogue, each only for its greeting: shows which service answers */
  greetings?: number;
}

/** One SMTP client session: the client smtpd is told it is (XCLIENT), then the commands. */
export interface SmtpClient {
  /** XCLIENT attributes: ADDR, NAME, REVERSE_NAME, HELO, LOGIN ... (NAME and REVERSE_NAME default to [UNAVAILABLE]) */
  xclient: Record<string, string>;
  /** sent in turn; a `{ body }` step is the message sent after DATA's 354, ended by the lone dot */
  steps: (string | { body: string })[];
}

export interface SessionsRun extends Pick<SmtpdRun, 'main' | 'port' | 'master' | 'files' | 'maps'> {
  /** held one after the other against one running instance */
  clients: SmtpClient[];
  /** what the log must show before it is read (up to UNTIL_TIMEOUT_MS): deliveries end after the sessions */
  until?: (maillog: string) => boolean;
}

export interface SessionsResult {
  /** each session's dialogue, as in a verdict (`>>> `, `<<< `, `!!! `) */
  transcripts: string[][];
  /** everything the instance logged, paths inside the configuration directory relative to it */
  maillog: string;
  /** postconf's and the daemons' complaints, as in a verdict: empty for a clean configuration */
  complaints: string[];
}

/** Settings appended to main.cf: a private queue and log, loopback only, XCLIENT from loopback. */
function harnessSettings(base: string): [string, string][] {
  return [
    ['queue_directory', join(base, 'queue')],
    ['data_directory', join(base, 'data')],
    ['maillog_file', join(base, 'maillog')],
    ['maillog_file_prefixes', base],
    ['inet_interfaces', '127.0.0.1'],
    ['inet_protocols', 'ipv4'],
    ['smtpd_authorized_xclient_hosts', '127.0.0.0/8'],
  ];
}

/**
 * The services smtpd talks to. There is no qmgr, so cleanup would wait
 * in_flow_delay for a token on every message: it is zero for cleanup alone,
 * which leaves the configured value to the global checks and to smtpd.
 */
function harnessServices(port: number): string[] {
  return [
    `127.0.0.1:${port} inet n - n - - smtpd`,
    'cleanup unix n - n - 0 cleanup -o in_flow_delay=0',
    'rewrite unix - - n - - trivial-rewrite',
    'proxymap unix - - n - - proxymap',
    'proxywrite unix - - n - 1 proxymap',
    'anvil unix - - n - 1 anvil',
    'scache unix - - n - 1 scache',
    'verify unix - - n - 1 verify',
    'tlsmgr unix - - n 1000? 1 tlsmgr',
    'postlog unix-dgram n - n - 1 postlogd',
  ];
}

/** What this harness causes rather than the configuration under test. */
const SETTING_NAMES = harnessSettings('').map(([name]) => name);
const NOISE = [
  new RegExp(`overriding earlier entry: (${SETTING_NAMES.join('|')})=`),
  /unable to look up public\/qmgr/, // no qmgr in the test master.cf
  /dict_nis_init: NIS domain name not set/, // Debian's default alias_maps names nis:mail.aliases
];

const QUEUE_SUBDIRS = ['active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'private', 'saved', 'trace'];
/** master stops by itself after this long, should the process that started it die first */
const MASTER_LIFETIME_S = 120;
const REPLY_TIMEOUT_MS = 5_000;
const UNTIL_TIMEOUT_MS = 15_000;
const COMMAND_TIMEOUT_MS = 10_000;

export async function postfixVerdict(run: SmtpdRun): Promise<string> {
  return withInstance(run, async (instance) => {
    const verdict = await instance.staticComplaints();
    const daemons = await instance.runDaemons((talk) => verdictDialogue(run, instance.localRecipient, talk));
    if (daemons) verdict.push(...daemons.transcripts.flat(), ...daemons.complaints);
    return verdict.join('\n') + '\n';
  });
}

/**
 * Many SMTP sessions against one instance of the configuration, with all
 * that it logged: the material for comparing replies and log lines.
 */
export async function postfixSessions(run: SessionsRun): Promise<SessionsResult> {
  return withInstance(run, async (instance) => {
    const complaints = await instance.staticComplaints();
    const daemons = await instance.runDaemons(async (talk) => {
      const transcripts: string[][] = [];
      for (const client of run.clients) transcripts.push(await talk((say, sendBody) => clientDialogue(client, say, sendBody)));
      return transcripts;
    });
    if (!daemons) return { transcripts: [], maillog: '', complaints };
    return { transcripts: daemons.transcripts, maillog: daemons.maillog, complaints: [...complaints, ...daemons.complaints] };
  });
}

/** Sends a line and returns the reply (undefined when none came); the transcript records both. */
type Say = (line: string) => Promise<string[] | undefined>;
/** Opens one connection, runs a script on it, returns its transcript. */
type Talk = (script: (say: Say, sendBody: (body: string) => Promise<string[] | undefined>) => Promise<void>) => Promise<string[]>;

interface Instance {
  /** postconf's syntax pass and the global checks: complaints, relative paths */
  staticComplaints(): Promise<string[]>;
  /** undefined when a global value is fatal, so master would not start */
  runDaemons(sessions: (talk: Talk) => Promise<string[][]>): Promise<{ transcripts: string[][]; maillog: string; complaints: string[] } | undefined>;
  localRecipient: string;
}

async function withInstance<T>(
  run: Pick<SmtpdRun, 'main' | 'port' | 'master' | 'files' | 'maps'> & Pick<SessionsRun, 'until'>,
  use: (instance: Instance) => Promise<T>,
): Promise<T> {
  const until = run.until;
  const base = await mkdtemp(join(tmpdir(), `pf-oracle-${run.port}-`));
  try {
    const etc = join(base, 'etc');
    const log = join(base, 'maillog');
    await chmod(base, 0o755);
    await mkdir(etc);
    await writeConfig(run, base, etc);
    for (const map of run.maps ?? []) {
      const [type, name] = map.split(':');
      await command('postmap', ['-c', etc, `${type}:${join(etc, name)}`]);
    }
    const [syntax, values, globals] = await Promise.all([
      command('postconf', ['-c', etc, '-n']),
      command('postconf', ['-c', etc, '-xh', 'myhostname', 'mail_owner', 'setgid_group', 'daemon_directory']),
      // mail_params_init() is where every Postfix program checks global values;
      // postmap prints what it finds to stderr, postfix(1) only to a terminal
      command('postmap', ['-c', etc, '-q', 'oracle', 'static:oracle']),
    ]);
    const [myhostname, mailOwner, setgidGroup, daemonDirectory] = values.stdout.split('\n');
    return await use({
      localRecipient: `postmaster@${myhostname}`,
      staticComplaints: () => Promise.resolve(complaints([...lines(syntax.stderr), ...lines(globals.stderr)], etc)),
      runDaemons: async (sessions) => {
        // a bad global value stops master as well
        if (globals.stderr.includes(' fatal: ')) return undefined;
        if (daemonDirectory === undefined) throw new Error(`postconf cannot read the instance:\n${values.stderr}`);
        await makeQueue(base, mailOwner, setgidGroup);
        const { transcripts, logged } = await runDaemons(run.port, etc, log, daemonDirectory, sessions, until);
        return { transcripts, maillog: logged.replaceAll(`${etc}/`, ''), complaints: complaints(logComplaints(logged), etc) };
      },
    });
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

/** Each complaint once, with paths relative to the configuration directory and without the harness's own. */
function complaints(found: string[], etc: string): string[] {
  return [...new Set(found.map((l) => l.replaceAll(`${etc}/`, '')))].filter((l) => !NOISE.some((n) => n.test(l)));
}

async function writeConfig(run: SmtpdRun, base: string, etc: string): Promise<void> {
  const main = run.main === '' || run.main.endsWith('\n') ? run.main : run.main + '\n';
  const settings = harnessSettings(base).map(([name, value]) => `${name} = ${value}\n`);
  const userMaster = run.master ?? '';
  const defined = new Set(userMaster.split('\n').flatMap((l) => (/^[^\s#]/.test(l) ? [l.split(/\s+/).slice(0, 2).join(' ')] : [])));
  const services = harnessServices(run.port).filter((s) => !defined.has(s.split(/\s+/).slice(0, 2).join(' ')));
  const files: [string, string][] = [
    ['main.cf', main + '# ---- test harness settings ----\n' + settings.join('')],
    ['master.cf', (userMaster === '' || userMaster.endsWith('\n') ? userMaster : userMaster + '\n') + services.join('\n') + '\n'],
    ...Object.entries(run.files ?? {}),
  ];
  for (const [name, text] of files) await writeBackdated(join(etc, name), text);
}

/** Postfix waits while a configuration file is younger than a second or two. */
async function writeBackdated(path: string, text: string): Promise<void> {
  await writeFile(path, text);
  const past = new Date(Date.now() - 60_000);
  await utimes(path, past, past);
}

/** The queue layout that post-install would make, owned as master expects. */
async function makeQueue(base: string, mailOwner: string, setgidGroup: string): Promise<void> {
  const uid = await idOf('passwd', mailOwner);
  const gid = await idOf('group', setgidGroup);
  const queue = join(base, 'queue');
  const dirs: [string, number, number, number][] = [
    [queue, 0o755, 0, 0],
    [join(queue, 'pid'), 0o755, 0, 0],
    ...QUEUE_SUBDIRS.map((d): [string, number, number, number] => [join(queue, d), 0o700, uid, 0]),
    [join(queue, 'public'), 0o710, uid, gid],
    [join(queue, 'maildrop'), 0o730, uid, gid],
    [join(base, 'data'), 0o700, uid, 0],
  ];
  for (const [dir, mode, owner, group] of dirs) {
    await mkdir(dir);
    await chown(dir, owner, group);
    await chmod(dir, mode); // mkdir's mode passes through the umask
  }
}

/** Starts master, holds the sessions, reads the log, and stops master and every process it started. */
async function runDaemons(
  port: number,
  etc: string,
  log: string,
  daemonDirectory: string,
  sessions: (talk: Talk) => Promise<string[][]>,
  until?: (maillog: string) => boolean,
): Promise<{ transcripts: string[][]; logged: string }> {
  if (!(await portIsFree(port))) return { transcripts: [[`!!! cannot connect: port ${port} is in use`]], logged: '' };
  const master = spawn(join(daemonDirectory, 'master'), ['-c', etc, '-e', String(MASTER_LIFETIME_S)], { stdio: 'ignore' });
  let running = true;
  const exited = new Promise<void>((resolve) => {
    master.once('exit', () => resolve());
    master.once('error', () => resolve());
  }).then(() => {
    running = false;
  });
  const logText = async (): Promise<string> => readFile(log, 'utf8').catch(() => '');
  const gaveUp = async (): Promise<boolean> => !running || (await logText()).includes(' fatal: ');
  try {
    const transcripts = await sessions((script) => (running ? connection(port, script, () => running, gaveUp) : Promise.resolve(['!!! master stopped'])));
    if (until) {
      const deadline = Date.now() + UNTIL_TIMEOUT_MS;
      while (running && Date.now() < deadline && !until(await logText())) await sleep(100);
    }
    if (running) await flushLog(etc, logText);
    return { transcripts, logged: await logText() };
  } finally {
    await stopMaster(master, etc, () => running, exited);
  }
}

/** One connection: the greeting, then the script; the transcript of both. */
async function connection(port: number, script: Parameters<Talk>[0], running: () => boolean, gaveUp: () => Promise<boolean>): Promise<string[]> {
  const socket = await connectWithin(port, REPLY_TIMEOUT_MS, running);
  if (!socket) return ['!!! cannot connect'];
  const session = new SmtpSession(socket);
  const transcript: string[] = [];
  try {
    // smtpd that dies at start (a bad value, no relay protection) leaves the
    // connection waiting while master throttles: the log tells why
    const greeting = await session.reply(REPLY_TIMEOUT_MS, gaveUp);
    if (!greeting) return ['!!! no SMTP greeting (smtpd died at startup?)'];
    transcript.push(...greeting.map((l) => `<<< ${l}`));
    const answer = async (shown: string): Promise<string[] | undefined> => {
      const reply = await session.reply(REPLY_TIMEOUT_MS, gaveUp);
      transcript.push(...(reply ? reply.map((l) => `<<< ${l}`) : [`!!! no reply to ${shown}`]));
      return reply;
    };
    const say: Say = (line) => {
      transcript.push(`>>> ${line}`);
      session.send(line);
      return answer(line);
    };
    const sendBody = (body: string): Promise<string[] | undefined> => {
      const text = body.split(/\r?\n/).map((l) => (l.startsWith('.') ? `.${l}` : l));
      transcript.push(`>>> (message of ${text.length} lines)`, '>>> .');
      for (const line of text) session.send(line);
      session.send('.');
      return answer('the message');
    };
    await script(say, sendBody);
    // smtpd answers QUIT only after its end-of-session notice (about a second
    // after configuration errors): nothing in that answer is worth the wait
    transcript.push('>>> QUIT');
    session.send('QUIT');
    return transcript;
  } finally {
    session.close();
  }
}

/**
 * The verdict's dialogue: a remote recipient takes the relay check's reject
 * path; the local one passes it, so the rest of the recipient list is
 * evaluated too; DATA runs smtpd_data_restrictions once a recipient was
 * accepted. Then the greetings the run asks for.
 */
async function verdictDialogue(run: SmtpdRun, localRecipient: string, talk: Talk): Promise<string[][]> {
  const helo = run.helo ?? 'client.example';
  const steps = ['MAIL FROM:<sender@example.net>', 'RCPT TO:<rcpt@example.org>', `RCPT TO:<${localRecipient}>`, 'DATA'];
  const transcripts = [
    await talk(async (say) => {
      const attributes = { ADDR: run.clientAddress ?? '192.0.2.10', NAME: run.clientName ?? 'client.example', HELO: helo };
      if (!(await introduce(say, attributes, helo))) return;
      if (run.starttls) {
        const reply = await say('STARTTLS');
        if (!reply || reply[0].startsWith('220')) return;
      }
      for (const line of steps) if (!(await say(line))) return;
    }),
  ];
  for (let i = 0; i < (run.greetings ?? 0); i++) transcripts.push(await talk(() => Promise.resolve()));
  return transcripts;
}

async function clientDialogue(client: SmtpClient, say: Say, sendBody: (body: string) => Promise<string[] | undefined>): Promise<void> {
  const attributes: Record<string, string> = { NAME: '[UNAVAILABLE]', REVERSE_NAME: '[UNAVAILABLE]', ...client.xclient };
  if (!(await introduce(say, attributes, attributes.HELO ?? 'client.example'))) return;
  for (const step of client.steps) {
    const reply = typeof step === 'string' ? await say(step) : await sendBody(step.body);
    if (!reply) return;
  }
}

/** EHLO, then XCLIENT with the attributes when smtpd offers it, then EHLO again as the client it now is; false when smtpd stopped answering. */
async function introduce(say: Say, attributes: Record<string, string>, helo: string): Promise<boolean> {
  const ehlo = await say('EHLO oracle-client.example');
  if (!ehlo) return false;
  if (!ehlo.some((l) => l.includes('XCLIENT'))) return true;
  const xclient = Object.entries(attributes).map(([name, value]) => `${name}=${xtext(value)}`);
  return (await say(`XCLIENT ${xclient.join(' ')}`)) !== undefined && (await say(`EHLO ${helo}`)) !== undefined;
}

/** Lines of an SMTP conversation, read as they arrive. */
class SmtpSession {
  private pending = '';
  private readonly received: string[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.pending += chunk;
      const parts = this.pending.split('\n');
      this.pending = parts.pop() ?? '';
      this.received.push(...parts.map((l) => l.replace(/\r$/, '')));
      this.wake?.();
    });
    const end = (): void => {
      this.ended = true;
      this.wake?.();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  /** The next complete reply; undefined when none comes in time, the server hangs up, or `gaveUp` says so. */
  async reply(timeoutMs: number, gaveUp: () => Promise<boolean>): Promise<string[] | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = this.received.findIndex((l) => l.length < 4 || l[3] !== '-');
      if (last >= 0) return this.received.splice(0, last + 1);
      if (this.ended || Date.now() >= deadline || (await gaveUp())) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  send(line: string): void {
    if (!this.ended) this.socket.write(`${line}\r\n`);
  }

  close(): void {
    this.socket.end(() => this.socket.destroy());
  }
}

/** XCLIENT values are xtext: '+', '=' and anything outside printable ASCII as +HH. */
function xtext(value: string): string {
  return value.replace(/[^!-*,-<>-~]/g, (c) => `+${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

async function connectWithin(port: number, timeoutMs: number, running: () => boolean): Promise<Socket | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && running()) {
    const socket = await new Promise<Socket | undefined>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => resolve(s));
      s.once('error', () => {
        s.destroy();
        resolve(undefined);
      });
    });
    if (socket) return socket;
    await sleep(100);
  }
  return undefined;
}

/** master cannot tell why it fails before its log service runs, so an occupied port is found first. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * postlogd writes the log a moment after the daemons send to it: a line of
 * our own, sent last, shows that everything before it is written.
 */
async function flushLog(etc: string, logText: () => Promise<string>): Promise<void> {
  const marker = `end of dialogue ${process.pid}.${Date.now()}`;
  await command('postlog', ['-c', etc, '-t', 'oracle-harness', marker]);
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline && !(await logText()).includes(marker)) await sleep(50);
}

const LOG_PREFIX = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+) \S+ (?:\S+\/)?([\w.-]+)(?:\[\d+\])?: /;

function logComplaints(text: string): string[] {
  return lines(text)
    .filter((l) => / (warning|error|fatal|panic): /.test(l))
    .map((l) => l.replace(LOG_PREFIX, '$1: '));
}

/**
 * master does not wait for its children when it is told to stop, and a
 * container's first process may never reap orphans. A reload with no
 * services makes every child leave once idle, reaped by master; then master
 * stops, reaped by us.
 */
async function stopMaster(master: ChildProcess, etc: string, running: () => boolean, exited: Promise<void>): Promise<void> {
  const pid = master.pid;
  if (running() && pid !== undefined) {
    await writeBackdated(join(etc, 'master.cf'), '');
    master.kill('SIGHUP');
    const deadline = Date.now() + 3_000;
    while (running() && Date.now() < deadline && (await childrenOf(pid)).length > 0) await sleep(50);
  }
  if (running()) master.kill('SIGTERM');
  if (!(await settles(exited, 3_000))) {
    master.kill('SIGKILL');
    await settles(exited, 3_000);
  }
}

async function childrenOf(pid: number): Promise<string[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.split(' ').filter((p) => p !== '');
}

async function settles(promise: Promise<void>, timeoutMs: number): Promise<boolean> {
  // an unreferenced timer: once master is gone, nothing should hold the test process open
  return Promise.race([promise.then(() => true), sleep(timeoutMs, false, { ref: false })]);
}

/** A Postfix program's output; it never throws, and a program stopped for taking too long says so. */
function command(file: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const note = error && (error.killed || typeof error.code === 'string') ? `!!! ${file}: ${error.message}\n` : '';
      resolve({ stdout, stderr: stderr + note });
    });
  });
}

async function idOf(database: 'passwd' | 'group', name: string): Promise<number> {
  const { stdout } = await command('getent', [database, name]);
  const id = Number(stdout.split(':')[2]);
  if (!Number.isInteger(id)) throw new Error(`getent ${database} ${name}: no such entry`);
  return id;
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}
