import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { KNOWN_PORT_NAMES } from '../../knowledge/master';
import { splitInetName } from '../../syntax/inetName';
import type { Service } from '../../syntax/masterCf';
import type { MasterCheck } from './context';
import { defineCheck } from '../check';
import { removeServiceFix } from '../shared/fixes';

/**
 * What master compares: inet endpoints with symbolic ports as numbers, other
 * types by their socket path, which depends on the private column.
 */
export function serviceKey(s: Service): string {
  if (s.type === 'inet') {
    const parsed = splitInetName(s.name);
    if ('error' in parsed) return `inet ${s.name}`;
    const port = KNOWN_PORT_NAMES.get(parsed.port) ?? (/^\d+$/.test(parsed.port) ? Number(parsed.port) : parsed.port);
    return `inet ${parsed.host.toLowerCase()}:${port}`;
  }
  return `${s.type} ${s.columns.private.text === 'n' ? 'public' : 'private'}/${s.name}`;
}

/** master keeps the last entry of a service and ignores the earlier ones (with a warning in the log). */
const checkDuplicateServices: MasterCheck = ({ master }) => {
  const out: Diagnostic[] = [];
  const groups = new Map<string, Service[]>();
  for (const s of master.services) {
    const key = serviceKey(s);
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const winner = list[list.length - 1];
    const label = (s: Service): string => `"${s.name} ${s.type}"`;
    for (const earlier of list.slice(0, -1)) {
      out.push(
        diagnostic(
          Code.DuplicateService,
          earlier.nameRange,
          `${label(earlier)} is defined again on line ${winner.startLine + 1}: master uses that last entry and ignores this one (master: duplicate master.cf entry ... using the last entry).`,
          [removeServiceFix('Remove this ignored entry', earlier)],
        ),
      );
    }
    const previous = list[list.length - 2];
    out.push(
      diagnostic(
        Code.DuplicateService,
        winner.nameRange,
        `${label(winner)} replaces the entry on line ${previous.startLine + 1}; master uses only this last one. Remove one of them.`,
        [
          { ...removeServiceFix(`Remove the ignored entry on line ${previous.startLine + 1}`, previous), preferred: true },
          removeServiceFix('Remove this entry (keep the earlier one)', winner),
        ],
      ),
    );
  }
  return out;
};

export const duplicateService = defineCheck({ codes: [Code.DuplicateService], kind: 'master', run: checkDuplicateServices });
