/**
 * Hover in master.cf: the columns (meaning, default, values, and what the
 * value here means), the daemon of the command column, -o parameter names and
 * their $references (the same facts as main.cf hover), pipe(8) attributes
 * and macros.
 */
import type { Hover } from 'vscode-languageserver-types';
import { COLUMN_INFO, daemons, FLAG_MEANING, pipeAttributes, pipeMacros, SERVICE_TYPE_INFO } from '../../knowledge/master';
import { OFFICIAL_DOC } from '../../knowledge/parameters';
import { expandValue } from '../../model/expand';
import type { ConfigModel, UserNameReason } from '../../model/config';
import { overrideNameReason } from '../../model/masterScope';
import { splitInetName } from '../../checks/master/serviceName';
import type { ColumnName, Field, Service } from '../../syntax/masterCf';
import type { Position } from '../../syntax/text';
import { code as hoverCode, expansionLines, facts, serviceParameterSections } from '../main/hover';
import { masterTargetAt } from './locate';

const MAX_SHOWN = 300;
const PIPE_PAGE = 'https://www.postfix.org/pipe.8.html';
const MASTER_PAGE = 'https://www.postfix.org/master.5.html';

const code = (text: string): string => hoverCode(text, MAX_SHOWN);

const USER_REASON: Record<UserNameReason, string> = {
  referenced: 'A parameter of your own: Postfix accepts it because a main.cf value or another -o of this service refers to it as `$name`.',
  'restriction-class': 'A restriction class listed in `smtpd_restriction_classes`: use its name in an smtpd restriction list.',
  service: 'A per-service setting derived from a master.cf service name.',
  database: 'A setting of a database table (ldap, mysql, pgsql, sqlite, memcache, mongodb) named in a lookup.',
};


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
  if (command.includes('/')) return `**${command}**\n\nA program outside daemon_directory. master runs it as a Postfix daemon, so it must speak Postfix's internal protocol.`;
  const d = daemons.get(command);
  if (!d) return `**${command}**\n\nNot a Postfix daemon: master looks for it in daemon_directory.`;
  const since = d.since ? `  \n**Added in Postfix ${d.since}**` : '';
  const needs: string[] = [];
  if (d.processLimit !== undefined) needs.push(`maxproc \`${d.processLimit}\``);
  if (d.privileged) needs.push('unpriv `n`');
  if (d.wakeup) needs.push('a wake-up timer');
  const requirement = needs.length ? `  \n**Needs:** ${needs.join(', ')}` : '';
  return `**${d.name}** (Postfix daemon)\n\n${d.summary}${since}${requirement}\n\n[${d.page.replace(/^.*\//, '').replace('.html', '').replace('.8', '(8)')}](${d.page})`;
}

function parameterHover(model: ConfigModel, service: Service, name: string, heading: string): string {
  const info = model.builtin(name);
  const sections: string[] = [heading];
  if (info) sections.push(info.summary, facts(info).join('  \n'));
  else {
    const reason = overrideNameReason(model, service, name) ?? model.userNameReason(name);
    if (reason) sections.push(USER_REASON[reason], ...(reason === 'service' ? serviceParameterSections(model, name) : []));
    else if (model.assignments.has(name)) sections.push('A parameter of your own, set in main.cf.');
    else if (service.overrides.some((o) => o.name === name)) sections.push('A parameter of your own, set by an -o of this service.');
    else sections.push('Not a Postfix parameter, and nothing defines it: Postfix ignores it, and `$' + name + '` expands to nothing.');
  }
  const set = model.effective(name);
  const own = service.overrides.filter((o) => o.name === name).pop();
  const lines: string[] = [];
  if (set) lines.push(`**main.cf, line ${set.nameRange.start.line + 1}:** ${code(set.value)}`);
  if (own) {
    lines.push(`**This service (${service.name}):** ${code(own.value)}`);
    if (!info?.raw && own.value.includes('$')) lines.push(...expansionLines(expandValue(model, own.value), own.value, code));
  }
  if (lines.length) sections.push(lines.join('  \n'));
  if (info) sections.push(`[postconf(5): ${name}](${OFFICIAL_DOC}#${name})`);
  return sections.join('\n\n');
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
      value = [
        `**${info.title}** (master.cf column ${Object.keys(COLUMN_INFO).indexOf(target.column) + 1})`,
        info.summary,
        `**Default:** ${info.default}  \n**Values:** ${info.values}`,
        here ? `**Here:** ${here}` : '',
        `[master(5)](${MASTER_PAGE})`,
      ]
        .filter(Boolean)
        .join('\n\n');
      break;
    }
    case 'override-name':
      value = parameterHover(model, service, target.override.name, `**${target.override.name}** (-o override for ${service.name} ${service.type})`);
      break;
    case 'override-reference':
      value = parameterHover(model, service, target.name, `**$${target.name}**`);
      break;
    case 'override-value':
      return null;
    case 'pipe-macro': {
      const m = pipeMacros.get(target.macro.name);
      value = m
        ? `**\${${m.name}}** (pipe macro)\n\n${m.summary}${m.since ? `  \n**Added in Postfix ${m.since}**` : ''}\n\n[pipe(8)](${PIPE_PAGE})`
        : `**\${${target.macro.name}}**\n\nNot a pipe macro: pipe defers deliveries through this service.`;
      break;
    }
    case 'pipe-attribute': {
      const summary = pipeAttributes.get(target.attribute.name);
      value = summary ? `**${target.attribute.name}=** (pipe attribute)\n\n${summary}\n\n[pipe(8)](${PIPE_PAGE})` : `**${target.attribute.name}**\n\nNot a pipe attribute.`;
      break;
    }
    case 'option': {
      const letters = [...target.arg.text.slice(1)].filter((c) => OPTIONS[c]);
      if (letters.length === 0) return null;
      value = letters.map((c) => OPTIONS[c]).join('\n\n');
      break;
    }
  }
  return value ? { contents: { kind: 'markdown', value }, range: target.range } : null;
}
