/**
 * What master.cf knows about: the daemons of daemon_directory and the
 * demands some of them make on their master.cf columns, the service types,
 * pipe(8) attributes and macros, and inet service names.
 */
import columnData from './overlays/master-columns.json';
import daemonData from './overlays/master-daemons.json';
import pipeData from './overlays/master-pipe.json';
import { COLUMN_NAMES, SERVICE_TYPES, type ColumnName } from '../syntax/masterCf';
import { keyed, object, readData, recordOf, text } from './jsonData';
import { suggester } from './suggest';

type ServiceType = (typeof SERVICE_TYPES)[number];
type FlagValue = 'y' | 'n' | '-';

/** Our texts for the columns of master.cf, the service types and the values of the y/n flag columns. */
interface ColumnTexts {
  columns: Record<ColumnName, string>;
  types: Record<ServiceType, string>;
  flags: Record<FlagValue, string>;
}

/** Our texts for the attributes of a pipe(8) command and the ${macros} of its argv. */
interface PipeTexts {
  attributes: Record<string, string>;
  macros: Record<string, string>;
}

const columns = readData(
  'overlays/master-columns.json',
  columnData,
  object<ColumnTexts>({ columns: keyed(COLUMN_NAMES, text), types: keyed(SERVICE_TYPES, text), flags: keyed(['y', 'n', '-'], text) }),
);
const pipe = readData('overlays/master-pipe.json', pipeData, object<PipeTexts>({ attributes: recordOf(text), macros: recordOf(text) }));
/** The daemons of daemon_directory, each with our summary. */
const daemonTexts = readData('overlays/master-daemons.json', daemonData, recordOf(text));

export interface DaemonInfo {
  name: string;
  summary: string;
  /** its manual page, in section 8 */
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
  Object.entries(daemonTexts).map(([name, summary]) => [name, { name, summary, page: PAGE[name] ?? name, ...extra[name] }]),
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

export const SERVICE_TYPE_INFO: Readonly<Record<string, { summary: string; since?: string }>> = {
  inet: { summary: columns.types.inet },
  unix: { summary: columns.types.unix },
  'unix-dgram': { summary: columns.types['unix-dgram'], since: '3.4' },
  fifo: { summary: columns.types.fifo },
  pass: { summary: columns.types.pass, since: '2.5' },
};

export const suggestServiceType = suggester(Object.keys(SERVICE_TYPE_INFO));

/** What each column means, with its default and the values it takes. */
export const COLUMN_INFO: Readonly<Record<ColumnName, { title: string; summary: string; default: string; values: string }>> = {
  service: { title: 'Service name', summary: columns.columns.service, default: 'none: required', values: 'inet: [host:]port; other types: a name' },
  type: { title: 'Service type', summary: columns.columns.type, default: 'none: required', values: '`inet`, `unix`, `unix-dgram`, `fifo`, `pass`' },
  private: { title: 'Private', summary: columns.columns.private, default: '`y`', values: '`y`, `n`, `-` (default)' },
  unpriv: { title: 'Unprivileged', summary: columns.columns.unpriv, default: '`y`', values: '`y`, `n`, `-` (default)' },
  chroot: { title: 'Chroot', summary: columns.columns.chroot, default: '`n` (Postfix 3.0 and later; `y` before)', values: '`y`, `n`, `-` (default)' },
  wakeup: { title: 'Wake-up time', summary: columns.columns.wakeup, default: '`0` (never)', values: 'seconds, optionally followed by `?`; `-` (default)' },
  maxproc: {
    title: 'Process limit',
    summary: columns.columns.maxproc,
    default: '`$default_process_limit` (100)',
    values: 'a number, `0` for no limit; `-` (default)',
  },
  command: { title: 'Command', summary: columns.columns.command, default: 'none: required', values: 'a daemon name or an absolute path, then arguments' },
};

export const FLAG_MEANING: Readonly<Record<string, string>> = columns.flags;

export const pipeAttributes: ReadonlyMap<string, string> = new Map(Object.entries(pipe.attributes));

export interface PipeMacroInfo {
  name: string;
  summary: string;
  since?: string;
}

const MACRO_SINCE: Record<string, string> = {
  client_address: '2.2',
  client_helo: '2.2',
  client_hostname: '2.2',
  client_port: '2.5',
  client_protocol: '2.2',
  domain: '2.5',
  envid: '3.9',
  original_recipient: '2.5',
  queue_id: '2.11',
  sasl_method: '2.2',
  sasl_sender: '2.2',
  sasl_username: '2.2',
};

/** The ${macros} pipe(8) fills in in its argv=. */
export const pipeMacros: ReadonlyMap<string, PipeMacroInfo> = new Map(
  Object.entries(pipe.macros).map(([name, summary]) => [name, { name, summary, since: MACRO_SINCE[name] }]),
);

export const suggestPipeMacro = suggester([...pipeMacros.keys()]);

/**
 * Service names of /etc/services that mail servers listen on, with their
 * ports. Others may exist on the machine; master stops when the name is not there.
 */
export const KNOWN_PORT_NAMES: ReadonlyMap<string, number> = new Map([
  ['smtp', 25],
  ['submission', 587],
  ['submissions', 465],
  ['smtps', 465],
  ['ssmtp', 465],
  ['urd', 465],
  ['lmtp', 24],
  ['qmtp', 209],
  ['pop3', 110],
  ['pop3s', 995],
  ['imap', 143],
  ['imap2', 143],
  ['imaps', 993],
  ['sieve', 4190],
  ['http', 80],
  ['https', 443],
  ['domain', 53],
  ['finger', 79],
  ['uucp', 540],
  ['ftp', 21],
]);
