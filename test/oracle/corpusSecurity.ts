/**
 * The security diagnostics each corpus file gets, read and judged true: a
 * new or a lost one fails the corpus tests. Lines are 1-based; files not
 * listed get none. Judged with target 3.11 and no file system.
 */
export const SECURITY_CODES: ReadonlySet<string> = new Set([
  'open-relay',
  'mynetworks-too-wide',
  'compatibility-level-legacy',
  'xclient-hosts-too-wide',
  'sasl-without-tls',
  'sasl-anonymous-allowed',
  'tls-without-certificate',
  'tls-required-on-mx',
  'tls-legacy-files-ignored',
  'weak-tls-protocols',
  'weak-tls-ciphers',
  'outbound-tls-disabled',
  'vrfy-enabled',
  'banner-leaks-version',
  'domain-in-two-classes',
  'duplicate-listener',
  'postscreen-incomplete',
]);

/** main.cf files, each judged with the master.cf of the same origin (else the stock one). */
export const MAIN_SECURITY: Readonly<Record<string, readonly string[]>> = {
  'Administrative-Project__etc_postfix_main.cf': ['1:compatibility-level-legacy'],
  'Nothing4You-config__etc_postfix_main.cf': ['1:compatibility-level-legacy', '63:sasl-without-tls'],
  'anthonos_SuSE_historical__etc_postfix_main.cf': ['1:compatibility-level-legacy'],
  'anubis.juliacomputing.io__postfix_main.cf': ['1:compatibility-level-legacy'],
  'carbonio-mta__mta_postfix_main.cf': ['1:compatibility-level-legacy'],
  'catatsuy_org_settings__etc_postfix_main.cf': ['1:compatibility-level-legacy'],
  'gpgalias__etc_postfix_main.cf': ['1:compatibility-level-legacy', '17:sasl-without-tls'],
  'iRedMail__samples_postfix_main.cf': ['1:compatibility-level-legacy'],
  'kolab__docker_postfix_rootfs_etc_postfix_main.cf': ['541:sasl-without-tls'],
  'mail-conf__postfix_main.cf': ['1:compatibility-level-legacy', '42:sasl-without-tls'],
  'postfix-cyrus-mysql__etc_postfix_main.cf': ['1:compatibility-level-legacy', '66:sasl-without-tls'],
  'servconf__etc_postfix_main.cf': ['1:compatibility-level-legacy'],
  'sovereign__roles_mailserver_templates_etc_postfix_main.cf.j2': ['1:compatibility-level-legacy'],
};

/** master.cf files, each judged with the main.cf of the same origin (else an empty one). */
export const MASTER_SECURITY: Readonly<Record<string, readonly string[]>> = {
  'Open-Mail-Relay__postfix_master.cf': ['6:sasl-without-tls'],
  'carbonio-mta__mta_postfix_master.cf': ['16:sasl-without-tls'],
  'kolab__docker_postfix_rootfs_etc_postfix_master.cf': ['20:sasl-without-tls', '37:sasl-without-tls'],
  'mail-conf__postfix_master.cf': ['22:sasl-without-tls'],
  'mailcow-dockerized__data_conf_postfix_master.cf': ['50:sasl-without-tls', '59:sasl-without-tls', '68:sasl-without-tls'],
};

/** "line:code" of the security diagnostics of a report. */
export const securitySummary = (diagnostics: readonly { code?: unknown; range: { start: { line: number } } }[]): string[] =>
  diagnostics.filter((d) => SECURITY_CODES.has(String(d.code))).map((d) => `${d.range.start.line + 1}:${String(d.code)}`);
