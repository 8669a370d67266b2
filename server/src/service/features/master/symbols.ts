/**
 * The outline of master.cf: one symbol per service ("name type", the command
 * as detail), its -o overrides as children; commented-out services too,
 * marked in the detail and struck through.
 */
import { SymbolKind, SymbolTag, type DocumentSymbol } from 'vscode-languageserver-types';
import type { ConfigModel } from '../../model/config';
import type { Service } from '../../syntax/masterCf';

const MAX_DETAIL = 80;
const clip = (s: string): string => (s.length > MAX_DETAIL ? s.slice(0, MAX_DETAIL) + '…' : s);

function symbol(s: Service): DocumentSymbol {
  return {
    name: `${s.name} ${s.type}`,
    detail: s.commented ? `${s.command} (commented out)` : s.command,
    kind: SymbolKind.Module,
    // shown struck through: the entry is there but Postfix does not run it
    ...(s.commented ? { tags: [SymbolTag.Deprecated] } : {}),
    range: s.range,
    selectionRange: s.nameRange,
    children: s.overrides.map((o) => ({
      name: o.name,
      detail: clip(o.value === '' ? '(empty)' : o.value),
      kind: SymbolKind.Property,
      range: o.range,
      selectionRange: o.nameRange,
    })),
  };
}

export function masterSymbols(model: ConfigModel): DocumentSymbol[] {
  const master = model.master;
  if (!master) return [];
  return [...master.services, ...master.commented].sort((a, b) => a.startLine - b.startLine).map(symbol);
}
