import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { parseCidrPattern } from '../../syntax/address';
import type { Span } from '../../syntax/table';
import { MAX_PER_CHECK, type TableCheck } from './context';
import { defineCheck } from '../check';
import { replaceFix } from '../shared/fixes';

function cidrDiagnostic(pattern: Span): Diagnostic | undefined {
  const result = parseCidrPattern(pattern.text);
  if ('network' in result) return undefined;
  const fixes = result.suggestion ? [replaceFix(`Use ${result.suggestion}`, pattern.range, result.suggestion)] : [];
  return diagnostic(
    Code.InvalidTablePattern,
    pattern.range,
    `Postfix skips this rule: ${result.problem}. A cidr: pattern is an IPv4 or IPv6 address, optionally with /prefix, and every bit after the prefix must be zero.`,
    fixes,
  );
}

/** cidr: tables: networks Postfix accepts, with no host bits set. */
const checkCidrPatterns: TableCheck = ({ parsed, info }) => {
  if (info.flavour !== 'cidr') return [];
  const out: Diagnostic[] = [];
  for (const line of parsed.lines) {
    if (out.length >= MAX_PER_CHECK) break;
    const entry = line.entry;
    const pattern = entry?.kind === 'cidr' ? entry.pattern : entry?.kind === 'if' ? entry.cidr?.pattern : undefined;
    if (!pattern) continue;
    const d = cidrDiagnostic(pattern);
    if (d) out.push(d);
  }
  return out;
};

/** Whether Postfix keeps a cidr rule or IF (its pattern parses). */
export const cidrPatternValid = (pattern: Span): boolean => 'network' in parseCidrPattern(pattern.text);

export const cidrPatterns = defineCheck({ codes: [Code.InvalidTablePattern], kind: 'table', mode: 'whole', run: checkCidrPatterns });
