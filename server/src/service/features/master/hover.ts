/**
 * Hover in master.cf: the columns (meaning, default, values, and what the
 * value here means), the daemon of the command column, -o parameter names and
 * their $references (the same facts as main.cf hover), pipe(8) attributes
 * and macros.
 */
import type { Hover } from 'vscode-languageserver-types';
import { COLUMN_INFO, daemons, FLAG_MEANING, pipeAttributes, pipeMacros, SERVICE_TYPE_INFO } from '../../knowledge/master';
import { expandValue } from '../../model/expand';
import type { ConfigModel } from '../../model/config';
import { overrideNameReason } from '../../model/masterScope';
import { splitInetName } from '../../syntax/inetName';
import type { ColumnName, Field, Service } from '../../syntax/masterCf';
import type { Position } from '../../syntax/text';
import {
  addedIn,
  code as hoverCode,
  expansionLines,
  HIDDEN_SECRET,
  heading,
  joinLines,
  joinSections,
  manualLink,
  markdownHover,
  parameterSections,
  postconfLink,
  userNameSections,
} from '../shared/hoverText';
import { masterTargetAt } from './locate';

const MAX_SHOWN = 300;

const code = (text: string): string => hoverCode(text, MAX_SHOWN);

/** What the value in this column means for this entry. */
function columnValue(model: ConfigModel, service: Service, column: ColumnName, field: Field): string | undefined {
  const v = field.text;
  switch (column) {
    case 'service': {
      if (service.type !== 'inet') {
        const dir = service.columns.private.text === 'n' ? 'public' : 'private';
        return `Socket \`${dir}/${v}\` under the queue directory; other services and main.cf reach it as transport \`${v}\`.`;
      }
      const p = splitInetName(v);
      if ('error' in p) return undefined;
      return `Listens on port \`${p.port}\` of ${p.host ? `\`${p.host}\`` : 'every address in inet_interfaces'}.`;
    }
    case 'type':
      return SERVICE_TYPE_INFO[v]?.summary;
    case 'private':
    case 'unpriv':
    case 'chroot': {
      const meaning = FLAG_MEANING[v];
      if (!meaning) return undefined;
      if (v !== '-') return `\`${v}\`: ${meaning}.`;
      return `\`-\`: ${meaning}, here ${column === 'chroot' ? '`n` (Postfix 3.0 and later)' : '`y`'}.`;
    }
    case 'wakeup':
      if (v === '-' || /^0+\??$/.test(v)) return 'No periodic wake-up.';
      if (/^\d+\?$/.test(v)) return `Every ${v.slice(0, -1)} seconds, once the service has been used.`;
      if (/^\d+$/.test(v)) return `Every ${v} seconds.`;
      return undefined;
    case 'maxproc': {
      if (v === '0') return 'No limit.';
      if (v === '-') {
        const limit = expandValue(model, '$default_process_limit').value;
        return `\`$default_process_limit\`, here ${code(limit)}.`;
      }
      return /^\d+$/.test(v) ? `At most ${v} process${v === '1' ? '' : 'es'}.` : undefined;
    }
    default:
      return undefined;
  }
}

function commandHover(command: string): string {
  if (command.includes('/'))
    return joinSections([
      heading(command),
      "A program outside daemon_directory. master runs it as a Postfix daemon, so it must speak Postfix's internal protocol.",
    ]);
  const d = daemons.get(command);
  if (!d) return joinSections([heading(command), 'Not a Postfix daemon: master looks for it in daemon_directory.']);
  const needs: string[] = [];
  if (d.processLimit !== undefined) needs.push(`maxproc \`${d.processLimit}\``);
  if (d.privileged) needs.push('unpriv `n`');
  if (d.wakeup) needs.push('a wake-up timer');
  const about = [d.summary, ...(d.since ? [addedIn(d.since)] : []), ...(needs.length ? [`**Needs:** ${needs.join(', ')}`] : [])];
  return joinSections([heading(d.name, 'Postfix daemon'), joinLines(about), manualLink(d.page, 8)]);
}

