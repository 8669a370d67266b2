/**
 * generic_checks: a restriction list evaluated word by word as smtpd does,
 * the first OK or reject ending it, and what each restriction does with the
 * client, HELO, sender and recipient of the transaction.
 */
import { splitExtension } from '../lookup/accessKeys';
import { braceWords } from '../syntax/braceWords';
import type { TableHit } from '../lookup/table';
import { validHostaddr, validHostname, validMailhostAddr, withoutTrailingDot } from '../lookup/names';
import { clientAccess, heloAccess, mailAccess, nullSenderAccess, reverseClientAccess, saslAccess } from './access';
import { DUNNO, olderThan, type Check, type Outcome } from './check';
import { rblAddress, rblDomain } from './dnsLists';
import { REPLY_CLASS } from './replies';
import { resolveAddress } from './resolve';
import type { ListWord } from './settings';
import { recipientMaps, senderMaps } from './unlisted';

/** Restrictions whose next word is a type:table. */
const TABLE_ARGUMENT = new Set([
  'check_client_access',
  'check_reverse_client_hostname_access',
  'check_helo_access',
  'check_sender_access',
  'check_recipient_access',
  'check_etrn_access',
  'check_ccert_access',
  'check_sasl_access',
  'check_client_ns_access',
  'check_client_mx_access',
  'check_client_a_access',
  'check_reverse_client_hostname_ns_access',
  'check_reverse_client_hostname_mx_access',
  'check_reverse_client_hostname_a_access',
  'check_helo_ns_access',
  'check_helo_mx_access',
  'check_helo_a_access',
  'check_sender_ns_access',
  'check_sender_mx_access',
  'check_sender_a_access',
  'check_recipient_ns_access',
  'check_recipient_mx_access',
  'check_recipient_a_access',
]);

/** Restrictions whose next word is a DNS list domain. */
const LIST_ARGUMENT = new Set([
  'reject_rbl_client',
  'reject_rbl',
  'permit_dnswl_client',
  'reject_rhsbl_client',
  'permit_rhswl_client',
  'reject_rhsbl_reverse_client',
  'reject_rhsbl_helo',
  'reject_rhsbl_sender',
  'reject_rhsbl_recipient',
]);

/** Deeper than this, a class that reaches itself again is a loop: smtpd would recurse until it crashes. */
const MAX_CLASS_DEPTH = 200;

export class ClassLoop extends Error {}

export function genericChecks(check: Check, words: readonly ListWord[]): Outcome {
  const saved = check.recursion++;
  const session = check.run.session;
  let outcome: Outcome = DUNNO;
  for (let i = 0; i < words.length; i++) {
    if (session.discard) break;
    const word = words[i];
    const lower = word.text.toLowerCase();
    if (lower === 'warn_if_reject') {
      if (check.warnIfReject === 0) check.warnIfReject = check.recursion;
      check.current = check.decider(word.text, word.origin);
      check.step('warn_if_reject', 'the next restriction only logs a reject (reject_warning)');
      continue;
    }
    let name = lower;
    let argument: string | undefined;
    if (word.text.includes(':')) {
      check.current = check.decider(word.text, word.origin);
      if (!check.defaultAccess) {
        check.serverError(`a bare table "${word.text}" in ${check.list}: smtpd needs a check_*_access before it there`);
      }
      name = check.defaultAccess;
      argument = word.text;
    } else if (TABLE_ARGUMENT.has(lower) || lower === 'check_policy_service') {
      const next = words[i + 1] as ListWord | undefined;
      check.current = check.decider(next ? `${word.text} ${next.text}` : word.text, word.origin);
      if (!next || !next.text.includes(':')) {
        check.serverError(
          lower === 'check_policy_service'
            ? `${lower} must be followed by transport:server`
            : `restriction ${lower}: bad argument "${next?.text ?? ''}": need maptype:mapname`,
        );
      }
      argument = next.text;
      i++;
    } else if (LIST_ARGUMENT.has(lower) || lower === 'sleep') {
      const next = words[i + 1] as ListWord | undefined;
      if (next) {
        argument = next.text;
        i++;
      }
      check.current = check.decider(argument !== undefined ? `${word.text} ${argument}` : word.text, word.origin);
    } else {
      check.current = check.decider(word.text, word.origin);
    }
    outcome = evaluate(check, name, word.text, argument);
    if (check.warnIfReject >= check.recursion) check.warnIfReject = 0;
    if (outcome.status !== 'dunno') break;
    if (check.deferIfPermit && check.deferIfReject) break;
  }
  check.recursion = saved;
  if (check.warnIfReject >= check.recursion) check.warnIfReject = 0;
  return outcome;
}

