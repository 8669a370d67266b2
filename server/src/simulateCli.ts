/**
 * postfix-language-server simulate ... MAIN_CF: what smtpd would answer to
 * one SMTP transaction, from a shell, with the simulator the editor uses.
 * Files are read from disk; no socket is opened unless --dns live asks the
 * resolver for the DNS facts.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { formatOption, lastValue, parseOptions, printable, printableJson, readProblem, versionOption, type ParsedArgs } from './cliOptions';
import { liveDnsFacts } from './liveDns';
import { nodeFiles } from './nodeFiles';
import { createLanguageService } from './service/languageService';
import { transactionProblems } from './service/policyTests/transactionInput';
import { traceText, type ShowPath } from './service/policyTests/traceText';
import type { DnsFacts, Simulation, Transaction } from './service/simulate/transaction';
import { Workspace } from './service/workspace';

export const SIMULATE_USAGE = `usage: postfix-language-server simulate [--format text|json] [--postfix-version X.Y[.Z]]
         --client-address IP [--client-name NAME] [--reverse-client-name NAME] [--helo NAME]
         [--sasl-username NAME] --sender ADDR --recipient ADDR [--recipient ADDR ...] MAIN_CF

Shows what Postfix's smtpd would answer to one SMTP transaction with the configuration of
MAIN_CF (the master.cf and the lookup tables it names are read beside it): the verdict and
reply for each recipient, which restriction decided on which line, and each step on the way.
Nothing is sent and no file is written.

  --client-address IP          the client's IPv4 or IPv6 address (required)
  --client-name NAME           the client's verified host name (default: unknown)
  --reverse-client-name NAME   the name the address's PTR record gives (default: the client
                               name when given, else unknown)
  --helo NAME                  the HELO/EHLO name (default: none sent)
  --sasl-username NAME         the client logged in with SASL as NAME
  --sender ADDR                MAIL FROM (required; '' is the null sender)
  --recipient ADDR             RCPT TO (required; may be given again)
  --service NAME               the master.cf smtpd service whose -o options apply (default:
                               the smtpd on port 25, or the one behind postscreen there)
  --dns-resolves NAME          NAME has an address or MX record (may be given again)
  --dns-unresolvable NAME      NAME has neither (may be given again)
  --dns-listed LIST[=ADDR]     the DNS list LIST lists the client, answering ADDR (may be given again)
  --dns live                   ask the resolver for the facts above instead (opens sockets)
  --format text|json           output format (default text); lines in JSON are 0-based
  --postfix-version X.Y[.Z]    the Postfix release whose smtpd to answer as (default: the newest)
  -h, --help                   this text

DNS restrictions without facts are assumed to pass, and the trace says so.
Exit status: 0 simulated, 2 the input is unusable (a malformed address, a missing option,
MAIN_CF cannot be read).
`;

const OPTIONS = {
  '--format': 'value',
  '--postfix-version': 'value',
  '--client-address': 'value',
  '--client-name': 'value',
  '--reverse-client-name': 'value',
  '--helo': 'value',
  '--sasl-username': 'value',
  '--sender': 'value',
  '--recipient': 'list',
  '--service': 'value',
  '--dns-resolves': 'list',
  '--dns-unresolvable': 'list',
  '--dns-listed': 'list',
  '--dns': 'value',
  '--help': 'flag',
  '-h': 'flag',
} as const;

export interface SimulateOptions {
  format: 'text' | 'json';
  version?: string;
  transaction: Transaction;
  service?: string;
  liveDns: boolean;
  mainCf: string;
}

/** The transaction of a command line, without checking its values. */
function transactionOf(parsed: ParsedArgs): Transaction | string {
  const clientAddress = lastValue(parsed, '--client-address');
  const sender = lastValue(parsed, '--sender');
  const recipients = parsed.values.get('--recipient') ?? [];
  const missing = [
    clientAddress === undefined && '--client-address',
    sender === undefined && "--sender ('' for the null sender)",
    recipients.length === 0 && '--recipient',
  ].filter((m) => m !== false);
  if (missing.length || clientAddress === undefined || sender === undefined) return `missing ${missing.join(', ')}`;
  const tx: Transaction = { clientAddress, sender, recipients };
  const optional = { clientName: '--client-name', reverseClientName: '--reverse-client-name', helo: '--helo', saslUsername: '--sasl-username' } as const;
  for (const [key, option] of Object.entries(optional) as [keyof typeof optional, string][]) {
    const value = lastValue(parsed, option);
    if (value !== undefined) tx[key] = value;
  }
  const dns: DnsFacts = {};
  for (const [key, option] of [
    ['resolves', '--dns-resolves'],
    ['unresolvable', '--dns-unresolvable'],
    ['listed', '--dns-listed'],
  ] as const) {
    const names = parsed.values.get(option);
    if (names) dns[key] = names;
  }
  if (Object.keys(dns).length) tx.dns = dns;
  return tx;
}

