import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import type { ConfigModel } from '../../model/config';
import { joinedAssignments } from '../../model/joinedAssignments';
import { contains, type Range } from '../../syntax/text';
import { defineCheck } from '../check';
import type { Check } from './context';

const MAX_SHOWN = 40;

/** An indented `name = value` line: Postfix reads it as more of the value above, and the parameter stays unset. */
const checkAssignmentsInValues: Check = ({ model }) =>
  joinedAssignments(model).map((j) => {
    const shown = j.text.length > MAX_SHOWN ? `${j.text.slice(0, MAX_SHOWN)}...` : j.text;
    const owner = j.assignment;
    return diagnostic(
      Code.AssignmentInValue,
      j.range,
      `"${shown}" is indented, so it does not set ${j.name}: Postfix reads the line as more of the value of ${owner.name} (line ${owner.nameRange.start.line + 1}). ` +
        'Remove the leading whitespace to start a new parameter here.',
      [{ title: 'Start a new parameter here', edits: [{ range: j.indent, newText: '' }], preferred: true }],
    );
  });

export const assignmentInValue = defineCheck({ codes: [Code.AssignmentInValue], kind: 'main', run: checkAssignmentsInValues });

/**
 * Drops what other checks say about the words of such a line and of the lines
 * that continue it: they are the parameter the user meant, and one diagnostic
 * says so. Postfix does read them as part of the value above.
 */
export function withoutFollowOns(model: ConfigModel, diagnostics: Diagnostic[]): Diagnostic[] {
  const joined = joinedAssignments(model);
  if (joined.length === 0) return diagnostics;
  const spans: Range[] = joined.map((j) => ({ start: j.range.start, end: j.assignment.valueRange.end }));
  return diagnostics.filter((d) => d.code === Code.AssignmentInValue || !spans.some((span) => contains(span, d.range.start)));
}
