import type { Hover } from 'vscode-languageserver-types';
import { dbmsManual, dbmsTypes, suggestDbmsParameter, type DbmsParameter } from '../../knowledge/dbms';
import { tableTypes } from '../../knowledge/tableTypes';
import type { MainCf } from '../../syntax/mainCf';
import type { Position } from '../../syntax/text';
import { addedIn, code, heading, joinLines, joinSections, markdownHover } from '../shared/hoverText';
import { EXPANSIONS } from './expansions';
import { clientTargetAt } from './locate';

const manualLink = (type: string): string => `[${type}_table(5)](${dbmsManual(type)})`;

function facts(p: DbmsParameter): string {
  const lines: string[] = [];
  if (p.default !== undefined) lines.push(`**Default:** ${code(p.default)}`);
  lines.push(addedIn(p.since ?? tableTypes.get(p.type)?.since ?? '?'));
  if (p.ignored) lines.push('**No longer supported:** the client warns and ignores it.');
  else if (p.obsolete) lines.push(`**Obsolete**${p.replacement ? `: use \`${p.replacement}\` instead` : ''}`);
  if (p.secret) lines.push('**Secret:** its value is never shown here.');
  return joinLines(lines);
}

/**
 * A setting's summary and facts, or what a % expansion stands for. No value
 * is ever shown: a client file holds passwords.
 */
export function dbmsHover(file: MainCf, clientType: string, position: Position): Hover | null {
  const target = clientTargetAt(file, position);
  const type = dbmsTypes.get(clientType);
  if (!target || !type) return null;
  const a = target.assignment;
  const p = type.parameters.get(a.name);
  if (target.kind === 'name') {
    if (p) return markdownHover(joinSections([heading(a.name, `${type.name}: table setting`), p.summary, facts(p), manualLink(type.name)]), a.nameRange);
    const suggestion = suggestDbmsParameter(type.name, a.name);
    const unknown = `Not a setting of ${type.name}: tables: the client ignores it.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`;
    return markdownHover(joinSections([heading(a.name), unknown, manualLink(type.name)]), a.nameRange);
  }
  if (p?.kind.type !== 'template') return null;
  const template = p.kind.template;
  // the expansion the cursor is on or just after: "%s" from either of its characters
  for (let at = Math.max(0, target.offset - 2); at <= target.offset; at++) {
    if (a.value[at] !== '%') continue;
    const found = EXPANSIONS.find((e) => e.text === a.value.slice(at, at + 2));
    if (!found) continue;
    return markdownHover(joinSections([heading(found.text, `in ${a.name}`), `Stands for ${found[template]}.`]), a.source.range(at, at + 2));
  }
  return null;
}
