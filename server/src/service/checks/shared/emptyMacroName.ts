import { Code, diagnostic, DiagnosticSeverity } from '../../diagnostics';
import { parameters } from '../../knowledge/parameters';
import type { ConfigModel } from '../../model/config';
import { loneDollars, scanExpansions } from '../../syntax/expansion';
import { defineCheck, type SettingVisit } from '../check';
import { settingCheck } from './settingCheck';

/**
 * Whether Postfix expands the text at `at` of `value`: every ${name?...} around it
 * has a non-empty $name, every ${name:...} an empty one.
 */
function expanded(value: string, at: number, model: ConfigModel): boolean {
  return scanExpansions(value).references.every((r) => {
    if (!r.conditional || at < r.start || at >= r.end) return true;
    const set = (model.rawValue(r.name) ?? '') !== '';
    return value[r.nameEnd] === '?' ? set : !set;
  });
}

/**
 * A "$" before a blank, a dot, a slash or the end of the value: Postfix expands every value
 * it does not pass on raw, finds an empty macro name and stops ("macro processing error").
 * An inline regexp's end anchor, /^a$/, is the usual cause. Inside a ${name?...} or
 * ${name:...} branch that is not taken, postconf only warns and the daemons skip it.
 */
const emptyMacro: SettingVisit = (s, _scope, context) => {
  if (!s.value.includes('$') || parameters.get(s.name)?.raw) return undefined;
  // a name of one's own that nothing uses is never expanded (postconf only warns)
  if (!context.model.builtin(s.name) && !context.model.userNameReason(s.name)) return undefined;
  const lone = loneDollars(s.value);
  if (lone.length === 0) return undefined;
  const stops = lone.find((at) => expanded(s.value, at, context.model));
  const at = stops ?? lone[0];
  const after = s.value[at + 1];
  const what = after === undefined ? 'at the end of the value' : `before "${after}"`;
  const anchor = after === '/' ? ' In an inline regexp or pcre table, write the end anchor as "$$".' : '';
  const effect =
    stops === undefined
      ? 'it is in a branch Postfix does not take with the values of now, so postconf warns ("empty macro name") and the daemons skip it; they would stop if the branch were taken'
      : 'Postfix stops with "empty macro name" when it reads this value (postconf: fatal: macro processing error)';
  return diagnostic(
    Code.EmptyMacroName,
    s.source.range(at, at + 1),
    `A "$" ${what} names no parameter: ${effect}. Write "$$" for a dollar sign.${anchor}`,
    [],
    stops === undefined ? DiagnosticSeverity.Warning : undefined,
  );
};

export const emptyMacroName = defineCheck(settingCheck([Code.EmptyMacroName], emptyMacro));
