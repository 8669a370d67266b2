/**
 * What smtpd would answer to one hypothetical SMTP transaction, read from the
 * configuration directory: the entry point of the simulator. Pure: tables
 * come through the FileSystem, DNS answers from the transaction; nothing is
 * sent, opened or written.
 */
import type { FileSystem } from '../files';
import type { ConfigModel } from '../model/config';
import { parseAddress } from '../lookup/patterns';
import { braceWords } from '../lookup/keyed';
import { MAX_RECIPIENTS, transactionProblems } from '../policyTests/transactionInput';
import { formatAddress } from '../syntax/address';
import { Session, type Client, type Decider, type DnsView, type Run } from './check';
import { Policy } from './policy';
import { withFooter } from './replies';
import { resolveAddress } from './resolve';
import { checkClient, checkHelo, checkMail, checkMessage, checkRcpt, type StageResult } from './stages';
import type { ListWord } from './settings';
import type { DnsFacts, RecipientOutcome, Simulation, TraceStep, Transaction, Verdict } from './transaction';

export type { DecidedBy, DnsFacts, RecipientOutcome, Simulation, TraceStep, Transaction, Verdict } from './transaction';

export interface SimulationConfig {
  model: ConfigModel;
  /** the main.cf path, which file names in the trace and table paths start from */
  mainPath: string;
  /** the master.cf beside it, when there is one: a service's -o lists are written there */
  masterPath?: string;
  files: FileSystem;
}

export interface SimulationOptions {
  /** the master.cf smtpd service whose -o overrides apply (its name, e.g. "submission"); default: main.cf alone, as the port 25 smtpd of a stock master.cf */
  service?: string;
  /** the Postfix release to answer as (X.Y or X.Y.Z); default: the current behaviour (3.9 and later) */
  version?: string;
}

/** The address as smtpd prints it: IPv6 in its compressed lower-case form, without "IPv6:". */
function normalizeAddress(address: string): string {
  const bare = address.replace(/^ipv6:/i, '');
  const n = parseAddress(bare);
  return n ? formatAddress(n.bytes) : bare;
}

function dnsView(facts: DnsFacts | undefined): DnsView {
  const norm = (n: string): string => n.toLowerCase().replace(/\.$/, '');
  const resolves = new Set((facts?.resolves ?? []).map(norm));
  const unresolvable = new Set((facts?.unresolvable ?? []).map(norm));
  const listed = new Map<string, string>();
  for (const entry of facts?.listed ?? []) {
    const eq = entry.indexOf('=');
    listed.set(norm(eq < 0 ? entry : entry.slice(0, eq)), eq < 0 ? '127.0.0.2' : entry.slice(eq + 1));
  }
  return {
    resolves: (name) => (unresolvable.has(norm(name)) ? false : resolves.has(norm(name)) ? true : undefined),
    listed: (list) => {
      const address = listed.get(norm(list));
      return address === undefined ? undefined : { address };
    },
    hasListFacts: facts?.listed !== undefined,
  };
}

/** Restrictions that make a list reject relaying by default; smtpd refuses to start without one. */
const RELAY_GUARDS = ['reject_unauth_destination', 'defer_unauth_destination', 'reject', 'defer', 'defer_if_permit', 'check_relay_domains'];

function hasRelayGuard(words: readonly ListWord[], classes: ReadonlyMap<string, readonly ListWord[]>, seen: Set<string>): boolean {
  for (let i = 0; i < words.length; i++) {
    const w = words[i].text.toLowerCase();
    if (w === 'warn_if_reject') {
      i++;
      continue;
    }
    if (w === 'permit') return false;
    if (RELAY_GUARDS.includes(w)) return true;
    const klass = classes.get(words[i].text);
    if (klass && !seen.has(words[i].text) && hasRelayGuard(klass, classes, new Set(seen).add(words[i].text))) return true;
  }
  return false;
}

function verdictOf(reply: string): Verdict {
  return reply.startsWith('4') || reply === '' ? 'defer' : 'reject';
}

export function simulate(config: SimulationConfig, tx: Transaction, options: SimulationOptions = {}): Simulation {
  try {
    return simulateTransaction(config, tx, options);
  } catch (e) {
    // a fault of the simulator must not take its caller down: say so instead of answering
    return { recipients: [], problems: [`the simulator failed: ${e instanceof Error ? e.message : String(e)}`] };
  }
}

