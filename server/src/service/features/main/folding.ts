import type { FoldingRange } from 'vscode-languageserver-types';
import type { ConfigModel } from '../../model/config';

/** Runs of comment lines and values spread over continuation lines. */
export function foldingRanges(model: ConfigModel): FoldingRange[] {
  const out: FoldingRange[] = [];
  const comments = model.main.comments.map((c) => c.line);
  for (let i = 0; i < comments.length;) {
    let j = i;
    while (j + 1 < comments.length && comments[j + 1] === comments[j] + 1) j++;
    if (j > i) out.push({ startLine: comments[i], endLine: comments[j], kind: 'comment' });
    i = j + 1;
  }
  for (const a of model.main.assignments) {
    if (a.range.end.line > a.range.start.line) out.push({ startLine: a.range.start.line, endLine: a.range.end.line, kind: 'region' });
  }
  return out.sort((x, y) => x.startLine - y.startLine);
}
