/** Shared walk over the -o overrides of the active services. */
import type { Diagnostic } from '../../diagnostics';
import type { Override, Service } from '../../syntax/masterCf';
import type { MasterCheckContext } from './context';

export function eachOverride(context: MasterCheckContext, visit: (service: Service, o: Override) => Diagnostic[]): Diagnostic[] {
  // one list filled in place: a service may have thousands of overrides, and flatMap would copy each visit's list
  const out: Diagnostic[] = [];
  for (const s of context.master.services) {
    for (const o of s.overrides) {
      for (const d of visit(s, o)) out.push(d);
    }
  }
  return out;
}
