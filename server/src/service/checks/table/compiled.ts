/**
 * What Postfix makes of a /pattern/flags of a regexp: or pcre: table: the
 * flags it accepts and whether the pattern compiles. Shared by the checks
 * (a pattern that does not compile also drops its IF, for example), and
 * remembered per pattern object.
 */
import type { TableInfo } from '../../model/tableDetect';
import { checkPcreRegex } from '../../syntax/pcreRegex';
import { checkPosixRegex } from '../../syntax/posixRegex';
import type { TablePattern } from '../../syntax/table';

export interface CompiledPattern {
  /** Postfix skips the rule: an unknown flag or a compile error */
  error?: { message: string; flag?: boolean };
  /** flags Postfix accepts with a warning */
  warnings: string[];
  /** capturing groups, for $number; undefined when not known */
  groups?: number;
  /** pcre constructs the model does not verify */
  unverified: string[];
  /** the options the pattern compiles with, for comparing patterns */
  options: string;
}

const REGEXP_FLAGS = 'imx';
const PCRE_FLAGS = 'imsxAEUX';

const cache = new WeakMap<TablePattern, CompiledPattern>();

/** Flags toggle an option each time they appear. */
const toggled = (flags: string, letter: string): boolean => [...flags].filter((f) => f === letter).length % 2 === 1;

export function compilePattern(pattern: TablePattern, info: Pick<TableInfo, 'flavour' | 'guessed'>): CompiledPattern {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const result = compile(pattern, info);
  cache.set(pattern, result);
  return result;
}

function compile(pattern: TablePattern, info: Pick<TableInfo, 'flavour' | 'guessed'>): CompiledPattern {
  const flags = pattern.flags.text;
  const pcre = info.flavour === 'pcre';
  const allowed = pcre || info.guessed ? PCRE_FLAGS : REGEXP_FLAGS;
  const warnings: string[] = [];
  const bad = [...flags].find((f) => !allowed.includes(f));
  const options = [...new Set(flags)]
    .filter((f) => toggled(flags, f))
    .sort()
    .join('');
  if (bad !== undefined) {
    return { error: { message: `unknown regexp option "${bad}"`, flag: true }, warnings, unverified: [], options };
  }
  if (pcre && flags.includes('X')) warnings.push('ignoring obsolete regexp option "X"');
  const source = pattern.source.text;
  const posix = (): ReturnType<typeof checkPosixRegex> => checkPosixRegex(source, { extended: !toggled(flags, 'x'), icase: !toggled(flags, 'i') });
  const perl = (): ReturnType<typeof checkPcreRegex> => checkPcreRegex(source, { extended: toggled(flags, 'x') });
  if (!info.guessed) {
    if (pcre) {
      const r = perl();
      return {
        ...(r.error ? { error: { message: r.error } } : {}),
        warnings,
        groups: r.unverified.length ? undefined : r.groups,
        unverified: r.unverified,
        options,
      };
    }
    const r = posix();
    return { ...(r.error ? { error: { message: r.error } } : {}), warnings, groups: r.unchecked ? undefined : r.groups, unverified: [], options };
  }
  // Flavour unknown: a pattern is wrong only when neither table type accepts it.
  const p = posix();
  const q = perl();
  if (!p.error && !p.unchecked) return { warnings, groups: p.groups, unverified: [], options };
  if (!q.error && q.unverified.length === 0) return { warnings, groups: q.groups, unverified: [], options };
  if (p.error && q.error) {
    return { error: { message: `regexp: ${p.error}; pcre: ${q.error}` }, warnings, unverified: [], options };
  }
  return { warnings, unverified: q.unverified, options };
}
