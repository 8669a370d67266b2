import { Code, diagnostic, DiagnosticSeverity, type Diagnostic } from '../../diagnostics';
import { daemons } from '../../knowledge/master';
import type { MasterCheck } from './context';
import { defineCheck } from '../check';
import { replaceFix } from '../shared/fixes';

const STOCK_WAKEUP: Record<string, string> = { pickup: '60', qmgr: '300', oqmgr: '300', nqmgr: '300', flush: '1000?' };

/** The wakeup column: seconds with an optional "?", or "-"; pickup, qmgr and flush need a timer. */
const checkWakeup: MasterCheck = ({ master }) => {
  const out: Diagnostic[] = [];
  for (const s of master.services) {
    const field = s.columns.wakeup;
    if (!/^(-|\d+\??)$/.test(field.text)) {
      const fix = field.text === '-?' ? '-' : /^\d+\?*$/.test(field.text) ? field.text.replace(/\?+$/, '?') : undefined;
      out.push(
        diagnostic(
          Code.InvalidWakeup,
          field.range,
          `Invalid wakeup column "${field.text}": use a number of seconds, optionally followed by "?" (wait until the service was used once), 0 for none, or - (the default, 0). ` +
            'Postfix refuses it (postconf: invalid wakeup field; master: bad value).',
          fix ? [replaceFix(`Change to "${fix}"`, field.range, fix)] : [],
        ),
      );
      continue;
    }
    const daemon = s.command.includes('/') ? undefined : daemons.get(s.command);
    if (daemon?.wakeup && /^(-|0+\??)$/.test(field.text)) {
      const stock = STOCK_WAKEUP[daemon.name] ?? '60';
      out.push(
        diagnostic(
          Code.InvalidWakeup,
          field.range,
          `${daemon.name} needs a wake-up timer, and "${field.text}" means none: it then runs only when something else triggers it. The stock master.cf uses ${stock}.`,
          [replaceFix(`Change to "${stock}"`, field.range, stock)],
          DiagnosticSeverity.Warning,
        ),
      );
    }
  }
  return out;
};

export const wakeup = defineCheck({ codes: [Code.InvalidWakeup], kind: 'master', run: checkWakeup });
