/**
 * Semantic tokens of a client file, coloured as main.cf is: the settings the
 * client reads (obsolete ones marked), unknown names, the % expansions of
 * templates and the tables of table values.
 */
import { dbmsTypes } from '../../knowledge/dbms';
import type { MainCf } from '../../syntax/mainCf';
import { listWords } from '../../syntax/restrictionList';
import { encodeTokens, push, tableTokens, type Token, type TokenModifier } from '../main/semanticTokens';
import { EXPANSIONS } from './expansions';

const KNOWN = new Set(EXPANSIONS.map((e) => e.text));

export function dbmsSemanticTokens(file: MainCf, clientType: string): number[] {
  const type = dbmsTypes.get(clientType);
  const tokens: Token[] = [];
  for (const a of file.assignments) {
    const p = type?.parameters.get(a.name);
    const modifiers: TokenModifier[] = p ? ['defaultLibrary'] : [];
    if (p?.obsolete || p?.ignored) modifiers.push('deprecated');
    tokens.push({ line: a.nameRange.start.line, character: a.nameRange.start.character, length: a.name.length, type: p ? 'property' : 'variable', modifiers });
    if (p?.kind.type === 'template') {
      for (let i = a.value.indexOf('%'); i >= 0; i = a.value.indexOf('%', i + 2)) {
        if (KNOWN.has(a.value.slice(i, i + 2))) push(tokens, a.source, i, i + 2, 'variable', ['defaultLibrary']);
      }
    } else if (p?.kind.type === 'table' || a.name === 'domain') {
      // domain lists may name type:tables besides domains; hosts lists name no tables (unix: there is a socket)
      for (const word of listWords(a.value)) tableTokens(tokens, a.source, word);
    }
  }
  return encodeTokens(tokens);
}
