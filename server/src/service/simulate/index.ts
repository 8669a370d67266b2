/**
 * What smtpd would answer to one hypothetical SMTP transaction, read from the
 * configuration directory: the entry point of the simulator.
 */
import type { FileSystem } from '../files';
import type { ConfigModel } from '../model/config';
import type { Simulation, Transaction } from './transaction';

export type { DecidedBy, DnsFacts, RecipientOutcome, Simulation, TraceStep, Transaction, Verdict } from './transaction';

export interface SimulationConfig {
  model: ConfigModel;
  /** the main.cf path, which file names in the trace and relative table paths start from */
  mainPath: string;
  /** the master.cf beside it, when there is one: a service's -o lists are written there */
  masterPath?: string;
  files: FileSystem;
}

export interface SimulationOptions {
  /** the master.cf smtpd service whose -o overrides apply (its name, e.g. "submission"); default: the plain smtpd on port 25 */
  service?: string;
}

export function simulate(config: SimulationConfig, tx: Transaction, options: SimulationOptions = {}): Simulation {
  void config;
  void options;
  return {
    recipients: tx.recipients.map((recipient) => ({ recipient, verdict: 'accept', reply: '250 2.1.5 Ok', decidedBy: null, trace: [] })),
    problems: ['the simulator is not complete yet'],
  };
}
