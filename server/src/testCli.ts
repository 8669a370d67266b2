/**
 * postfix-language-server test FILE...: runs policy test files (scenarios of
 * SMTP transactions with the outcome smtpd should give) for CI. Each scenario
 * passes or fails; a failure prints why and the simulator's trace.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { formatOption, parseOptions, printable, printableJson, readProblem } from './cliOptions';
import { nodeFiles } from './nodeFiles';
import { createLanguageService, type LanguageService } from './service/languageService';
import type { ScenarioRun } from './service/policyTests/workspaceSimulation';
import { traceText } from './service/policyTests/traceText';
import { Workspace } from './service/workspace';
import { pathShower } from './simulateCli';

export const TEST_USAGE = `usage: postfix-language-server test [--format text|json] FILE...

Runs policy test files (NAME.postfix-test.yaml, see docs/policy-tests.md): each scenario is an
SMTP transaction and the outcome smtpd should give it (accept, reject, defer ..., optionally
the reply's code and text), simulated against the main.cf the file names. Prints PASS or
FAIL per scenario, and for a failure why, with the simulator's trace.

  --format text|json   output format (default text)
  -h, --help           this text

Exit status: 0 every scenario passed, 1 one failed, 2 a file could not be read or has a
mistake (the scenario with it is not run), or the command line is wrong.
`;

const OPTIONS = { '--format': 'value', '--help': 'flag', '-h': 'flag' } as const;

interface FileOutcome {
  file: string;
  /** why the file was not run, or what in it is unusable, as lines to print ("file:line:column: message") */
  problems: string[];
  run?: ScenarioRun;
}

function runFile(file: string, service: LanguageService): FileOutcome {
  try {
    if (statSync(file).isDirectory()) return { file, problems: [`${file}: cannot read: it is a directory`] };
    readFileSync(file);
  } catch (error) {
    return { file, problems: [`${file}: ${readProblem(error)}`] };
  }
  const run = service.runScenarios(nodeFiles.uriOf(resolve(file)));
  const problems = run.problems.map((p) => `${file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`);
  if (run.error) problems.push(`${file}: ${run.error}`);
  return { file, problems, run };
}

function printText(outcomes: FileOutcome[]): void {
  const out: string[] = [];
  for (const o of outcomes) {
    for (const p of o.problems) process.stderr.write(printable(p) + '\n');
    const main = o.run?.main?.path;
    if (!o.run || main === undefined) continue;
    const show = pathShower(isAbsolute(main) ? main : join(dirname(o.file), main));
    for (const r of o.run.results) {
      const scenario = o.run.scenarios.find((s) => s.index === r.index);
      out.push(`${r.passed ? 'PASS' : 'FAIL'} ${o.file}:${(scenario?.range.start.line ?? 0) + 1}: ${r.name}`);
      if (r.passed) continue;
      for (const f of r.failures) out.push(`  ${f}`);
      out.push(...traceText(r.simulation, show).lines.map((l) => `  ${l}`));
    }
  }
  const results = outcomes.flatMap((o) => o.run?.results ?? []);
  const failed = results.filter((r) => !r.passed).length;
  out.push(`${results.length - failed} passed, ${failed} failed${outcomes.some((o) => o.problems.length) ? ', some files with problems (see above)' : ''}`);
  process.stdout.write(out.map(printable).join('\n') + '\n');
}

function printJson(outcomes: FileOutcome[]): void {
  const files = outcomes.map((o) => ({
    file: o.file,
    problems: o.problems,
    scenarios: (o.run?.results ?? []).map((r) => ({
      name: r.name,
      line: o.run?.scenarios.find((s) => s.index === r.index)?.range.start.line ?? null,
      passed: r.passed,
      failures: r.failures,
      recipients: r.simulation.recipients,
    })),
  }));
  process.stdout.write(printableJson({ files }) + '\n');
}

export function runTestCli(args: string[]): number {
  const parsed = parseOptions(args, OPTIONS);
  const format = typeof parsed === 'string' ? undefined : formatOption(parsed);
  const problem = typeof parsed === 'string' ? parsed : typeof format === 'object' ? format.problem : undefined;
  if (problem || typeof parsed === 'string' || format === undefined || typeof format === 'object') {
    process.stderr.write(`${problem ?? ''}\n${TEST_USAGE}`);
    return 2;
  }
  if (parsed.values.has('--help') || parsed.values.has('-h')) {
    process.stdout.write(TEST_USAGE);
    return 0;
  }
  if (parsed.operands.length === 0) {
    process.stderr.write(`no FILE given\n${TEST_USAGE}`);
    return 2;
  }
  const service = createLanguageService(new Workspace(nodeFiles));
  const outcomes = parsed.operands.map((file) => runFile(file, service));
  if (format === 'json') printJson(outcomes);
  else printText(outcomes);
  if (outcomes.some((o) => o.problems.length)) return 2;
  return outcomes.some((o) => o.run?.results.some((r) => !r.passed)) ? 1 : 0;
}
