import { Code, diagnostic, DiagnosticSeverity, type Diagnostic } from '../../diagnostics';
import type { DbmsKind, DbmsParameter } from '../../knowledge/dbms';
import { defineCheck } from '../check';
import { isRead, readParameter, type DbmsCheck } from './context';

/** How the client reads a number (strtol of the whole value, into an int). */
const NUMBER = /^[+-]?\d+$/;
const INT_MAX = 2 ** 31 - 1;

interface Problem {
  message: string;
  /** the client warns and goes on with its default instead of stopping */
  fallback?: boolean;
}

const range = (accepted: readonly number[]): string => `${accepted[0]} to ${accepted[accepted.length - 1]}`;

/** Why the client refuses `value` (or only warns about it), or undefined when it takes it. */
export function dbmsValueProblem(kind: DbmsKind, value: string): Problem | undefined {
  switch (kind.type) {
    case 'integer': {
      if (!NUMBER.test(value) || Math.abs(Number(value)) > INT_MAX) return { message: 'expected a whole number, without a unit' };
      const n = Number(value);
      if (kind.min !== undefined && n < kind.min) return { message: `the least value is ${kind.min}` };
      if (kind.max !== undefined && n > kind.max) return { message: `the greatest value is ${kind.max}` };
      if (kind.accepted && (n < kind.accepted[0] || n > kind.accepted[kind.accepted.length - 1])) {
        return { message: `expected ${range(kind.accepted)}`, fallback: true };
      }
      return undefined;
    }
    case 'boolean':
      return /^(yes|no)$/i.test(value) ? undefined : { message: 'expected "yes" or "no"' };
    case 'keyword': {
      if (kind.values.some((v) => v.toLowerCase() === value.toLowerCase())) return undefined;
      return { message: `expected one of: ${kind.values.join(', ')}`, fallback: kind.fallback && value !== '' };
    }
    case 'table':
      return value === '' || /^[A-Za-z0-9_-]+:/.test(value) ? undefined : { message: 'expected a type:table such as btree:/var/lib/postfix/cache' };
    case 'text':
    case 'list':
    case 'template':
      return kind.nonEmpty && value === '' ? { message: 'it must not be empty' } : undefined;
  }
}

function message(p: DbmsParameter, client: string, value: string, problem: Problem): string {
  // a secret is never repeated, whatever its kind
  const shown = value === '' ? 'An empty value' : p.secret ? 'The value' : `Invalid value "${value}"`;
  const outcome = problem.fallback ? `${client} warns and uses a default instead` : `${client} stops when it opens the table`;
  return `${shown} for ${p.name}: ${problem.message}; ${outcome}.`;
}

/** Values the client cannot read: it stops with "bad numerical (boolean) configuration", or warns and uses its default. */
const checkValues: DbmsCheck = (context) => {
  const out: Diagnostic[] = [];
  const client = `the ${context.type.name}: client`;
  for (const a of context.file.assignments) {
    if (!isRead(context, a)) continue;
    const p = readParameter(context, a.name);
    // ignored settings are still read, and a bad value stops the client all the same
    if (!p) continue;
    const problem = dbmsValueProblem(p.kind, a.value);
    if (!problem) continue;
    out.push(
      diagnostic(
        Code.InvalidValue,
        a.value === '' ? a.nameRange : a.valueRange,
        message(p, client, a.value, problem),
        [],
        problem.fallback ? DiagnosticSeverity.Warning : undefined,
      ),
    );
  }
  return out;
};

export const dbmsValues = defineCheck({ codes: [Code.InvalidValue], kind: 'dbms', run: checkValues });
