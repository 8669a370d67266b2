/**
 * master.cf service templates offered as completion snippets. Each template,
 * with its placeholders filled in by their defaults, checks clean.
 */

export interface MasterTemplate {
  label: string;
  detail: string;
  documentation: string;
  /** LSP snippet syntax: ${1:default}, $0 */
  snippet: string;
}

const lines = (...l: string[]): string => l.join('\n');

export const MASTER_TEMPLATES: readonly MasterTemplate[] = [
  {
    label: 'submission (port 587)',
    detail: 'mail submission with STARTTLS and SASL',
    documentation:
      'Port 587 for mail clients: STARTTLS is required before anything else, and only clients that log in with SASL may send. ' +
      "The service sets every restriction list of its own, as Postfix's stock entry does: main.cf's lists are for the MX, and their HELO, reverse DNS and block list checks would turn away laptops that log in. " +
      'Needs working smtpd_tls_cert_file / smtpd_tls_key_file and a SASL setup (smtpd_sasl_type, smtpd_sasl_path) in main.cf.',
    snippet: lines(
      '${1:submission} inet n       -       n       -       -       smtpd',
      '  -o syslog_name=postfix/submission',
      '  -o smtpd_tls_security_level=encrypt',
      '  -o smtpd_sasl_auth_enable=yes',
      '  -o smtpd_tls_auth_only=yes',
      '  -o smtpd_client_restrictions=',
      '  -o smtpd_helo_restrictions=',
      '  -o smtpd_sender_restrictions=',
      '  -o smtpd_relay_restrictions=',
      '  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject',
      '  -o milter_macro_daemon_name=ORIGINATING$0',
    ),
  },
  {
    label: 'smtps (port 465)',
    detail: 'mail submission over implicit TLS',
    documentation:
      'Port 465 for mail clients that speak TLS from the first byte (RFC 8314), with SASL login required to send; its own restriction lists, as for port 587. ' +
      'Needs working smtpd_tls_cert_file / smtpd_tls_key_file and a SASL setup in main.cf.',
    snippet: lines(
      '${1:smtps}     inet  n       -       n       -       -       smtpd',
      '  -o syslog_name=postfix/smtps',
      '  -o smtpd_tls_wrappermode=yes',
      '  -o smtpd_sasl_auth_enable=yes',
      '  -o smtpd_client_restrictions=',
      '  -o smtpd_helo_restrictions=',
      '  -o smtpd_sender_restrictions=',
      '  -o smtpd_relay_restrictions=',
      '  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject',
      '  -o milter_macro_daemon_name=ORIGINATING$0',
    ),
  },
  {
    label: 'postscreen on port 25',
    detail: 'postscreen, its smtpd, dnsblog and tlsproxy',
    documentation:
      'postscreen answers port 25 and hands the clients that pass its tests to the smtpd "pass" service; dnsblog does its DNS list lookups and tlsproxy its STARTTLS. ' +
      'Replaces the usual "smtp inet ... smtpd" line: remove or comment out that one.',
    snippet: lines(
      'smtp      inet  n       -       n       -       1       postscreen',
      'smtpd     pass  -       -       n       -       -       smtpd',
      'dnsblog   unix  -       -       n       -       0       dnsblog',
      'tlsproxy  unix  -       -       n       -       0       tlsproxy$0',
    ),
  },
  {
    label: 'content filter (amavis style)',
    detail: 'smtp client to the filter, smtpd for mail coming back',
    documentation:
      'A content filter listening on 127.0.0.1:10024 (such as amavisd): the "smtp-amavis" client sends mail to it, and the smtpd on 127.0.0.1:10025 takes the filtered mail back without filtering or checking it again. ' +
      'Turn it on in main.cf with content_filter = smtp-amavis:[127.0.0.1]:10024.',
    snippet: lines(
      '${1:smtp-amavis} unix -      -       n       -       2       smtp',
      '  -o syslog_name=postfix/amavis',
      '  -o smtp_data_done_timeout=1200',
      '  -o smtp_send_xforward_command=yes',
      '  -o smtp_dns_support_level=disabled',
      '  -o max_use=20',
      '${2:127.0.0.1:10025} inet n  -       n       -       -       smtpd',
      '  -o syslog_name=postfix/10025',
      '  -o content_filter=',
      '  -o local_recipient_maps=',
      '  -o relay_recipient_maps=',
      '  -o smtpd_restriction_classes=',
      '  -o smtpd_delay_reject=no',
      '  -o smtpd_client_restrictions=permit_mynetworks,reject',
      '  -o smtpd_helo_restrictions=',
      '  -o smtpd_sender_restrictions=',
      '  -o smtpd_recipient_restrictions=permit_mynetworks,reject',
      '  -o smtpd_relay_restrictions=permit_mynetworks,reject',
      '  -o smtpd_data_restrictions=reject_unauth_pipelining',
      '  -o smtpd_end_of_data_restrictions=',
      '  -o mynetworks=127.0.0.0/8',
      '  -o smtpd_error_sleep_time=0',
      '  -o smtpd_soft_error_limit=1001',
      '  -o smtpd_hard_error_limit=1000',
      '  -o smtpd_client_connection_count_limit=0',
      '  -o smtpd_client_connection_rate_limit=0',
      '  -o receive_override_options=no_header_body_checks,no_unknown_recipient_checks,no_milters',
      '  -o smtpd_authorized_xforward_hosts=127.0.0.0/8$0',
    ),
  },
];

/** The text a snippet inserts when every placeholder keeps its default. */
export function snippetText(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}