/** One restriction (lower case name; `written` as in the list, for class names). */
function evaluate(check: Check, name: string, written: string, argument: string | undefined): Outcome {
  const { client, session, policy } = check.run;
  const settings = policy.settings;
  const sender = session.sender;
  const recipient = session.recipient;
  const helo = client.helo;
  switch (name) {
    case 'permit':
      return check.permit('permit: accept');
    case 'defer':
      return check.reject('policy', settings.int('defer_code'), '4.3.2', check.text('Try again later'), `defer (defer_code = ${settings.int('defer_code')})`);
    case 'reject':
      return check.reject('policy', settings.int('reject_code'), '5.7.1', check.text('Access denied'), `reject (reject_code = ${settings.int('reject_code')})`);
    case 'reject_unauth_pipelining':
      return check.dunno('the simulated client waits for each reply, as a well-behaved client does');
    case 'check_policy_service':
      return check.notJudged(`the policy server ${argument ?? ''} is not consulted: assumed DUNNO`);
    case 'defer_if_permit':
      return check.deferIfPermitOr(false, 'policy', 450, '4.7.0', check.text('defer_if_permit requested'), 'defer_if_permit');
    case 'defer_if_reject':
      return check.deferIfRejectRaise('policy', 450, '4.7.0', check.text('defer_if_reject requested'), 'defer_if_reject');
    case 'sleep':
      if (argument === undefined || !/^\d+$/.test(argument)) check.serverError('restriction sleep must be followed by number');
      return check.dunno(`smtpd waits ${argument} seconds`);
    case 'reject_plaintext_session':
      return check.reject('policy', settings.int('plaintext_reject_code'), '4.7.1', 'Session encryption is required', 'the simulated session has no TLS');

    // the client
    case 'reject_unknown_client_hostname':
    case 'reject_unknown_client':
      if (client.nameKnown) return check.dunno(`the client name ${client.name} is verified`);
      return check.reject(
        'policy',
        settings.int('unknown_client_reject_code'),
        '4.7.25',
        `Client host rejected: cannot find your hostname, [${client.address}]`,
        `the client has no verified name (unknown_client_reject_code = ${settings.int('unknown_client_reject_code')})`,
      );
    case 'reject_unknown_reverse_client_hostname':
      if (client.reverseKnown) return check.dunno(`the address has a reverse name (${client.reverseName})`);
      return check.reject(
        'policy',
        settings.int('unknown_client_reject_code'),
        '4.7.1',
        `Client host rejected: cannot find your reverse hostname, [${client.address}]`,
        `the client address has no reverse name (unknown_client_reject_code = ${settings.int('unknown_client_reject_code')})`,
      );
    case 'permit_inet_interfaces': {
      const own = policy.ownAddresses();
      if (own.addresses.includes(client.address.toLowerCase())) return check.permit(`${client.address} is an address smtpd listens on`);
      return check.dunno(`${client.address} is not in inet_interfaces${own.complete ? '' : ' (as far as the simulator knows them)'}`);
    }
    case 'permit_mynetworks': {
      const m = policy.mynetworks.matchHost(client.name, client.address);
      for (const u of m.unavailable) check.run.problems.push(`mynetworks: ${u}`);
      if (m.matched) return check.permit(`${client.namaddr} matches mynetworks entry ${m.entry ?? ''}${m.file ? ` (from ${m.file})` : ''}`, m.hit);
      return check.dunno(
        m.entry ? `${client.namaddr} is excluded by mynetworks entry ${m.entry}` : `${client.namaddr} is not in mynetworks (${settings.value('mynetworks')})`,
      );
    }
    case 'check_client_access':
      return clientAccess(check, argument ?? '');
    case 'check_reverse_client_hostname_access': {
      const r = reverseClientAccess(check, argument ?? '');
      return forbidAllowlist(check, name, r);
    }
    case 'reject_rbl_client':
    case 'reject_rbl':
    case 'permit_dnswl_client':
      return rblAddress(check, name, argument, client.address);
    case 'reject_rhsbl_client':
    case 'permit_rhswl_client':
      if (client.name.toLowerCase() === 'unknown') return check.dunno('the client name is unknown');
      return rblDomain(check, name, argument, client.name, REPLY_CLASS.client);
    case 'reject_rhsbl_reverse_client':
      if (client.reverseName.toLowerCase() === 'unknown') return check.dunno('the reverse client name is unknown');
      return rblDomain(check, name, argument, client.reverseName, REPLY_CLASS.reverseClient);
    case 'check_ccert_access':
    case 'permit_tls_clientcerts':
    case 'permit_tls_all_clientcerts':
      return check.dunno('the simulated session has no TLS client certificate');
    case 'check_sasl_access':
      if (!settings.bool('smtpd_sasl_auth_enable')) {
        check.run.problems.push(`restriction \`${name}' ignored: no SASL support (smtpd_sasl_auth_enable = no)`);
        return check.dunno('smtpd_sasl_auth_enable = no: smtpd ignores it');
      }
      return client.login ? saslAccess(check, argument ?? '', client.login) : check.dunno('the client did not log in');
    case 'check_client_ns_access':
    case 'check_client_mx_access':
    case 'check_client_a_access':
    case 'check_reverse_client_hostname_ns_access':
    case 'check_reverse_client_hostname_mx_access':
    case 'check_reverse_client_hostname_a_access':
    case 'check_helo_ns_access':
    case 'check_helo_mx_access':
    case 'check_helo_a_access':
    case 'check_sender_ns_access':
    case 'check_sender_mx_access':
    case 'check_sender_a_access':
    case 'check_recipient_ns_access':
    case 'check_recipient_mx_access':
    case 'check_recipient_a_access':
      return check.notJudged('needs the DNS servers of the name, which the scenario does not give: assumed DUNNO');

    // HELO
    case 'check_helo_access':
      return helo === undefined ? DUNNO : heloAccess(check, argument ?? '', helo);
    case 'reject_invalid_helo_hostname':
    case 'reject_invalid_hostname':
      if (helo === undefined) return check.dunno('no HELO');
      if (helo.startsWith('[')) return invalidHostaddr(check, helo);
      if (validHostname(withoutTrailingDot(helo)) || validHostaddr(withoutTrailingDot(helo))) return check.dunno(`${helo} is a valid host name`);
      return check.reject(
        'policy',
        settings.int('invalid_hostname_reject_code'),
        '5.5.2',
        check.text('Invalid name', helo, REPLY_CLASS.helo),
        `${helo} is not a valid host name`,
      );
    case 'reject_unknown_helo_hostname':
    case 'reject_unknown_hostname':
      if (helo === undefined) return check.dunno('no HELO');
      if (helo.startsWith('[')) return invalidHostaddr(check, helo);
      return unknownHostname(check, helo);
    case 'reject_non_fqdn_helo_hostname':
    case 'reject_non_fqdn_hostname': {
      if (helo === undefined) return check.dunno('no HELO');
      if (helo.startsWith('[')) return invalidHostaddr(check, helo);
      const name2 = withoutTrailingDot(helo);
      if (validHostname(name2) && name2.includes('.')) return check.dunno(`${helo} is fully qualified`);
      return check.reject(
        'policy',
        settings.int('non_fqdn_reject_code'),
        '5.5.2',
        check.text('need fully-qualified hostname', helo, REPLY_CLASS.helo),
        `${helo} is not a fully-qualified host name`,
      );
    }
    case 'reject_rhsbl_helo':
      return helo === undefined ? DUNNO : rblDomain(check, name, argument, helo, REPLY_CLASS.helo);
    case 'permit_naked_ip_address':
    case 'reject_maps_rbl':
    case 'check_relay_domains':
      if (olderThan(check.run, '3.9'))
        return check.notJudged(`${name} is obsolete; releases before 3.9 still evaluate it, the simulator does not: assumed DUNNO`);
      return check.serverError(`support for restriction "${name}" was removed in Postfix 3.9`);

    // the sender
    case 'check_sender_access':
      if (sender === undefined) return DUNNO;
      return sender === '' ? nullSenderAccess(check, argument ?? '') : mailAccess(check, argument ?? '', sender, REPLY_CLASS.sender);
    case 'reject_unknown_sender_domain':
    case 'reject_unknown_address':
      return sender ? unknownAddress(check, sender, REPLY_CLASS.sender) : DUNNO;
    case 'reject_unverified_sender':
      return sender ? check.notJudged('address verification probes the sender with real mail; not simulated, assumed to pass') : DUNNO;
    case 'reject_non_fqdn_sender':
      return sender ? nonFqdnAddress(check, sender, REPLY_CLASS.sender) : DUNNO;
    case 'reject_authenticated_sender_login_mismatch':
    case 'reject_known_sender_login_mismatch':
    case 'reject_unauthenticated_sender_login_mismatch':
      return loginMismatch(check, name);
    case 'reject_rhsbl_sender':
      return sender ? rblDomain(check, name, argument, sender, REPLY_CLASS.sender) : DUNNO;
    case 'reject_unlisted_sender':
      return sender ? senderMaps(check, sender) : DUNNO;

    // the recipient
    case 'check_recipient_access':
      return recipient === undefined ? DUNNO : mailAccess(check, argument ?? '', recipient, REPLY_CLASS.recipient);
    case 'permit_mx_backup':
      return recipient === undefined ? DUNNO : mxBackup(check, recipient);
    case 'permit_auth_destination':
      if (recipient === undefined) return DUNNO;
      return permitIfAuthorized(check, recipient);
    case 'reject_unauth_destination':
    case 'defer_unauth_destination': {
      if (recipient === undefined) return DUNNO;
      const destination = authorizedDestination(check, recipient);
      if (destination.ok) return check.dunno(destination.why);
      const code = settings.int('relay_domains_reject_code') - (name === 'defer_unauth_destination' ? 100 : 0);
      const dsn = name === 'defer_unauth_destination' ? '4.7.1' : '5.7.1';
      return check.reject(
        'policy',
        code,
        dsn,
        `<${recipient}>: Relay access denied`,
        `${destination.why}: relaying is not authorized (relay_domains_reject_code = ${settings.int('relay_domains_reject_code')})`,
      );
    }
    case 'permit_sasl_authenticated':
      if (!settings.bool('smtpd_sasl_auth_enable')) return check.dunno('smtpd_sasl_auth_enable = no: nobody can log in');
      return client.login ? check.permit(`the client logged in as ${client.login}`) : check.dunno('the client did not log in');
    case 'reject_unknown_recipient_domain':
      return recipient === undefined ? DUNNO : unknownAddress(check, recipient, REPLY_CLASS.recipient);
    case 'reject_non_fqdn_recipient':
      return recipient === undefined ? DUNNO : nonFqdnAddress(check, recipient, REPLY_CLASS.recipient);
    case 'reject_rhsbl_recipient':
      return recipient === undefined ? DUNNO : rblDomain(check, name, argument, recipient, REPLY_CLASS.recipient);
    case 'check_recipient_maps':
    case 'reject_unlisted_recipient':
      return recipient ? recipientMaps(check, recipient) : DUNNO;
    case 'reject_multi_recipient_bounce': {
      const before = check.stage === 'RCPT' ? 0 : 1;
      if (sender === '' && session.rcptCount > before) {
        return check.reject(
          'policy',
          settings.int('multi_recipient_bounce_reject_code'),
          '5.5.3',
          check.text('Multi-recipient bounce'),
          'a null sender with more than one recipient',
        );
      }
      return check.dunno('not a bounce to several recipients');
    }
    case 'reject_unverified_recipient':
      return recipient ? check.notJudged('address verification probes the recipient with real mail; not simulated, assumed to pass') : DUNNO;
    case 'check_etrn_access':
      return check.dunno('no ETRN in this transaction');
  }
  const klass = check.run.classes.get(written);
  if (klass) return restrictionClass(check, written, klass);
  return check.serverError(`unknown smtpd restriction: "${written}"`);
}

