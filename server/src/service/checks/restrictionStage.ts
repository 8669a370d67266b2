import { Code, diagnostic, type Diagnostic } from '../diagnostics';
import { DATA_AVAILABLE, stageParameter, type Stage } from '../knowledge/restrictions';
import { restrictionLists } from '../model/restrictionLists';
import type { Check } from './context';
import { wordRange } from './restrictionHelpers';

const WHAT: Record<string, string> = {
  helo: 'the HELO/EHLO name',
  sender: 'the sender address',
  recipient: 'the recipient address',
  etrn: 'an ETRN domain',
  client: 'the client',
};

/**
 * Restrictions whose data does not exist when their list runs: with
 * smtpd_delay_reject = no the client, HELO and sender lists run at their own
 * command; ETRN has no envelope; only ETRN has a domain for check_etrn_access.
 */
export const checkRestrictionStages: Check = ({ model, lists }) => {
  const delayReject = !/^no$/i.test((model.rawValue('smtpd_delay_reject') ?? 'yes').trim());
  const out: Diagnostic[] = [];
  for (const list of (lists ?? restrictionLists(model))) {
    for (const item of list.items) {
      if (item.kind !== 'restriction') continue;
      const { data, name } = item.info;
      const missing = [...list.stages].filter((stage: Stage) => {
        if (data === 'etrn') return stage !== 'etrn';
        if (stage === 'etrn') return data === 'sender' || data === 'recipient' || data === 'helo';
        const early = !delayReject && (stage === 'client' || stage === 'helo' || stage === 'sender');
        // with delayed rejection every list but ETRN runs at RCPT TO, when all data is known
        if (!early) return false;
        if (name === 'reject_unauth_pipelining' && stage === 'client') return true;
        return !DATA_AVAILABLE[stage].includes(data);
      });
      if (missing.length === 0) continue;
      const lists = missing.map(stageParameter).join(', ');
      const when = missing.some((s) => s !== 'etrn') && data !== 'etrn' ? ' with smtpd_delay_reject = no' : '';
      out.push(
        diagnostic(
          Code.RestrictionWrongStage,
          wordRange(list, item.word),
          `${name} never fires in ${lists}${when}: ${name === 'reject_unauth_pipelining' ? 'no command has been sent yet when the client connects' : `${WHAT[data]} is not known yet there`}. ` +
            'smtpd skips it silently; move it to a later list.',
        ),
      );
    }
  }
  return out;
};
