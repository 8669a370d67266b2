/**
 * Every diagnostic code is declared by a check in checks/registry.ts (or is
 * one of the notices the server gives instead of checking), and one small
 * example per code, run through the entry points the server and the CLI use,
 * reports it. A new code fails here until it has both.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkMainCf, ConfigModel, type CheckReport } from '../../server/src/service';
import { binaryFileDiagnostic } from '../../server/src/service/binaryFile';
import type { CheckDescriptor } from '../../server/src/service/checks/check';
import { CHECKS, NOTICE_CODES } from '../../server/src/service/checks/registry';
import { allCodes, Code, type Diagnostic } from '../../server/src/service/diagnostics';
import { MAX_CHECKED_CHARACTERS, tooLargeDiagnostic } from '../../server/src/service/limits';
import { checkMasterCf } from '../../server/src/service/masterCf';
import type { TableRole } from '../../server/src/service/model/tableDetect';
import { defaultSettings } from '../../server/src/service/settings';
import type { TableFlavour } from '../../server/src/service/syntax/table';
import type { TableFiles } from '../../server/src/service/files';
import { checkTable } from '../../server/src/service/tableService';
import { checkClientFile, parseClientFile } from '../../server/src/service/dbmsService';

type Example = { target?: string } & (
  | { kind: 'main'; main: string; files?: TableFiles }
  | { kind: 'master'; master: string; main?: string }
  | { kind: 'table'; text: string; flavour: TableFlavour; role: TableRole; type?: string; files?: TableFiles }
  | { kind: 'dbms'; text: string; type: string }
  | { kind: 'notice'; make: () => Diagnostic | undefined }
);

/** A file system without any file but `path`, which is newer than its .db. */
const editedAfterPostmap = (path: string): TableFiles => ({
  exists: (p) => p === path || p === `${path}.db`,
  list: () => [],
  mtime: (p) => (p === path ? 2_000 : p === `${path}.db` ? 1_000 : undefined),
});
const noFiles: TableFiles = { exists: () => false, list: () => [], mtime: () => undefined };

const SMTPD = 'smtp      inet  n       -       n       -       -       smtpd';

