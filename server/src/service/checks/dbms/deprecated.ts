import { Code, diagnostic, type Diagnostic, type Fix } from '../../diagnostics';
import type { Assignment } from '../../syntax/mainCf';
import type { Range } from '../../syntax/text';
import { defineCheck } from '../check';
import { deleteLinesFix, replaceFix } from '../shared/fixes';
import { isRead, isSet, valueOf, type DbmsCheckContext, type DbmsCheck } from './context';

const LEGACY_FIELDS = ['table', 'select_field', 'where_field', 'additional_conditions'];

/** The edit that removes the lines of an assignment. */
const wholeLines = (a: Assignment): { range: Range; newText: string } => ({
  range: { start: { line: a.range.start.line, character: 0 }, end: { line: a.range.end.line + 1, character: 0 } },
  newText: '',
});

/** The setting that makes the client ignore an obsolete one: its replacement, or for the legacy fields of pgsql: select_function. */
function outranking(context: DbmsCheckContext, a: Assignment, replacement: string): string | undefined {
  if (isSet(context, replacement)) return replacement;
  const fn = 'select_function';
  if (replacement === 'query' && a.name !== fn && context.type.parameters.has(fn) && isSet(context, fn)) return fn;
  return undefined;
}

/**
 * The query the obsolete settings stand for, as the client builds it, in
 * place of the first of them; the others go. Undefined when they are
 * incomplete (then the client stops, which the required check reports).
 */
function queryFix(context: DbmsCheckContext): Fix | undefined {
  const fn = valueOf(context, 'select_function');
  let query: string;
  if (fn && context.type.parameters.has('select_function')) {
    query = `SELECT ${fn}('%s')`;
  } else {
    const [table, select, where] = ['table', 'select_field', 'where_field'].map((n) => valueOf(context, n));
    if (!table || !select || !where) return undefined;
    const more = valueOf(context, 'additional_conditions');
    query = `SELECT ${select} FROM ${table} WHERE ${where}='%s'${more ? ` ${more}` : ''}`;
  }
  const lines = ['select_function', ...LEGACY_FIELDS].flatMap((n) => context.assignments.get(n) ?? []).sort((a, b) => a.range.start.line - b.range.start.line);
  const [first, ...rest] = lines;
  if (!first) return undefined;
  const replaced = { start: first.range.start, end: first.range.end };
  return {
    title: `Replace with "query = ${query}"`,
    edits: [{ range: replaced, newText: `query = ${query}` }, ...rest.map((a) => wholeLines(a))],
    preferred: true,
  };
}

/** Why an obsolete setting is there for nothing, or what to write instead. */
function obsolete(context: DbmsCheckContext, a: Assignment, replacement: string): Diagnostic {
  const client = `the ${context.type.name}: client`;
  const remove = deleteLinesFix(`Remove "${a.name}"`, a.range.start.line, a.range.end.line);
  const winner = outranking(context, a, replacement);
  if (winner) {
    return diagnostic(Code.DeprecatedParameter, a.nameRange, `"${a.name}" is obsolete, and ${client} ignores it because "${winner}" is set. Remove it.`, [
      remove,
    ]);
  }
  if (replacement !== 'query') {
    const rename = replaceFix(`Rename to "${replacement}"`, a.nameRange, replacement);
    return diagnostic(Code.DeprecatedParameter, a.nameRange, `"${a.name}" is the old name of "${replacement}": use the new name.`, [rename]);
  }
  const fix = queryFix(context);
  return diagnostic(
    Code.DeprecatedParameter,
    a.nameRange,
    `"${a.name}" belongs to the obsolete way of building the query, used only while "query" is not set: write the whole statement as "query" instead.`,
    fix ? [fix] : [],
  );
}

/** Obsolete query interfaces, the old name of result_format, and the LDAP cache settings the client only warns about. */
const checkDeprecated: DbmsCheck = (context) => {
  const out: Diagnostic[] = [];
  for (const a of context.file.assignments) {
    const p = context.type.parameters.get(a.name);
    if (!p || !isRead(context, a)) continue;
    if (p.ignored) {
      out.push(
        diagnostic(
          Code.DeprecatedParameter,
          a.nameRange,
          `"${a.name}" is no longer supported: the ${context.type.name}: client does nothing with it but log a warning. Remove it.`,
          [deleteLinesFix(`Remove "${a.name}"`, a.range.start.line, a.range.end.line)],
        ),
      );
    } else if (p.obsolete && p.replacement) {
      out.push(obsolete(context, a, p.replacement));
    }
  }
  return out;
};

export const dbmsDeprecated = defineCheck({ codes: [Code.DeprecatedParameter], kind: 'dbms', run: checkDeprecated });
