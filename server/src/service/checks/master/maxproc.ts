import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { daemons } from '../../knowledge/master';
import type { MasterCheck } from './context';
import { defineCheck } from '../check';
import { replaceFix } from '../shared/fixes';

/** The maxproc column: a number or "-"; some daemons insist on 1 or on 0 (no limit). */
const checkMaxproc: MasterCheck = ({ model, master }) => {
  const out: Diagnostic[] = [];
  const fallback = (model.rawValue('default_process_limit') ?? '100').trim();
  for (const s of master.services) {
    const field = s.columns.maxproc;
    if (!/^(-|\d+)$/.test(field.text)) {
      out.push(
        diagnostic(
          Code.InvalidMaxproc,
          field.range,
          `Invalid maxproc column "${field.text}": use a number of processes, 0 for no limit, or - (the default, $default_process_limit). ` +
            'Postfix refuses the whole master.cf (postconf: invalid process_limit field).',
        ),
      );
      continue;
    }
    const daemon = s.command.includes('/') ? undefined : daemons.get(s.command);
    if (daemon?.processLimit === undefined) continue;
    const text = field.text === '-' ? fallback : field.text;
    if (!/^\d+$/.test(text) || Number(text) === daemon.processLimit) continue;
    const need = String(daemon.processLimit);
    const meaning = daemon.processLimit === 1 ? 'runs as a single process' : 'needs an unlimited process count (0)';
    out.push(
      diagnostic(
        Code.InvalidMaxproc,
        field.range,
        `${daemon.name} ${meaning}, and maxproc "${field.text}"${field.text === '-' ? ` means ${text} ($default_process_limit)` : ''} is not ${need}: ` +
          `it stops at start-up (service ${s.name} requires a process limit of ${need}).`,
        [replaceFix(`Change to "${need}"`, field.range, need)],
      ),
    );
  }
  return out;
};

export const maxproc = defineCheck({ codes: [Code.InvalidMaxproc], kind: 'master', run: checkMaxproc });
