/**
 * check_*_access: the keys smtpd tries in an access table (access(5)), and
 * what it does with the result it finds (check_table_result): OK, REJECT,
 * DEFER, 4xx/5xx text, DUNNO, DEFER_IF_PERMIT/REJECT, HOLD, DISCARD, FILTER,
 * REDIRECT, BCC, PREPEND, WARN, INFO, or restrictions and classes to run.
 */
import { clientKeys, domainKeys, mailKeys, type AccessKey } from '../lookup/accessKeys';
import type { TableHit } from '../lookup/table';
import { braceWords } from '../syntax/braceWords';
import { DUNNO, type Check, type Outcome } from './check';
import { dsnFix, dsnSplit, REPLY_CLASS } from './replies';
import type { ListWord } from './settings';
import { genericChecks } from './restrictions';
import { resolveAddress } from './resolve';

/** Nested restrictions from access tables: smtpd stops past this depth. */
const MAX_RECURSION = 100;

type Found = { kind: 'found'; hit: TableHit; key: string } | { kind: 'missing'; tried: string[] } | { kind: 'unavailable'; reason: string };

/** Tries the keys in order; the first entry found decides, whatever its value. */
function search(check: Check, tableName: string, keys: readonly AccessKey[]): Found {
  const table = check.policy.tables.table(tableName, { file: check.current.file, line: check.current.line ?? 0 });
  const tried: string[] = [];
  for (const k of keys) {
    if (k.partial && !table.fixed) continue;
    tried.push(k.key);
    const r = table.lookup(k.key);
    if (r.kind === 'found') return { kind: 'found', hit: r.hit, key: k.key };
    if (r.kind === 'error') return { kind: 'found', hit: { value: '451 4.3.5 Server configuration error', file: '', line: 0, key: k.key }, key: k.key };
    if (r.kind === 'unavailable') return { kind: 'unavailable', reason: r.reason };
  }
  return { kind: 'missing', tried };
}

function lookup(check: Check, tableName: string, keys: readonly AccessKey[], replyName: string, replyClass: string): Outcome {
  const found = search(check, tableName, keys);
  if (found.kind === 'unavailable') return check.notJudged(`not consulted, assumed DUNNO: ${found.reason}`);
  if (found.kind === 'missing') return check.dunno(`no entry for ${found.tried.map((k) => `"${k}"`).join(', ') || 'any key'} in ${tableName}`);
  return tableResult(check, tableName, found.hit, found.key, replyName, replyClass);
}

const STATUS = /^[45]\d\d$/;

/** The action word and the text after it, split at the first blank. */
function splitValue(value: string): { word: string; text: string } {
  const m = /^([^ \t]*)[ \t]*([\s\S]*)$/.exec(value);
  return { word: m?.[1] ?? value, text: m?.[2] ?? '' };
}

/** Actions the cleanup server carries out: not from client or HELO restrictions when they run before MAIL FROM. */
function canDelegate(check: Check, action: string): boolean {
  if (check.run.session.sender !== undefined) return true;
  check.run.problems.push(`access table entry with ${action}: with smtpd_delay_reject = no, ${action} is skipped in client and HELO restrictions`);
  return false;
}

