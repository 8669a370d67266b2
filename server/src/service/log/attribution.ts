/**
 * Which restriction produced a logged verdict: by its reply text alone
 * (replyOrigin), and given the configuration, the occurrence smtpd evaluated
 * first among those that can give that reply — in the lists of the service
 * that logged it (its syslog_name), with warn_if_reject telling a
 * reject_warning line's occurrence from a reject line's, and access tables
 * read to find the one that holds the text. Postscreen, header/body checks
 * and milters are named by the parameter that configures them.
 */
import type { FileSystem } from '../files';
import type { ConfigModel } from '../model/config';
import { expandValue } from '../model/expand';
import type { ConfigPlace } from '../model/tablePaths';
import type { Service } from '../syntax/masterCf';
import { listWords } from '../syntax/restrictionList';
import { tableGivesReply } from './accessReplies';
import type { LogLine } from './logLine';
import { replyOrigin, type ReplyOrigin } from './replyOrigin';
import { listsAt, serviceRestrictions, type Occurrence, type ServiceRestrictions } from './restrictionOrder';

export interface Attribution {
  /** the restriction as written in main.cf (or master.cf), or the parameter for postscreen, content checks and milters; null when unknown */
  restriction: string | null;
  /** its argument as written: a table, a DNS list, a policy service */
  argument: string | null;
  /** the file that holds it; null without a configuration or for a built-in check no list names */
  file: string | null;
  /** 0-based line of the restriction in `file` */
  line: number | null;
}

export interface AttributionConfig {
  model: ConfigModel;
  /** main.cf and master.cf as the report names them */
  mainPath: string;
  masterPath?: string;
  /** reads the access tables */
  files: FileSystem;
  place?: ConfigPlace;
}

/** What the reader of a log knows beside the line: the postscreen test that failed before a postscreen reject. */
export interface LineContext {
  postscreenEvent?: string;
}

export type Attributor = (line: LogLine, context?: LineContext) => Attribution;

const UNKNOWN: Attribution = { restriction: null, argument: null, file: null, line: null };

/** Restrictions that word their reply with the class of the list they stand in. */
const LIST_WORDED = new Set(['reject', 'defer', 'defer_if_permit', 'defer_if_reject', 'reject_unauth_pipelining', 'reject_multi_recipient_bounce']);
const DNS_LISTS = new Set([
  'reject_rbl_client',
  'reject_rbl',
  'reject_rhsbl_client',
  'reject_rhsbl_reverse_client',
  'reject_rhsbl_helo',
  'reject_rhsbl_sender',
  'reject_rhsbl_recipient',
]);

/** check_client_access, check_sender_mx_access, ...: restrictions whose argument is an access table. */
const isAccess = (key: string): boolean => key.startsWith('check_') && key.endsWith('_access');

/** The postscreen test behind a "Protocol error" reject, by the event logged before it. */
const POSTSCREEN_TESTS: Readonly<Record<string, string>> = {
  PREGREET: 'postscreen_greet_action',
  'BARE NEWLINE': 'postscreen_bare_newline_action',
  'COMMAND PIPELINING': 'postscreen_pipelining_action',
  'NON-SMTP COMMAND': 'postscreen_non_smtp_command_action',
};

/** The domain of a DNS list argument: "zen.spamhaus.org=127.0.0.[2..11]" or "list.example*2". */
const dnsDomain = (argument: string): string => argument.replace(/[=*].*$/s, '').toLowerCase();

/** The restriction a line's reply text names, without a configuration. */
function byReply(origin: ReplyOrigin): Attribution {
  return { restriction: origin.names[0] ?? null, argument: origin.dnsList ?? null, file: null, line: null };
}

/** Postscreen's rejects, by the test that failed; `site` picks a postscreen_dnsbl_sites entry. */
function postscreenParameter(line: LogLine, context: LineContext | undefined): { parameter: string; dnsList?: string } {
  const dnsbl = /blocked using (\S+)$/.exec(line.reply ?? '');
  if (dnsbl) return { parameter: 'postscreen_dnsbl_sites', dnsList: dnsbl[1] };
  if (/^Service currently unavailable$/.test(line.reply ?? '')) {
    return { parameter: line.code?.startsWith('4') ? 'postscreen' : 'postscreen_access_list' };
  }
  const test = context?.postscreenEvent && POSTSCREEN_TESTS[context.postscreenEvent];
  return { parameter: test || 'postscreen' };
}

/** Header and body checks and milters: the parameter that configures them. */
function contentParameter(line: LogLine): string | undefined {
  if (line.kind === 'content') return line.part === 'body' ? 'body_checks' : 'header_checks';
  if (line.kind === 'milter') return line.program === 'cleanup' && line.client?.name === 'local' ? 'non_smtpd_milters' : 'smtpd_milters';
  return undefined;
}

/** Attribution by reply text alone: what `log` reports without --config. */
export const attributeByReply: Attributor = (line, context) => {
  if (line.program === 'postscreen') {
    const p = postscreenParameter(line, context);
    return { restriction: p.parameter, argument: p.dnsList ?? null, file: null, line: null };
  }
  const parameter = contentParameter(line);
  if (parameter) return { restriction: parameter, argument: null, file: null, line: null };
  const origin = line.reply === undefined ? undefined : replyOrigin(line.reply, line);
  return origin ? byReply(origin) : UNKNOWN;
};

/** Postfix's default syslog_name, which the parameter data states only as "see postconf -d". */
const DEFAULT_SYSLOG_NAME = '${multi_instance_name?{$multi_instance_name}:{postfix}}';

