import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { Range } from './syntax/text';

export { DiagnosticSeverity, type Diagnostic };

/** Stable diagnostic codes: users silence and re-rank them by these names. */
export enum Code {
  SyntaxError = 'syntax-error',
  UnknownParameter = 'unknown-parameter',
  UndefinedParameterReference = 'undefined-parameter-reference',
  ReadOnlyParameter = 'read-only-parameter',
  DuplicateParameter = 'duplicate-parameter',
  DuplicateParameterSameValue = 'duplicate-parameter-same-value',
  InvalidValue = 'invalid-value',
  TimeValueIgnoredText = 'time-value-ignored-text',
  EmptyMacroName = 'empty-macro-name',
  ReferenceCycle = 'reference-cycle',
  InvalidTableName = 'invalid-table-name',
  InlineComment = 'inline-comment',
  AssignmentInValue = 'assignment-in-value',
  DeprecatedParameter = 'deprecated-parameter',
  ParameterNewerThanTarget = 'parameter-newer-than-target',
  UnknownRestriction = 'unknown-restriction',
  RestrictionMissingArgument = 'restriction-missing-argument',
  RestrictionInvalidArgument = 'restriction-invalid-argument',
  NoRelayProtection = 'no-relay-protection',
  UnreachableRestriction = 'unreachable-restriction',
  RestrictionWrongStage = 'restriction-wrong-stage',
  DanglingWarnIfReject = 'dangling-warn-if-reject',
  HeloNotRequired = 'helo-not-required',
  DeprecatedRestriction = 'deprecated-restriction',
  RestrictionNewerThanTarget = 'restriction-newer-than-target',
  MissingLookupTable = 'missing-lookup-table',
  MasterSyntax = 'master-syntax',
  InvalidServiceType = 'invalid-service-type',
  InvalidServiceFlag = 'invalid-service-flag',
  InvalidWakeup = 'invalid-wakeup',
  InvalidMaxproc = 'invalid-maxproc',
  InvalidServiceName = 'invalid-service-name',
  DuplicateService = 'duplicate-service',
  UnknownDaemon = 'unknown-daemon',
  UnknownPipeMacro = 'unknown-pipe-macro',
  SubmissionInheritsMxChecks = 'submission-inherits-mx-checks',
  TableMissingValue = 'table-missing-value',
  TableSyntaxError = 'table-syntax-error',
  InvalidTablePattern = 'invalid-table-pattern',
  PcreNotVerified = 'pcre-not-verified',
  UnmatchedTableIf = 'unmatched-table-if',
  DuplicateLookupKey = 'duplicate-lookup-key',
  InvalidAccessAction = 'invalid-access-action',
  InvalidAccessKey = 'invalid-access-key',
  AccessActionNewerThanTarget = 'access-action-newer-than-target',
  InvalidHeaderCheckAction = 'invalid-header-check-action',
  StaleLookupTable = 'stale-lookup-table',
  MissingRequiredParameter = 'missing-required-parameter',
  InvalidPercentExpansion = 'invalid-percent-expansion',
  UnquotedSqlExpansion = 'unquoted-sql-expansion',
  OpenRelay = 'open-relay',
  MynetworksTooWide = 'mynetworks-too-wide',
  CompatibilityLevelLegacy = 'compatibility-level-legacy',
  XclientHostsTooWide = 'xclient-hosts-too-wide',
  SaslWithoutTls = 'sasl-without-tls',
  SaslAnonymousAllowed = 'sasl-anonymous-allowed',
  TlsWithoutCertificate = 'tls-without-certificate',
  TlsRequiredOnMx = 'tls-required-on-mx',
  TlsLegacyFilesIgnored = 'tls-legacy-files-ignored',
  WeakTlsProtocols = 'weak-tls-protocols',
  WeakTlsCiphers = 'weak-tls-ciphers',
  OutboundTlsDisabled = 'outbound-tls-disabled',
  VrfyEnabled = 'vrfy-enabled',
  BannerLeaksVersion = 'banner-leaks-version',
  DomainInTwoClasses = 'domain-in-two-classes',
  DuplicateListener = 'duplicate-listener',
  PostscreenIncomplete = 'postscreen-incomplete',
  FileTooLarge = 'file-too-large',
  BinaryFile = 'binary-file',
}

