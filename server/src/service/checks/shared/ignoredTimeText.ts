import { Code, diagnostic } from '../../diagnostics';
import { defineCheck, type SettingVisit } from '../check';
import { settingCheck } from './settingCheck';

// a number, its unit letter, and more: the daemons read the number and the unit and drop the rest
const TRAILING = /^(\d+[smhdw])([^#]+)$/;

/**
 * "1h30m" reads as one hour: Postfix takes one number and one unit letter and ignores what follows,
 * without a word in the log. What follows a "#" is the inline-comment check's.
 */
const ignoredText: SettingVisit = (s, scope, context) => {
  const info = context.model.builtin(s.name);
  if (info?.kind.type !== 'time' || info.removedIn || s.value.includes('$')) return undefined;
  const m = TRAILING.exec(s.value);
  if (!m) return undefined;
  const [, read, rest] = m;
  return diagnostic(
    Code.TimeValueIgnoredText,
    s.source.range(read.length, s.value.length),
    `${scope.reader} reads ${s.name} as ${read} and ignores "${rest.trim()}": a time value is one number with at most one unit letter. ` +
      `Write the whole time in one unit, e.g. ${inOneUnit(s.value) ?? read}.`,
  );
};

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** "1h30m" as "90m": the largest unit that divides the sum of the parts, when every part is a number and a unit. */
function inOneUnit(value: string): string | undefined {
  const parts = [...value.matchAll(/(\d+)([smhdw])/g)];
  if (parts.map((p) => p[0]).join('') !== value) return undefined;
  const total = parts.reduce((sum, p) => sum + Number(p[1]) * SECONDS[p[2]], 0);
  const unit = ['w', 'd', 'h', 'm', 's'].find((u) => total % SECONDS[u] === 0) ?? 's';
  return `${total / SECONDS[unit]}${unit}`;
}

export const ignoredTimeText = defineCheck(settingCheck([Code.TimeValueIgnoredText], ignoredText));