function restrictionClass(check: Check, name: string, words: readonly ListWord[]): Outcome {
  if (check.recursion > MAX_CLASS_DEPTH) {
    check.run.problems.push(`restriction class ${name} reaches itself again: smtpd would recurse until it crashes`);
    throw new ClassLoop(name);
  }
  check.step('class', `restriction class ${name}: its restrictions follow`);
  const saved = check.current;
  // a class smtpd defines itself has no place of its own: its restrictions are where the list names it
  const here = { parameter: saved.parameter, file: saved.file, line: saved.line };
  const placed = words.map((w) => (w.origin.line === null && w.origin.parameter === name ? { ...w, origin: here } : w));
  const outcome = genericChecks(check, placed);
  check.current = saved;
  return outcome;
}

/** Restrictions of names and addresses from DNS or the client may not say OK. */
function forbidAllowlist(check: Check, name: string, outcome: Outcome): Outcome {
  if (!check.run.session.discard && outcome.status === 'ok') {
    check.serverError(`restriction ${name} returns OK, which is not allowed for security reasons; use DUNNO for an exception`);
  }
  return outcome;
}

function invalidHostaddr(check: Check, helo: string): Outcome {
  const inner = helo.length > 2 && helo.endsWith(']') ? helo.slice(1, -1) : helo;
  if (validMailhostAddr(inner)) return check.dunno(`${helo} is a valid address literal`);
  const code = check.policy.settings.int('invalid_hostname_reject_code');
  return check.reject('policy', code, '5.5.2', check.text('invalid ip address', helo, REPLY_CLASS.helo), `${helo} is not a valid address literal`);
}