function simulateTransaction(config: SimulationConfig, tx: Transaction, options: SimulationOptions): Simulation {
  const problems = transactionProblems(tx);
  if (!parseAddress(tx.clientAddress.replace(/^ipv6:/i, ''))) return { recipients: [], problems };
  const services = config.model.master?.services ?? [];
  const service = options.service === undefined ? undefined : services.find((s) => s.name === options.service && s.command === 'smtpd');
  if (options.service !== undefined && !service) problems.push(`master.cf has no smtpd service named "${options.service}": main.cf alone applies`);
  const policy = new Policy(config.model, config.mainPath, config.masterPath, service, config.files);
  const settings = policy.settings;
  policy.tables.aliasTables = new Set(braceWords(settings.value('alias_maps')).map((t) => t.replace(/^proxy:/, '')));

  const address = normalizeAddress(tx.clientAddress);
  const name = tx.clientName ?? 'unknown';
  const reverseName = tx.reverseClientName ?? tx.clientName ?? 'unknown';
  const client: Client = {
    address,
    name,
    nameKnown: tx.clientName !== undefined,
    reverseName,
    reverseKnown: reverseName !== 'unknown',
    namaddr: `${name}[${address}]`,
    ...(tx.helo !== undefined ? { helo: tx.helo } : {}),
    ...(tx.saslUsername ? { login: tx.saslUsername } : {}),
  };

  const classes = new Map<string, readonly ListWord[]>();
  classes.set('reject_sender_login_mismatch', [
    { text: 'reject_authenticated_sender_login_mismatch', origin: { parameter: 'reject_sender_login_mismatch', file: config.mainPath, line: null } },
    { text: 'reject_unauthenticated_sender_login_mismatch', origin: { parameter: 'reject_sender_login_mismatch', file: config.mainPath, line: null } },
  ]);
  const startup: string[] = [];
  for (const c of settings
    .value('smtpd_restriction_classes')
    .split(/[\s,]+/)
    .filter((n) => n !== '')) {
    const words = settings.listWords(c);
    if (words.length === 0) startup.push(`restriction class \`${c}' needs a definition`);
    classes.set(c, words);
  }
  // smtpd reads every list when it starts: a $name that reaches itself stops it there
  for (const stage of ['client', 'helo', 'sender', 'relay', 'recipient', 'data', 'end_of_data']) settings.listWords(`smtpd_${stage}_restrictions`);
  startup.push(...settings.fatal);
  if (
    !hasRelayGuard(settings.listWords('smtpd_recipient_restrictions'), classes, new Set()) &&
    !hasRelayGuard(settings.listWords('smtpd_relay_restrictions'), classes, new Set())
  ) {
    startup.push(
      'in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, specify at least one working instance of: reject_unauth_destination, defer_unauth_destination, reject, defer, defer_if_permit or check_relay_domains',
    );
  }

  const session = new Session();
  session.sender = tx.sender;
  const run: Run = { policy, client, session, dns: dnsView(tx.dns), trace: [], problems, classes, version: options.version };
  const recipients = tx.recipients.slice(0, MAX_RECIPIENTS);
  const done = (outcomes: RecipientOutcome[]): Simulation => ({
    recipients: outcomes,
    problems: [...new Set([...problems, ...settings.problems, ...policy.listProblems(), ...policy.tables.problems(), ...settings.notes])],
  });

  if (startup.length > 0) {
    problems.push(...startup.map((s) => `${s}: smtpd stops at start, and clients see the connection close`));
    return done(recipients.map((recipient) => ({ recipient, verdict: 'defer', reply: '', decidedBy: null, trace: [] })));
  }

  const footer = (reply: string, recipient?: string): string =>
    withFooter(reply, settings.value('smtpd_reject_footer'), {
      clientAddress: address,
      clientName: name,
      serverName: settings.value('myhostname'),
      sender: tx.sender,
      ...(tx.helo !== undefined ? { helo: tx.helo } : {}),
      ...(recipient !== undefined ? { recipient } : {}),
    });
  const decided = (by: Decider | undefined): Decider | null => by ?? null;

  // what refuses the whole transaction before any RCPT: an early stage, or the MAIL command itself
  let early: { result: StageResult; stage: TraceStep['stage'] } | undefined;
  const preTrace: TraceStep[] = [];
  run.trace = preTrace;
  if (!settings.bool('smtpd_delay_reject')) {
    const stages: [TraceStep['stage'], () => StageResult | undefined][] = [
      ['CONNECT', () => checkClient(run, 'CONNECT')],
      ['HELO', () => checkHelo(run, 'HELO')],
      ['MAIL', () => checkMail(run, 'MAIL')],
    ];
    for (const [stage, runStage] of stages) {
      const r = runStage();
      if (r && r.outcome.status === 'reject') {
        early = { result: r, stage };
        break;
      }
    }
  }
  const commandReply = (reply: string, stage: TraceStep['stage'], why: string): StageResult => {
    preTrace.push({ stage, parameter: '', restriction: '', result: verdictOf(reply), why });
    return { outcome: { status: 'reject', reply } };
  };
  if (!early && tx.helo === undefined && settings.bool('smtpd_helo_required')) {
    early = { result: commandReply('503 5.5.1 Error: send HELO/EHLO first', 'MAIL', 'smtpd_helo_required = yes and the client sent no HELO'), stage: 'MAIL' };
  }
  if (!early && tx.sender !== '' && resolveAddress(policy, tx.sender).error) {
    early = { result: commandReply('501 5.1.7 Bad sender address syntax', 'MAIL', `the domain of ${tx.sender} is not valid`), stage: 'MAIL' };
  }

  const outcomes: RecipientOutcome[] = [];
  const accepted: { outcome: RecipientOutcome; by: Decider | null }[] = [];
  let first: string | undefined;
  const limit = settings.int('smtpd_recipient_limit');
  for (const recipient of recipients) {
    run.trace = [...preTrace];
    const refuse = (reply: string, by: Decider | null, why?: string): void => {
      if (why) run.trace.push({ stage: 'RCPT', parameter: '', restriction: '', result: verdictOf(reply), why });
      outcomes.push({ recipient, verdict: verdictOf(reply), reply: footer(reply, recipient), decidedBy: by, trace: run.trace });
    };
    if (early) {
      refuse(early.result.outcome.reply ?? '', decided(early.result.outcome.by), `the transaction ended at ${early.stage}`);
      continue;
    }
    if (recipient === '' || resolveAddress(policy, recipient).error) {
      refuse('501 5.1.3 Bad recipient address syntax', null, `"${recipient}" is not an address smtpd accepts`);
      continue;
    }
    if (limit > 0 && session.rcptCount >= limit) {
      refuse('452 4.5.3 Error: too many recipients', null, `smtpd_recipient_limit = ${limit}`);
      continue;
    }
    if (recipient.toLowerCase() === 'postmaster') {
      run.trace.push({ stage: 'RCPT', parameter: '', restriction: '', result: 'permit', why: 'a bare "postmaster" is always accepted (RFC 5321)' });
      session.rcptCount++;
      first ??= recipient;
      const outcome: RecipientOutcome = { recipient, verdict: 'accept', reply: '250 2.1.5 Ok', decidedBy: null, trace: run.trace };
      outcomes.push(outcome);
      accepted.push({ outcome, by: null });
      continue;
    }
    const result = checkRcpt(run, recipient);
    if (result.outcome.status === 'reject') {
      refuse(result.outcome.reply ?? '', decided(result.outcome.by));
      continue;
    }
    session.rcptCount++;
    first ??= recipient;
    const by = decided(result.outcome.by);
    const outcome: RecipientOutcome = {
      recipient,
      verdict: 'accept',
      reply: '250 2.1.5 Ok',
      decidedBy: result.outcome.status === 'ok' ? by : null,
      trace: run.trace,
    };
    outcomes.push(outcome);
    accepted.push({ outcome, by });
  }

  if (accepted.length > 0) {
    for (const stage of ['DATA', 'END-OF-MESSAGE'] as const) {
      run.trace = [];
      const r = checkMessage(run, stage, first);
      for (const a of accepted) a.outcome.trace.push(...run.trace);
      if (r.outcome.status === 'reject') {
        const reply = footer(r.outcome.reply ?? '');
        for (const a of accepted) Object.assign(a.outcome, { verdict: verdictOf(reply), reply, decidedBy: decided(r.outcome.by) });
        return done(outcomes);
      }
    }
    const message: [Verdict, Decider | undefined][] = [
      ['discard', session.discard],
      ['hold', session.hold],
      ['redirect', session.redirect?.by],
      ['filter', session.filter?.by],
    ];
    const effect = message.find(([, by]) => by !== undefined);
    if (effect) for (const a of accepted) Object.assign(a.outcome, { verdict: effect[0], decidedBy: effect[1] });
  }
  return done(outcomes);
}
