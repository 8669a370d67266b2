/**
 * Which restrictions can give a logged reply: smtpd words each of its
 * built-in checks in a fixed way (smtpd_check.c), access tables and policy
 * servers put their own text after "<what> rejected: ", and the DNS lists
 * fill in default_rbl_reply. The configuration then picks the occurrence
 * (see attribution.ts); this module knows the words alone.
 */
import type { Stage } from '../knowledge/restrictions';

/** The data a reply is about, as smtpd names it after "<...>: " */
export type ReplyClass =
  | 'Client host'
  | 'Unverified Client host'
  | 'Client certificate'
  | 'SASL login name'
  | 'Helo command'
  | 'Sender address'
  | 'Recipient address'
  | 'Etrn command'
  | 'Data command'
  | 'End-of-data';

export interface ReplyOrigin {
  /** restriction names (lower case) that give this reply, the likelier first */
  names: readonly string[];
  /** the data the reply is about */
  replyClass?: ReplyClass;
  /** the DNS list a reject_rbl_client / reject_rhsbl_* reply names */
  dnsList?: string;
  /** the text an access table, or a policy server, gave: what to look for in the tables */
  accessText?: string;
  /**
   * For the checks that word the reply with the class of the list they stand in
   * (reject, defer, defer_if_permit, ...): the lists that class stands for.
   */
  lists?: readonly Stage[];
  /** a parameter rather than a restriction: message_size_limit, queue_minfree */
  parameter?: boolean;
}

const CLASSES: readonly ReplyClass[] = [
  'Unverified Client host',
  'Client host',
  'Client certificate',
  'SASL login name',
  'Helo command',
  'Sender address',
  'Recipient address',
  'Etrn command',
  'Data command',
  'End-of-data',
];

const CLASSED = new RegExp(`^(?:<(.*?)>: )?(${CLASSES.join('|')}) rejected: (.*)$`, 's');

/** The lists whose generic reject/defer carries each class. */
const LISTS_OF_CLASS: Record<ReplyClass, readonly Stage[]> = {
  'Client host': ['client'],
  'Unverified Client host': ['client'],
  'Client certificate': ['client'],
  'SASL login name': ['client'],
  'Helo command': ['helo'],
  'Sender address': ['sender'],
  'Recipient address': ['relay', 'recipient'],
  'Etrn command': ['etrn'],
  'Data command': ['data'],
  'End-of-data': ['end_of_data'],
};

/** The access restrictions that look up each class of data. */
const ACCESS_OF_CLASS: Record<ReplyClass, readonly string[]> = {
  'Client host': ['check_client_access', 'check_client_a_access', 'check_client_mx_access', 'check_client_ns_access'],
  'Unverified Client host': [
    'check_reverse_client_hostname_access',
    'check_reverse_client_hostname_a_access',
    'check_reverse_client_hostname_mx_access',
    'check_reverse_client_hostname_ns_access',
  ],
  'Client certificate': ['check_ccert_access'],
  'SASL login name': ['check_sasl_access'],
  'Helo command': ['check_helo_access', 'check_helo_a_access', 'check_helo_mx_access', 'check_helo_ns_access'],
  'Sender address': ['check_sender_access', 'check_sender_a_access', 'check_sender_mx_access', 'check_sender_ns_access'],
  'Recipient address': ['check_recipient_access', 'check_recipient_a_access', 'check_recipient_mx_access', 'check_recipient_ns_access'],
  'Etrn command': ['check_etrn_access'],
  'Data command': [],
  'End-of-data': [],
};

/** Older names smtpd still takes for the same check. */
export const RESTRICTION_ALIASES: Readonly<Record<string, readonly string[]>> = {
  reject_unknown_client_hostname: ['reject_unknown_client'],
  reject_invalid_helo_hostname: ['reject_invalid_hostname'],
  reject_unknown_helo_hostname: ['reject_unknown_hostname'],
  reject_non_fqdn_helo_hostname: ['reject_non_fqdn_hostname'],
  reject_rbl_client: ['reject_rbl'],
  reject_unlisted_recipient: ['check_recipient_maps'],
  reject_unknown_sender_domain: ['reject_unknown_address'],
  reject_unknown_recipient_domain: ['reject_unknown_address'],
};

