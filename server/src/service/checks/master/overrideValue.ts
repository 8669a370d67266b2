import { Code, diagnostic } from '../../diagnostics';
import { valueProblem } from '../main/invalidValue';
import type { MasterCheck } from './context';
import { eachOverride } from './overrides';

/** -o values of the wrong kind: the service's daemon stops at start-up ("bad ... configuration"). */
export const checkOverrideValues: MasterCheck = (context) =>
  eachOverride(context, (service, o) => {
    const info = context.model.builtin(o.name);
    // $names are judged after expansion at run time; removed parameters are ignored whatever their value
    if (!info || info.removedIn || o.value.includes('$')) return [];
    const problem = valueProblem(info.kind, o.value);
    if (!problem) return [];
    return [
      diagnostic(
        Code.InvalidValue,
        o.value === '' ? o.nameRange : o.valueRange,
        `Invalid value "${o.value}" for ${o.name}: ${problem}. The ${service.command} daemon of "${service.name}" refuses to start with it.`,
      ),
    ];
  });