export interface CodeInfo {
  severity: DiagnosticSeverity;
  description: string;
}

export const codeInfo: Record<Code, CodeInfo> = {
  [Code.SyntaxError]: {
    severity: DiagnosticSeverity.Error,
    description: 'A line Postfix cannot read: no "=", a continuation line with nothing to continue, an unbalanced ${ or $(.',
  },
  [Code.UnknownParameter]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A name Postfix does not know and nothing uses; postconf reports it as an "unused parameter" and Postfix ignores it.',
  },
  [Code.UndefinedParameterReference]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A $name that no parameter defines; Postfix expands it to an empty string.',
  },
  [Code.ReadOnlyParameter]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A parameter Postfix sets itself; an assignment in main.cf is ignored.',
  },
  [Code.DuplicateParameter]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'A parameter set again with another value; the last assignment wins, the earlier ones have no effect, and postconf warns where the value changes.',
  },
  [Code.DuplicateParameterSameValue]: {
    severity: DiagnosticSeverity.Hint,
    description: 'A parameter set again with the same value; postconf does not warn, and removing the earlier line changes nothing.',
  },
  [Code.TimeValueIgnoredText]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A time value with more after its unit letter, such as 1h30m: Postfix reads the first number and unit (1h) and silently ignores the rest.',
  },
  [Code.EmptyMacroName]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A "$" that starts no parameter reference (before a blank, a dot, a slash, the end of the value ...): Postfix stops with "empty macro name" when it expands the value. A literal dollar sign is written "$$".',
  },
  [Code.ReferenceCycle]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A loop of $name references (a = $b, b = $a), directly or through a default: Postfix expands it until it gives up ("unreasonable macro call nesting") and stops.',
  },
  [Code.InvalidTableName]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A word of a table list (virtual_alias_maps, header_checks ...) that Postfix cannot open as a table: no type:name form (the daemon stops), or a type Postfix does not know (every lookup fails and mail waits).',
  },
  [Code.InvalidValue]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A value of the wrong kind (boolean, time, number, keyword); the Postfix daemons refuse to start with it, or for some database client settings warn and use the default.',
  },
  [Code.InlineComment]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'A " #" inside a value: main.cf has comments only on lines of their own, so the text after # is part of the value. An error where that makes the value one Postfix refuses.',
  },
  [Code.AssignmentInValue]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'An indented "name = value" line inside a value: Postfix reads it as more of the value above, so the parameter is not set and the value takes in its words.',
  },
  [Code.DeprecatedParameter]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A parameter that is renamed, obsolete or removed; use its replacement.',
  },
  [Code.ParameterNewerThanTarget]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A parameter that the target Postfix version does not have yet; that Postfix ignores it.',
  },
  [Code.UnknownRestriction]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A word in a restriction list that is neither a restriction, a restriction class nor a type:table; smtpd answers 451 4.3.5 when it reaches it.',
  },
  [Code.RestrictionMissingArgument]: {
    severity: DiagnosticSeverity.Error,
    description: 'A restriction that needs an argument (a table, a DNS list, a policy server, seconds) ends the list; smtpd answers 451 4.3.5.',
  },
  [Code.RestrictionInvalidArgument]: {
    severity: DiagnosticSeverity.Error,
    description:
      'The word after a restriction is not the argument it takes: not a type:table, an unknown table type, a bad DNS list reply filter, a bad policy server or number.',
  },
  [Code.NoRelayProtection]: {
    severity: DiagnosticSeverity.Error,
    description:
      'Neither smtpd_relay_restrictions nor smtpd_recipient_restrictions has a working reject_unauth_destination, defer_unauth_destination, reject, defer or defer_if_permit; smtpd refuses to start rather than be an open relay.',
  },
  [Code.UnreachableRestriction]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A restriction after an unconditional permit, reject or defer: smtpd never gets to it.',
  },
  [Code.RestrictionWrongStage]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'A restriction in a list that runs before the data it tests exists (e.g. a recipient check in smtpd_client_restrictions with smtpd_delay_reject = no): it never fires.',
  },
  [Code.DanglingWarnIfReject]: {
    severity: DiagnosticSeverity.Warning,
    description: 'warn_if_reject at the end of a list or before a restriction that cannot reject: it does nothing.',
  },
  [Code.HeloNotRequired]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A HELO/EHLO check while smtpd_helo_required = no: a client that sends no HELO skips it.',
  },
  [Code.DeprecatedRestriction]: {
    severity: DiagnosticSeverity.Warning,
    description: 'An old restriction name, or one Postfix deprecated or removed; use its replacement.',
  },
  [Code.RestrictionNewerThanTarget]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A restriction the target Postfix version does not have yet; that smtpd answers 451 4.3.5 when it reaches it.',
  },
  [Code.MissingLookupTable]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'A table Postfix cannot open: an access table or a table a parameter names with no such file, no .db (.lmdb, .cdb ...) made from it for an indexed type, or a path that is not absolute; a database client configuration (mysql:, pgsql:, ldap: ...) that does not exist.',
  },
  [Code.MasterSyntax]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A master.cf entry Postfix cannot read: fewer than 8 fields, an unbalanced { }, a -o without name=value, an unknown daemon option, or a continuation line that belongs elsewhere.',
  },
  [Code.InvalidServiceType]: {
    severity: DiagnosticSeverity.Error,
    description: 'A service type other than inet, unix, unix-dgram, fifo or pass; postconf and master refuse the whole master.cf.',
  },
  [Code.InvalidServiceFlag]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A private, unpriv or chroot column that is not y, n or -, a private inet service, or a daemon that needs root running unprivileged; Postfix refuses it.',
  },
  [Code.InvalidWakeup]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A wakeup column that is not a number (optionally followed by ?) or -; postconf and master refuse it. Also a missing wake-up timer where the daemon needs one.',
  },
  [Code.InvalidMaxproc]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A maxproc column that is not a number or -, or a process limit the daemon does not accept (qmgr needs 1, cleanup 0, ...); Postfix refuses it.',
  },
  [Code.InvalidServiceName]: {
    severity: DiagnosticSeverity.Error,
    description: 'An inet service name that is not [host:]port: a bad port, an empty host or port, unbalanced [ ]; master stops at start-up.',
  },
  [Code.DuplicateService]: {
    severity: DiagnosticSeverity.Warning,
    description: 'Two entries for the same service name and type; master uses the last one and ignores the earlier one.',
  },
  [Code.UnknownDaemon]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A command that is not a Postfix daemon in daemon_directory; master cannot start the service and throttles it.',
  },
  [Code.UnknownPipeMacro]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A $macro in a pipe(8) argv= that pipe does not know; pipe defers every delivery through the service.',
  },
  [Code.SubmissionInheritsMxChecks]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'A submission service (SASL on, not port 25) that runs main.cf restriction lists rejecting clients for their HELO name, reverse DNS or a DNS block list before permit_sasl_authenticated: mail clients that log in are rejected.',
  },
  [Code.TableMissingValue]: {
    severity: DiagnosticSeverity.Error,
    description: 'A lookup table entry with a key and no value; postmap and the table readers skip the line, so the key is not in the table.',
  },
  [Code.TableSyntaxError]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A lookup table line the Postfix reader cannot use: an unbalanced quote, a pattern without its closing delimiter, a bad $number in a result, a continuation line with nothing to continue; Postfix skips it.',
  },
  [Code.InvalidTablePattern]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A regexp: or pcre: pattern that does not compile, an unknown pattern flag, or a cidr: network Postfix refuses (bad address, bad prefix length, host bits set); Postfix skips the rule.',
  },
  [Code.PcreNotVerified]: {
    severity: DiagnosticSeverity.Hint,
    description:
      'A pcre: pattern with constructs this checker does not model (recursion, conditionals, verbs, Unicode properties ...); it is not checked, so test it with postmap -q.',
  },
  [Code.UnmatchedTableIf]: {
    severity: DiagnosticSeverity.Error,
    description:
      'An IF without its ENDIF (the block then runs to the end of the table) or an ENDIF without an IF (Postfix ignores it) in a regexp:, pcre: or cidr: table.',
  },
  [Code.DuplicateLookupKey]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A key or pattern already in the table; only one of the entries is ever used.',
  },
  [Code.InvalidAccessAction]: {
    severity: DiagnosticSeverity.Error,
    description:
      'An access table result smtpd cannot act on: an unknown action or restriction, a reply code outside 4NN/5NN, an action without the argument it needs, a lookup table inside the result; smtpd answers 451 4.3.5 or ignores the entry.',
  },
  [Code.InvalidAccessKey]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'An access table key that smtpd never looks up in an indexed table, such as a network/prefix, an address in [brackets] or with leading zeros; the entry never matches.',
  },
  [Code.AccessActionNewerThanTarget]: {
    severity: DiagnosticSeverity.Warning,
    description: 'An access or header_checks action, or a restriction in an access table result, that the target Postfix version does not have yet.',
  },
  [Code.InvalidHeaderCheckAction]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A header_checks or body_checks result that cleanup (or the SMTP client) does not know, or an action without the text it needs; Postfix logs a warning for each message and does nothing.',
  },
  [Code.StaleLookupTable]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'The indexed table file that Postfix reads (.db, .lmdb, .cdb ...) is missing or older than its source; run postmap so that Postfix sees the changes.',
  },
  [Code.MissingRequiredParameter]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A database client configuration without a setting its client needs (the database of mysql:, the query or the obsolete table, select_field and where_field, the search base of ldap:): the client stops when it opens the table.',
  },
  [Code.InvalidPercentExpansion]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A % in a database query, filter or result format that is none of %%, %s, %u, %d, %S, %U, %D or %1 to %9: the client stops when it opens the table.',
  },
  [Code.UnquotedSqlExpansion]: {
    severity: DiagnosticSeverity.Warning,
    description:
      "An sqlite query that puts %s, %u, %d or another expansion outside '' quotes: the client's escaping protects only quoted text, so a lookup key can change the query.",
  },
  [Code.OpenRelay]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A relay or recipient list that lets mail for any domain through before its reject_unauth_destination: an unconditional permit, or an access table that answers OK for everyone.',
  },
  [Code.MynetworksTooWide]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'mynetworks trusts every address (an error) or a public network wider than /24 or /48, or mynetworks_style = class a whole classful network: clients there may relay through the server.',
  },
  [Code.CompatibilityLevelLegacy]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'compatibility_level is below 2 or not set (level 0) and mynetworks or relay_domains is not set: the older, wider defaults (mynetworks_style = subnet, relay_domains = $mydestination) apply.',
  },
  [Code.XclientHostsTooWide]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'smtpd_authorized_xclient_hosts or smtpd_authorized_xforward_hosts lists more than single hosts: a client there can claim any address and be trusted as if it came from it.',
  },
  [Code.SaslWithoutTls]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'SMTP AUTH is on for an smtpd that does not require TLS and smtpd_tls_auth_only is not yes: clients may send their passwords before or without STARTTLS, readable by anyone on the path.',
  },
  [Code.SaslAnonymousAllowed]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'smtpd_sasl_security_options is set without noanonymous where SMTP AUTH is on: a client may log in anonymously and be treated as authenticated, which permit_sasl_authenticated lets relay.',
  },
  [Code.TlsWithoutCertificate]: {
    severity: DiagnosticSeverity.Error,
    description:
      'TLS is turned on for an smtpd (security level may or encrypt) but no server certificate is set: smtpd logs "No server certs available" and answers every STARTTLS with an error, so no session is encrypted.',
  },
  [Code.TlsRequiredOnMx]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'The port 25 smtpd requires TLS (smtpd_tls_security_level = encrypt): servers that cannot or do not use STARTTLS cannot deliver mail to this MX, and RFC 3207 forbids it for a public MX.',
  },
  [Code.TlsLegacyFilesIgnored]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'A certificate or key file parameter set beside the tls_chain_files of the same program, which takes precedence: Postfix ignores the older parameter and logs a warning.',
  },
  [Code.WeakTlsProtocols]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A TLS protocol list that lets SSLv2 or SSLv3 through: a connection can fall back to a protocol whose encryption attackers can break.',
  },
  [Code.WeakTlsCiphers]: {
    severity: DiagnosticSeverity.Warning,
    description: 'A TLS cipher grade of export, low or NULL: connections may use ciphers an attacker can break, or no encryption at all.',
  },
  [Code.OutboundTlsDisabled]: {
    severity: DiagnosticSeverity.Hint,
    description:
      'smtp_tls_security_level is set to none or empty: the SMTP client never uses STARTTLS, so all mail it sends crosses the network readable by anyone on the path.',
  },
  [Code.VrfyEnabled]: {
    severity: DiagnosticSeverity.Hint,
    description: 'disable_vrfy_command = no is set: anyone who connects can ask VRFY which addresses exist and collect them for spam.',
  },
  [Code.BannerLeaksVersion]: {
    severity: DiagnosticSeverity.Hint,
    description: 'smtpd_banner shows $mail_version: everyone who connects learns the exact Postfix release and which of its flaws to try.',
  },
  [Code.DomainInTwoClasses]: {
    severity: DiagnosticSeverity.Error,
    description:
      'A domain listed in two address classes that Postfix warns about (mydestination, virtual_alias_domains, virtual_mailbox_domains, relay_domains): only the first class counts, and trivial-rewrite logs a warning for each of its addresses.',
  },
  [Code.DuplicateListener]: {
    severity: DiagnosticSeverity.Warning,
    description:
      'Two master.cf inet services, named differently, that listen on the same address and port: before Postfix 3.6 master cannot bind the second one and stops; since then the kernel hands each connection to either service at random.',
  },
  [Code.PostscreenIncomplete]: {
    severity: DiagnosticSeverity.Error,
    description:
      'postscreen runs without a service it hands work to: the smtpd pass service for clients that pass, dnsblog for DNS block lists, tlsproxy for STARTTLS.',
  },
  [Code.FileTooLarge]: {
    severity: DiagnosticSeverity.Information,
    description:
      'The file is too large to check while typing; the server leaves it unchecked and answers no requests for it, so that the editor stays responsive.',
  },
  [Code.BinaryFile]: {
    severity: DiagnosticSeverity.Warning,
    description: 'The file holds NUL bytes: it is not text (a compiled .db table, a UTF-16 file ...), so it is not checked.',
  },
};

export const allCodes = Object.values(Code) as Code[];

/** What a diagnostic carries in Diagnostic.data for the code actions. */
export interface FixData {
  fixes: Fix[];
}

/** A quick fix: edits to the checked document, maybe after creating a file. */
export interface Fix {
  title: string;
  edits: { range: Range; newText: string }[];
  preferred?: boolean;
  /** absolute path of a file to create before the edits */
  createFile?: string;
  /** a client command to run instead of (or after) the edits, e.g. postfix.runPostmap */
  command?: { title: string; command: string; arguments: string[] };
}

export function diagnostic(code: Code, range: Range, message: string, fixes: Fix[] = [], severity?: DiagnosticSeverity): Diagnostic {
  const d: Diagnostic = { range, severity: severity ?? codeInfo[code].severity, code, source: 'postfix', message };
  if (fixes.length) d.data = { fixes } satisfies FixData;
  return d;
}
