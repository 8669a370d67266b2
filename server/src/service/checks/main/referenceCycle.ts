import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { alwaysExpanded, loopMessage, referenceLoops } from '../../model/referenceLoops';
import { defineCheck } from '../check';
import type { Check } from './context';

/**
 * Loops of main.cf settings. Only loops a built-in parameter or a master.cf -o option
 * reaches count: postconf never expands a name of one's own that nothing uses.
 */
const checkReferenceCycles: Check = ({ model }) => {
  const roots = new Set<string>();
  for (const name of model.assignments.keys()) if (model.builtin(name)) roots.add(name);
  for (const s of model.master?.services ?? []) for (const o of s.overrides) for (const r of alwaysExpanded(o.references)) roots.add(r.name);
  const out: Diagnostic[] = [];
  for (const loop of referenceLoops({ model }, roots)) {
    const through = loop.filter((n) => !model.effective(n)).slice(0, 3);
    const defaults = through.length ? ` (${through.map((n) => `${n} by its default`).join(', ')})` : '';
    loop.forEach((name, i) => {
      const next = loop[(i + 1) % loop.length];
      const a = model.effective(name);
      const ref = a && alwaysExpanded(a.references).find((r) => r.name === next);
      if (a && ref) out.push(diagnostic(Code.ReferenceCycle, a.source.range(ref.start, ref.end), loopMessage(loop, i, defaults)));
    });
  }
  return out;
};

export const referenceCycle = defineCheck({ codes: [Code.ReferenceCycle], kind: 'main', run: checkReferenceCycles });
