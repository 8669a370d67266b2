/**
 * Semantic tokens: what the grammar cannot know. Known Postfix parameters,
 * names of your own, unknown names, restrictions, table types and paths,
 * with deprecated names marked.
 */
import { parameters } from '../../knowledge/parameters';
import { tableTypes } from '../../knowledge/tableTypes';
import type { ConfigModel } from '../../model/config';
import { restrictionLists } from '../../model/restrictionLists';
import { listWords, type Word } from '../../syntax/restrictionList';
import type { SourceText } from '../../syntax/text';

export const TOKEN_TYPES = ['property', 'variable', 'function', 'type', 'string'] as const;
export const TOKEN_MODIFIERS = ['deprecated', 'defaultLibrary', 'declaration', 'readonly'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export interface Token {
  line: number;
  character: number;
  length: number;
  type: TokenType;
  modifiers: TokenModifier[];
}

function nameToken(model: ConfigModel, name: string): Pick<Token, 'type' | 'modifiers'> {
  const info = model.builtin(name) ?? parameters.get(name);
  if (info) {
    const modifiers: TokenModifier[] = ['defaultLibrary'];
    if (info.deprecated || info.removedIn) modifiers.push('deprecated');
    if (info.readOnly) modifiers.push('readonly');
    return { type: 'property', modifiers };
  }
  return { type: 'variable', modifiers: model.userNameReason(name) ? ['declaration'] : [] };
}

/** A token for offsets start..end of a value, split where it crosses lines. */
export function push(out: Token[], source: SourceText, start: number, end: number, type: TokenType, modifiers: TokenModifier[]): void {
  const from = source.position(start);
  const to = source.position(end);
  if (from.line !== to.line || to.character <= from.character) return;
  out.push({ line: from.line, character: from.character, length: to.character - from.character, type, modifiers });
}

/** `type:path`: the table type, and the file when there is one. */
export function tableTokens(out: Token[], source: SourceText, word: Word): void {
  let at = word.start;
  let rest = word.text;
  for (let m = /^([a-z0-9]+):/.exec(rest); m && tableTypes.has(m[1]); m = /^([a-z0-9]+):/.exec(rest)) {
    push(out, source, at, at + m[1].length, 'type', []);
    at += m[0].length;
    rest = rest.slice(m[0].length);
  }
  if (at > word.start && rest.startsWith('/')) push(out, source, at, word.end, 'string', []);
}

export function semanticTokens(model: ConfigModel): number[] {
  const tokens: Token[] = [];
  const lists = new Map(restrictionLists(model).map((l) => [l.assignment, l]));
  for (const a of model.main.assignments) {
    const name = nameToken(model, a.name);
    tokens.push({ line: a.nameRange.start.line, character: a.nameRange.start.character, length: a.name.length, ...name });
    for (const r of a.references) {
      const ref = nameToken(model, r.name);
      push(
        tokens,
        a.source,
        r.nameStart,
        r.nameEnd,
        ref.type,
        ref.modifiers.filter((m) => m !== 'declaration'),
      );
    }
    const list = lists.get(a);
    if (list) {
      for (const item of list.items) {
        if (item.kind === 'restriction') {
          const old = item.info.removedIn || item.info.replacement !== undefined;
          push(tokens, a.source, item.word.start, item.word.end, 'function', old ? ['deprecated', 'defaultLibrary'] : ['defaultLibrary']);
          if (item.argument && item.info.argument === 'table') tableTokens(tokens, a.source, item.argument);
        } else if (item.kind === 'table') {
          tableTokens(tokens, a.source, item.word);
        }
      }
    } else if (model.builtin(a.name)?.kind.type === 'tables') {
      for (const word of listWords(a.value)) tableTokens(tokens, a.source, word);
    }
  }
  return encodeTokens(tokens);
}

/** Tokens in the LSP encoding: sorted, each relative to the one before; of overlapping tokens the first is kept. */
export function encodeTokens(tokens: Token[]): number[] {
  tokens.sort((x, y) => x.line - y.line || x.character - y.character);
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const t of tokens) {
    const deltaLine = t.line - line;
    const deltaStart = deltaLine === 0 ? t.character - character : t.character;
    if (deltaLine === 0 && deltaStart < 0) continue; // overlapping tokens: keep the first
    const mods = t.modifiers.reduce((bits, m) => bits | (1 << TOKEN_MODIFIERS.indexOf(m)), 0);
    data.push(deltaLine, deltaStart, t.length, TOKEN_TYPES.indexOf(t.type), mods);
    line = t.line;
    character = t.character;
  }
  return data;
}
