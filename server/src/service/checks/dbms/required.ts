import { Code, diagnostic, DiagnosticSeverity, type Diagnostic } from '../../diagnostics';
import type { DbmsRequirement } from '../../knowledge/dbms';
import { availableIn } from '../../knowledge/versions';
import { listWords } from '../../syntax/restrictionList';
import type { Range } from '../../syntax/text';
import { defineCheck } from '../check';
import { isSet, valueOf, type DbmsCheckContext, type DbmsCheck } from './context';

const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

/** Every server is a connection URI, which names its own database. */
function uriHostsOnly(context: DbmsCheckContext): boolean {
  const hosts = listWords(valueOf(context, 'hosts') ?? '');
  return hosts.length > 0 && hosts.every((h) => /^postgres(?:ql)?:\/\//i.test(h.text));
}

/** Where a file-wide finding is shown: the first setting, else the top of the file. */
function fileRange(context: DbmsCheckContext): Range {
  const first = context.file.assignments[0];
  return first ? first.nameRange : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function problem(context: DbmsCheckContext, rule: DbmsRequirement): string | undefined {
  const complete = rule.anyOf.find((names) => names.every((n) => isSet(context, n)));
  if (complete) return undefined;
  const exempting = rule.uriHostsExemptSince !== undefined && availableIn(context.target, rule.uriHostsExemptSince);
  if (exempting && uriHostsOnly(context)) return undefined;
  const client = `the ${context.type.name}: client`;
  // a set begun but not finished: say what it lacks
  const begun = rule.anyOf.find((names) => names.length > 1 && names.some((n) => isSet(context, n)));
  if (begun) {
    const missing = begun.filter((n) => !isSet(context, n));
    return `${quoted(begun.filter((n) => isSet(context, n)))} ${begun.length - missing.length > 1 ? 'are' : 'is'} set but not ${quoted(missing)}: ${client} needs all of ${quoted(begun)} to build its query.`;
  }
  const [first, ...others] = rule.anyOf;
  const alternatives = others.map((names) => (names.length > 1 ? `all of ${quoted(names)}` : quoted(names))).join(' or ');
  const what = `No "${first.join('", "')}"${alternatives ? ` (nor ${alternatives})` : ''}`;
  if (exempting) return `${what}: ${client} needs it unless every server in "hosts" is a connection URI.`;
  return rule.warning
    ? `${what}: ${client} starts without it, but its lookups are unlikely to find anything.`
    : `${what}: ${client} stops when it opens the table.`;
}

/** Settings without which the client cannot work, as its manual page and its code say. */
const checkRequired: DbmsCheck = (context) => {
  const out: Diagnostic[] = [];
  for (const rule of context.type.required) {
    const message = problem(context, rule);
    if (message) out.push(diagnostic(Code.MissingRequiredParameter, fileRange(context), message, [], rule.warning ? DiagnosticSeverity.Warning : undefined));
  }
  return out;
};

export const dbmsRequired = defineCheck({ codes: [Code.MissingRequiredParameter], kind: 'dbms', run: checkRequired });
