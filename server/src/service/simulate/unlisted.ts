/**
 * reject_unlisted_recipient and reject_unlisted_sender (and the implicit
 * smtpd_reject_unlisted_recipient): an address in a domain this server
 * handles must be a known user of that domain's class. A table that cannot
 * be read counts as listing the address, and the trace says so.
 */
import { DUNNO, type Check, type Outcome } from './check';
import { dsnFix, REPLY_CLASS } from './replies';
import { resolveAddress } from './resolve';
import { findAddress } from './restrictions';

const EXEMPT = ['postmaster', 'mailer-daemon'];

export function recipientMaps(check: Check, recipient: string): Outcome {
  const session = check.run.session;
  if (bypassed(check)) return check.dunno('receive_override_options = no_unknown_recipient_checks');
  if (session.recipientRcptmapChecked) return check.dunno('the recipient tables were already checked for this recipient');
  if (check.warnIfReject === 0) session.recipientRcptmapChecked = true;
  return rcptMaps(check, recipient, REPLY_CLASS.recipient);
}

export function senderMaps(check: Check, sender: string): Outcome {
  const session = check.run.session;
  if (bypassed(check)) return check.dunno('receive_override_options = no_unknown_recipient_checks');
  if (session.senderRcptmapChecked) return check.dunno('the sender was already checked against the recipient tables');
  if (check.warnIfReject === 0) session.senderRcptmapChecked = true;
  return rcptMaps(check, sender, REPLY_CLASS.sender);
}

const bypassed = (check: Check): boolean => /\bno_unknown_recipient_checks\b/.test(check.policy.settings.value('receive_override_options'));

/** Whether one of the tables of a parameter lists the address; "unavailable" when one could not be read and none listed it. */
function listedIn(check: Check, parameter: string, address: string): { listed: true; why: string } | { listed: false } | { listed: 'unknown'; why: string } {
  const tables = check.policy.settings.value(parameter);
  if (tables === '') return { listed: false };
  const r = findAddress(check, tables, address);
  if (r === 'unavailable') return { listed: 'unknown', why: `${parameter} could not be read: the address is assumed listed` };
  if (r) return { listed: true, why: `${address} is listed in ${parameter} (${r.key})` };
  return { listed: false };
}

function rcptMaps(check: Check, address: string, replyClass: string): Outcome {
  const { settings } = check.policy;
  const resolved = resolveAddress(check.policy, address);
  const target = resolved.address;
  const sender = replyClass === REPLY_CLASS.sender;
  const rewriting = ['recipient_canonical_maps', ...(sender ? ['sender_canonical_maps'] : []), 'canonical_maps', 'virtual_alias_maps'];
  for (const parameter of rewriting) {
    const l = listedIn(check, parameter, target);
    if (l.listed === true) return check.dunno(`${l.why}: smtpd takes the address as valid`);
    if (l.listed === 'unknown') return check.notJudged(l.why);
  }
  const dsn = dsnFix(sender ? '5.1.0' : '5.1.1', replyClass);
  const show = settings.bool('show_user_unknown_table_name');
  const unknown = (code: number, table: string, why: string, status = dsn): Outcome =>
    check.reject('bounce', code, status, check.text(`User unknown${show ? ` in ${table}` : ''}`, address, replyClass), why);
  switch (resolved.klass) {
    case 'alias':
      return unknown(
        settings.int('unknown_virtual_alias_reject_code'),
        'virtual alias table',
        `${resolved.why}, and virtual_alias_maps does not list ${target}`,
        // the resolver's own text for these carries 5.1.1, which a sender's reply turns into 5.1.7
        dsnFix('5.1.1', replyClass),
      );
    case 'local': {
      if (settings.value('local_recipient_maps') === '') return check.dunno('local_recipient_maps is empty: every local address is accepted');
      const localpart = target.slice(0, target.lastIndexOf('@')).toLowerCase();
      if ([...EXEMPT, settings.value('double_bounce_sender').toLowerCase()].includes(localpart)) return check.dunno(`${localpart} is always accepted`);
      const l = listedIn(check, 'local_recipient_maps', target);
      if (l.listed === true) return check.dunno(l.why);
      if (l.listed === 'unknown') return check.notJudged(l.why);
      return unknown(
        settings.int('unknown_local_recipient_reject_code'),
        'local recipient table',
        `${resolved.why}, and local_recipient_maps does not list ${target}`,
      );
    }
    case 'virtual': {
      if (settings.value('virtual_mailbox_maps') === '') return DUNNO;
      const l = listedIn(check, 'virtual_mailbox_maps', target);
      if (l.listed === true) return check.dunno(l.why);
      if (l.listed === 'unknown') return check.notJudged(l.why);
      return unknown(
        settings.int('unknown_virtual_mailbox_reject_code'),
        'virtual mailbox table',
        `${resolved.why}, and virtual_mailbox_maps does not list ${target}`,
      );
    }
    case 'relay': {
      if (settings.value('relay_recipient_maps') === '') return check.dunno('relay_recipient_maps is empty: every address in relay_domains is accepted');
      const l = listedIn(check, 'relay_recipient_maps', target);
      if (l.listed === true) return check.dunno(l.why);
      if (l.listed === 'unknown') return check.notJudged(l.why);
      return unknown(
        settings.int('unknown_relay_recipient_reject_code'),
        'relay recipient table',
        `${resolved.why}, and relay_recipient_maps does not list ${target}`,
      );
    }
    default:
      return check.dunno(`${resolved.why}: no recipient table applies`);
  }
}