/** reject_unknown_helo_hostname: no A, AAAA or MX record, from the scenario's DNS facts. */
function unknownHostname(check: Check, name: string): Outcome {
  const known = check.run.dns.resolves(name);
  if (known === undefined) return check.notJudged(`no DNS facts for ${name}: assumed to resolve`);
  if (known) return check.dunno(`${name} resolves (DNS facts)`);
  const code = check.policy.settings.int('unknown_hostname_reject_code');
  return check.reject(
    'policy',
    code,
    '4.7.1',
    check.text('Host not found', name, REPLY_CLASS.helo),
    `${name} has no address or MX record (DNS facts; unknown_hostname_reject_code = ${code})`,
  );
}

/** reject_unknown_sender_domain / recipient_domain: the resolved domain must have an MX or address record, unless it is ours. */
function unknownAddress(check: Check, address: string, replyClass: string): Outcome {
  const r = resolveAddress(check.policy, address);
  if (r.klass !== 'default' && r.klass !== 'relay') return check.dunno(`${r.domain} is a final destination of this server`);
  if (r.domain.startsWith('[')) return check.dunno(`${r.domain} is an address literal`);
  const known = check.run.dns.resolves(r.domain);
  if (known === undefined) return check.notJudged(`no DNS facts for ${r.domain}: assumed to resolve`);
  if (known) return check.dunno(`${r.domain} has an MX or address record (DNS facts)`);
  const code = check.policy.settings.int('unknown_address_reject_code');
  const dsn = replyClass === REPLY_CLASS.sender ? '4.1.8' : '4.1.2';
  return check.reject(
    'policy',
    code,
    dsn,
    check.text('Domain not found', address, replyClass),
    `${r.domain} has no MX or address record (DNS facts; unknown_address_reject_code = ${code})`,
  );
}

