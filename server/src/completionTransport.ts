/**
 * Completion lists as small as the client allows. A list of every parameter
 * has about 900 items and their documentation is most of its bytes, so the
 * documentation goes out when the client resolves the item it shows, and a
 * replace range shared by every item goes out once (LSP itemDefaults).
 */
import type { ClientCapabilities, CompletionItem, CompletionList, Range } from 'vscode-languageserver/node';

type Documentation = CompletionItem['documentation'];

const sameRange = (a: Range, b: Range): boolean =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

export class CompletionTransport {
  private readonly resolves: boolean;
  private readonly editRangeDefault: boolean;
  /** documentation of the items of the last list, by label */
  private documentation = new Map<string, Documentation>();

  constructor(capabilities: ClientCapabilities) {
    const completion = capabilities.textDocument?.completion;
    this.resolves = completion?.completionItem?.resolveSupport?.properties.includes('documentation') ?? false;
    this.editRangeDefault = completion?.completionList?.itemDefaults?.includes('editRange') ?? false;
  }

  list(items: CompletionItem[]): CompletionList | CompletionItem[] {
    let out = items;
    if (this.resolves) {
      this.documentation = new Map();
      out = out.map(({ documentation, ...rest }) => {
        if (documentation !== undefined) this.documentation.set(rest.label, documentation);
        return rest;
      });
    }
    const first = out[0]?.textEdit;
    if (!this.editRangeDefault || !first || !('range' in first)) return out;
    const range = first.range;
    if (!out.every((i) => i.textEdit && 'range' in i.textEdit && sameRange(i.textEdit.range, range))) return out;
    return {
      isIncomplete: false,
      itemDefaults: { editRange: range },
      items: out.map(({ textEdit, ...rest }) => ({ ...rest, textEditText: textEdit?.newText })),
    };
  }

  resolve(item: CompletionItem): CompletionItem {
    const documentation = item.documentation ?? this.documentation.get(item.label);
    return documentation === undefined ? item : { ...item, documentation };
  }
}
