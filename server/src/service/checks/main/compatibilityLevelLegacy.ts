import { Code, diagnostic } from '../../diagnostics';
import { compareVersions } from '../../knowledge/versions';
import type { ConfigModel } from '../../model/config';
import { expandValue } from '../../model/expand';
import { defineCheck } from '../check';
import { prependLineFix } from '../shared/fixes';
import type { Check } from './context';

/** main.cf's compatibility_level after expansion: "0" when it is not set, undefined when it is no level. */
export function compatibilityLevel(model: ConfigModel): string | undefined {
  const set = model.effective('compatibility_level');
  const level = set ? expandValue(model, set.value).value.trim() : '0';
  return /^\d+(\.\d+){0,2}$/.test(level) ? level : undefined;
}

/** Below level 2, Postfix keeps the defaults of its older releases, as postconf(5) compatibility_level says. */
export const isLegacyLevel = (level: string | undefined): boolean => level !== undefined && compareVersions(level, '2') < 0;

/** The level the quick fix sets: 3.6 where the target knows it, else 2. */
const fixLevel = (target: string): string => (compareVersions(target, '3.6') >= 0 ? '3.6' : '2');

/**
 * Parameters every whole main.cf sets and a piece meant to be added to one
 * (a few postscreen or content_filter lines) does not: only a whole main.cf
 * that omits the level runs at level 0.
 */
const SITE_PARAMETERS = ['myhostname', 'mydomain', 'myorigin', 'mydestination', 'inet_interfaces', 'alias_maps', 'queue_directory'];

/**
 * Without compatibility_level Postfix runs at level 0, so a main.cf that
 * sets neither that nor the relay parameters gets the legacy defaults too;
 * it is reported at its first line, where the fix adds the level.
 */
const checkCompatibilityLevelLegacy: Check = ({ model, target }) => {
  const set = model.effective('compatibility_level');
  const level = compatibilityLevel(model);
  if (!isLegacyLevel(level) || (!set && !SITE_PARAMETERS.some((name) => model.effective(name)))) return [];
  const legacy: string[] = [];
  if (!model.effective('mynetworks') && !model.effective('mynetworks_style')) {
    legacy.push("mynetworks_style = subnet, so every client on the networks of the machine's interfaces may relay");
  }
  if (!model.effective('relay_domains')) legacy.push('relay_domains = $mydestination, so the server relays to every domain it also receives mail for');
  if (legacy.length === 0) return [];
  const advice = 'Set compatibility_level to 2 or above, or set these parameters yourself. See postconf(5) compatibility_level.';
  if (set) {
    return [
      diagnostic(
        Code.CompatibilityLevelLegacy,
        set.range,
        `compatibility_level is ${level ?? ''}, below 2: Postfix keeps its older, wider defaults ${legacy.join('; and ')}. ${advice}`,
      ),
    ];
  }
  const first = model.main.lines[0] ?? '';
  const wanted = fixLevel(target);
  return [
    diagnostic(
      Code.CompatibilityLevelLegacy,
      { start: { line: 0, character: 0 }, end: { line: 0, character: first.length } },
      `compatibility_level is not set, so it is 0: Postfix keeps its older, wider defaults ${legacy.join('; and ')}. ${advice}`,
      [prependLineFix(`Set compatibility_level = ${wanted}`, `compatibility_level = ${wanted}`)],
    ),
  ];
};

export const compatibilityLevelLegacy = defineCheck({ codes: [Code.CompatibilityLevelLegacy], kind: 'main', run: checkCompatibilityLevelLegacy });
