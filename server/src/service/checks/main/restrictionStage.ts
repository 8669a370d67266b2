import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { DATA_AVAILABLE, stageParameter, type RestrictionData, type Stage } from '../../knowledge/restrictions';
import type { ConfigModel } from '../../model/config';
import { restrictionLists, type ListSource } from '../../model/restrictionLists';
import type { Check } from './context';
import { wordRange } from '../shared/restrictionHelpers';
import { defineCheck } from '../check';

/** When each list runs with smtpd_delay_reject = no. */
const RUNS_AT: Partial<Record<Stage, string>> = {
  client: 'runs when the client connects',
  helo: 'runs at HELO/EHLO',
  sender: 'runs at MAIL FROM',
};

/** What has not happened yet when a list runs too early for a restriction. */
const NOT_YET: Partial<Record<RestrictionData, string>> = {
  helo: 'before the client sends HELO/EHLO',
  tls: 'before STARTTLS, so there is no TLS session and no client certificate yet',
  auth: 'before the client can log in with AUTH, which comes after EHLO',
  sender: 'before MAIL FROM gives the sender address',
  recipient: 'before RCPT TO gives a recipient address',
};

const ENVELOPE: Partial<Record<RestrictionData, string>> = {
  helo: 'HELO/EHLO name',
  tls: 'TLS session',
  auth: 'AUTH login',
  sender: 'sender address',
  recipient: 'recipient address',
};

/** A setting as the smtpd that runs `list` sees it: its service's -o, else main.cf. */
function setting(model: ConfigModel, list: ListSource, name: string): string {
  const own = list.overrides?.filter((o) => o.name === name).pop();
  return (own ? own.value : (model.rawValue(name) ?? '')).trim();
}

/**
 * Whether TLS comes before the client list: smtpd_tls_wrappermode = yes for
 * the service, or, for a main.cf list, for any service that may use it.
 */
function wrapperMode(model: ConfigModel, list: ListSource): boolean {
  const yes = (value: string): boolean => /^yes$/i.test(value.trim());
  if (yes(setting(model, list, 'smtpd_tls_wrappermode'))) return true;
  if (list.overrides) return false;
  return (model.master?.services ?? []).some((s) => s.overrides.some((o) => o.name === 'smtpd_tls_wrappermode' && yes(o.value)));
}

/** Why `data` is missing at `stage`, naming the list; `early`: the list runs at its own command. */
function reason(data: RestrictionData, stage: Stage, early: boolean): string {
  const list = stageParameter(stage);
  if (data === 'etrn') return `only ETRN gives the domain it checks, and ${list} ${early ? RUNS_AT[stage] : 'never runs at ETRN'}`;
  if (stage === 'etrn') return `${list} runs at ETRN, outside any mail transaction: there is no ${ENVELOPE[data]}`;
  return `${list} ${RUNS_AT[stage]}, ${NOT_YET[data]}`;
}

/** With smtpd_delay_reject = yes, smtpd runs the client and HELO lists again at ETRN, with its domain. */
const runsAtEtrn = (stage: Stage, delayReject: boolean): boolean => stage === 'etrn' || (delayReject && (stage === 'client' || stage === 'helo'));

/**
 * Restrictions whose data does not exist when their list runs: with
 * smtpd_delay_reject = no the client, HELO and sender lists run at their own
 * command; ETRN has no envelope; only ETRN has a domain for check_etrn_access
 * (the client and HELO lists see it too when smtpd_delay_reject = yes runs
 * them again at ETRN).
 * reject_unauth_pipelining needs nothing: in the client list it catches a
 * client that talks before the greeting (smtpd 3.7 rejects it there, with or
 * without the "sleep 1" of the postconf(5) example before it).
 */
const checkRestrictionStages: Check = ({ model, lists }) => {
  const out: Diagnostic[] = [];
  for (const list of lists ?? restrictionLists(model)) {
    const delayReject = !/^no$/i.test(setting(model, list, 'smtpd_delay_reject') || 'yes');
    for (const item of list.items) {
      if (item.kind !== 'restriction') continue;
      const { data, name } = item.info;
      const early = (stage: Stage): boolean => !delayReject && (stage === 'client' || stage === 'helo' || stage === 'sender');
      const missing = [...list.stages].filter((stage) => {
        if (data === 'etrn') return !runsAtEtrn(stage, delayReject);
        if (stage === 'etrn') return !DATA_AVAILABLE.etrn.includes(data);
        // with delayed rejection every list but ETRN runs at RCPT TO, when all data is known
        if (!early(stage)) return false;
        if (data === 'tls' && stage === 'client') return !wrapperMode(model, list);
        return !DATA_AVAILABLE[stage].includes(data);
      });
      if (missing.length === 0) continue;
      const names = missing.map(stageParameter).join(', ');
      // the ETRN domain is missing from the client and HELO lists only because they run early
      const delayed = missing.some((s) => early(s) && (data !== 'etrn' || s !== 'sender'));
      const when = delayed ? ' with smtpd_delay_reject = no' : '';
      const reasons = [...new Set(missing.map((stage) => reason(data, stage, early(stage))))].join('; ');
      const advice =
        data === 'etrn'
          ? 'use it in smtpd_etrn_restrictions'
          : missing.every((s) => s === 'etrn')
            ? 'use it in a list of the mail transaction'
            : 'move it to a later list';
      out.push(
        diagnostic(Code.RestrictionWrongStage, wordRange(list, item.word), `${name} never fires in ${names}${when}: ${reasons}. smtpd skips it; ${advice}.`),
      );
    }
  }
  return out;
};

export const restrictionStage = defineCheck({ codes: [Code.RestrictionWrongStage], kind: 'main', overrideLists: true, run: checkRestrictionStages });
