import { Code, diagnostic } from '../../diagnostics';
import { expandValue } from '../../model/expand';
import { listWords } from '../../syntax/restrictionList';
import type { Setting } from '../../syntax/setting';
import { defineCheck } from '../check';
import { compatibilityLevel, isLegacyLevel } from '../main/compatibilityLevelLegacy';
import { isLoopback, isNetwork, networkEntries } from './networks';
import { eachSetting, type ParameterContext, type ParameterScope } from './parameterScope';

const NAMES = new Set(['smtpd_authorized_xclient_hosts', 'smtpd_authorized_xforward_hosts']);

const MYNETWORKS = /^\$(?:mynetworks|\{mynetworks\}|\(mynetworks\))$/;

/** When mynetworks is not set, its default trusts whole subnets unless mynetworks_style says host. */
function defaultMynetworksWide(context: ParameterContext, scope: ParameterScope): boolean {
  const own = scope.own('mynetworks_style');
  const style = own ? own.value : context.model.effective('mynetworks_style')?.value;
  if (style !== undefined) return expandValue(context.model, style).value.trim().toLowerCase() !== 'host';
  return isLegacyLevel(compatibilityLevel(context.model));
}

/** What in the value lets more than single hosts (or loopback) speak for others. */
function wideEntries(context: ParameterContext, scope: ParameterScope, setting: Setting): string[] {
  const wide: string[] = [];
  for (const word of listWords(setting.value)) {
    const mynetworksSet = scope.own('mynetworks') !== undefined || context.model.effective('mynetworks') !== undefined;
    if (MYNETWORKS.test(word.text) && !mynetworksSet) {
      if (defaultMynetworksWide(context, scope)) wide.push(`${word.text} (whole subnets by default)`);
      continue;
    }
    for (const entry of networkEntries(expandValue(context.model, word.text).value)) {
      const network = isNetwork(entry);
      if (network && entry.length < (entry.family === 4 ? 32 : 128) && !isLoopback(entry)) wide.push(entry.text);
      else if (!network && entry.table?.toLowerCase().startsWith('static:')) wide.push(entry.text);
      else continue;
      if (entry.text !== word.text) wide[wide.length - 1] += ` (from ${word.text})`;
    }
  }
  return wide;
}

/** Clients allowed to send XCLIENT or XFORWARD: each of them can claim any client address and name. */
const checkXclientHostsTooWide = (context: ParameterContext) =>
  eachSetting(context, (setting, scope) => {
    if (!NAMES.has(setting.name)) return undefined;
    const wide = wideEntries(context, scope, setting);
    if (wide.length === 0) return undefined;
    const command = setting.name.includes('xclient') ? 'XCLIENT' : 'XFORWARD';
    return diagnostic(
      Code.XclientHostsTooWide,
      setting.valueRange,
      `${setting.name} lets more than single hosts use ${command}: ${wide.join(', ')}. Any client there can claim to connect from any address, ` +
        `for instance one in mynetworks, and smtpd ${command === 'XCLIENT' ? 'then applies permit_mynetworks and the other client checks to that address' : 'logs and passes on that address as the origin of the mail'}. ` +
        `List only the proxies or content filters that need it. See postconf(5) ${setting.name}.`,
    );
  });

export const xclientHostsTooWide = defineCheck({ codes: [Code.XclientHostsTooWide], kind: 'parameter', run: checkXclientHostsTooWide });
