import { Code, diagnostic, DiagnosticSeverity } from '../../diagnostics';
import { expandValue } from '../../model/expand';
import type { Setting } from '../../syntax/setting';
import { defineCheck } from '../check';
import { isEverything, isNetwork, isPrivate, networkEntries, type Network } from './networks';
import { eachSetting, type ParameterContext } from './parameterScope';

/** Wider than this is more than one site's own public network. */
const WIDEST: Record<4 | 6, number> = { 4: 24, 6: 48 };

const tooWide = (n: Network): boolean => isEverything(n) || (n.length < WIDEST[n.family] && !isPrivate(n));

function judgeMynetworks(context: ParameterContext, setting: Setting) {
  const wide = networkEntries(expandValue(context.model, setting.value).value).filter(isNetwork).filter(tooWide);
  if (wide.length === 0) return undefined;
  const everything = wide.some(isEverything);
  const listed = wide.map((n) => n.text).join(', ');
  const message = everything
    ? `mynetworks trusts every address (${listed}): permit_mynetworks lets any client on the Internet relay mail through this server to any domain. See postconf(5) mynetworks.`
    : `mynetworks trusts the public network${wide.length > 1 ? 's' : ''} ${listed}, wider than /24 (IPv4) or /48 (IPv6): every client there passes permit_mynetworks and may relay mail through this server. List only your own networks. See postconf(5) mynetworks.`;
  return diagnostic(Code.MynetworksTooWide, setting.valueRange, message, [], everything ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning);
}

/** mynetworks, and mynetworks_style = class where mynetworks is not set. */
const checkMynetworksTooWide = (context: ParameterContext) =>
  eachSetting(context, (setting, scope) => {
    if (setting.name === 'mynetworks') return judgeMynetworks(context, setting);
    if (setting.name !== 'mynetworks_style' || expandValue(context.model, setting.value).value.trim().toLowerCase() !== 'class') return undefined;
    if (scope.own('mynetworks') || context.model.effective('mynetworks')) return undefined;
    return diagnostic(
      Code.MynetworksTooWide,
      setting.valueRange,
      'mynetworks_style = class trusts the whole class A, B or C network of each interface address (up to 16 million addresses for a class A), which is seldom your own: ' +
        'clients anywhere there pass permit_mynetworks and may relay. Set mynetworks to your own networks. See postconf(5) mynetworks_style.',
    );
  });

export const mynetworksTooWide = defineCheck({ codes: [Code.MynetworksTooWide], kind: 'parameter', run: checkMynetworksTooWide });
