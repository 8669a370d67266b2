/** Entry point of the bundle: `check` lints files, `simulate` and `test` run the simulator, `log` reads mail logs, a transport option serves LSP, anything else is a mistake. */
import { createRequire } from 'node:module';
import { version } from '../../package.json';

const USAGE = `usage: postfix-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME
       postfix-language-server check [--format text|json] [--postfix-version X.Y[.Z]] FILE...
       postfix-language-server simulate [--format text|json] [--postfix-version X.Y[.Z]]
           --client-address IP [--client-name NAME] [--reverse-client-name NAME] [--helo NAME]
           [--sasl-username NAME] --sender ADDR --recipient ADDR [--recipient ADDR ...] MAIN_CF
       postfix-language-server test [--format text|json] FILE...
       postfix-language-server log [--format text|json] [--config MAIN_CF] FILE...
       postfix-language-server --version | --help

The first form serves the Language Server Protocol to an editor; "check --help" explains the
second, "simulate --help" the third (what smtpd would answer to one mail), "test --help" the
fourth (policy tests: scenarios with the outcome they should get), "log --help" the fifth
(which restriction rejected what, from the mail log).
`;

/** The transports vscode-languageserver reads from the command line (also as "--socket PORT"). */
const TRANSPORT = /^--(stdio|node-ipc|socket|pipe)(=.+)?$/;

const args = process.argv.slice(2);
if (!args.some((a) => TRANSPORT.test(a))) {
  // a reader that stops early (check ... | head) closes the pipe: that ends the command, it is no crash
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}
/** A command's exit status, once its promise settles. */
const exitWith = (status: Promise<number>): void => {
  void status.then((code) => {
    process.exitCode = code;
  });
};
/**
 * The commands' code, a bundle of its own: loaded only when a command runs,
 * by require (import() would have node's ES module loader scan the whole
 * bundle for the names it exports first).
 */
const load = createRequire(__filename);
const commands = (): typeof import('./commands') => load('./commands.js') as typeof import('./commands');
if (args[0] === 'check') {
  // a big access map with nothing to report is told apart without the commands' code
  // what main.cf says of the map is read by a bundle of its own, smaller than the commands'
  const facts = (): typeof import('./accessTableFacts') => load('./tableFacts.js') as typeof import('./accessTableFacts');
  const quick = import('./quickCheck.js').then(({ quickCheck }) => quickCheck(args.slice(1), (path, ascii) => facts().accessTableFacts(path, ascii)));
  exitWith(quick.then((status) => status ?? commands().runCheck(args.slice(1))));
} else if (args[0] === 'simulate') {
  exitWith(commands().runSimulate(args.slice(1)));
} else if (args[0] === 'test') {
  exitWith(commands().runTest(args.slice(1)));
} else if (args[0] === 'log') {
  // the log command hands the reading to its own worker bundle: the commands' code would only be compiled
  exitWith(import('./logCli.js').then(({ runLogCli }) => runLogCli(args.slice(1))));
} else if (args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
  process.stdout.write(USAGE);
} else if (args[0] === '--version' || args[0] === '-v') {
  process.stdout.write(`${version}\n`);
} else if (args.some((a) => TRANSPORT.test(a))) {
  void commands().serve();
} else {
  process.stderr.write(`${args.length ? `unknown command or option ${JSON.stringify(args[0])}` : 'no command given'}\n${USAGE}`);
  process.exitCode = 2;
}
