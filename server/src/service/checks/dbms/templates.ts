import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { defineCheck } from '../check';
import { MAX_PER_CHECK } from '../table/context';
import { isRead, isSet, readParameter, type DbmsCheck, type DbmsCheckContext } from './context';

/** What may follow a % in a query or result template (db_common.c): the same set for both. */
const EXPANSION = /[%sSuUdD1-9]/;

/** The offsets of each % the client refuses, with what follows it, as they are asked for. */
function* badExpansions(value: string): Generator<{ start: number; end: number; text: string }> {
  for (let i = value.indexOf('%'); i >= 0; i = value.indexOf('%', i)) {
    const next = value[i + 1];
    if (next !== undefined && EXPANSION.test(next)) {
      i += 2;
      continue;
    }
    const code = value.codePointAt(i + 1);
    const end = i + 1 + (code === undefined ? 0 : code > 0xffff ? 2 : 1);
    yield { start: i, end, text: value.slice(i, end) };
    i = end;
  }
}

/**
 * The obsolete settings the client builds its query from while no `query`
 * is set: their text becomes part of that query template (LIKE '%x' in
 * additional_conditions stops the client too).
 */
function queryParts(context: DbmsCheckContext): Set<string> {
  if (isSet(context, 'query')) return new Set();
  const fn = 'select_function';
  if (context.type.parameters.has(fn) && isSet(context, fn)) return new Set([fn]);
  return new Set(['select_field', 'table', 'where_field', 'additional_conditions'].filter((n) => context.type.parameters.has(n)));
}

/** A % the client does not know stops it when it opens the table ("Invalid query template"). */
const checkTemplates: DbmsCheck = (context) => {
  const out: Diagnostic[] = [];
  const parts = queryParts(context);
  for (const a of context.file.assignments) {
    if (!isRead(context, a) || !a.value.includes('%')) continue;
    const p = readParameter(context, a.name);
    const template = p?.kind.type === 'template' ? p.kind.template : parts.has(a.name) ? 'query' : undefined;
    if (!p || !template) continue;
    // an old name is not read while its replacement is set
    if (p.kind.type === 'template' && p.replacement && isSet(context, p.replacement)) continue;
    for (const bad of badExpansions(a.value)) {
      // a flood helps nobody, and a 1 MB query of bad expansions must not take seconds
      if (out.length >= MAX_PER_CHECK) return out;
      const what = bad.text === '%' ? 'A "%" at the end' : `"${bad.text.replace(/\s/g, ' ')}"`;
      out.push(
        diagnostic(
          Code.InvalidPercentExpansion,
          a.source.range(bad.start, bad.end),
          `${what} is no expansion the ${context.type.name}: client knows: use %s, %u, %d, %S, %U, %D, %1 to %9, or %% for a percent sign; ` +
            `the client stops with "Invalid ${template} template" when it opens the table.`,
        ),
      );
    }
  }
  return out;
};

export const dbmsTemplates = defineCheck({ codes: [Code.InvalidPercentExpansion], kind: 'dbms', run: checkTemplates });
