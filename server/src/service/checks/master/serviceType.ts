import { Code, diagnostic } from '../../diagnostics';
import { SERVICE_TYPE_INFO, suggestServiceType } from '../../knowledge/master';
import { availableIn } from '../../knowledge/versions';
import type { MasterCheck } from './context';
import { defineCheck } from '../check';
import { replaceFix } from '../shared/fixes';

/** The type column: postconf and master stop at an unknown type ("invalid type field"). */
const checkServiceTypes: MasterCheck = ({ master, target }) =>
  master.services.flatMap((s) => {
    const field = s.columns.type;
    const info = SERVICE_TYPE_INFO[field.text];
    if (info) {
      if (availableIn(target, info.since)) return [];
      return [
        diagnostic(
          Code.InvalidServiceType,
          field.range,
          `Service type "${field.text}" was added in Postfix ${info.since}; the target Postfix ${target} refuses the whole master.cf (invalid type field).`,
        ),
      ];
    }
    const lower = field.text.toLowerCase();
    const suggestion = SERVICE_TYPE_INFO[lower] ? lower : suggestServiceType(field.text);
    return [
      diagnostic(
        Code.InvalidServiceType,
        field.range,
        `Invalid service type "${field.text}": use inet, unix, unix-dgram, fifo or pass (lower case). ` +
          `Postfix refuses the whole master.cf (postconf: invalid type field).${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        suggestion ? [replaceFix(`Change to "${suggestion}"`, field.range, suggestion)] : [],
      ),
    ];
  });

export const serviceType = defineCheck({ codes: [Code.InvalidServiceType], kind: 'master', run: checkServiceTypes });
