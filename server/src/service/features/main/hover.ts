import type { Hover } from 'vscode-languageserver-types';
import { expandParameter } from '../../model/expand';
import type { ConfigModel } from '../../model/config';
import type { Position } from '../../syntax/text';
import { targetAt } from './locate';
import { restrictionHover } from '../shared/restrictionHover';
import { code, expansionLines, heading, joinLines, joinSections, markdownHover, parameterSections, postconfLink, userNameSections } from '../shared/hoverText';

/** Summary, default, version, deprecation, the value after $expansion, and the official page. */
export function hover(model: ConfigModel, position: Position): Hover | null {
  const target = targetAt(model, position);
  if (!target || target.kind === 'value') return null;
  if (target.kind === 'list-word') return restrictionHover(model, target);
  const name = target.kind === 'name' ? target.assignment.name : target.name;
  if (target.kind === 'reference' && model.builtin(target.assignment.name)?.raw) {
    const value = `\`$${name}\` is not a main.cf parameter: Postfix passes the value of \`${target.assignment.name}\` on unexpanded, and the program that uses it fills in its own \`$names\`.`;
    return markdownHover(value, target.range);
  }
  const info = model.builtin(name);
  const sections: string[] = [];
  if (info) {
    sections.push(heading(name), ...parameterSections(info));
  } else if (!model.isDefined(name)) {
    sections.push(heading(`$${name}`), 'Not defined: Postfix expands it to an empty string.');
  } else {
    const reason = model.userNameReason(name);
    if (reason) sections.push(heading(name), ...userNameSections(model, name, reason, 'a value'));
    else sections.push(heading(name), 'Not a Postfix parameter, and no value uses it: Postfix ignores it.');
  }
  const set = model.effective(name);
  if (set || info) {
    const lines: string[] = [];
    if (set) lines.push(`**Set on line ${set.nameRange.start.line + 1}:** ${code(set.value)}`);
    if (info?.raw) lines.push('Postfix passes this value on without expanding `$names`.');
    else lines.push(...expansionLines(expandParameter(model, name), model.rawValue(name) ?? ''));
    if (lines.length) sections.push(joinLines(lines));
  }
  if (info) sections.push(postconfLink(name));
  return markdownHover(joinSections(sections), target.range);
}