/** The value syslog_name has in each smtpd service, to find the service that logged a line. */
function servicesBySyslogName(model: ConfigModel): Map<string, Service[]> {
  const main = model.effective('syslog_name') ? '$syslog_name' : DEFAULT_SYSLOG_NAME;
  const byName = new Map<string, Service[]>();
  for (const service of model.master?.services ?? []) {
    if (service.command !== 'smtpd' || service.commented) continue;
    const o = service.overrides.filter((x) => x.name === 'syslog_name').pop();
    const name = expandValue(model, o ? o.value.replaceAll('$syslog_name', main).replaceAll('${syslog_name}', main) : main).value.trim();
    byName.set(name, [...(byName.get(name) ?? []), service]);
  }
  return byName;
}

const LIST_OVERRIDE = /^smtpd_\w+_restrictions$|^smtpd_restriction_classes$|^smtpd_relay_before_recipient_restrictions$/;

export function createAttributor(config: AttributionConfig): Attributor {
  const { model } = config;
  const services = servicesBySyslogName(model);
  const restrictions = new Map<Service | undefined, ServiceRestrictions>();
  const listsOf = (service: Service | undefined): ServiceRestrictions => {
    let r = restrictions.get(service);
    if (!r) {
      r = serviceRestrictions(model, service);
      restrictions.set(service, r);
    }
    return r;
  };
  /** Services that share a syslog_name are told apart only when one keeps main.cf's lists. */
  const serviceFor = (syslogName: string): Service | undefined => {
    const candidates = services.get(syslogName) ?? [];
    if (candidates.length <= 1) return candidates[0];
    return candidates.find((s) => !s.overrides.some((o) => LIST_OVERRIDE.test(o.name))) ?? candidates[0];
  };
  const fileOf = (occurrence: Pick<Occurrence, 'file'>): string | null =>
    occurrence.file === 'main.cf' ? config.mainPath : occurrence.file === 'master.cf' ? (config.masterPath ?? null) : null;
  const fromOccurrence = (o: Occurrence): Attribution => {
    const file = fileOf(o);
    return { restriction: o.name, argument: o.argument ?? null, file, line: file === null ? null : (o.line ?? null) };
  };
  /** A parameter of main.cf: its value as the argument, its line. */
  const fromParameter = (name: string, argument?: (value: string) => { text: string; offset: number } | undefined): Attribution => {
    const a = model.effective(name);
    if (!a) return { restriction: name, argument: null, file: null, line: null };
    const picked = argument ? argument(a.value) : { text: a.value.trim(), offset: a.value.length - a.value.trimStart().length };
    const line = picked ? a.source.position(picked.offset).line : a.nameRange.start.line;
    return { restriction: name, argument: picked ? picked.text : null, file: config.mainPath, line };
  };

  const smtpd = (line: LogLine, origin: ReplyOrigin): Attribution => {
    if (origin.parameter) return fromParameter(origin.names[0], () => undefined);
    const service = serviceFor(line.syslogName);
    const lists = listsOf(service);
    const warned = line.kind === 'reject_warning';
    let unread: Occurrence | undefined;
    let policy: Occurrence | undefined;
    const consider = (o: Occurrence): Occurrence | undefined => {
      if (o.warned !== warned) return undefined;
      if (o.key === 'check_policy_service') {
        if (origin.accessText !== undefined) policy ??= o;
        return undefined;
      }
      if (!origin.names.includes(o.key)) return undefined;
      if (LIST_WORDED.has(o.key) && origin.lists && !origin.lists.includes(o.stage)) return undefined;
      if (DNS_LISTS.has(o.key)) return o.argument && dnsDomain(o.argument) === origin.dnsList?.toLowerCase() ? o : undefined;
      if (origin.accessText !== undefined && isAccess(o.key)) {
        const gives = o.argument === undefined ? undefined : tableGivesReply(o.argument, origin.accessText, config);
        if (gives === undefined) unread ??= o;
        return gives ? o : undefined;
      }
      return o;
    };
    for (const stage of listsAt(line.stage ?? '', lists.relayFirst)) {
      for (const o of lists.lists.get(stage) ?? []) {
        const found = consider(o);
        if (found) return fromOccurrence(found);
      }
    }
    for (const o of lists.reachedByTables) {
      const found = consider(o);
      if (found) return fromOccurrence(found);
    }
    const fallback = policy ?? unread;
    if (fallback) return fromOccurrence(fallback);
    // the checks smtpd makes with no list naming them
    if (origin.names.includes('reject_unlisted_recipient') && lists.rejectUnlistedRecipient) return { ...UNKNOWN, restriction: 'reject_unlisted_recipient' };
    if (origin.names.includes('reject_unlisted_sender') && lists.rejectUnlistedSender) return { ...UNKNOWN, restriction: 'reject_unlisted_sender' };
    return byReply(origin);
  };

  return (line, context) => {
    if (line.program === 'postscreen') {
      const p = postscreenParameter(line, context);
      if (!p.dnsList) return fromParameter(p.parameter);
      const domain = p.dnsList.toLowerCase();
      const found = fromParameter(p.parameter, (value) => {
        const site = listWords(value).find((w) => dnsDomain(w.text) === domain);
        return site ? { text: site.text, offset: site.start } : undefined;
      });
      return { ...found, argument: found.argument ?? p.dnsList };
    }
    const parameter = contentParameter(line);
    if (parameter) return fromParameter(parameter);
    const origin = line.reply === undefined ? undefined : replyOrigin(line.reply, line);
    return origin ? smtpd(line, origin) : UNKNOWN;
  };
}
