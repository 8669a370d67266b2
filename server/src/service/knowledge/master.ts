/**
 * What master.cf knows about: the daemons of daemon_directory and the
 * demands some of them make on their master.cf columns, the service types,
 * pipe(8) attributes and macros, and inet service names.
 */
import columnText from './overlays/master-columns.json';
import daemonText from './overlays/master-daemons.json';
import pipeText from './overlays/master-pipe.json';
import { suggester } from './suggest';

export interface DaemonInfo {
  name: string;
  summary: string;
  /** the manual page on postfix.org */
  page: string;
  since?: string;
  /** the process limit the daemon insists on (it stops at start-up otherwise) */
  processLimit?: 0 | 1;
  /** runs only with root privileges: unpriv must be n */
  privileged?: boolean;
  /** needs a wake-up timer */
  wakeup?: boolean;
}

const extra: Record<string, Omit<DaemonInfo, 'name' | 'summary' | 'page'>> = {
  anvil: { since: '2.2', processLimit: 1 },
  bounce: { processLimit: 0 },
  cleanup: { processLimit: 0 },
  discard: { since: '2.2' },
  dnsblog: { since: '2.8', processLimit: 0 },
  flush: { processLimit: 0, wakeup: true },
  local: { privileged: true },
  nqmgr: { processLimit: 1, wakeup: true },
  oqmgr: { since: '2.1', processLimit: 1, wakeup: true },
  pickup: { processLimit: 1, wakeup: true },
  pipe: { privileged: true },
  postlogd: { since: '3.4', processLimit: 1 },
  postscreen: { since: '2.8', processLimit: 1 },
  qmgr: { processLimit: 1, wakeup: true },
  scache: { since: '2.2', processLimit: 1 },
  spawn: { privileged: true },
  tlsmgr: { since: '2.2', processLimit: 1 },
  tlsproxy: { since: '2.8', processLimit: 0 },
  verify: { since: '2.1', processLimit: 1 },
  virtual: { privileged: true },
};

const PAGE: Record<string, string> = { nqmgr: 'qmgr' };

/** The daemons Postfix installs in daemon_directory. */
export const daemons: ReadonlyMap<string, DaemonInfo> = new Map(
  Object.entries(daemonText as Record<string, string>).map(([name, summary]) => [
    name,
    { name, summary, page: `https://www.postfix.org/${PAGE[name] ?? name}.8.html`, ...extra[name] },
  ]),
);

/** Programs in daemon_directory that are no master.cf service. */
export const notServices: Readonly<Record<string, string>> = {
  master: 'master is the supervisor that reads master.cf and starts the services; it is not a service itself.',
  'post-install': 'post-install is an installation script, not a daemon.',
  'postfix-script': 'postfix-script is the script behind the postfix command, not a daemon.',
  'postfix-tls-script': 'postfix-tls-script is the script behind "postfix tls", not a daemon.',
  'postfix-wrapper': 'postfix-wrapper manages multiple Postfix instances; it is not a daemon.',
  'postmulti-script': 'postmulti-script is the script behind postmulti, not a daemon.',
  fsstone: 'fsstone is a file system benchmark, not a daemon.',
};

export const suggestDaemon = suggester([...daemons.keys()]);

const columns = columnText as Record<string, string>;

export const SERVICE_TYPE_INFO: Readonly<Record<string, { summary: string; since?: string }>> = {
  inet: { summary: columns['type.inet'] },
  unix: { summary: columns['type.unix'] },
  'unix-dgram': { summary: columns['type.unix-dgram'], since: '3.4' },
  fifo: { summary: columns['type.fifo'] },
  pass: { summary: columns['type.pass'], since: '2.5' },
};

export const suggestServiceType = suggester(Object.keys(SERVICE_TYPE_INFO));

/** What each column means, with its default and the values it takes. */
export const COLUMN_INFO: Readonly<Record<string, { title: string; summary: string; default: string; values: string }>> = {
  service: { title: 'Service name', summary: columns.service, default: 'none: required', values: 'inet: [host:]port; other types: a name' },
  type: { title: 'Service type', summary: columns.type, default: 'none: required', values: '`inet`, `unix`, `unix-dgram`, `fifo`, `pass`' },
  private: { title: 'Private', summary: columns.private, default: '`y`', values: '`y`, `n`, `-` (default)' },
  unpriv: { title: 'Unprivileged', summary: columns.unpriv, default: '`y`', values: '`y`, `n`, `-` (default)' },
  chroot: { title: 'Chroot', summary: columns.chroot, default: '`n` (Postfix 3.0 and later; `y` before)', values: '`y`, `n`, `-` (default)' },
  wakeup: { title: 'Wake-up time', summary: columns.wakeup, default: '`0` (never)', values: 'seconds, optionally followed by `?`; `-` (default)' },
  maxproc: { title: 'Process limit', summary: columns.maxproc, default: '`$default_process_limit` (100)', values: 'a number, `0` for no limit; `-` (default)' },
  command: { title: 'Command', summary: columns.command, default: 'none: required', values: 'a daemon name or an absolute path, then arguments' },
};

export const FLAG_MEANING: Readonly<Record<string, string>> = { y: columns['flag.y'], n: columns['flag.n'], '-': columns['flag.-'] };

const pipe = pipeText as Record<string, string>;
const pick = (prefix: string): ReadonlyMap<string, string> =>
  new Map(Object.entries(pipe).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));

export const pipeAttributes = pick('attr.');

export interface PipeMacroInfo {
  name: string;
  summary: string;
  since?: string;
}

const MACRO_SINCE: Record<string, string> = {
  client_address: '2.2', client_helo: '2.2', client_hostname: '2.2', client_port: '2.5', client_protocol: '2.2',
  domain: '2.5', envid: '3.9', original_recipient: '2.5', queue_id: '2.11',
  sasl_method: '2.2', sasl_sender: '2.2', sasl_username: '2.2',
};

/** The ${macros} pipe(8) fills in in its argv=. */
export const pipeMacros: ReadonlyMap<string, PipeMacroInfo> = new Map(
  [...pick('macro.')].map(([name, summary]) => [name, { name, summary, since: MACRO_SINCE[name] }]),
);

export const suggestPipeMacro = suggester([...pipeMacros.keys()]);

/**
 * Service names of /etc/services that mail servers listen on, with their
 * ports. Others may exist on the machine; master stops when the name is not there.
 */
export const KNOWN_PORT_NAMES: ReadonlyMap<string, number> = new Map([
  ['smtp', 25], ['submission', 587], ['submissions', 465], ['smtps', 465], ['ssmtp', 465], ['urd', 465],
  ['lmtp', 24], ['qmtp', 209], ['pop3', 110], ['pop3s', 995], ['imap', 143], ['imap2', 143], ['imaps', 993],
  ['sieve', 4190], ['http', 80], ['https', 443], ['domain', 53], ['finger', 79], ['uucp', 540], ['ftp', 21],
]);
