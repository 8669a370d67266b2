/** Entry point of the bundle: `check` lints files, a transport option serves LSP, anything else is a mistake. */
import { version } from '../../package.json';

const USAGE = `usage: postfix-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME
       postfix-language-server check [--format text|json] [--postfix-version X.Y[.Z]] FILE...
       postfix-language-server --version | --help

The first form serves the Language Server Protocol to an editor; "check --help" explains the second.
`;

/** The transports vscode-languageserver reads from the command line (also as "--socket PORT"). */
const TRANSPORT = /^--(stdio|node-ipc|socket|pipe)(=.+)?$/;

const args = process.argv.slice(2);
// each command loads only its own code: the command line does without the protocol libraries
if (args[0] === 'check') {
  void import('./cli.js').then(({ runCli }) => {
    process.exitCode = runCli(args.slice(1));
  });
} else if (args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
  process.stdout.write(USAGE);
} else if (args[0] === '--version' || args[0] === '-v') {
  process.stdout.write(`${version}\n`);
} else if (args.some((a) => TRANSPORT.test(a))) {
  void import('./server.js').then(({ startServer }) => startServer());
} else {
  process.stderr.write(`${args.length ? `unknown command or option ${JSON.stringify(args[0])}` : 'no command given'}\n${USAGE}`);
  process.exitCode = 2;
}
