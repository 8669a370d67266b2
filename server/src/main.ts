/** Entry point of the bundle: `check` lints files, `simulate` and `test` run the simulator, a transport option serves LSP, anything else is a mistake. */
import { version } from '../../package.json';
import { runCli } from './cli';
import { runSimulateCli } from './simulateCli';
import { runTestCli } from './testCli';

const USAGE = `usage: postfix-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME
       postfix-language-server check [--format text|json] [--postfix-version X.Y[.Z]] FILE...
       postfix-language-server simulate [--format text|json] [--postfix-version X.Y[.Z]]
           --client-address IP [--client-name NAME] [--reverse-client-name NAME] [--helo NAME]
           [--sasl-username NAME] --sender ADDR --recipient ADDR [--recipient ADDR ...] MAIN_CF
       postfix-language-server test [--format text|json] FILE...
       postfix-language-server --version | --help

The first form serves the Language Server Protocol to an editor; "check --help" explains the
second, "simulate --help" the third (what smtpd would answer to one mail), "test --help" the
fourth (policy tests: scenarios with the outcome they should get).
`;

/** The transports vscode-languageserver reads from the command line (also as "--socket PORT"). */
const TRANSPORT = /^--(stdio|node-ipc|socket|pipe)(=.+)?$/;

const args = process.argv.slice(2);
if (args[0] === 'check') {
  process.exitCode = runCli(args.slice(1));
} else if (args[0] === 'simulate') {
  void runSimulateCli(args.slice(1)).then((code) => {
    process.exitCode = code;
  });
} else if (args[0] === 'test') {
  process.exitCode = runTestCli(args.slice(1));
} else if (args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
  process.stdout.write(USAGE);
} else if (args[0] === '--version' || args[0] === '-v') {
  process.stdout.write(`${version}\n`);
} else if (args.some((a) => TRANSPORT.test(a))) {
  // loaded only to serve: the commands start without the LSP library
  void import('./server.js').then(({ startServer }) => startServer());
} else {
  process.stderr.write(`${args.length ? `unknown command or option ${JSON.stringify(args[0])}` : 'no command given'}\n${USAGE}`);
  process.exitCode = 2;
}
