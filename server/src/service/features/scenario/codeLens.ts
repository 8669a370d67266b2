import type { CodeLens } from 'vscode-languageserver-types';
import type { ScenarioFile } from '../../policyTests/scenarioFile';

/** Runs scenarios of a policy test file: arguments [uri] for all, [uri, index] for one. */
export const RUN_SCENARIO_COMMAND = 'postfix.runScenario';

/** "Run scenario" over each scenario that can run, and "Run all" over the main.cf line. */
export function scenarioLenses(file: ScenarioFile, uri: string): CodeLens[] {
  if (file.scenarios.length === 0) return [];
  const lenses: CodeLens[] = [];
  const top = file.main?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const count = file.scenarios.length;
  lenses.push({ range: top, command: { title: `Run all ${count} scenario${count === 1 ? '' : 's'}`, command: RUN_SCENARIO_COMMAND, arguments: [uri] } });
  for (const s of file.scenarios) {
    const line = { start: s.range.start, end: s.range.start };
    lenses.push({ range: line, command: { title: 'Run scenario', command: RUN_SCENARIO_COMMAND, arguments: [uri, s.index] } });
  }
  return lenses;
}