function nonFqdnAddress(check: Check, address: string, replyClass: string): Outcome {
  const at = address.lastIndexOf('@');
  const domain = at < 0 ? '' : address.slice(at + 1);
  if (domain.startsWith('[') && domain.endsWith(']')) return check.dunno(`${domain} is an address literal`);
  const d = withoutTrailingDot(domain);
  if (d !== '' && validHostname(d) && d.includes('.')) return check.dunno(`${address} has a fully-qualified domain`);
  const code = check.policy.settings.int('non_fqdn_reject_code');
  return check.reject(
    'policy',
    code,
    '4.5.2',
    check.text('need fully-qualified address', address, replyClass),
    `${address} has no fully-qualified domain (non_fqdn_reject_code = ${code})`,
  );
}

/**
 * permit_auth_destination: the recipient is ours (mydestination, virtual
 * domains) or a relay_domains destination, and not source-routed.
 */
function authorizedDestination(check: Check, recipient: string): { ok: boolean; why: string } {
  const r = resolveAddress(check.policy, recipient);
  if (r.routed && !check.policy.settings.bool('allow_untrusted_routing')) return { ok: false, why: `${r.address} has routing operators in its localpart` };
  if (r.klass === 'default') return { ok: false, why: r.why };
  return { ok: true, why: `${r.why}: a destination this server accepts mail for` };
}

function permitIfAuthorized(check: Check, recipient: string): Outcome {
  const destination = authorizedDestination(check, recipient);
  return destination.ok ? check.permit(destination.why) : check.dunno(destination.why);
}

