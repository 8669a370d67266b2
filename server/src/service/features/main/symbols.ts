import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { parameterNames, parameters } from '../../knowledge/parameters';
import type { ConfigModel } from '../../model/config';

/** Name prefixes shared by at least five parameters: smtpd, smtp, lmtp, postscreen, virtual ... */
const FAMILIES = (() => {
  const counts = new Map<string, number>();
  for (const name of parameterNames) {
    const prefix = name.split('_')[0];
    counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, n]) => n >= 5).map(([p]) => p));
})();

/** The outline group of a parameter: TLS settings together, then the name's family. */
export function familyOf(name: string, known: boolean): string {
  if (!known) return 'your own parameters';
  if (/(^|_)tls(_|$)/.test(name)) return 'tls';
  const prefix = name.split('_')[0];
  return FAMILIES.has(prefix) ? prefix : 'general';
}

/** Parameters grouped by family, in file order within each group. */
export function documentSymbols(model: ConfigModel): DocumentSymbol[] {
  const groups = new Map<string, DocumentSymbol[]>();
  for (const a of model.main.assignments) {
    const family = familyOf(a.name, parameters.has(a.name));
    const list = groups.get(family) ?? [];
    list.push({
      name: a.name,
      detail: a.value.replace(/\s+/g, ' ').slice(0, 80),
      kind: parameters.has(a.name) ? SymbolKind.Property : SymbolKind.Variable,
      range: a.range,
      selectionRange: a.nameRange,
    });
    groups.set(family, list);
  }
  return [...groups].map(([family, children]) => ({
    name: family,
    kind: SymbolKind.Namespace,
    range: { start: children[0].range.start, end: children[children.length - 1].range.end },
    selectionRange: children[0].selectionRange,
    children,
  }));
}
