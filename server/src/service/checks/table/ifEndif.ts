import { Code, diagnostic, DiagnosticSeverity, type Diagnostic } from '../../diagnostics';
import type { TableInfo } from '../../model/tableDetect';
import type { TableLine } from '../../syntax/table';
import { cidrPatternValid } from './cidrPatterns';
import { compilePattern } from './compiled';
import type { TableCheck } from './context';
import { defineCheck } from '../check';

/** Whether Postfix keeps this IF: a rule it skips (bad pattern, bad flag) opens no block. */
export function keptIf(line: TableLine, info: Pick<TableInfo, 'flavour' | 'guessed'>): boolean {
  const entry = line.entry;
  if (entry?.kind !== 'if') return false;
  if (entry.cidr) return cidrPatternValid(entry.cidr.pattern);
  return entry.pattern !== undefined && !compilePattern(entry.pattern, info).error;
}

/** IF..ENDIF nesting of regexp:, pcre: and cidr: tables, as their readers pair them. */
const checkIfEndif: TableCheck = ({ parsed, info }) => {
  if (info.flavour !== 'regexp' && info.flavour !== 'pcre' && info.flavour !== 'cidr') return [];
  const out: Diagnostic[] = [];
  const open: TableLine[] = [];
  for (const line of parsed.lines) {
    const entry = line.entry;
    if (entry?.kind === 'if') {
      if (keptIf(line, info)) open.push(line);
    } else if (entry?.kind === 'endif') {
      if (open.pop()) continue;
      out.push(
        diagnostic(
          Code.UnmatchedTableIf,
          entry.keyword.range,
          'ENDIF without an IF before it: Postfix ignores it ("ENDIF without matching IF"). Is an IF missing, or does its pattern fail to compile?',
          [],
          DiagnosticSeverity.Warning,
        ),
      );
    }
  }
  for (const line of open.reverse()) {
    const entry = line.entry;
    if (entry?.kind !== 'if') continue;
    out.push(
      diagnostic(
        Code.UnmatchedTableIf,
        entry.keyword.range,
        'This IF has no ENDIF: Postfix warns ("IF has no matching ENDIF") and the block runs to the end of the table, so every rule after it applies only when this condition holds.',
      ),
    );
  }
  return out;
};

export const ifEndif = defineCheck({ codes: [Code.UnmatchedTableIf], kind: 'table', mode: 'whole', run: checkIfEndif });
