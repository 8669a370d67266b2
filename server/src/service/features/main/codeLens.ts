import type { CodeLens } from 'vscode-languageserver-types';
import type { ConfigModel } from '../../model/config';
import { listWords } from '../../syntax/restrictionList';

export const REMOVE_LINES_COMMAND = 'postfix.removeLines';

const words = (value: string): string =>
  listWords(value)
    .map((w) => w.text)
    .join(' ');

/** Over an assignment that sets a parameter to its default: offer to remove it. */
export function codeLenses(model: ConfigModel, uri: string): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const [name, list] of model.assignments) {
    const info = model.builtin(name);
    // compatibility-dependent defaults are not one fixed text
    if (!info || info.runtimeDefault !== undefined || list.length > 1 || /postconf -d/.test(info.default)) continue;
    const a = list[0];
    if (words(a.value) !== words(info.default)) continue;
    lenses.push({
      range: a.nameRange,
      command: {
        title: 'Same as the default: remove?',
        command: REMOVE_LINES_COMMAND,
        arguments: [uri, a.range.start.line, a.range.end.line],
      },
    });
  }
  return lenses;
}