/** check_table_result: what smtpd does with the value an access table returns. */
export function tableResult(check: Check, table: string, hit: TableHit, key: string, replyName: string, replyClass: string): Outcome {
  const value = hit.value;
  const { word, text } = splitValue(value);
  const action = word.toUpperCase();
  const settings = check.policy.settings;
  const matched = key === hit.key ? `"${key}" → ${value}` : `"${key}" matches ${hit.key} → ${value}`;
  const session = check.run.session;
  const rejectText = (dflt: string, fallback: string): { dsn: string; text: string } => {
    const d = dsnSplit(dflt, text);
    return { dsn: dsnFix(d.dsn, replyClass), text: d.text || fallback };
  };
  switch (action) {
    case 'DUNNO':
      return check.dunno(`${matched}: DUNNO, no further keys are tried`, hit);
    case 'REJECT': {
      const r = rejectText('5.7.1', 'Access denied');
      return check.reject(
        'policy',
        settings.int('access_map_reject_code'),
        r.dsn,
        check.text(r.text, replyName, replyClass),
        `${matched} (access_map_reject_code = ${settings.int('access_map_reject_code')})`,
        hit,
      );
    }
    case 'DEFER': {
      const r = rejectText('4.7.1', 'Access denied');
      return check.reject(
        'policy',
        settings.int('access_map_defer_code'),
        r.dsn,
        check.text(r.text, replyName, replyClass),
        `${matched} (access_map_defer_code = ${settings.int('access_map_defer_code')})`,
        hit,
      );
    }
    case 'HANGUP':
      check.step('reject', `${matched}: smtpd drops the connection without a reply`, hit);
      return { status: 'reject', reply: '', by: check.current };
    case 'INFO':
    case 'WARN':
      return check.dunno(`${matched}: smtpd logs "${action.toLowerCase()}: ${text}" and goes on`, hit);
    case 'FILTER':
      if (!canDelegate(check, 'FILTER')) return check.dunno(`${matched}: skipped`, hit);
      if (text === '' || !text.includes(':')) return check.dunno(`${matched}: FILTER needs transport:destination; smtpd warns and ignores it`, hit);
      session.filter = { value: text, by: check.current };
      return check.dunno(`${matched}: the message goes to the content filter ${text}`, hit);
    case 'HOLD':
      if (!canDelegate(check, 'HOLD') || session.hold) return check.dunno(`${matched}: no effect here`, hit);
      session.hold = check.current;
      return check.dunno(`${matched}: the message will wait in the hold queue`, hit);
    case 'DISCARD':
      if (!canDelegate(check, 'DISCARD')) return check.dunno(`${matched}: skipped`, hit);
      session.discard = check.current;
      return check.permit(`${matched}: the message is accepted and thrown away; no later restriction runs`, hit);
    case 'REDIRECT':
      if (!canDelegate(check, 'REDIRECT')) return check.dunno(`${matched}: skipped`, hit);
      if (!text.includes('@')) return check.dunno(`${matched}: REDIRECT needs user@domain; smtpd warns and ignores it`, hit);
      session.redirect = { value: text, by: check.current };
      return check.dunno(`${matched}: the message goes to ${text} instead`, hit);
    case 'BCC':
      if (!canDelegate(check, 'BCC')) return check.dunno(`${matched}: skipped`, hit);
      if (!text.includes('@')) return check.dunno(`${matched}: BCC needs user@domain; smtpd warns and ignores it`, hit);
      session.bcc.push(text);
      return check.dunno(`${matched}: a copy goes to ${text}`, hit);
    case 'DEFER_IF_PERMIT': {
      const r = rejectText('4.7.1', 'Service unavailable');
      return check.deferIfPermitOr(false, 'policy', settings.int('access_map_defer_code'), r.dsn, check.text(r.text, replyName, replyClass), matched, hit);
    }
    case 'DEFER_IF_REJECT': {
      const r = rejectText('4.7.1', 'Service unavailable');
      return check.deferIfRejectRaise('policy', settings.int('access_map_defer_code'), r.dsn, check.text(r.text, replyName, replyClass), matched, hit);
    }
    case 'PREPEND':
      if (session.sender === undefined) return check.dunno(`${matched}: PREPEND is skipped before MAIL FROM`, hit);
      if (check.stage === 'END-OF-MESSAGE') return check.dunno(`${matched}: PREPEND must come before smtpd_end_of_data_restrictions; ignored`, hit);
      if (!/^[\x21-\x39\x3b-\x7e]+[ \t]*:/.test(text)) return check.dunno(`${matched}: PREPEND needs "header: text"; smtpd warns and ignores it`, hit);
      session.prepend.push(text);
      return check.dunno(`${matched}: the header "${text}" is added`, hit);
  }
  if (/^\d+$/.test(value)) return check.permit(`${matched}: an all-numeric result means OK`, hit);
  if (STATUS.test(word) && text !== '') {
    const code = Number(word);
    const r = rejectText(`${word[0]}.7.1`, 'Access denied');
    return check.reject('policy', code, r.dsn, check.text(r.text, replyName, replyClass), matched, hit);
  }
  if (action === 'OK' || action === 'RELAY') return check.permit(matched, hit);
  if (value.includes(':'))
    check.serverError(`access table ${table} has an entry with a lookup table (${value}): smtpd refuses it; name a restriction class instead`);
  if (check.recursion > MAX_RECURSION) check.serverError(`access table ${table} entry ${value} nests restrictions too deeply`);
  const words: ListWord[] = braceWords(value).map((w) => ({ text: w, origin: { parameter: table, file: hit.file, line: hit.line } }));
  if (words.length === 0) return check.permit(`${matched}: an empty result; smtpd warns and takes it as OK`, hit);
  check.step('restrictions', `${matched}: the result is evaluated as restrictions`, hit);
  const saved = check.current;
  const outcome = genericChecks(check, words);
  check.current = saved;
  return outcome;
}

