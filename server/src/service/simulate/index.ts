/**
 * What smtpd would answer to one hypothetical SMTP transaction, read from the
 * configuration directory: the entry point of the simulator. Pure: tables
 * come through the FileSystem, DNS answers from the transaction; nothing is
 * sent, opened or written.
 */
import type { FileSystem } from '../files';
import type { ConfigModel } from '../model/config';
import { mxSmtpd } from '../model/services';
import { parseAddress } from '../lookup/patterns';
import { clientOf, dnsView } from './facts';
import { restrictionClasses, startupProblems } from './startup';
import { braceWords } from '../syntax/braceWords';
import { MAX_RECIPIENTS, transactionProblems } from '../policyTests/transactionInput';
import { Session, type Decider, type Run } from './check';
import { Policy } from './policy';
import { withFooter } from './replies';
import { resolveAddress } from './resolve';
import { checkClient, checkHelo, checkMail, checkMessage, checkRcpt, type StageResult } from './stages';
import type { RecipientOutcome, Simulation, TraceStep, Transaction, Verdict } from './transaction';

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
  /** the master.cf smtpd service whose -o overrides apply (its name, e.g. "submission"); default: the one that takes mail on port 25 (model/services mxSmtpd) */
  service?: string;
  /** the Postfix release to answer as (X.Y or X.Y.Z); default: the current behaviour (3.9 and later) */
  version?: string;
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
  // mail on port 25 meets the smtpd master.cf runs there, or behind postscreen; without a master.cf, main.cf alone
  const service = options.service === undefined ? mxSmtpd(config.model, services) : services.find((s) => s.name === options.service && s.command === 'smtpd');
  if (options.service !== undefined && !service) problems.push(`master.cf has no smtpd service named "${options.service}": main.cf alone applies`);
  const policy = new Policy(config.model, config.mainPath, config.masterPath, service, config.files);
  const settings = policy.settings;
  policy.tables.aliasTables = new Set(braceWords(settings.value('alias_maps')).map((t) => t.replace(/^proxy:/, '')));

  const client = clientOf(tx);
  const { address, name } = client;

  const classes = restrictionClasses(settings, config.mainPath);
  const startup = startupProblems(settings, classes);

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
  /** A setting that makes smtpd refuse, as the decider. */
  const settingDecider = (parameter: string): Decider => {
    const origin = settings.origin(parameter);
    return { parameter, restriction: `${parameter} = ${settings.value(parameter)}`, file: origin.file, line: origin.line };
  };
  /** A reply smtpd gives a command itself; `parameter` the setting that makes it, if any. */
  const commandReply = (reply: string, stage: TraceStep['stage'], why: string, parameter?: string): StageResult => {
    const by = parameter === undefined ? undefined : settingDecider(parameter);
    preTrace.push({
      stage,
      parameter: parameter ?? '',
      restriction: by?.restriction ?? '',
      result: verdictOf(reply),
      why,
      ...(by ? { file: by.file, line: by.line } : {}),
    });
    return { outcome: { status: 'reject', reply, ...(by ? { by } : {}) } };
  };
  if (!early && tx.helo === undefined && settings.bool('smtpd_helo_required')) {
    early = {
      result: commandReply('503 5.5.1 Error: send HELO/EHLO first', 'MAIL', 'smtpd_helo_required = yes and the client sent no HELO', 'smtpd_helo_required'),
      stage: 'MAIL',
    };
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
      refuse('452 4.5.3 Error: too many recipients', settingDecider('smtpd_recipient_limit'), `smtpd_recipient_limit = ${limit}`);
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
