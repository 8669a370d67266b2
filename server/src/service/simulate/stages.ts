/**
 * The protocol stages as smtpd_check.c drives them: client, HELO and sender
 * restrictions (at RCPT time with smtpd_delay_reject), relay and recipient
 * restrictions in the configured order, the deferrals that outlive a stage,
 * the implicit unlisted-recipient check, then DATA and end-of-data.
 */
import { Check, olderThan, ServerError, SERVER_ERROR_REPLY, type Outcome, type Run, type Stage } from './check';
import { REPLY_CLASS } from './replies';
import { ClassLoop, genericChecks } from './restrictions';
import { recipientMaps, senderMaps } from './unlisted';

/** A stage's result: its reply when it refused, and what decided. */
export interface StageResult {
  outcome: Outcome;
  /** the class loop or server error that stopped it, if any */
  stopped?: 'loop';
}

/** Runs a list; a server error ends the stage with 451, a class loop with no reply at all. */
function runList(check: Check, list: string): StageResult {
  try {
    const words = check.policy.settings.listWords(list);
    return { outcome: genericChecks(check, words) };
  } catch (e) {
    if (e instanceof ServerError) return { outcome: { status: 'reject', reply: SERVER_ERROR_REPLY, by: check.current } };
    if (e instanceof ClassLoop) return { outcome: { status: 'reject', reply: '', by: check.current }, stopped: 'loop' };
    throw e;
  }
}

/** A permit that an earlier deferral turns into a 4xx. */
function applyDeferIfPermit(check: Check, result: StageResult): StageResult {
  const d = check.deferIfPermit;
  if (result.outcome.status === 'reject' || !d) return result;
  const saved = check.current;
  check.current = d.by;
  const outcome = check.reject(d.errorClass, d.code, d.dsn, d.text, `an earlier defer_if_permit (${d.by.restriction}) turns the permit into its deferral`);
  check.current = saved;
  return outcome.status === 'reject' ? { outcome: { ...outcome, by: d.by } } : result;
}

export function checkClient(run: Run, stage: Stage): StageResult {
  const check = new Check(run, stage, 'smtpd_client_restrictions', run.client.namaddr, REPLY_CLASS.client, 'check_client_access');
  const result = runList(check, 'smtpd_client_restrictions');
  run.session.deferIfPermitClient = check.deferIfPermit;
  return result;
}

export function checkHelo(run: Run, stage: Stage): StageResult | undefined {
  const helo = run.client.helo;
  if (helo === undefined) return undefined;
  const check = new Check(run, stage, 'smtpd_helo_restrictions', helo, REPLY_CLASS.helo, 'check_helo_access');
  check.deferIfPermit = run.session.deferIfPermitClient;
  const result = runList(check, 'smtpd_helo_restrictions');
  run.session.deferIfPermitHelo = check.deferIfPermit;
  return result;
}

export function checkMail(run: Run, stage: Stage): StageResult | undefined {
  const sender = run.session.sender;
  if (sender === undefined) return undefined;
  const check = new Check(run, stage, 'smtpd_sender_restrictions', sender, REPLY_CLASS.sender, 'check_sender_access');
  check.deferIfPermit = run.session.deferIfPermitClient ?? run.session.deferIfPermitHelo;
  run.session.senderRcptmapChecked = false;
  const result = runList(check, 'smtpd_sender_restrictions');
  run.session.deferIfPermitSender = check.deferIfPermit;
  const settings = run.policy.settings;
  if (
    settings.bool('smtpd_reject_unlisted_sender') &&
    result.outcome.status !== 'reject' &&
    !run.session.senderRcptmapChecked &&
    !run.session.discard &&
    sender !== ''
  ) {
    check.current = { parameter: 'smtpd_reject_unlisted_sender', restriction: 'reject_unlisted_sender', file: settings.mainPath, line: null };
    return { outcome: senderMaps(check, sender) };
  }
  return result;
}

/** smtpd_check_rcpt: the delayed stages, then the relay and recipient lists, then the implicit unlisted-recipient check. */
export function checkRcpt(run: Run, recipient: string): StageResult {
  const { session, policy } = run;
  const settings = policy.settings;
  session.recipient = recipient;
  session.recipientRcptmapChecked = false;
  if (settings.bool('smtpd_delay_reject')) {
    for (const earlier of [checkClient(run, 'RCPT'), checkHelo(run, 'RCPT'), checkMail(run, 'RCPT')]) {
      if (earlier && earlier.outcome.status === 'reject') return earlier;
    }
  }
  const check = new Check(run, 'RCPT', 'smtpd_recipient_restrictions', recipient, REPLY_CLASS.recipient, 'check_recipient_access');
  check.deferIfPermit = session.deferIfPermitSender;
  // at compatibility level 0 an unset relay list is an empty one (smtpd only logs what the new default would do)
  const legacyRelay = !settings.isSet('smtpd_relay_restrictions') && compatibilityBelow(settings.value('compatibility_level'), 1);
  // before 3.6 the relay list always came second
  const relayFirst = !olderThan(run, '3.6') && settings.bool('smtpd_relay_before_recipient_restrictions') && !legacyRelay;
  const lists = relayFirst ? ['smtpd_relay_restrictions', 'smtpd_recipient_restrictions'] : ['smtpd_recipient_restrictions', 'smtpd_relay_restrictions'];
  let result: StageResult = { outcome: { status: 'dunno' } };
  let permitted: StageResult | undefined;
  for (const list of lists) {
    if (list === 'smtpd_relay_restrictions' && legacyRelay) continue;
    const listCheck = new Check(run, 'RCPT', list, recipient, REPLY_CLASS.recipient, 'check_recipient_access');
    listCheck.deferIfPermit = check.deferIfPermit;
    listCheck.deferIfReject = check.deferIfReject;
    result = runList(listCheck, list);
    check.deferIfPermit = listCheck.deferIfPermit;
    check.deferIfReject = listCheck.deferIfReject;
    if (result.outcome.status === 'ok') permitted = result;
    if (result.outcome.status === 'reject') break;
  }
  result = applyDeferIfPermit(check, result);
  if (result.outcome.status !== 'reject' && settings.bool('smtpd_reject_unlisted_recipient') && !session.recipientRcptmapChecked && !session.discard) {
    check.current = { parameter: 'smtpd_reject_unlisted_recipient', restriction: 'reject_unlisted_recipient', file: settings.mainPath, line: null };
    const unlisted = recipientMaps(check, recipient);
    if (unlisted.status === 'reject') return { outcome: unlisted };
  }
  if (result.outcome.status === 'reject') return result;
  return permitted ?? result;
}

/** DATA and end-of-data: once for the transaction, without a recipient when there are several. */
export function checkMessage(run: Run, stage: 'DATA' | 'END-OF-MESSAGE', firstRecipient: string | undefined): StageResult {
  const { session } = run;
  const list = stage === 'DATA' ? 'smtpd_data_restrictions' : 'smtpd_end_of_data_restrictions';
  session.recipient = session.rcptCount > 1 ? undefined : firstRecipient;
  const check = new Check(run, stage, list, stage, stage === 'DATA' ? REPLY_CLASS.data : REPLY_CLASS.endOfData, undefined);
  const result = runList(check, list);
  return applyDeferIfPermit(check, result);
}

/** compatibility_level below a level, compared as Postfix compares levels. */
export function compatibilityBelow(level: string, than: number): boolean {
  const major = Number.parseInt(level.trim().split('.')[0] || '0', 10);
  return (Number.isNaN(major) ? 0 : major) < than;
}
