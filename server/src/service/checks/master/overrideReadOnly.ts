import { Code, diagnostic } from '../../diagnostics';
import { parameters } from '../../knowledge/parameters';
import { removeOverrideFix, type MasterCheck } from './context';
import { eachOverride } from './overrides';

/** Read-only parameters in -o: Postfix sets them itself and drops the override. */
export const checkReadOnlyOverrides: MasterCheck = (context) =>
  eachOverride(context, (service, o) =>
    parameters.get(o.name)?.readOnly
      ? [
          diagnostic(
            Code.ReadOnlyParameter,
            o.nameRange,
            `"${o.name}" is set by Postfix itself for each process; this override is ignored (postconf: read-only parameter assignment).`,
            [removeOverrideFix(`Remove "-o ${o.name}"`, service, o, context.master.lines)],
          ),
        ]
      : [],
  );
