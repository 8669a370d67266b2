import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import { MAIN_SNIPPETS, type MainSnippet } from '../../knowledge/snippets';
import type { ConfigModel } from '../../model/config';
import { snippetDefaults, standAlone } from '../../syntax/snippet';
import type { Position, Range } from '../../syntax/text';

/** Postfix's blanks: a line that starts with one continues the logical line above. */
const BLANK = /[ \t\v\f\r]/;

/**
 * A line of a snippet's body and the parameters it is there for: an
 * assignment and its continuation lines for their parameter, a comment for
 * the assignments below it up to the next comment, `$0` for none.
 */
interface BodyLine {
  text: string;
  parameters: string[];
}

interface Prepared {
  snippet: MainSnippet;
  label: string;
  lines: BodyLine[];
  parameters: string[];
}

function bodyLines(body: readonly string[]): BodyLine[] {
  const out: BodyLine[] = [];
  let comments: BodyLine[] = [];
  let current: string | undefined;
  for (const text of body) {
    const name = /^([A-Za-z0-9_]+)[ \t]*=/.exec(text)?.[1];
    let line: BodyLine;
    if (text.startsWith('#')) {
      // a comment after an assignment speaks for the assignments below it
      if (current !== undefined) comments = [];
      current = undefined;
      line = { text, parameters: [] };
      comments.push(line);
    } else if (name !== undefined) {
      current = name;
      for (const c of comments) c.parameters.push(name);
      line = { text, parameters: [name] };
    } else if (current !== undefined && BLANK.test(text[0] ?? '')) {
      line = { text, parameters: [current] };
    } else {
      comments = [];
      current = undefined;
      line = { text, parameters: [] };
    }
    out.push(line);
  }
  return out;
}

const PREPARED: readonly Prepared[] = MAIN_SNIPPETS.map((snippet) => {
  const lines = bodyLines(snippet.body);
  return {
    snippet,
    label: snippet.prefixes.find((p) => p.startsWith('postfix-')) ?? snippet.prefixes[0],
    lines,
    parameters: [...new Set(lines.filter((l) => !l.text.startsWith('#')).flatMap((l) => l.parameters))],
  };
});

/**
 * Whether a new parameter may start at `position`: the cursor ends a name
 * typed from column 0 with nothing after it, and no indented line below
 * (past blank and comment lines) continues a value through this line.
 */
export function startsParameter(model: ConfigModel, position: Position): boolean {
  const lines = model.main.lines;
  const line = lines[position.line] ?? '';
  if (!/^[A-Za-z0-9_-]*$/.test(line.slice(0, position.character)) || line.slice(position.character).trim() !== '') return false;
  for (let n = position.line + 1; n < lines.length; n++) {
    const text = lines[n];
    if (text.trim() === '' || /^[ \t\v\f\r]*#/.test(text)) continue;
    return !BLANK.test(text[0]);
  }
  return true;
}

/**
 * The main.cf snippets as completion items replacing `range`. Lines for
 * parameters the file already sets are left out, and the documentation says
 * where those are set; a snippet whose parameters are all set is not offered.
 */
export function snippetItems(model: ConfigModel, range: Range): CompletionItem[] {
  return PREPARED.flatMap(({ snippet, label, lines, parameters }) => {
    const setAt = new Map<string, number>();
    for (const name of parameters) {
      const a = model.effective(name);
      if (a) setAt.set(name, a.nameRange.start.line + 1);
    }
    if (setAt.size === parameters.length) return [];
    const kept = lines.filter((l) => l.parameters.length === 0 || l.parameters.some((p) => !setAt.has(p)));
    const body = setAt.size === 0 ? snippet.body.join('\n') : standAlone(kept.map((l) => l.text).join('\n'), snippet.body.join('\n'));
    const notes = [...setAt].map(([name, line]) => `- \`${name}\`: already set on line ${line}: edit it there`);
    const documentation = ['```', snippetDefaults(body).trimEnd(), '```', ...(notes.length ? ['', 'Left out:', '', ...notes] : [])].join('\n');
    return [
      {
        label,
        labelDetails: { description: snippet.name },
        kind: CompletionItemKind.Snippet,
        detail: snippet.description,
        documentation: { kind: 'markdown', value: documentation },
        filterText: snippet.prefixes.join(' '),
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range, newText: body },
      },
    ];
  });
}
