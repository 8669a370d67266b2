/** What sits under the cursor in master.cf. */
import type { ConfigModel } from '../../model/config';
import {
  COLUMN_NAMES,
  type Arg,
  type ColumnName,
  type Field,
  type MasterCf,
  type Override,
  type PipeAttribute,
  type PipeMacro,
  type Service,
} from '../../syntax/masterCf';
import { contains, type Position, type Range } from '../../syntax/text';

export type MasterTarget =
  | { kind: 'column'; service: Service; column: ColumnName; field: Field; range: Range }
  | { kind: 'override-name'; service: Service; override: Override; range: Range }
  | { kind: 'override-reference'; service: Service; override: Override; name: string; range: Range }
  | { kind: 'override-value'; service: Service; override: Override; range: Range }
  | { kind: 'pipe-macro'; service: Service; macro: PipeMacro; range: Range }
  | { kind: 'pipe-attribute'; service: Service; attribute: PipeAttribute; range: Range }
  | { kind: 'option'; service: Service; arg: Arg; range: Range };

/** The service entry (active or commented out) whose lines hold `position`. */
function serviceAt(master: MasterCf, position: Position, commented = false): Service | undefined {
  const list = commented ? [...master.services, ...master.commented] : master.services;
  return list.find((s) => position.line >= s.startLine && position.line <= s.endLine && contains(s.range, position));
}

export function masterTargetAt(model: ConfigModel, position: Position): MasterTarget | undefined {
  const master = model.master;
  if (!master) return undefined;
  const service = serviceAt(master, position);
  if (!service) return undefined;
  for (const column of COLUMN_NAMES) {
    const field = service.columns[column];
    if (contains(field.range, position)) return { kind: 'column', service, column, field, range: field.range };
  }
  for (const o of service.overrides) {
    if (contains(o.nameRange, position)) return { kind: 'override-name', service, override: o, range: o.nameRange };
    for (const r of o.references) {
      const range = o.source.range(r.start, r.end);
      if (contains(range, position)) return { kind: 'override-reference', service, override: o, name: r.name, range };
    }
    if (contains(o.valueRange, position)) return { kind: 'override-value', service, override: o, range: o.valueRange };
  }
  for (const m of service.pipe?.macros ?? []) {
    if (contains(m.range, position)) return { kind: 'pipe-macro', service, macro: m, range: m.range };
  }
  for (const a of service.pipe?.attributes ?? []) {
    if (contains(a.nameRange, position)) return { kind: 'pipe-attribute', service, attribute: a, range: a.nameRange };
  }
  for (const arg of service.args.slice(0, service.optionsEnd)) {
    if (arg.text.startsWith('-') && contains(arg.range, position)) return { kind: 'option', service, arg, range: arg.range };
  }
  return undefined;
}
