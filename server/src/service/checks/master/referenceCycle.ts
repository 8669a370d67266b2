import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { alwaysExpanded, loopMessage, referenceLoops } from '../../model/referenceLoops';
import type { Setting } from '../../syntax/setting';
import { defineCheck } from '../check';
import type { MasterCheck } from './context';

/**
 * Loops through a service's -o options: in that service an override takes the place of the
 * main.cf setting of its name, so "-o myorigin=$myorigin" refers to itself. Loops of main.cf
 * alone are the main.cf check's.
 */
const checkOverrideCycles: MasterCheck = ({ model, master }) => {
  const out: Diagnostic[] = [];
  for (const service of master.services) {
    if (!service.overrides.some((o) => o.value.includes('$'))) continue;
    const overrides = new Map<string, Setting>(service.overrides.map((o) => [o.name, o]));
    for (const loop of referenceLoops({ model, overrides }, overrides.keys())) {
      loop.forEach((name, i) => {
        const o = overrides.get(name);
        const next = loop[(i + 1) % loop.length];
        const ref = o && alwaysExpanded(o.references).find((r) => r.name === next);
        if (!o || !ref) return;
        // "-o list=$list,more" reads as extending main.cf's list, but the option replaces it in this service
        const fix =
          loop.length === 1
            ? `Here $${name} is this option itself, not main.cf's ${name}: give main.cf's value a name of its own (e.g. mx_${name}) and refer to that.`
            : undefined;
        out.push(diagnostic(Code.ReferenceCycle, o.source.range(ref.start, ref.end), loopMessage(loop, i, '', fix)));
      });
    }
  }
  return out;
};

export const overrideReferenceCycle = defineCheck({ codes: [Code.ReferenceCycle], kind: 'master', run: checkOverrideCycles });
