import { Code, diagnostic } from '../diagnostics';
import { parameters } from '../knowledge/parameters';
import type { Check } from './context';

/** $name references nothing defines; values Postfix hands to another program unexpanded are skipped. */
export const checkUndefinedReferences: Check = ({ model }) =>
  model.main.assignments.flatMap((a) => {
    if (parameters.get(a.name)?.raw) return [];
    return a.references
      .filter((r) => !model.isDefined(r.name))
      .map((r) =>
        diagnostic(
          Code.UndefinedParameterReference,
          a.source.range(r.nameStart, r.nameEnd),
          `"$${r.name}" is not defined anywhere: Postfix replaces it with nothing (postconf: undefined parameter).`,
        ),
      );
  });
