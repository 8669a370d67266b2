/** Shared walk over the -o overrides of the active services. */
import type { Diagnostic } from '../../diagnostics';
import type { Override, Service } from '../../syntax/masterCf';
import type { MasterCheckContext } from './context';

export function eachOverride(context: MasterCheckContext, visit: (service: Service, o: Override) => Diagnostic[]): Diagnostic[] {
  return context.master.services.flatMap((s) => s.overrides.flatMap((o) => visit(s, o)));
}
