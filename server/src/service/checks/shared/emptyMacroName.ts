import { Code, diagnostic } from '../../diagnostics';
import { parameters } from '../../knowledge/parameters';
import { loneDollar } from '../../syntax/expansion';
import { defineCheck, type SettingVisit } from '../check';
import { settingCheck } from './settingCheck';

/**
 * A "$" before a blank, a dot, a slash or the end of the value: Postfix expands every value
 * it does not pass on raw, finds an empty macro name and stops ("macro processing error").
 * An inline regexp's end anchor, /^a$/, is the usual cause.
 */
const emptyMacro: SettingVisit = (s, _scope, context) => {
  if (!s.value.includes('$') || parameters.get(s.name)?.raw) return undefined;
  // a name of one's own that nothing uses is never expanded (postconf only warns)
  if (!context.model.builtin(s.name) && !context.model.userNameReason(s.name)) return undefined;
  const at = loneDollar(s.value);
  if (at === undefined) return undefined;
  const after = s.value[at + 1];
  const what = after === undefined ? 'at the end of the value' : `before "${after}"`;
  const anchor = after === '/' ? ' In an inline regexp or pcre table, write the end anchor as "$$".' : '';
  return diagnostic(
    Code.EmptyMacroName,
    s.source.range(at, at + 1),
    `A "$" ${what} names no parameter: Postfix stops with "empty macro name" when it reads this value (postconf: fatal: macro processing error). ` +
      `Write "$$" for a dollar sign.${anchor}`,
  );
};

export const emptyMacroName = defineCheck(settingCheck([Code.EmptyMacroName], emptyMacro));
