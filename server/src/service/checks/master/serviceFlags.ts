import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { daemons } from '../../knowledge/master';
import type { MasterCheck } from './context';
import { defineCheck } from '../check';
import { replaceFix } from '../shared/fixes';

const FLAGS = ['private', 'unpriv', 'chroot'] as const;
const SPELLED: Record<string, string> = { yes: 'y', no: 'n', true: 'y', false: 'n', '1': 'y', '0': 'n' };

/** private, unpriv and chroot: y, n or - only; inet services are never private; some daemons need root. */
const checkServiceFlags: MasterCheck = ({ master }) => {
  const out: Diagnostic[] = [];
  for (const s of master.services) {
    let valid = true;
    for (const name of FLAGS) {
      const field = s.columns[name];
      if (/^[yn-]$/.test(field.text)) continue;
      valid = false;
      const fix = SPELLED[field.text.toLowerCase()] ?? (/^[YN]$/.test(field.text) ? field.text.toLowerCase() : undefined);
      out.push(
        diagnostic(
          Code.InvalidServiceFlag,
          field.range,
          `Invalid ${name} column "${field.text}": use y, n or - (the default), a single lower-case letter. Postfix refuses the whole master.cf (postconf: invalid ${name} field).`,
          fix ? [replaceFix(`Change to "${fix}"`, field.range, fix)] : [],
        ),
      );
    }
    if (!valid) continue;
    const priv = s.columns.private;
    if (s.type === 'inet' && priv.text !== 'n') {
      out.push(
        diagnostic(
          Code.InvalidServiceFlag,
          priv.range,
          `An inet service cannot be private, and "${priv.text}" means private${priv.text === '-' ? ' (the default is y)' : ''}: master stops at start-up (inet service cannot be private). Use n.`,
          [replaceFix('Change to "n"', priv.range, 'n')],
        ),
      );
    }
    const daemon = s.command.includes('/') ? undefined : daemons.get(s.command);
    const unpriv = s.columns.unpriv;
    if (daemon?.privileged && unpriv.text !== 'n') {
      out.push(
        diagnostic(
          Code.InvalidServiceFlag,
          unpriv.range,
          `${daemon.name} must run with root privileges to act as the recipient's user, and unpriv "${unpriv.text}" means unprivileged${unpriv.text === '-' ? ' (the default is y)' : ''}: ` +
            `it stops at start-up (service ${s.name} requires privileged operation). Use n.`,
          [replaceFix('Change to "n"', unpriv.range, 'n')],
        ),
      );
    }
  }
  return out;
};

export const serviceFlags = defineCheck({ codes: [Code.InvalidServiceFlag], kind: 'master', run: checkServiceFlags });
