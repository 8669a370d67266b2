import { Code, diagnostic } from '../../diagnostics';
import { compareVersions } from '../../knowledge/versions';
import type { ConfigModel } from '../../model/config';
import { expandValue } from '../../model/expand';
import { defineCheck } from '../check';
import type { Check } from './context';

/** main.cf's compatibility_level after expansion: "0" when it is not set, undefined when it is no level. */
export function compatibilityLevel(model: ConfigModel): string | undefined {
  const set = model.effective('compatibility_level');
  const level = set ? expandValue(model, set.value).value.trim() : '0';
  return /^\d+(\.\d+){0,2}$/.test(level) ? level : undefined;
}

/** Below level 2, Postfix keeps the defaults of its older releases, as postconf(5) compatibility_level says. */
export const isLegacyLevel = (level: string | undefined): boolean => level !== undefined && compareVersions(level, '2') < 0;

/**
 * Only a level that main.cf sets: without one (level 0) it is a fragment or a
 * main.cf from before Postfix 3.0, where every default is the legacy one.
 */
const checkCompatibilityLevelLegacy: Check = ({ model }) => {
  const set = model.effective('compatibility_level');
  const level = compatibilityLevel(model);
  if (!set || !isLegacyLevel(level)) return [];
  const legacy: string[] = [];
  if (!model.effective('mynetworks') && !model.effective('mynetworks_style')) {
    legacy.push("mynetworks_style = subnet, so every client on the networks of the machine's interfaces may relay");
  }
  if (!model.effective('relay_domains')) legacy.push('relay_domains = $mydestination, so the server relays to every domain it also receives mail for');
  if (legacy.length === 0) return [];
  return [
    diagnostic(
      Code.CompatibilityLevelLegacy,
      set.range,
      `compatibility_level is ${level ?? ''}, below 2: Postfix keeps its older, wider defaults ${legacy.join('; and ')}. ` +
        'Set compatibility_level to 2 or above, or set these parameters yourself. See postconf(5) compatibility_level.',
    ),
  ];
};

export const compatibilityLevelLegacy = defineCheck({ codes: [Code.CompatibilityLevelLegacy], kind: 'main', run: checkCompatibilityLevelLegacy });
