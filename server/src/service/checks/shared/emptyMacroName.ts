import { Code, diagnostic, DiagnosticSeverity } from '../../diagnostics';
import { parameters } from '../../knowledge/parameters';
import type { ConfigModel } from '../../model/config';
import { expansionBranches, loneDollars, type Branch } from '../../syntax/expansion';
import { defineCheck, type SettingVisit } from '../check';
import { settingCheck } from './settingCheck';

/**
 * Whether Postfix expands the text at `at` of a value, by the value's branches:
 * 'yes' when every branch around it is taken with the values of now ($name set
 * for ${name?...}, empty for ${name:...}), 'no' when one is not, 'maybe'
 * inside a comparison's result.
 */
function expanded(branches: readonly Branch[], at: number, model: ConfigModel): 'yes' | 'no' | 'maybe' {
  let answer: 'yes' | 'no' | 'maybe' = 'yes';
  for (const b of branches) {
    if (at < b.start || at >= b.end) continue;
    if (b.name === undefined) answer = 'maybe';
    else if (((model.rawValue(b.name) ?? '') !== '') !== b.set) return 'no';
  }
  return answer;
}

/**
 * A "$" before a blank, a dot, a slash or the end of the value: Postfix expands every value
 * it does not pass on raw, finds an empty macro name and stops ("macro processing error").
 * An inline regexp's end anchor, /^a$/, is the usual cause. Inside a branch that is not
 * taken (${name?...}, ${name:...}, a comparison's result), postconf only warns and the
 * daemons skip it.
 */
const emptyMacro: SettingVisit = (s, _scope, context) => {
  if (!s.value.includes('$') || parameters.get(s.name)?.raw) return undefined;
  // a name of one's own that nothing uses is never expanded (postconf only warns)
  if (!context.model.builtin(s.name) && !context.model.userNameReason(s.name)) return undefined;
  const lone = loneDollars(s.value);
  if (lone.length === 0) return undefined;
  const branches = expansionBranches(s.value);
  const states = lone.map((at) => expanded(branches, at, context.model));
  const stops = states.indexOf('yes');
  const at = lone[stops < 0 ? 0 : stops];
  const after = s.value[at + 1];
  const what = after === undefined ? 'at the end of the value' : `before "${after}"`;
  const anchor = after === '/' ? ' In an inline regexp or pcre table, write the end anchor as "$$".' : '';
  const branch =
    states[0] === 'no'
      ? 'in a branch Postfix does not take with the values of now'
      : 'in a result of a comparison, which Postfix expands only when the comparison picks it';
  const effect =
    stops < 0
      ? `it is ${branch}: postconf warns ("empty macro name") and the daemons skip it while the branch is not taken, but stop when it is`
      : 'Postfix stops with "empty macro name" when it reads this value (postconf: fatal: macro processing error)';
  return diagnostic(
    Code.EmptyMacroName,
    s.source.range(at, at + 1),
    `A "$" ${what} names no parameter: ${effect}. Write "$$" for a dollar sign.${anchor}`,
    [],
    stops < 0 ? DiagnosticSeverity.Warning : undefined,
  );
};

export const emptyMacroName = defineCheck(settingCheck([Code.EmptyMacroName], emptyMacro));
