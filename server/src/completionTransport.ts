/**
 * Completion lists as small as the client allows. A list of every parameter
 * has about 900 items: only those that could match the word being typed go
 * out, their documentation when the client resolves the item it shows, and a
 * replace range shared by every item once (LSP itemDefaults). Clients that
 * take no snippets get the text every placeholder's default makes.
 */
import { couldMatch } from './service/features/shared/match';
import { snippetDefaults } from './service/syntax/snippet';
import { InsertTextFormat, type ClientCapabilities, type CompletionItem, type CompletionList, type Range } from 'vscode-languageserver/node';

type Documentation = CompletionItem['documentation'];

const sameRange = (a: Range, b: Range): boolean =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** Items of one list that share a label differ in kind ($name of a parameter or of your own). */
const itemKey = (item: CompletionItem): string => `${item.label}\u0000${item.kind ?? ''}`;

export class CompletionTransport {
  private readonly resolves: boolean;
  private readonly editRangeDefault: boolean;
  private readonly snippets: boolean;
  private readonly labelDetails: boolean;
  /** documentation of the items of the last list, by label and kind */
  private documentation = new Map<string, Documentation>();

  constructor(capabilities: ClientCapabilities) {
    const completion = capabilities.textDocument?.completion;
    this.resolves = completion?.completionItem?.resolveSupport?.properties.includes('documentation') ?? false;
    this.editRangeDefault = completion?.completionList?.itemDefaults?.includes('editRange') ?? false;
    this.snippets = completion?.completionItem?.snippetSupport ?? false;
    this.labelDetails = completion?.completionItem?.labelDetailsSupport ?? false;
  }

  /**
   * The list to send. `typed` reads the document in a range: the word being
   * typed, when every item replaces the same one.
   */
  list(items: CompletionItem[], typed: (range: Range) => string): CompletionList | CompletionItem[] {
    let out = items;
    const first = out[0]?.textEdit;
    const range =
      first && 'range' in first && out.every((i) => i.textEdit && 'range' in i.textEdit && sameRange(i.textEdit.range, first.range)) ? first.range : undefined;
    // Only items that could match what is typed; the client asks again as the word grows.
    const prefix = range && range.start.line === range.end.line ? typed(range) : '';
    const matching = prefix ? out.filter((i) => couldMatch(prefix, i.filterText ?? i.label)) : out;
    // filtered here or by the service: a shorter word (backspace) would match more
    const incomplete = prefix !== '';
    out = matching;
    if (!this.snippets) out = out.map(plainText);
    if (!this.labelDetails) out = out.map((i) => (i.labelDetails === undefined ? i : { ...i, labelDetails: undefined }));
    if (this.resolves) {
      this.documentation = new Map();
      out = out.map(({ documentation, ...rest }) => {
        if (documentation !== undefined) this.documentation.set(itemKey(rest), documentation);
        return rest;
      });
    }
    if (this.editRangeDefault && range) {
      return {
        isIncomplete: incomplete,
        itemDefaults: { editRange: range },
        items: out.map(({ textEdit, ...rest }) => ({ ...rest, textEditText: textEdit?.newText })),
      };
    }
    return incomplete ? { isIncomplete: true, items: out } : out;
  }

  resolve(item: CompletionItem): CompletionItem {
    const documentation = item.documentation ?? this.documentation.get(itemKey(item));
    return documentation === undefined ? item : { ...item, documentation };
  }
}

/** A snippet item as the text it inserts when every placeholder keeps its default. */
function plainText(item: CompletionItem): CompletionItem {
  if (item.insertTextFormat !== InsertTextFormat.Snippet) return item;
  const { textEdit, insertText } = item;
  return {
    ...item,
    insertTextFormat: InsertTextFormat.PlainText,
    insertText: insertText === undefined ? undefined : snippetDefaults(insertText),
    textEdit: textEdit === undefined ? undefined : { ...textEdit, newText: snippetDefaults(textEdit.newText) },
  };
}