const withAliases = (names: readonly string[]): string[] => names.flatMap((n) => [n, ...(RESTRICTION_ALIASES[n] ?? [])]);

/** Replies of built-in checks, by class and the text after "rejected: ". */
interface ClassRule {
  classes: readonly ReplyClass[];
  text: RegExp;
  names: readonly string[];
}

const CLASS_RULES: readonly ClassRule[] = [
  { classes: ['Client host'], text: /^cannot find your reverse hostname\b/, names: ['reject_unknown_reverse_client_hostname'] },
  { classes: ['Client host'], text: /^cannot find your hostname\b/, names: ['reject_unknown_client_hostname'] },
  { classes: ['Helo command'], text: /^Invalid name$/, names: ['reject_invalid_helo_hostname'] },
  // a [bracketed] HELO address is judged by the same routine for all three
  {
    classes: ['Helo command'],
    text: /^invalid ip address$/,
    names: ['reject_invalid_helo_hostname', 'reject_unknown_helo_hostname', 'reject_non_fqdn_helo_hostname'],
  },
  { classes: ['Helo command'], text: /^need fully-qualified hostname$/, names: ['reject_non_fqdn_helo_hostname'] },
  { classes: ['Helo command'], text: /^(Host not found|Malformed DNS server reply)$/, names: ['reject_unknown_helo_hostname'] },
  { classes: ['Sender address'], text: /^need fully-qualified address$/, names: ['reject_non_fqdn_sender'] },
  { classes: ['Recipient address'], text: /^need fully-qualified address$/, names: ['reject_non_fqdn_recipient'] },
  {
    classes: ['Sender address'],
    text: /^(Domain not found|Malformed DNS server reply|Domain \S+ does not accept mail \(nullMX\))$/,
    names: ['reject_unknown_sender_domain'],
  },
  {
    classes: ['Recipient address'],
    text: /^(Domain not found|Malformed DNS server reply|Domain \S+ does not accept mail \(nullMX\))$/,
    names: ['reject_unknown_recipient_domain'],
  },
  { classes: ['Sender address'], text: /^(address verification problem|unverified address: |undeliverable address: )/, names: ['reject_unverified_sender'] },
  {
    classes: ['Recipient address'],
    text: /^(address verification problem|unverified address: |undeliverable address: )/,
    names: ['reject_unverified_recipient'],
  },
  {
    classes: ['Sender address'],
    text: /^User unknown( in (local recipient|virtual mailbox|virtual alias|relay recipient) table)?$/,
    names: ['reject_unlisted_sender'],
  },
  {
    classes: ['Recipient address'],
    text: /^User unknown( in (local recipient|virtual mailbox|virtual alias|relay recipient) table)?$/,
    names: ['reject_unlisted_recipient'],
  },
  {
    classes: ['Recipient address'],
    text: /^Unable to (look up host \S+ as mail exchanger|verify host \S+ as mail exchanger|look up mail exchanger)/,
    names: ['permit_mx_backup'],
  },
];

/** Replies worded without a class, or with the class of the list the check stands in. */
const GENERIC: Record<string, readonly string[]> = {
  'Access denied': ['reject'],
  'Try again later': ['defer'],
  'defer_if_permit requested': ['defer_if_permit'],
  'defer_if_reject requested': ['defer_if_reject'],
  'Improper use of SMTP command pipelining': ['reject_unauth_pipelining'],
  'Multi-recipient bounce': ['reject_multi_recipient_bounce'],
};

const LOGIN_MISMATCH = /^(not owned by user \S.*|not logged in)$/;

/** default_rbl_reply: "Service unavailable; <class> [<what>] blocked using <domain>[; <reason>]" */
const RBL = new RegExp(`^Service unavailable; (${CLASSES.join('|')}) \\[(.*?)\\] blocked using ([^\\s;]+)(?:; .*)?$`, 's');

/** An IPv4 or IPv6 address, as reject_rbl_client's [what] is. */
const ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*)$/;