/** The options of a simulate command line, a request for help, or what is wrong with it. */
export function parseSimulateArgs(args: readonly string[]): SimulateOptions | { help: true } | string {
  const parsed = parseOptions(args, OPTIONS);
  if (typeof parsed === 'string') return parsed;
  if (parsed.values.has('--help') || parsed.values.has('-h')) return { help: true };
  const format = formatOption(parsed);
  if (typeof format === 'object') return format.problem;
  const version = versionOption(parsed);
  if (typeof version === 'object') return version.problem;
  const dnsMode = lastValue(parsed, '--dns');
  if (dnsMode !== undefined && dnsMode !== 'live')
    return `--dns takes only "live", not "${dnsMode}" (give facts with --dns-resolves, --dns-unresolvable, --dns-listed)`;
  const liveDns = dnsMode === 'live';
  if (liveDns && ['--dns-resolves', '--dns-unresolvable', '--dns-listed'].some((o) => parsed.values.has(o)))
    return '--dns live asks the resolver: give no DNS facts with it';
  if (parsed.operands.length !== 1) return parsed.operands.length ? `one MAIN_CF, not ${parsed.operands.length} files` : 'no MAIN_CF given';
  const transaction = transactionOf(parsed);
  if (typeof transaction === 'string') return transaction;
  const problems = transactionProblems(transaction);
  if (problems.length) return problems.map((p) => `--${p}`).join('\n');
  return { format, version, transaction, service: lastValue(parsed, '--service'), liveDns, mainCf: parsed.operands[0] };
}

/**
 * Files as the user named them: main.cf as given, files beside it relative
 * to the same directory, others as they are.
 */
export function pathShower(given: string): ShowPath {
  const absolute = resolve(given);
  const dir = dirname(absolute);
  return (path) => {
    if (path === absolute) return given;
    const rel = relative(dir, path);
    return rel.startsWith('..') || isAbsolute(rel) ? path : join(dirname(given), rel);
  };
}

/** The simulation with its files shown as the user named them; lines stay 0-based as in `check --format json`. */
function forJson(simulation: Simulation, show: ShowPath): unknown {
  return {
    recipients: simulation.recipients.map((r) => ({
      recipient: r.recipient,
      verdict: r.verdict,
      reply: r.reply,
      decidedBy: r.decidedBy && { ...r.decidedBy, file: show(r.decidedBy.file) },
      trace: r.trace.map((step) => ({
        ...step,
        ...(step.file === undefined ? {} : { file: show(step.file) }),
        ...(step.entry ? { entry: { ...step.entry, file: show(step.entry.file) } } : {}),
      })),
    })),
    problems: simulation.problems,
  };
}

/** Why MAIN_CF cannot be simulated, or undefined. */
function mainCfProblem(file: string): string | undefined {
  try {
    if (statSync(file).isDirectory()) return 'cannot read: it is a directory (give the main.cf in it)';
    readFileSync(file);
    return undefined;
  } catch (error) {
    return readProblem(error);
  }
}

export async function runSimulateCli(args: string[]): Promise<number> {
  const options = parseSimulateArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`${options.split('\n').map(printable).join('\n')}\n${SIMULATE_USAGE}`);
    return 2;
  }
  if ('help' in options) {
    process.stdout.write(SIMULATE_USAGE);
    return 0;
  }
  const problem = mainCfProblem(options.mainCf);
  if (problem) {
    process.stderr.write(printable(`${options.mainCf}: ${problem}`) + '\n');
    return 2;
  }
  const workspace = new Workspace(nodeFiles);
  const service = createLanguageService(workspace);
  const uri = nodeFiles.uriOf(resolve(options.mainCf));
  const transaction = options.liveDns
    ? { ...options.transaction, dns: await liveDnsFacts(options.transaction, workspace.configAt(resolve(options.mainCf))) }
    : options.transaction;
  const answer = service.simulate(uri, transaction, { service: options.service, version: options.version });
  if ('error' in answer) {
    process.stderr.write(printable(`${options.mainCf}: ${answer.error}`) + '\n');
    return 2;
  }
  const show = pathShower(options.mainCf);
  if (options.format === 'json') process.stdout.write(printableJson(forJson(answer, show)) + '\n');
  else process.stdout.write(traceText(answer, show).lines.join('\n') + '\n');
  return 0;
}
