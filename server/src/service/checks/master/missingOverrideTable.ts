import { Code, type Diagnostic } from '../../diagnostics';
import { stageOf } from '../../knowledge/restrictions';
import { PROXYMAP_LISTS } from '../../knowledge/tableTypes';
import { configPlace } from '../../model/tablePaths';
import { braceWordSpans } from '../../syntax/braceWords';
import { defineCheck } from '../check';
import { parameterEffect, tableProblem } from '../shared/tableFiles';
import type { MasterCheck } from './context';

/**
 * Tables a service's -o options name that Postfix cannot open (-o
 * smtpd_sender_login_maps=..., -o header_checks=...): that service's lookups
 * fail and its mail is deferred, while the rest of Postfix works. The access
 * tables of -o restriction lists are judged with main.cf's lists.
 */
const checkOverrideTables: MasterCheck = ({ model, master, files, configDir }) => {
  const out: Diagnostic[] = [];
  const place = configDir === undefined ? undefined : configPlace(model, configDir);
  for (const service of master.services) {
    for (const o of service.overrides) {
      const kind = model.builtin(o.name)?.kind.type;
      if (!o.value.includes(':') || stageOf(o.name) || PROXYMAP_LISTS.has(o.name) || (kind !== 'tables' && kind !== 'list')) continue;
      for (const word of braceWordSpans(o.value)) {
        const range = o.source.range(word.start, word.start + word.text.length);
        const problem = tableProblem(word.text, range, (type) => parameterEffect(type, o.name), place, files);
        if (problem) out.push(problem);
      }
    }
  }
  return out;
};

export const missingOverrideTable = defineCheck({ codes: [Code.MissingLookupTable], kind: 'master', run: checkOverrideTables });
