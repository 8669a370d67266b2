/** Shared walk over the -o overrides of the active services. */
import type { Diagnostic } from '../../diagnostics';
import type { Override, Service } from '../../syntax/masterCf';
import type { MasterCheckContext } from './context';

export function eachOverride(context: MasterCheckContext, visit: (service: Service, o: Override) => Diagnostic[]): Diagnostic[] {
  // One list filled in place, with index loops: a service may have thousands
  // of overrides, flatMap would copy each visit's list, and for...of costs an
  // iterator step per item until the optimizing compiler takes over.
  const out: Diagnostic[] = [];
  const services = context.master.services;
  for (let i = 0; i < services.length; i++) {
    const service = services[i];
    const overrides = service.overrides;
    for (let j = 0; j < overrides.length; j++) {
      const found = visit(service, overrides[j]);
      for (let k = 0; k < found.length; k++) out.push(found[k]);
    }
  }
  return out;
}
