import { Code, diagnostic } from '../../diagnostics';
import { restrictionLists } from '../../model/restrictionLists';
import type { Check } from './context';
import { wordRange } from '../shared/restrictionHelpers';
import { defineCheck } from '../check';
import { setParameterFix } from '../shared/fixes';

/** HELO checks are skipped for a client that sends no HELO unless smtpd_helo_required = yes. */
const checkHeloNotRequired: Check = ({ model }) => {
  if (/^yes$/i.test((model.rawValue('smtpd_helo_required') ?? 'no').trim())) return [];
  return restrictionLists(model).flatMap((list) =>
    list.items
      .filter((item) => item.kind === 'restriction' && item.info.data === 'helo')
      .map((item) =>
        diagnostic(
          Code.HeloNotRequired,
          wordRange(list, item.word),
          `${item.word.text} is skipped for clients that send no HELO/EHLO at all, because smtpd_helo_required = no: spam software can bypass it. Set smtpd_helo_required = yes.`,
          [setParameterFix(model, 'smtpd_helo_required', 'yes')],
        ),
      ),
  );
};

export const heloNotRequired = defineCheck({ codes: [Code.HeloNotRequired], kind: 'main', listWords: true, run: checkHeloNotRequired });
