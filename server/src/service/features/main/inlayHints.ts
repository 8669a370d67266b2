import type { InlayHint } from 'vscode-languageserver-types';
import type { ConfigModel } from '../../model/config';
import { expandParameter } from '../../model/expand';
import type { Range } from '../../syntax/text';

const MAX = 60;
const short = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX ? `${flat.slice(0, MAX)}…` : flat;
};

/** After a value: what its $names expand to, and the default the line overrides. */
export function inlayHints(model: ConfigModel, range: Range): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const a of model.main.assignments) {
    if (a.range.end.line < range.start.line || a.range.start.line > range.end.line) continue;
    const info = model.builtin(a.name);
    const parts: string[] = [];
    // a password is not shown, nor what refers to one
    if (a.references.length && !info?.raw && !model.revealsSecret(a.name)) {
      const e = expandParameter(model, a.name);
      parts.push(e.stopped ? `⚠ ${e.stopped}` : `→ ${short(e.value) || '(empty)'}`);
    }
    if (info && model.effective(a.name) === a) parts.push(`default: ${short(info.default) || '(empty)'}`);
    if (parts.length) hints.push({ position: a.range.end, label: parts.join('  ·  '), paddingLeft: true });
  }
  return hints;
}