function mxBackup(check: Check, recipient: string): Outcome {
  const destination = authorizedDestination(check, recipient);
  if (destination.ok) return check.permit(destination.why);
  return check.notJudged('permit_mx_backup needs the MX records of the recipient domain; not in the scenario: assumed DUNNO');
}

function loginMismatch(check: Check, name: string): Outcome {
  const { settings } = check.policy;
  const { session, client } = check.run;
  if (!settings.bool('smtpd_sasl_auth_enable')) {
    check.run.problems.push(`restriction \`${name}' ignored: no SASL support`);
    return check.dunno('smtpd_sasl_auth_enable = no: smtpd ignores it');
  }
  const sender = session.sender;
  if (!sender) return DUNNO;
  const maps = settings.value('smtpd_sender_login_maps');
  if (maps === '') return check.dunno('smtpd_sender_login_maps is empty');
  const owners = senderOwners(check, sender);
  if (owners === 'unavailable') return DUNNO;
  const known = name === 'reject_known_sender_login_mismatch';
  const authenticated = name === 'reject_authenticated_sender_login_mismatch' || (known && client.login);
  if (authenticated) {
    if (!client.login) return check.dunno('the client did not log in');
    if (owners === undefined && known) return check.dunno(`${sender} has no owner in smtpd_sender_login_maps`);
    const list = (owners?.value ?? '').split(/[\s,]+/).filter((o) => o !== '');
    if (list.some((o) => o.toLowerCase() === client.login?.toLowerCase())) return check.dunno(`${client.login} owns ${sender}`, owners?.hit);
    return check.reject(
      'policy',
      553,
      '5.7.1',
      `<${sender}>: Sender address rejected: not owned by user ${client.login}`,
      `${sender} is not owned by ${client.login}`,
      owners?.hit,
    );
  }
  if (client.login) return check.dunno('the client logged in');
  if (owners === undefined) return check.dunno(`${sender} has no owner in smtpd_sender_login_maps`);
  return check.reject(
    'policy',
    553,
    '5.7.1',
    `<${sender}>: Sender address rejected: not logged in`,
    `${sender} has an owner and the client did not log in`,
    owners.hit,
  );
}

type Owners = { value: string; hit: TableHit } | undefined | 'unavailable';

/** The owners smtpd_sender_login_maps gives a sender (mail_addr_find order). */
function senderOwners(check: Check, sender: string): Owners {
  const { settings } = check.policy;
  const address = resolveAddress(check.policy, sender).address;
  const found = findAddress(check, settings.value('smtpd_sender_login_maps'), address);
  if (found === 'unavailable') return 'unavailable';
  return found ? { value: found.value, hit: found } : undefined;
}

/** mail_addr_find over a list of tables: user+ext@domain, user@domain, user (local domains), @domain. */
export function findAddress(check: Check, tables: string, address: string): TableHit | undefined | 'unavailable' {
  const { policy } = check;
  const delimiters = policy.settings.value('recipient_delimiter');
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  const domain = at < 0 ? '' : address.slice(at + 1);
  const keys: { key: string; partial: boolean }[] = [{ key: address, partial: false }];
  const bare = splitExtension(local, delimiters)?.base;
  if (bare !== undefined) keys.push({ key: `${bare}@${domain}`, partial: true });
  const isLocal = domain.toLowerCase() === policy.settings.value('myorigin').toLowerCase() || policy.isLocalDomain(domain).local;
  if (at >= 0 && isLocal) {
    keys.push({ key: local, partial: true });
    if (bare !== undefined) keys.push({ key: bare, partial: true });
  }
  if (at >= 0) keys.push({ key: `@${domain}`, partial: true });
  let unreadable: string | undefined;
  for (const name of braceWords(tables)) {
    const table = policy.tables.table(name, { file: check.current.file, line: check.current.line ?? 0 });
    for (const k of keys) {
      if (k.partial && !table.fixed) continue;
      const r = table.lookup(k.key);
      if (r.kind === 'found') return r.hit;
      if (r.kind === 'unavailable' || r.kind === 'error') {
        unreadable ??= r.reason;
        break;
      }
    }
  }
  if (unreadable !== undefined) {
    check.run.problems.push(unreadable);
    return 'unavailable';
  }
  return undefined;
}
