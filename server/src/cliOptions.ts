/**
 * What the commands (check, simulate, test, log) share: reading options given as
 * "--name value" or "--name=value", the --format and --postfix-version
 * values, and how a file that cannot be read or a value with control
 * characters is put to the user.
 */
import { targetVersionProblem } from './service/knowledge/versions';

/** A switch, an option with one value (the last one counts), or one that may be given again and again. */
export type OptionKind = 'flag' | 'value' | 'list';

export interface ParsedArgs {
  /** the values of each option given, in order */
  values: Map<string, string[]>;
  operands: string[];
}

/**
 * The options and operands of a command line, or what is wrong with it.
 * "--" ends the options; a lone "-" is an operand. Each option of `spec` is
 * named as written, with its dashes ("--format", "-h").
 */
export function parseOptions(args: readonly string[], spec: Readonly<Record<string, OptionKind>>): ParsedArgs | string {
  const parsed: ParsedArgs = { values: new Map(), operands: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      parsed.operands.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.operands.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (kind === undefined) return `unknown option ${arg}`;
    let value: string | undefined;
    if (kind === 'flag') {
      if (eq >= 0) return `${name} takes no value`;
      value = '';
    } else {
      // "--sender ''" is a value, the empty one
      value = eq < 0 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined) return `${name} needs a value`;
    }
    const list = parsed.values.get(name);
    if (list) list.push(value);
    else parsed.values.set(name, [value]);
  }
  return parsed;
}

/** The last value of an option, as most options count it. */
export const lastValue = (parsed: ParsedArgs, name: string): string | undefined => parsed.values.get(name)?.at(-1);

export type Format = 'text' | 'json';

/** --format's value, or what is wrong with it. */
export function formatOption(parsed: ParsedArgs): Format | { problem: string } {
  const f = lastValue(parsed, '--format') ?? 'text';
  return f === 'text' || f === 'json' ? f : { problem: `--format must be text or json, not "${f}"` };
}

/** --postfix-version's value (undefined when not given), or what is wrong with it. */
export function versionOption(parsed: ParsedArgs): string | undefined | { problem: string } {
  const v = lastValue(parsed, '--postfix-version');
  if (v === undefined) return undefined;
  const problem = targetVersionProblem(v);
  return problem ? { problem: `--postfix-version: ${problem}` } : v;
}

/** Why a file could not be read, in words. */
export function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'cannot read: no such file';
  if (code === 'EISDIR') return 'cannot read: it is a directory (give the files in it, e.g. DIR/main.cf DIR/master.cf)';
  if (code === 'EACCES') return 'cannot read: permission denied';
  return `cannot read: ${error instanceof Error ? error.message : String(error)}`;
}

/** Control characters (a NUL or ESC from a file quoted in a message) shown as \xNN: a terminal would act on them. */
export const printable = (s: string): string => s.replace(/[^\t -~\u00a0-\u{10ffff}]/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** JSON for the terminal: JSON escapes C0 controls itself; C1 ones are escaped too, for whoever prints the output raw. */
export const printableJson = (value: unknown): string => JSON.stringify(value, null, 2).replace(/[\x7f-\x9f]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
