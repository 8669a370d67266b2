import { Code, diagnostic, DiagnosticSeverity, type Diagnostic } from '../../diagnostics';
import type { Span, TablePattern } from '../../syntax/table';
import { compilePattern } from './compiled';
import { MAX_PER_CHECK, type TableCheck } from './context';
import { defineCheck } from '../check';

/**
 * The $number references of a regexp/pcre result, read the way Postfix's
 * mac_parse() and the table's pre-scan read them: $n, ${n}, $(n); $$ is a
 * literal $. Returns the largest number, or the problem that makes Postfix
 * skip the rule.
 */
export function replacementNumbers(value: string): { max: number } | { problem: string } {
  let max = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '$') continue;
    const next = value[i + 1];
    if (next === '$') {
      i++;
      continue;
    }
    let name: string;
    if (next === '{' || next === '(') {
      const close = next === '{' ? '}' : ')';
      let depth = 1;
      let j = i + 2;
      for (; j < value.length; j++) {
        if (value[j] === next) depth++;
        else if (value[j] === close && --depth === 0) break;
      }
      if (j >= value.length) return { problem: `"${value.slice(i)}" is not closed ("truncated macro reference")` };
      name = value.slice(i + 2, j);
      i = j;
    } else {
      let j = i + 1;
      while (j < value.length && /[A-Za-z0-9_]/.test(value[j])) j++;
      name = value.slice(i + 1, j);
      i = j - 1;
    }
    if (name === '') return { problem: 'a "$" with no group number after it ("empty macro name"); write $$ for a literal "$"' };
    if (!/^[0-9]+$/.test(name)) return { problem: `"$${name}" is not a group number ("non-numeric replacement index"); write $$ for a literal "$"` };
    const n = Number(name);
    if (n < 1) return { problem: `"$${name}": groups count from $1 ("out-of-range replacement index")` };
    if (n > max) max = n;
  }
  return { max };
}

function patternDiagnostics(pattern: TablePattern, info: Parameters<TableCheck>[0]['info']): Diagnostic[] {
  const compiled = compilePattern(pattern, info);
  const out: Diagnostic[] = [];
  const kind = info.guessed ? 'regexp or pcre' : info.flavour;
  if (compiled.error?.flag) {
    out.push(
      diagnostic(
        Code.InvalidTablePattern,
        pattern.flags.range,
        `Postfix does not know this flag of a ${kind} pattern ("${compiled.error.message}") and skips the rule. Flags: ${info.flavour === 'pcre' || info.guessed ? 'i, m, s, x, A, E, U' : 'i, m, x'}.`,
      ),
    );
  } else if (compiled.error) {
    out.push(
      diagnostic(
        Code.InvalidTablePattern,
        pattern.source.text ? pattern.source.range : pattern.whole.range,
        `This ${kind} pattern does not compile (${compiled.error.message}); Postfix logs a warning and skips the rule.`,
      ),
    );
  }
  for (const w of compiled.warnings) {
    out.push(
      diagnostic(
        Code.InvalidTablePattern,
        pattern.flags.range,
        `Postfix built with PCRE2 (3.7 and later, usually) ignores the X flag ("${w}").`,
        [],
        DiagnosticSeverity.Warning,
      ),
    );
  }
  if (compiled.unverified.length && (info.flavour === 'pcre' || info.guessed)) {
    out.push(
      diagnostic(
        Code.PcreNotVerified,
        pattern.source.text ? pattern.source.range : pattern.whole.range,
        `Not verified: this pattern uses ${compiled.unverified.join('; ')}, which this checker cannot judge. Test it with "postmap -q 'text' pcre:/path/to/table".`,
      ),
    );
  }
  return out;
}

function replacementDiagnostics(pattern: TablePattern, value: Span, info: Parameters<TableCheck>[0]['info']): Diagnostic[] {
  const numbers = replacementNumbers(value.text);
  if ('problem' in numbers) {
    return [diagnostic(Code.TableSyntaxError, value.range, `Bad result text: ${numbers.problem}. Postfix skips this rule ("bad replacement syntax").`)];
  }
  if (numbers.max === 0) return [];
  if (pattern.negated) {
    return [
      diagnostic(
        Code.TableSyntaxError,
        value.range,
        `$${numbers.max} in the result of a negated pattern: a "!" pattern matches when nothing is captured, so Postfix skips this rule ("$number found in negative match replacement text").`,
      ),
    ];
  }
  const compiled = compilePattern(pattern, info);
  if (compiled.error || compiled.groups === undefined || numbers.max <= compiled.groups) return [];
  return [
    diagnostic(
      Code.TableSyntaxError,
      value.range,
      `$${numbers.max} refers to group ${numbers.max}, but the pattern has ${compiled.groups === 0 ? 'no ( ) groups' : `only ${compiled.groups} ( ) group${compiled.groups === 1 ? '' : 's'}`}: Postfix skips this rule ("out of range replacement index").`,
    ),
  ];
}

/** regexp: and pcre: tables: flags, patterns that compile, $number references in results. */
const checkTablePatterns: TableCheck = ({ parsed, info }) => {
  if (info.flavour !== 'regexp' && info.flavour !== 'pcre') return [];
  const out: Diagnostic[] = [];
  for (const line of parsed.lines) {
    if (out.length >= MAX_PER_CHECK) break;
    const entry = line.entry;
    if (!entry) continue;
    if (entry.kind === 'pattern') {
      out.push(...patternDiagnostics(entry.pattern, info));
      if (entry.second) out.push(...patternDiagnostics(entry.second, info));
      if (entry.value) out.push(...replacementDiagnostics(entry.pattern, entry.value, info));
    } else if (entry.kind === 'if' && entry.pattern) {
      out.push(...patternDiagnostics(entry.pattern, info));
    }
  }
  return out;
};

export const tablePatterns = defineCheck({
  codes: [Code.InvalidTablePattern, Code.PcreNotVerified, Code.TableSyntaxError],
  kind: 'table',
  mode: 'whole',
  run: checkTablePatterns,
});