const EXAMPLES: Record<Code, Example> = {
  [Code.SyntaxError]: { kind: 'main', main: 'mydomain example.com\n' },
  [Code.UnknownParameter]: { kind: 'main', main: 'smtpd_helo_requird = yes\n' },
  [Code.UndefinedParameterReference]: { kind: 'main', main: 'myorigin = $mydomian\n' },
  [Code.ReadOnlyParameter]: { kind: 'master', master: `${SMTPD}\n  -o process_id=12\n` },
  [Code.DuplicateParameter]: { kind: 'main', main: 'myhostname = a.example.com\nmyhostname = b.example.com\n' },
  [Code.DuplicateParameterSameValue]: { kind: 'main', main: 'mydomain = example.com\nmydomain = example.com\n' },
  [Code.InvalidValue]: { kind: 'main', main: 'smtpd_helo_required = maybe\n' },
  [Code.InvalidTableName]: { kind: 'main', main: 'virtual_alias_maps = hashh:/etc/postfix/virtual\n' },
  [Code.ReferenceCycle]: { kind: 'main', main: 'myorigin = $mydomain\nmydomain = $myorigin\n' },
  [Code.EmptyMacroName]: { kind: 'main', main: 'virtual_alias_maps = regexp:{{/^a$/ b}}\n' },
  [Code.TimeValueIgnoredText]: { kind: 'main', main: 'maximal_queue_lifetime = 1h30m\n' },
  [Code.InlineComment]: { kind: 'main', main: 'myhostname = localhost # set at runtime\n' },
  [Code.AssignmentInValue]: { kind: 'main', main: 'smtpd_recipient_restrictions =\n    reject_unauth_destination\n    smtpd_banner = $myhostname ESMTP\n' },
  [Code.DeprecatedParameter]: { kind: 'main', main: 'smtpd_use_tls = yes\n' },
  [Code.ParameterNewerThanTarget]: { kind: 'main', main: 'requiretls_enable = yes\n', target: '3.7' },
  [Code.UnknownRestriction]: { kind: 'main', main: 'smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destinaton\n' },
  [Code.RestrictionMissingArgument]: { kind: 'main', main: 'smtpd_sender_restrictions = reject_non_fqdn_sender, check_sender_access\n' },
  [Code.RestrictionInvalidArgument]: { kind: 'main', main: 'smtpd_client_restrictions = reject_rbl_client zen.spamhaus.org=127.0.0.256\n' },
  [Code.NoRelayProtection]: { kind: 'main', main: 'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated\n' },
  [Code.UnreachableRestriction]: {
    kind: 'main',
    main: 'smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination, permit, reject_rbl_client zen.spamhaus.org\n',
  },
  [Code.RestrictionWrongStage]: {
    kind: 'main',
    main: 'smtpd_delay_reject = no\nsmtpd_client_restrictions = check_sender_access hash:/etc/postfix/sender_access\n',
  },
  [Code.DanglingWarnIfReject]: { kind: 'main', main: 'smtpd_client_restrictions = reject_unknown_client_hostname, warn_if_reject\n' },
  [Code.HeloNotRequired]: { kind: 'main', main: 'smtpd_helo_restrictions = reject_invalid_helo_hostname\n' },
  [Code.DeprecatedRestriction]: { kind: 'master', master: `${SMTPD}\n  -o smtpd_helo_restrictions=reject_invalid_hostname\n` },
  [Code.RestrictionNewerThanTarget]: { kind: 'main', main: 'smtpd_client_restrictions = check_client_a_access hash:/etc/postfix/client_a\n', target: '2.11' },
  [Code.MissingLookupTable]: { kind: 'main', main: 'smtpd_sender_restrictions = check_sender_access hash:/etc/postfix/sender_access\n', files: noFiles },
  [Code.MasterSyntax]: { kind: 'master', master: 'smtp      inet  n       -       n       -       -\n' },
  [Code.InvalidServiceType]: { kind: 'master', master: 'smtp      inte  n       -       n       -       -       smtpd\n' },
  [Code.InvalidServiceFlag]: { kind: 'master', master: 'smtp      inet  -       -       n       -       -       smtpd\n' },
  [Code.InvalidWakeup]: { kind: 'master', master: 'pickup    unix  n       -       n       1m      1       pickup\n' },
  [Code.InvalidMaxproc]: { kind: 'master', master: 'qmgr      unix  n       -       n       300     -       qmgr\n' },
  [Code.InvalidServiceName]: { kind: 'master', master: '127.0.0.1:10025x inet n  -       n       -       -       smtpd\n' },
  [Code.DuplicateService]: { kind: 'master', master: `${SMTPD}\nsmtp      inet  n       -       n       -       1       postscreen\n` },
  [Code.UnknownDaemon]: { kind: 'master', master: 'smtp      inet  n       -       n       -       -       smtpdd\n' },
  [Code.UnknownPipeMacro]: {
    kind: 'master',
    master: 'maildrop  unix  -       n       n       -       -       pipe\n  flags=DRXhu user=vmail argv=/usr/bin/maildrop -d ${recipent}\n',
  },
  [Code.SubmissionInheritsMxChecks]: {
    kind: 'master',
    main: 'compatibility_level = 3.6\nsmtpd_helo_required = yes\nsmtpd_helo_restrictions = reject_non_fqdn_helo_hostname\n',
    master: 'submission inet n       -       n       -       -       smtpd\n  -o smtpd_sasl_auth_enable=yes\n',
  },
  [Code.TableMissingValue]: { kind: 'table', text: 'spammer@example.com\n', flavour: 'indexed', role: 'access' },
  [Code.TableSyntaxError]: { kind: 'table', text: '/^Subject: .*\\$\\d+/    REJECT price in $ is spam\n', flavour: 'regexp', role: 'header_checks' },
  [Code.InvalidTablePattern]: { kind: 'table', text: '192.0.2.1/24    REJECT\n', flavour: 'cidr', role: 'access' },
  [Code.PcreNotVerified]: { kind: 'table', text: '/^(\\((?:[^()]|(?1))*\\))$/    REJECT nested\n', flavour: 'pcre', role: 'header_checks' },
  [Code.UnmatchedTableIf]: { kind: 'table', text: 'if /^From:/\n/spam/    REJECT\n', flavour: 'regexp', role: 'header_checks' },
  [Code.DuplicateLookupKey]: { kind: 'table', text: 'example.com    REJECT\nEXAMPLE.COM    OK\n', flavour: 'indexed', role: 'access' },
  [Code.InvalidAccessAction]: { kind: 'table', text: '192.0.2.7    550\n', flavour: 'indexed', role: 'access' },
  [Code.InvalidAccessKey]: { kind: 'table', text: '10.0.0.0/8    OK\n', flavour: 'indexed', role: 'access' },
  [Code.AccessActionNewerThanTarget]: { kind: 'table', text: 'example.com    BCC archive@example.com\n', flavour: 'indexed', role: 'access', target: '2.11' },
  [Code.InvalidHeaderCheckAction]: { kind: 'table', text: '/^X-Mailer:/    IGNOR\n', flavour: 'regexp', role: 'header_checks' },
  [Code.StaleLookupTable]: {
    kind: 'table',
    text: 'example.com    REJECT\n',
    flavour: 'indexed',
    role: 'access',
    type: 'hash',
    files: editedAfterPostmap('/etc/postfix/access'),
  },
  [Code.MissingRequiredParameter]: { kind: 'dbms', type: 'mysql', text: 'hosts = db.example.com\ndbname = mail\n' },
  [Code.UnquotedSqlExpansion]: {
    kind: 'dbms',
    type: 'sqlite',
    text: 'dbpath = /etc/postfix/mail.sqlite\nquery = SELECT goto FROM alias WHERE address = "%s"\n',
  },
  [Code.InvalidPercentExpansion]: { kind: 'dbms', type: 'mysql', text: "dbname = mail\nquery = SELECT goto FROM alias WHERE address = '%a'\n" },
  [Code.VrfyEnabled]: { kind: 'main', main: 'disable_vrfy_command = no\n' },
  [Code.BannerLeaksVersion]: { kind: 'main', main: 'smtpd_banner = $myhostname ESMTP $mail_name $mail_version\n' },
  [Code.DomainInTwoClasses]: { kind: 'main', main: 'mydestination = example.com, localhost\nvirtual_alias_domains = example.com\n' },
  [Code.DuplicateListener]: { kind: 'master', master: 'localhost:smtp inet n - n - - smtpd\n127.0.0.1:smtp inet n - n - - smtpd\n' },
  [Code.PostscreenIncomplete]: { kind: 'master', master: 'smtp      inet  n       -       n       -       1       postscreen\n' },
  [Code.OpenRelay]: { kind: 'main', main: 'smtpd_relay_restrictions = permit_mynetworks, check_client_access static:OK, reject_unauth_destination\n' },
  [Code.MynetworksTooWide]: { kind: 'main', main: 'mynetworks = 127.0.0.0/8, 0.0.0.0/0\n' },
  [Code.CompatibilityLevelLegacy]: { kind: 'main', main: 'compatibility_level = 1\n' },
  [Code.XclientHostsTooWide]: { kind: 'main', main: 'smtpd_authorized_xclient_hosts = 192.0.2.0/24\n' },
  [Code.SaslWithoutTls]: { kind: 'main', main: 'smtpd_sasl_auth_enable = yes\n' },
  [Code.SaslAnonymousAllowed]: { kind: 'main', main: 'smtpd_sasl_auth_enable = yes\nsmtpd_tls_auth_only = yes\nsmtpd_sasl_security_options = noplaintext\n' },
  [Code.TlsWithoutCertificate]: { kind: 'main', main: 'smtpd_tls_security_level = may\n' },
  [Code.TlsRequiredOnMx]: { kind: 'main', main: 'smtpd_tls_security_level = encrypt\nsmtpd_tls_chain_files = /etc/postfix/server.pem\n' },
  [Code.TlsLegacyFilesIgnored]: { kind: 'main', main: 'smtpd_tls_chain_files = /etc/postfix/server.pem\nsmtpd_tls_cert_file = /etc/postfix/cert.pem\n' },
  [Code.WeakTlsProtocols]: { kind: 'main', main: 'smtpd_tls_protocols = !SSLv2\n' },
  [Code.WeakTlsCiphers]: { kind: 'main', main: 'smtpd_tls_ciphers = export\n' },
  [Code.OutboundTlsDisabled]: { kind: 'main', main: 'smtp_tls_security_level = none\n' },
  [Code.FileTooLarge]: { kind: 'notice', make: () => tooLargeDiagnostic(MAX_CHECKED_CHARACTERS + 1) },
  [Code.BinaryFile]: { kind: 'notice', make: binaryFileDiagnostic },
};

