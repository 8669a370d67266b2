import { Code, DiagnosticSeverity, diagnostic, type Diagnostic, type Fix } from '../../diagnostics';
import type { ConfigModel } from '../../model/config';
import { inlineComments, type InlineComment } from '../../model/inlineComments';
import type { Assignment } from '../../syntax/mainCf';
import { isSpace } from '../../syntax/text';
import type { Check } from './context';
import { valueProblem } from '../shared/invalidValue';
import { defineCheck } from '../check';

/**
 * Single values the programs check as a whole, so that a comment in them stops
 * Postfix (seen with Postfix 3.7: "bad parameter value", "unknown user name
 * value", "malformed compatibility level syntax", "host not found" ...).
 */
const CHECKED_WHOLE = new Set(['myhostname', 'mydomain', 'myorigin', 'mail_owner', 'setgid_group', 'compatibility_level', 'inet_interfaces', 'inet_protocols']);

/** Why Postfix refuses the value with its comment, or undefined when it takes the text as part of it. */
function refusal(model: ConfigModel, a: Assignment): string | undefined {
  const info = model.builtin(a.name);
  if (!info || info.removedIn) return undefined;
  if (CHECKED_WHOLE.has(a.name)) return 'Postfix refuses to start with it';
  switch (info.kind.type) {
    case 'tables':
      return 'the programs that open these tables stop: "#" is no type:name';
    case 'restrictions':
      return 'smtpd takes "#" and the words after it as restrictions it does not know, and answers 451 4.3.5 when it reaches them';
    default: {
      // a $name is judged after expansion, by the daemons
      if (a.value.includes('$')) return undefined;
      const problem = valueProblem(info.kind, a.value.replace(/\n/g, ''));
      return problem ? `Postfix refuses to start with it (${problem})` : undefined;
    }
  }
}

/** Deletes the comment with the blanks before it and puts it on a line of its own above the assignment. */
function moveAboveFix(a: Assignment, comment: InlineComment): Fix {
  const value = a.value;
  let from = comment.start;
  while (from > 0 && value[from - 1] !== '\n' && isSpace(value[from - 1])) from--;
  const above = { line: a.range.start.line, character: 0 };
  return {
    title: 'Move the comment to a line of its own',
    edits: [
      { range: { start: above, end: above }, newText: `${value.slice(comment.start, comment.end)}\n` },
      { range: a.source.range(from, comment.end), newText: '' },
    ],
    preferred: true,
  };
}

/** main.cf comments take a whole line: a " #" after a value is part of the value. */
const checkInlineComments: Check = ({ model }) => {
  const out: Diagnostic[] = [];
  for (const a of model.main.assignments) {
    if (!a.value.includes('#')) continue;
    const comments = inlineComments(a.value);
    if (comments.length === 0) continue;
    const reason = refusal(model, a);
    for (const comment of comments) {
      const text = a.value.slice(comment.start, comment.end);
      const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
      const message = reason
        ? `main.cf has no comments after a value: "${shown}" is part of the value of ${a.name}, and ${reason}. Put the comment on a line of its own.`
        : `main.cf has no comments after a value: "${shown}" is part of the value of ${a.name}. Put the comment on a line of its own unless the text is meant.`;
      out.push(
        diagnostic(
          Code.InlineComment,
          a.source.range(comment.start, comment.end),
          message,
          [moveAboveFix(a, comment)],
          reason ? DiagnosticSeverity.Error : undefined,
        ),
      );
    }
  }
  return out;
};

export const inlineComment = defineCheck({ codes: [Code.InlineComment], kind: 'main', run: checkInlineComments });
