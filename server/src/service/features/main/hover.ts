import type { Hover } from 'vscode-languageserver-types';
import { parameters, type ParameterInfo } from '../../knowledge/parameters';
import { restrictionNamed } from '../../knowledge/restrictions';
import { expandParameter } from '../../model/expand';
import type { ConfigModel } from '../../model/config';
import type { Position } from '../../syntax/text';
import { commentWordAt, targetAt, type CommentWord } from './locate';
import { restrictionHover, restrictionText } from '../shared/restrictionHover';
import {
  code,
  expansionLines,
  heading,
  HIDDEN_SECRET,
  joinLines,
  joinSections,
  markdownHover,
  parameterSections,
  postconfLink,
  userNameSections,
} from '../shared/hoverText';

const COMMENTED = 'commented out';

/**
 * A restriction or parameter written in a comment, as the line would be if
 * it were not commented out. Prose uses words such as "permit" and "reject":
 * a restriction without "_" counts only between the lines of a restriction list.
 */
function commentHover(word: CommentWord): Hover | null {
  const restriction = restrictionNamed(word.text);
  if (restriction && (word.text.includes('_') || word.list)) return markdownHover(restrictionText(restriction, COMMENTED), word.range);
  const info = parameters.get(word.text);
  if (!info) return null;
  const what = info.template ? `per-transport template, ${COMMENTED}` : COMMENTED;
  return markdownHover(joinSections([heading(info.name, what), ...parameterSections(info), postconfLink(info.name)]), word.range);
}

/** How the services of this configuration would name a template, which as written names nothing. */
function templateUse(model: ConfigModel, template: ParameterInfo): string {
  const names = model.templateNames(template);
  const shown = names.slice(0, 3).map((n) => `\`${n}\``);
  const examples = names.length ? `Here: ${shown.join(', ')}${names.length > shown.length ? ', …' : ''}.` : 'No master.cf service here can take it.';
  return `As written it names no service, and Postfix ignores it (postconf: unused parameter). ${examples}`;
}

/** Summary, default, version, deprecation, the value after $expansion, and the official page. */
export function hover(model: ConfigModel, position: Position): Hover | null {
  const commented = commentWordAt(model, position);
  if (commented) return commentHover(commented);
  const target = targetAt(model, position);
  if (!target || target.kind === 'value') return null;
  if (target.kind === 'list-word') return restrictionHover(model, target);
  const name = target.kind === 'name' ? target.assignment.name : target.name;
  if (target.kind === 'reference' && model.builtin(target.assignment.name)?.raw) {
    const value = `\`$${name}\` is not a main.cf parameter: Postfix passes the value of \`${target.assignment.name}\` on unexpanded, and the program that uses it fills in its own \`$names\`.`;
    return markdownHover(value, target.range);
  }
  const info = model.builtin(name);
  const template = info ? undefined : parameters.get(name);
  const sections: string[] = [];
  if (info) {
    sections.push(heading(name), ...parameterSections(info));
  } else if (template?.template) {
    sections.push(heading(name, 'per-transport template'), ...parameterSections(template), templateUse(model, template));
  } else if (!model.isDefined(name)) {
    sections.push(heading(`$${name}`), 'Not defined: Postfix expands it to an empty string.');
  } else {
    const reason = model.userNameReason(name);
    if (reason) sections.push(heading(name), ...userNameSections(model, name, reason, 'a value'));
    else sections.push(heading(name), 'Not a Postfix parameter, and no value uses it: Postfix ignores it.');
  }
  const set = model.effective(name);
  const secret = model.revealsSecret(name);
  if (set || info) {
    const lines: string[] = [];
    if (set) lines.push(`**Set on line ${set.nameRange.start.line + 1}:** ${secret ? HIDDEN_SECRET : code(set.value)}`);
    if (info?.raw) lines.push('Postfix passes this value on without expanding `$names`.');
    else if (!secret) lines.push(...expansionLines(expandParameter(model, name), model.rawValue(name) ?? ''));
    if (lines.length) sections.push(joinLines(lines));
  }
  if (info || template?.template) sections.push(postconfLink(name));
  return markdownHover(joinSections(sections), target.range);
}
