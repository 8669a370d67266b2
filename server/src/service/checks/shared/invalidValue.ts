import { Code, diagnostic } from '../../diagnostics';
import { type ValueKind } from '../../knowledge/parameters';
import { withoutInlineComments } from '../../model/inlineComments';
import { defineCheck, type SettingVisit } from '../check';
import { settingCheck } from './settingCheck';

const BOOLEAN = /^(yes|no)$/i;
// the daemons read a number and one unit letter, and ignore what follows the letter
// (Postfix 3.7 takes "300s # comment"); they refuse upper-case units and a blank before the unit
const TIME = /^\d+(?:[smhdw][\s\S]*)?$/;
const NUMBER = /^[+-]?\d+$/;
// a release level: a major number, and up to a minor and a patch number
const LEVEL = /^\d+(?:\.\d+){0,2}$/;

/** Why `value` is not acceptable for `kind`, or undefined when Postfix takes it. */
export function valueProblem(kind: ValueKind, value: string): string | undefined {
  switch (kind.type) {
    case 'boolean':
      return BOOLEAN.test(value) ? undefined : 'expected "yes" or "no"';
    case 'time':
      return TIME.test(value)
        ? undefined
        : `expected a time: a number with an optional unit s, m, h, d or w (without a unit, ${kind.unit} is assumed), e.g. 30${kind.unit}`;
    case 'integer':
      return NUMBER.test(value) ? undefined : 'expected a whole number';
    case 'size':
      return NUMBER.test(value) ? undefined : 'expected a size in bytes, a whole number without a unit';
    case 'enum':
      // lists of keywords are read leniently by Postfix (unknown words are skipped); only single keywords are checked
      if (kind.list || value === '') return undefined;
      return kind.values.some((v) => v.toLowerCase() === value.toLowerCase()) ? undefined : `expected one of: ${kind.values.join(', ')}`;
    default:
      return undefined;
  }
}

/** Values of the wrong kind make the Postfix daemons stop with "bad ... configuration". */
const invalidSetting: SettingVisit = (s, scope, context) => {
  const info = context.model.builtin(s.name);
  // a $reference is judged after expansion at run time; leave it to the daemons
  // removed parameters are ignored whatever their value
  if (!info || info.removedIn || s.value.includes('$')) return undefined;
  const problem =
    s.name === 'compatibility_level'
      ? LEVEL.test(s.value)
        ? undefined
        : 'expected a release level such as 3.6 or 2 (Postfix: malformed compatibility level syntax)'
      : valueProblem(info.kind, s.value);
  if (!problem) return undefined;
  // a value that is fine without its "# ..." text is reported by the inline-comment check
  if (scope.commentsReported && s.value.includes('#') && !valueProblem(info.kind, withoutInlineComments(s.value))) return undefined;
  return diagnostic(
    Code.InvalidValue,
    s.value === '' ? s.nameRange : s.valueRange,
    `Invalid value "${s.value.replace(/\s+/g, ' ')}" for ${s.name}: ${problem}; ${scope.reader} refuses to start with it.`,
  );
};

export const invalidValue = defineCheck(settingCheck([Code.InvalidValue], invalidSetting));
