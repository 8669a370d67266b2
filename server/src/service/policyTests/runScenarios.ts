/**
 * A scenario's expectation against what the simulator answers: every
 * recipient must get the expected verdict, and the reply the expected code
 * and text where the scenario names them.
 */
import type { RecipientOutcome, Simulation, Transaction } from '../simulate/transaction';
import type { Expectation, Scenario } from './scenarioFile';

export interface ScenarioResult {
  name: string;
  index: number;
  passed: boolean;
  /** one sentence per unmet expectation, naming the recipient */
  failures: string[];
  simulation: Simulation;
}

/** Runs one transaction through the simulator: the caller knows the configuration. */
export type Simulator = (transaction: Transaction, service: string | undefined) => Simulation;

/** Whether the reply starts with the expected code, enhanced status code or both. */
function codeMatches(code: string, reply: string): boolean {
  const words = reply.split(' ');
  const expected = code.split(' ');
  if (expected.length === 2) return words[0] === expected[0] && words[1] === expected[1];
  // "5.7.1" alone is the enhanced status code, the reply's second word
  return code.includes('.') ? words[1] === code : words[0] === code;
}

/** What about one recipient's outcome is not as expected. */
export function unmet(expect: Expectation, outcome: RecipientOutcome): string[] {
  const failures: string[] = [];
  const who = `<${outcome.recipient}>`;
  if (outcome.verdict !== expect.verdict) failures.push(`${who}: expected ${expect.verdict}, got ${outcome.verdict}: ${outcome.reply}`);
  else if (expect.code !== undefined && !codeMatches(expect.code, outcome.reply))
    failures.push(`${who}: expected the code ${expect.code}, got ${outcome.reply}`);
  if (expect.text !== undefined && !outcome.reply.includes(expect.text))
    failures.push(`${who}: expected a reply containing "${expect.text}", got ${outcome.reply}`);
  return failures;
}

export function runScenario(scenario: Scenario, simulate: Simulator): ScenarioResult {
  const simulation = simulate(scenario.transaction, scenario.service);
  const failures = simulation.recipients.flatMap((outcome) => unmet(scenario.expect, outcome));
  if (simulation.recipients.length === 0) failures.push('the simulator answered for no recipient');
  return { name: scenario.name, index: scenario.index, passed: failures.length === 0, failures, simulation };
}
