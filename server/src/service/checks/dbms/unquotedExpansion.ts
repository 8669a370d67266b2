import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { defineCheck } from '../check';
import { MAX_PER_CHECK } from '../table/context';
import { isRead, type DbmsCheck } from './context';

const isAsciiAlnum = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9]$/.test(c);

/**
 * The offsets of each %x of a query that stands outside single quotes. The sqlite client escapes a
 * key by doubling its single quotes, which protects it only inside '...': bare or inside "...", a
 * key can end the string and add SQL of its own. Quotes are followed as the 3.11 client follows them:
 * an opening ' or " runs to the next of the same kind.
 */
function* unquotedExpansions(query: string): Generator<number> {
  let quote = '';
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (quote === '') {
      if (c === "'" || c === '"') quote = c;
    } else if (c === quote) quote = '';
    if (quote === "'" || c !== '%') continue;
    if (query[i + 1] === '%') i++;
    else if (isAsciiAlnum(query[i + 1])) yield i++;
  }
}

/** Postfix 3.11 warns when it opens an sqlite table whose query puts a key outside '' quotes. */
const checkUnquoted: DbmsCheck = (context) => {
  if (context.type.name !== 'sqlite') return [];
  const out: Diagnostic[] = [];
  for (const a of context.file.assignments) {
    if (a.name !== 'query' || !isRead(context, a)) continue;
    for (const at of unquotedExpansions(a.value)) {
      if (out.length >= MAX_PER_CHECK) return out;
      const text = a.value.slice(at, at + 2);
      out.push(
        diagnostic(
          Code.UnquotedSqlExpansion,
          a.source.range(at, at + 2),
          `"${text}" stands outside single quotes: the sqlite: client escapes what it inserts for '...' only, so a key can change the query (SQL injection). ` +
            `Write '${text}'; Postfix 3.11 and later log a warning for this query when the table opens.`,
        ),
      );
    }
  }
  return out;
};

export const dbmsUnquotedExpansion = defineCheck({ codes: [Code.UnquotedSqlExpansion], kind: 'dbms', run: checkUnquoted });