function diagnosticsOf(example: Example): Diagnostic[] {
  const target = example.target ?? '3.11';
  let report: CheckReport;
  switch (example.kind) {
    case 'main':
      report = checkMainCf(new ConfigModel({ main: example.main }), defaultSettings, target, example.files, '/etc/postfix');
      break;
    case 'master':
      report = checkMasterCf(new ConfigModel({ main: example.main ?? 'compatibility_level = 3.6\n', master: example.master }), defaultSettings, target);
      break;
    case 'table': {
      const info = { path: '/etc/postfix/access', flavour: example.flavour, role: example.role, type: example.type };
      report = checkTable(example.text, info, { target, files: example.files }, defaultSettings);
      break;
    }
    case 'dbms':
      report = checkClientFile(
        parseClientFile(example.text),
        { path: '/etc/postfix/client.cf', type: example.type, source: 'comment' },
        target,
        defaultSettings,
      );
      break;
    case 'notice':
      return [example.make()].filter((d) => d !== undefined);
  }
  assert.deepEqual(report.failures, [], 'no check threw');
  return report.diagnostics;
}

/** Whether a check of this kind runs on the example's file. */
function runsOn(check: CheckDescriptor, example: Example): boolean {
  switch (example.kind) {
    case 'main':
      return check.kind === 'main' || check.kind === 'parameter';
    case 'master':
      return check.kind === 'master' || check.kind === 'parameter' || (check.kind === 'main' && check.overrideLists === true);
    case 'table':
      return check.kind === 'table';
    case 'dbms':
      return check.kind === 'dbms';
    case 'notice':
      return false;
  }
}

test('every code is declared by a check of the registry or is a notice, and every check declares codes', () => {
  const declared = new Set([...CHECKS.flatMap((c) => c.codes), ...NOTICE_CODES]);
  assert.deepEqual([...declared].sort(), [...allCodes].sort());
  for (const c of CHECKS) assert.ok(c.codes.length > 0, `${c.name} declares its codes`);
  assert.equal(new Set(CHECKS.map((c) => c.name)).size, CHECKS.length, 'check names are unique');
});

test('the examples cover exactly the codes', () => {
  assert.deepEqual(Object.keys(EXAMPLES).sort(), [...allCodes].sort());
});

for (const code of allCodes) {
  test(`${code}: its example reports it, from a check that declares it for that file`, () => {
    const example = EXAMPLES[code];
    assert.ok(
      diagnosticsOf(example).some((d) => d.code === code),
      `${code} is reported`,
    );
    if (example.kind === 'notice') assert.ok(NOTICE_CODES.includes(code));
    else
      assert.ok(
        CHECKS.some((c) => runsOn(c, example) && c.codes.includes(code)),
        `a ${example.kind} check declares ${code}`,
      );
  });
}
