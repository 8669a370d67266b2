/**
 * The commands, bundled apart from the entry point (dist/commands.js): the
 * entry point stays small enough to start at once, and each command still
 * loads only its own code when it runs (the command line does without the
 * protocol libraries).
 */
export const runCheck = (args: string[]): Promise<number> => import('./cli.js').then(({ runCli }) => runCli(args));
export const runSimulate = (args: string[]): Promise<number> => import('./simulateCli.js').then(({ runSimulateCli }) => runSimulateCli(args));
export const runTest = (args: string[]): Promise<number> => import('./testCli.js').then(({ runTestCli }) => runTestCli(args));
export const runLog = (args: string[]): Promise<number> => import('./logCli.js').then(({ runLogCli }) => runLogCli(args));
export const serve = (): Promise<void> => import('./server.js').then(({ startServer }) => startServer());
