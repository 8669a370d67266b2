/** Entry point of the bundle: `check` lints files, anything else serves LSP. */
import { runCli } from './cli';
import { startServer } from './server';

const args = process.argv.slice(2);
if (args[0] === 'check') {
  process.exitCode = runCli(args.slice(1));
} else if (args[0] === '--help' || args[0] === '-h') {
  process.stdout.write('usage: postfix-language-server --stdio | --node-ipc\n       postfix-language-server check [--format text|json] [--postfix-version X.Y] FILE...\n');
} else {
  startServer();
}