/** check_client_access: the client name and its parent domains, then its address and networks. */
export function clientAccess(check: Check, table: string): Outcome {
  const { client } = check.run;
  const style = check.policy.parentStyle('smtpd_access_maps');
  return lookup(check, table, clientKeys(client.name, client.address, style), client.namaddr, REPLY_CLASS.client);
}

/** check_reverse_client_hostname_access: the same with the unverified name. */
export function reverseClientAccess(check: Check, table: string): Outcome {
  const { client } = check.run;
  const style = check.policy.parentStyle('smtpd_access_maps');
  return lookup(check, table, clientKeys(client.reverseName, client.address, style), client.reverseName, REPLY_CLASS.reverseClient);
}

/** check_helo_access: the HELO name and its parent domains. */
export function heloAccess(check: Check, table: string, helo: string): Outcome {
  return lookup(check, table, domainKeys(helo, check.policy.parentStyle('smtpd_access_maps')), helo, REPLY_CLASS.helo);
}

/** check_sasl_access: the login name alone. */
export function saslAccess(check: Check, table: string, login: string): Outcome {
  const sane = login.replace(/[^\x20-\x7e]/g, '_');
  return lookup(check, table, [{ key: login, partial: false }], sane, REPLY_CLASS.sasl);
}

/** check_sender_access with the null sender: smtpd_null_access_lookup_key alone. */
export function nullSenderAccess(check: Check, table: string): Outcome {
  const key = check.policy.settings.value('smtpd_null_access_lookup_key');
  return lookup(check, table, [{ key, partial: false }], '', REPLY_CLASS.sender);
}

/**
 * check_sender_access and check_recipient_access: the address as the
 * resolver returns it, in full, without extension, its domain and parents,
 * localpart@. An OK for a recipient with routing in its localpart does not
 * count (allow_untrusted_routing = no).
 */
export function mailAccess(check: Check, table: string, address: string, replyClass: string): Outcome {
  const resolved = resolveAddress(check.policy, address);
  const settings = check.policy.settings;
  const keys = mailKeys(resolved.address, check.policy.parentStyle('smtpd_access_maps'), settings.value('recipient_delimiter'));
  const outcome = lookup(check, table, keys, address, replyClass);
  if (outcome.status === 'ok' && replyClass === REPLY_CLASS.recipient && resolved.routed && !settings.bool('allow_untrusted_routing')) {
    check.step('dunno', `${resolved.address} has routing operators in its localpart: an OK does not count (allow_untrusted_routing = no)`);
    return DUNNO;
  }
  return outcome;
}
