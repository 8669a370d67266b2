/** What the commands share: the shape of their command lines and how they print text from files. */

export interface CommonOptions {
  format: 'text' | 'json';
  help?: boolean;
  files: string[];
}

/**
 * Reads an option of one command: `value()` takes its argument (`--name VALUE`
 * or `--name=VALUE`). Returns what is wrong with it, or false when the
 * command has no such option.
 */
export type OptionReader = (name: string, value: () => string | undefined) => string | undefined | false;

/**
 * FILE... with `--` ending the options and `-` a file (stdin); `-h`/`--help`
 * and `--format text|json` for every command; the rest to `option`.
 * Returns the options, or what is wrong with them.
 */
export function parseCommandLine(args: readonly string[], option: OptionReader): CommonOptions | string {
  const options: CommonOptions = { format: 'text', files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      options.files.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      options.files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const value = (): string | undefined => (eq < 0 ? args[++i] : arg.slice(eq + 1));
    if (name === '--help' || name === '-h') {
      options.help = true;
    } else if (name === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json') return `--format must be text or json, not "${f ?? ''}"`;
      options.format = f;
    } else {
      const problem = option(name, value);
      if (problem === false) return `unknown option ${arg}`;
      if (problem) return problem;
    }
  }
  return options.help || options.files.length ? options : 'no FILE given';
}

/** Control characters (a NUL or ESC from a file quoted in a message) shown as \xNN: a terminal would act on them. */
export const printable = (s: string): string => s.replace(/[^\t -~\u00a0-\u{10ffff}]/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** JSON escapes C0 controls itself; C1 ones are escaped too, for whoever prints the output raw. */
export const jsonText = (value: unknown): string => JSON.stringify(value, null, 2).replace(/[\x7f-\x9f]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