function parameterHover(model: ConfigModel, service: Service, name: string, title: string): string {
  const info = model.builtin(name);
  const sections: string[] = [title];
  if (info) sections.push(...parameterSections(info));
  else {
    const reason = overrideNameReason(model, service, name) ?? model.userNameReason(name);
    if (reason) sections.push(...userNameSections(model, name, reason, 'a main.cf value or another -o of this service'));
    else if (model.assignments.has(name)) sections.push('A parameter of your own, set in main.cf.');
    else if (service.overrides.some((o) => o.name === name)) sections.push('A parameter of your own, set by an -o of this service.');
    else sections.push('Not a Postfix parameter, and nothing defines it: Postfix ignores it, and `$' + name + '` expands to nothing.');
  }
  const set = model.effective(name);
  const own = service.overrides.filter((o) => o.name === name).pop();
  const lines: string[] = [];
  const secret = model.revealsSecret(name) || own?.references.some((r) => model.revealsSecret(r.name));
  if (set) lines.push(`**main.cf, line ${set.nameRange.start.line + 1}:** ${secret ? HIDDEN_SECRET : code(set.value)}`);
  if (own) {
    lines.push(`**This service (${service.name}):** ${secret ? HIDDEN_SECRET : code(own.value)}`);
    if (!secret && !info?.raw && own.value.includes('$')) lines.push(...expansionLines(expandValue(model, own.value), own.value, code));
  }
  if (lines.length) sections.push(joinLines(lines));
  if (info) sections.push(postconfLink(name));
  return joinSections(sections);
}

const OPTIONS: Record<string, string> = {
  o: '`-o name=value` sets a main.cf parameter for this service only; `-o { name = value }` allows blanks in the value.',
  v: '`-v` makes the daemon log verbosely; repeat it for more.',
  D: '`-D` runs the daemon under `debugger_command` from main.cf.',
};

export function masterHover(model: ConfigModel, position: Position): Hover | null {
  const target = masterTargetAt(model, position);
  if (!target) return null;
  const { service } = target;
  let value: string | undefined;
  switch (target.kind) {
    case 'column': {
      if (target.column === 'command') {
        value = commandHover(target.field.text);
        break;
      }
      const info = COLUMN_INFO[target.column];
      const here = columnValue(model, service, target.column, target.field);
      value = joinSections([
        heading(info.title, `master.cf column ${Object.keys(COLUMN_INFO).indexOf(target.column) + 1}`),
        info.summary,
        joinLines([`**Default:** ${info.default}`, `**Values:** ${info.values}`]),
        here ? `**Here:** ${here}` : undefined,
        manualLink('master', 5),
      ]);
      break;
    }
    case 'override-name':
      value = parameterHover(model, service, target.override.name, heading(target.override.name, `-o override for ${service.name} ${service.type}`));
      break;
    case 'override-reference':
      value = parameterHover(model, service, target.name, heading(`$${target.name}`));
      break;
    case 'override-value':
      return null;
    case 'pipe-macro': {
      const m = pipeMacros.get(target.macro.name);
      value = m
        ? joinSections([heading(`\${${m.name}}`, 'pipe macro'), joinLines([m.summary, ...(m.since ? [addedIn(m.since)] : [])]), manualLink('pipe', 8)])
        : joinSections([heading(`\${${target.macro.name}}`), 'Not a pipe macro: pipe defers deliveries through this service.']);
      break;
    }
    case 'pipe-attribute': {
      const summary = pipeAttributes.get(target.attribute.name);
      value = summary
        ? joinSections([heading(`${target.attribute.name}=`, 'pipe attribute'), summary, manualLink('pipe', 8)])
        : joinSections([heading(target.attribute.name), 'Not a pipe attribute.']);
      break;
    }
    case 'option': {
      const letters = [...target.arg.text.slice(1)].filter((c) => OPTIONS[c]);
      if (letters.length === 0) return null;
      value = letters.map((c) => OPTIONS[c]).join('\n\n');
      break;
    }
  }
  return value ? markdownHover(value, target.range) : null;
}