function rblOrigin(replyClass: ReplyClass, what: string, dnsList: string): ReplyOrigin {
  let names: string[];
  if (replyClass === 'Client host') names = ADDRESS.test(what) ? ['reject_rbl_client'] : ['reject_rhsbl_client'];
  else if (replyClass === 'Unverified Client host') names = ['reject_rhsbl_reverse_client'];
  else if (replyClass === 'Helo command') names = ['reject_rhsbl_helo'];
  else if (replyClass === 'Sender address') names = ['reject_rhsbl_sender'];
  else if (replyClass === 'Recipient address') names = ['reject_rhsbl_recipient'];
  else names = [];
  return { names: withAliases(names), replyClass, dnsList };
}

/**
 * The restrictions that can give `reply`, the text Postfix logged after the
 * reply code and enhanced status `codes`. Undefined when no built-in check words a reply
 * that way: an unknown source, not guessed at.
 */
export function replyOrigin(reply: string, codes: { code?: string; enhancedStatus?: string } = {}): ReplyOrigin | undefined {
  const origin = originOf(reply, codes.enhancedStatus);
  // a 5xx reply is no deferral: the checks that only defer are out (soft_bounce makes 4xx of 5xx, not the reverse)
  if (!origin || !(codes.code ?? codes.enhancedStatus ?? '').startsWith('5')) return origin;
  return { ...origin, names: origin.names.filter((n) => !ONLY_DEFER.has(n)) };
}

const ONLY_DEFER = new Set(['defer', 'defer_if_permit', 'defer_if_reject', 'defer_unauth_destination']);

function originOf(reply: string, enhancedStatus: string | undefined): ReplyOrigin | undefined {
  const rbl = RBL.exec(reply);
  if (rbl) return rblOrigin(rbl[1] as ReplyClass, rbl[2], rbl[3]);
  if (/^<.*>: Relay access denied$/s.test(reply)) {
    return { names: ['reject_unauth_destination', 'defer_unauth_destination', 'check_relay_domains'], replyClass: 'Recipient address' };
  }
  if (reply === 'Session encryption is required') return { names: ['reject_plaintext_session'] };
  if (reply === 'Message size exceeds fixed limit') return { names: ['message_size_limit'], parameter: true };
  if (reply === 'Insufficient system storage') return { names: ['queue_minfree'], parameter: true };
  const loginMismatch = /^<.*>: Sender address rejected: (.*)$/s.exec(reply);
  if (loginMismatch && LOGIN_MISMATCH.test(loginMismatch[1])) {
    const names = loginMismatch[1].startsWith('not owned')
      ? ['reject_sender_login_mismatch', 'reject_authenticated_sender_login_mismatch', 'reject_known_sender_login_mismatch']
      : ['reject_sender_login_mismatch', 'reject_unauthenticated_sender_login_mismatch', 'reject_known_sender_login_mismatch'];
    return { names, replyClass: 'Sender address' };
  }
  const classed = CLASSED.exec(reply);
  if (!classed) return undefined;
  const replyClass = classed[2] as ReplyClass;
  const text = classed[3];
  for (const rule of CLASS_RULES) {
    if (rule.classes.includes(replyClass) && rule.text.test(text)) return { names: withAliases(rule.names), replyClass };
  }
  const generic = GENERIC[text];
  const access = ACCESS_OF_CLASS[replyClass];
  if (generic) {
    // "Access denied" is also what an access table's REJECT or DEFER without text gives
    const alsoAccess = text === 'Access denied' ? access : [];
    return { names: [...generic, ...alsoAccess], replyClass, lists: LISTS_OF_CLASS[replyClass], accessText: alsoAccess.length ? text : undefined };
  }
  // an address that resolves to the error or retry transport is refused with that transport's text
  const unlisted = replyClass === 'Recipient address' ? 'reject_unlisted_recipient' : replyClass === 'Sender address' ? 'reject_unlisted_sender' : undefined;
  if (!unlisted) return { names: access, replyClass, accessText: text, lists: LISTS_OF_CLASS[replyClass] };
  // x.1.y is an address status: the resolver's, likelier than an access table's
  const names = /^[45]\.1\./.test(enhancedStatus ?? '') ? [...withAliases([unlisted]), ...access] : [...access, ...withAliases([unlisted])];
  return { names, replyClass, accessText: text, lists: LISTS_OF_CLASS[replyClass] };
}
