/**
 * The service and exposure checks: VRFY, the version in the banner, a domain
 * in two address classes, two services on one socket, postscreen without
 * its helpers. Each with a case that fires and a near miss that must not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkMainCf, ConfigModel, type CheckReport } from '../../server/src/service';
import { Code, DiagnosticSeverity } from '../../server/src/service/diagnostics';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { defaultSettings } from '../../server/src/service/settings';
import { range } from '../../server/src/service/syntax/text';
import { apply, fixes, text, withCode } from '../support/diagnostics';

const MAIN = 'compatibility_level = 3.6\n';
const SMTPD = 'smtp      inet  n       -       n       -       -       smtpd';
const POSTSCREEN = 'smtp      inet  n       -       n       -       1       postscreen';
const PASS = 'smtpd     pass  -       -       n       -       -       smtpd';

function main(text: string): CheckReport {
  const report = checkMainCf(new ConfigModel({ main: text }), defaultSettings, '3.11');
  assert.deepEqual(report.failures, [], 'no check threw');
  return report;
}

function master(text: string, mainText = MAIN, target = '3.11'): CheckReport {
  const report = checkMasterCf(new ConfigModel({ main: mainText, master: text }), defaultSettings, target);
  assert.deepEqual(report.failures, [], 'no check threw');
  return report;
}

// ---------------------------------------------------------------- vrfy-enabled

test('vrfy-enabled: disable_vrfy_command = no, in main.cf or a service -o; the fix turns VRFY off', () => {
  const src = 'disable_vrfy_command = no\n';
  const [d, ...rest] = withCode(main(src), Code.VrfyEnabled);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, DiagnosticSeverity.Hint);
  assert.deepEqual(d.range, range(0, 23, 0, 25));
  assert.match(text(d), /harvest .*disable_vrfy_command/);
  const fixed = apply(src, fixes(d)[0]);
  assert.equal(fixed, 'disable_vrfy_command = yes\n');
  assert.deepEqual(withCode(main(fixed), Code.VrfyEnabled), []);
  // through a $name, and per service
  assert.equal(withCode(main('off = no\ndisable_vrfy_command = $off\n'), Code.VrfyEnabled).length, 1);
  const d2 = withCode(master(`${SMTPD}\n  -o disable_vrfy_command=no\n`), Code.VrfyEnabled);
  assert.equal(d2.length, 1);
  assert.match(text(d2[0]), /smtpd daemon of "smtp"/);
});

test('vrfy-enabled near miss: the default, "yes", and an earlier "no" that a later line replaces', () => {
  assert.deepEqual(withCode(main(MAIN), Code.VrfyEnabled), []);
  assert.deepEqual(withCode(main('disable_vrfy_command = yes\n'), Code.VrfyEnabled), []);
  assert.deepEqual(withCode(main('disable_vrfy_command = no\ndisable_vrfy_command = yes\n'), Code.VrfyEnabled), []);
});

// ---------------------------------------------------------- banner-leaks-version

test('banner-leaks-version: $mail_version in smtpd_banner, written or reached through a $name', () => {
  const src = 'smtpd_banner = $myhostname ESMTP $mail_name ($mail_version)\n';
  const [d] = withCode(main(src), Code.BannerLeaksVersion);
  assert.equal(d.severity, DiagnosticSeverity.Hint);
  assert.match(text(d), /exact Postfix release.*smtpd_banner/);
  const fixed = apply(src, fixes(d)[0]);
  assert.equal(fixed, 'smtpd_banner = $myhostname ESMTP $mail_name\n');
  assert.deepEqual(withCode(main(fixed), Code.BannerLeaksVersion), []);
  assert.equal(
    apply(
      'smtpd_banner = $myhostname ESMTP ${mail_version}\n',
      fixes(withCode(main('smtpd_banner = $myhostname ESMTP ${mail_version}\n'), Code.BannerLeaksVersion)[0])[0],
    ),
    'smtpd_banner = $myhostname ESMTP\n',
  );
  // through a name of one's own: reported, no fix since the banner itself does not name it
  const via = withCode(main('release = Postfix $mail_version\nsmtpd_banner = $myhostname ESMTP $release\n'), Code.BannerLeaksVersion);
  assert.equal(via.length, 1);
  assert.match(text(via[0]), /through \$release/);
  assert.deepEqual(fixes(via[0]), []);
});

test('banner-leaks-version near miss: the default banner, $mail_name, a version in another parameter', () => {
  assert.deepEqual(withCode(main(MAIN), Code.BannerLeaksVersion), []);
  assert.deepEqual(withCode(main('smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)\n'), Code.BannerLeaksVersion), []);
  assert.deepEqual(withCode(main('smtpd_banner = $myhostname ESMTP $mail_versions\nmail_versions = x\n'), Code.BannerLeaksVersion), []);
  assert.deepEqual(withCode(main('smtp_helo_name = $mail_version\n'), Code.BannerLeaksVersion), []);
});

// -------------------------------------------------------- domain-in-two-classes

test('domain-in-two-classes: mydestination and a virtual class, at the domain in the later class', () => {
  const src = 'mydestination = $myhostname, Example.com, localhost\nvirtual_alias_domains = example.com\n';
  const [d, ...rest] = withCode(main(src), Code.DomainInTwoClasses);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.deepEqual(d.range, range(1, 24, 1, 35));
  assert.match(text(d), /"example\.com" is in both mydestination and virtual_alias_domains/);
  // the two virtual classes; virtual and relay; $myhostname expanded; inline: keys
  const pairs = withCode(
    main(
      'myhostname = mx.example.net\nmydestination = localhost\nvirtual_alias_domains = a.example, inline:{ b.example=x }\nvirtual_mailbox_domains = a.example, $myhostname\nrelay_domains = b.example\n',
    ),
    Code.DomainInTwoClasses,
  ).map(text);
  assert.equal(pairs.length, 2);
  assert.match(pairs[0], /"a\.example" is in both virtual_alias_domains and virtual_mailbox_domains/);
  assert.match(pairs[1], /"b\.example" is in both virtual_alias_domains and relay_domains/);
  const host = withCode(main('myhostname = mx.example.net\nvirtual_mailbox_domains = mx.example.net\n'), Code.DomainInTwoClasses);
  assert.equal(host.length, 1, 'the default mydestination holds $myhostname');
  assert.match(text(host[0]), /"mx\.example\.net" is in both mydestination and virtual_mailbox_domains/);
});

test('domain-in-two-classes near miss: mydestination and relay_domains (Postfix does not warn), tables, different domains, helpful_warnings = no', () => {
  assert.deepEqual(withCode(main('mydestination = example.com\nrelay_domains = example.com\n'), Code.DomainInTwoClasses), []);
  assert.deepEqual(withCode(main('mydestination = example.com\nvirtual_alias_domains = hash:/etc/postfix/example.com\n'), Code.DomainInTwoClasses), []);
  assert.deepEqual(withCode(main('mydestination = example.com\nvirtual_alias_domains = example.org, .example.com\n'), Code.DomainInTwoClasses), []);
  assert.deepEqual(withCode(main('helpful_warnings = no\nmydestination = example.com\nvirtual_alias_domains = example.com\n'), Code.DomainInTwoClasses), []);
});

// ----------------------------------------------------------- duplicate-listener

const LOOPBACK_SMTPD = '127.0.0.1:smtp inet n       -       n       -       -       smtpd';

test('duplicate-listener: two names for one address and port; since 3.6 both listen and share the connections', () => {
  const src = `${SMTPD}\n${LOOPBACK_SMTPD}\n`;
  const [d, ...rest] = withCode(master(src, MAIN + 'inet_interfaces = 127.0.0.1\n'), Code.DuplicateListener);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, DiagnosticSeverity.Warning);
  assert.deepEqual(d.range, range(1, 0, 1, 14), 'on the later entry');
  assert.match(
    text(d),
    /port 25 of 127\.0\.0\.1, as "smtp" on line 1 already does \(an entry without an address .*inet_interfaces\): both listen .* at random/,
  );
  // localhost is 127.0.0.1 too; a number and a name for one port
  assert.equal(withCode(master('localhost:2525 inet n - n - - smtpd\n127.0.0.1:2525 inet n - n - - smtpd\n'), Code.DuplicateListener).length, 1);
  assert.equal(
    withCode(master('127.0.0.1:25 inet n - n - - smtpd\n[127.0.0.1]:smtp inet n - n - - smtpd\n'), Code.DuplicateListener).length,
    0,
    'one name to duplicate-service',
  );
  // no double report where duplicate-service already speaks
  const same = master(`${SMTPD}\n25        inet  n       -       n       -       -       smtpd\n`);
  assert.deepEqual(withCode(same, Code.DuplicateListener), []);
  assert.equal(withCode(same, Code.DuplicateService).length, 2);
});

test('duplicate-listener: before 3.6 a wildcard and an address on one port cannot both bind', () => {
  const [d] = withCode(master(`${SMTPD}\n${LOOPBACK_SMTPD}\n`, MAIN, '3.5'), Code.DuplicateListener);
  assert.match(text(d), /port 25 of 127\.0\.0\.1, .*master cannot bind it \("Address already in use"\) and stops/);
});

test('duplicate-listener near miss: a wildcard beside an address since 3.6, other addresses, other ports, unix services', () => {
  // the socket bound to the address takes all its connections, the wildcard the rest
  assert.deepEqual(withCode(master(`${SMTPD}\n${LOOPBACK_SMTPD}\n`), Code.DuplicateListener), []);
  assert.deepEqual(withCode(master(`${SMTPD}\n${LOOPBACK_SMTPD}\n`, MAIN + 'inet_interfaces = 192.0.2.1\n', '3.5'), Code.DuplicateListener), []);
  assert.deepEqual(withCode(master('192.0.2.1:smtp inet n - n - - smtpd\n192.0.2.2:smtp inet n - n - - smtpd\n', MAIN, '3.5'), Code.DuplicateListener), []);
  assert.deepEqual(
    withCode(master(`${SMTPD}\nsubmission inet n - n - - smtpd\n127.0.0.1:10025 inet n - n - - smtpd\n`, MAIN, '3.5'), Code.DuplicateListener),
    [],
  );
  assert.deepEqual(withCode(master(`[::1]:smtp inet n - n - - smtpd\n${SMTPD}\n`, MAIN + 'inet_protocols = ipv4\n', '3.5'), Code.DuplicateListener), []);
  assert.deepEqual(withCode(master(`${SMTPD}\nsmtp      unix  -       -       n       -       -       smtp\n`), Code.DuplicateListener), []);
});

// -------------------------------------------------------- postscreen-incomplete

test('postscreen-incomplete: postscreen without smtpd pass; the fix adds the stock entry', () => {
  const src = `${POSTSCREEN}\n`;
  const [d, ...rest] = withCode(master(src), Code.PostscreenIncomplete);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.deepEqual(d.range, range(0, 0, 0, 4));
  assert.match(text(d), /"smtpd pass" for clients that pass its tests/);
  const fixed = apply(src, fixes(d)[0]);
  assert.equal(fixed, `${POSTSCREEN}\n${PASS}\n`);
  assert.deepEqual(withCode(master(fixed), Code.PostscreenIncomplete), []);
});

test('postscreen-incomplete: DNS block lists need dnsblog, STARTTLS in its own dialogue needs tlsproxy', () => {
  const withDnsbl = MAIN + 'postscreen_dnsbl_sites = zen.spamhaus.org*2\n';
  const [d] = withCode(master(`${POSTSCREEN}\n${PASS}\n`, withDnsbl), Code.PostscreenIncomplete);
  assert.match(text(d), /"dnsblog unix" for the postscreen_dnsbl_sites lookups/);
  assert.doesNotMatch(text(d), /smtpd pass/);
  const tls = MAIN + 'smtpd_tls_security_level = may\npostscreen_greet_action = enforce\n';
  const [t] = withCode(master(`${POSTSCREEN}\n${PASS}\n`, tls), Code.PostscreenIncomplete);
  assert.match(text(t), /"tlsproxy unix" for STARTTLS/);
  // set with -o on the postscreen service
  const own = `${POSTSCREEN}\n  -o postscreen_dnsbl_sites=bl.example\n${PASS}\n`;
  assert.equal(withCode(master(own), Code.PostscreenIncomplete).length, 1);
});

test('postscreen-incomplete near miss: the stock trio, TLS while postscreen never talks SMTP, postscreen that is off', () => {
  const trio = `${POSTSCREEN}\n${PASS}\ndnsblog   unix  -       -       n       -       0       dnsblog\ntlsproxy  unix  -       -       n       -       0       tlsproxy\n`;
  const busy = MAIN + 'postscreen_dnsbl_sites = zen.spamhaus.org\nsmtpd_tls_security_level = may\npostscreen_pipelining_enable = yes\n';
  assert.deepEqual(withCode(master(trio, busy), Code.PostscreenIncomplete), []);
  assert.deepEqual(withCode(master(`${POSTSCREEN}\n${PASS}\n`, MAIN + 'smtpd_tls_security_level = may\n'), Code.PostscreenIncomplete), []);
  assert.deepEqual(withCode(master(`${SMTPD}\n`, busy), Code.PostscreenIncomplete), []);
});
