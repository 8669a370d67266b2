/**
 * The SASL and TLS checks: AUTH without TLS, anonymous logins, TLS without a
 * certificate, TLS required on the MX, certificate files that
 * tls_chain_files overrides, weak protocols and ciphers, no TLS outbound.
 * Each with a case that fires and a near miss that must not, in main.cf and
 * in master.cf's -o options.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkMainCf, ConfigModel, type CheckReport } from '../../server/src/service';
import { weakProtocols } from '../../server/src/service/checks/shared/weakTls';
import { Code } from '../../server/src/service/diagnostics';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { defaultSettings } from '../../server/src/service/settings';
import { apply, fixes, text, withCode } from '../support/diagnostics';

const SMTPD = 'smtp      inet  n       -       n       -       -       smtpd';
const SUBMISSION = 'submission inet n       -       n       -       -       smtpd';
const CERT = 'smtpd_tls_chain_files = /etc/postfix/server.pem\n';

function main(text: string, target = '3.11', master?: string): CheckReport {
  const report = checkMainCf(new ConfigModel({ main: text, master }), defaultSettings, target);
  assert.deepEqual(report.failures, [], 'no check threw');
  return report;
}

function master(text: string, mainText = ''): CheckReport {
  const report = checkMasterCf(new ConfigModel({ main: mainText, master: text }), defaultSettings, '3.11');
  assert.deepEqual(report.failures, [], 'no check threw');
  return report;
}

test('sasl-without-tls: AUTH with opportunistic TLS and no smtpd_tls_auth_only', () => {
  const source = 'smtpd_tls_security_level = may\n' + CERT + 'smtpd_sasl_auth_enable = yes\n';
  const [d] = withCode(main(source), Code.SaslWithoutTls);
  assert.equal(d.range.start.line, 2);
  assert.match(text(d), /smtpd_tls_auth_only/);
  const fixed = apply(source, fixes(d)[0]);
  assert.match(fixed, /smtpd_tls_auth_only = yes\n$/);
  assert.deepEqual(withCode(main(fixed), Code.SaslWithoutTls), []);
});

test('sasl-without-tls: not with smtpd_tls_auth_only, required TLS or the wrapper mode', () => {
  assert.deepEqual(withCode(main('smtpd_sasl_auth_enable = yes\nsmtpd_tls_auth_only = yes\n'), Code.SaslWithoutTls), []);
  assert.deepEqual(withCode(main(`smtpd_sasl_auth_enable = yes\nsmtpd_enforce_tls = yes\n${CERT}`), Code.SaslWithoutTls), []);
  const stock = `${SMTPD}\n${SUBMISSION}\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\nsmtps     inet  n       -       n       -       -       smtpd\n  -o smtpd_tls_wrappermode=yes\n  -o smtpd_sasl_auth_enable=yes\n`;
  assert.deepEqual(withCode(master(stock, CERT), Code.SaslWithoutTls), []);
});

test('sasl-without-tls: a service that turns AUTH on by itself, fixed with its own -o', () => {
  const source = `${SMTPD}\n${SUBMISSION}\n  -o smtpd_sasl_auth_enable=yes\n`;
  const [d] = withCode(master(source, `smtpd_tls_security_level = may\n${CERT}`), Code.SaslWithoutTls);
  assert.equal(d.range.start.line, 2);
  assert.match(text(d), /"submission"/);
  const fixed = apply(source, fixes(d)[0]);
  assert.match(fixed, /-o smtpd_sasl_auth_enable=yes\n {2}-o smtpd_tls_auth_only=yes\n$/);
  assert.deepEqual(withCode(master(fixed, `smtpd_tls_security_level = may\n${CERT}`), Code.SaslWithoutTls), []);
});

test('sasl-without-tls: main.cf is not blamed for services that set their own TLS', () => {
  const mainText = 'smtpd_sasl_auth_enable = yes\n' + CERT;
  const services = `${SMTPD}\n  -o smtpd_sasl_auth_enable=no\n${SUBMISSION}\n  -o smtpd_tls_security_level=encrypt\n`;
  assert.deepEqual(withCode(main(mainText, '3.11', services), Code.SaslWithoutTls), []);
  assert.equal(withCode(main(mainText, '3.11', `${SMTPD}\n`), Code.SaslWithoutTls).length, 1);
});

test('sasl-anonymous-allowed: security options set without noanonymous', () => {
  const source = 'smtpd_sasl_auth_enable = yes\nsmtpd_tls_auth_only = yes\nsmtpd_sasl_security_options = noplaintext\n';
  const [d] = withCode(main(source), Code.SaslAnonymousAllowed);
  assert.equal(d.range.start.line, 2);
  const fixed = apply(source, fixes(d)[0]);
  assert.match(fixed, /smtpd_sasl_security_options = noplaintext, noanonymous\n/);
  assert.deepEqual(withCode(main(fixed), Code.SaslAnonymousAllowed), []);
});

test('sasl-anonymous-allowed: not by default, nor without AUTH', () => {
  assert.deepEqual(withCode(main('smtpd_sasl_auth_enable = yes\nsmtpd_tls_auth_only = yes\n'), Code.SaslAnonymousAllowed), []);
  assert.deepEqual(withCode(main('smtpd_sasl_security_options = noplaintext\n'), Code.SaslAnonymousAllowed), []);
  const withOption = `${SMTPD}\n${SUBMISSION}\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_sasl_security_options=noanonymous,noplaintext\n`;
  assert.deepEqual(withCode(master(withOption), Code.SaslAnonymousAllowed), []);
  const [d] = withCode(master(withOption.replace('noanonymous,', '')), Code.SaslAnonymousAllowed);
  assert.equal(d.range.start.line, 3);
  assert.match(apply(withOption.replace('noanonymous,', ''), fixes(d)[0]), /=noplaintext,noanonymous\n/);
});

test('tls-without-certificate: TLS on, no certificate anywhere', () => {
  const [d] = withCode(main('smtpd_tls_security_level = may\n'), Code.TlsWithoutCertificate);
  assert.equal(d.range.start.line, 0);
  assert.match(text(d), /No server certs available/);
  const [old] = withCode(main('smtpd_use_tls = yes\n'), Code.TlsWithoutCertificate);
  assert.equal(old.range.start.line, 0);
});

test('tls-without-certificate: not with any certificate, nor with TLS off', () => {
  for (const cert of [CERT, 'smtpd_tls_cert_file = /etc/ssl/certs/mail.pem\n', 'smtpd_tls_eccert_file = /etc/ssl/certs/ec.pem\n']) {
    assert.deepEqual(withCode(main('smtpd_tls_security_level = may\n' + cert), Code.TlsWithoutCertificate), [], cert);
  }
  assert.deepEqual(withCode(main('smtpd_tls_security_level = none\n'), Code.TlsWithoutCertificate), []);
  // a level set means the deprecated smtpd_use_tls is not read
  assert.deepEqual(withCode(main('smtpd_tls_security_level = none\nsmtpd_use_tls = yes\n'), Code.TlsWithoutCertificate), []);
});

test('tls-without-certificate: a service that requires TLS without a certificate, a certificate through $name', () => {
  const source = `${SMTPD}\n${SUBMISSION}\n  -o smtpd_tls_security_level=encrypt\n`;
  const [d] = withCode(master(source, 'compatibility_level = 3.6\n'), Code.TlsWithoutCertificate);
  assert.equal(d.range.start.line, 2);
  // without its main.cf, a master.cf may get its certificate from there
  assert.deepEqual(withCode(master(source), Code.TlsWithoutCertificate), []);
  // nor is a certificate named through an undefined $name missing
  assert.deepEqual(withCode(main('smtpd_tls_security_level = may\nsmtpd_tls_cert_file = ${CERT_PATH}\n'), Code.TlsWithoutCertificate), []);
  assert.deepEqual(withCode(master(source, 'pem = /etc/postfix/server.pem\nsmtpd_tls_cert_file = $pem\n'), Code.TlsWithoutCertificate), []);
  // before Postfix 3.4, tls_chain_files is not read
  assert.equal(withCode(main('smtpd_tls_security_level = may\n' + CERT, '3.3'), Code.TlsWithoutCertificate).length, 1);
});

test('tls-required-on-mx: encrypt on port 25, from main.cf or an -o', () => {
  const [d] = withCode(main('smtpd_tls_security_level = encrypt\n' + CERT), Code.TlsRequiredOnMx);
  assert.match(text(d), /RFC 3207/);
  const [o] = withCode(master(`${SMTPD}\n  -o smtpd_tls_security_level=encrypt\n`, CERT), Code.TlsRequiredOnMx);
  assert.equal(o.range.start.line, 1);
  const screened = `smtp      inet  n       -       n       -       1       postscreen\nsmtpd     pass  -       -       n       -       -       smtpd\n  -o smtpd_enforce_tls=yes\n`;
  assert.equal(withCode(master(screened, CERT), Code.TlsRequiredOnMx).length, 1);
});

test('tls-required-on-mx: not on submission, nor when the MX overrides main.cf', () => {
  assert.deepEqual(withCode(master(`${SMTPD}\n${SUBMISSION}\n  -o smtpd_tls_security_level=encrypt\n`, CERT), Code.TlsRequiredOnMx), []);
  const services = `${SMTPD}\n  -o smtpd_tls_security_level=may\n`;
  assert.deepEqual(withCode(main('smtpd_tls_security_level = encrypt\n' + CERT, '3.11', services), Code.TlsRequiredOnMx), []);
  assert.deepEqual(withCode(main('smtpd_tls_security_level = may\n' + CERT), Code.TlsRequiredOnMx), []);
});

test('tls-legacy-files-ignored: cert and key files beside tls_chain_files', () => {
  const source =
    CERT + 'smtpd_tls_cert_file = /etc/postfix/cert.pem\nsmtpd_tls_key_file = /etc/postfix/key.pem\nsmtp_tls_cert_file = /etc/postfix/client.pem\n';
  const found = withCode(main(source), Code.TlsLegacyFilesIgnored);
  assert.deepEqual(
    found.map((d) => d.range.start.line),
    [1, 2],
  );
  assert.equal(apply(source, fixes(found[0])[0]), CERT + 'smtpd_tls_key_file = /etc/postfix/key.pem\nsmtp_tls_cert_file = /etc/postfix/client.pem\n');
});

test('tls-legacy-files-ignored: not without chain files, not before 3.4, not for a service that sets its own chain', () => {
  const legacy = 'smtpd_tls_cert_file = /etc/postfix/cert.pem\n';
  assert.deepEqual(withCode(main(legacy), Code.TlsLegacyFilesIgnored), []);
  assert.deepEqual(withCode(main(CERT + legacy, '3.3'), Code.TlsLegacyFilesIgnored), []);
  assert.deepEqual(withCode(master(`${SMTPD}\n  -o smtpd_tls_chain_files=/etc/postfix/other.pem\n`, legacy), Code.TlsLegacyFilesIgnored), []);
  const [o] = withCode(master(`${SMTPD}\n  -o smtpd_tls_cert_file=/etc/postfix/other.pem\n`, CERT), Code.TlsLegacyFilesIgnored);
  assert.equal(o.range.start.line, 1);
});

test('weak-tls-protocols: what lets SSLv2 and SSLv3 through', () => {
  assert.deepEqual(weakProtocols(''), ['SSLv2', 'SSLv3']);
  assert.deepEqual(weakProtocols('!SSLv2'), ['SSLv3']);
  assert.deepEqual(weakProtocols('!SSLv2, !SSLv3'), []);
  assert.deepEqual(weakProtocols('SSLv3 TLSv1'), ['SSLv3']);
  assert.deepEqual(weakProtocols('TLSv1.2:TLSv1.3'), []);
  assert.deepEqual(weakProtocols('>=TLSv1'), []);
  assert.deepEqual(weakProtocols('>=0x0301'), []);
  assert.deepEqual(weakProtocols('>=SSLv3'), ['SSLv3']);
  assert.deepEqual(weakProtocols('<=TLSv1.3'), ['SSLv2', 'SSLv3']);
});

test('weak-tls-protocols: in main.cf and an -o, with the fix the target understands', () => {
  const source = 'smtpd_tls_mandatory_protocols = !SSLv2\n';
  const [d] = withCode(main(source), Code.WeakTlsProtocols);
  assert.equal(apply(source, fixes(d)[0]), 'smtpd_tls_mandatory_protocols = >=TLSv1.2\n');
  const [old] = withCode(main(source, '3.5'), Code.WeakTlsProtocols);
  assert.equal(apply(source, fixes(old)[0]), 'smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1\n');
  const [empty] = withCode(main('smtp_tls_protocols =\n'), Code.WeakTlsProtocols);
  assert.match(text(empty), /empty/);
  assert.equal(apply('smtp_tls_protocols =\n', fixes(empty)[0]), 'smtp_tls_protocols = >=TLSv1.2\n');
  assert.equal(withCode(master(`${SMTPD}\n  -o smtpd_tls_protocols=SSLv3,TLSv1\n`), Code.WeakTlsProtocols).length, 1);
  assert.deepEqual(withCode(main('smtpd_tls_protocols = >=TLSv1\nsmtp_tls_protocols = !SSLv2, !SSLv3\n'), Code.WeakTlsProtocols), []);
  assert.deepEqual(withCode(master(`${SMTPD}\n  -o smtpd_tls_mandatory_protocols=$smtps_protocols\n`), Code.WeakTlsProtocols), []);
});

test('weak-tls-ciphers: export, low and NULL, not medium or high', () => {
  for (const grade of ['export', 'LOW', 'null']) {
    const source = `smtpd_tls_mandatory_ciphers = ${grade}\n`;
    const [d] = withCode(main(source), Code.WeakTlsCiphers);
    assert.equal(apply(source, fixes(d)[0]), 'smtpd_tls_mandatory_ciphers = medium\n', grade);
  }
  assert.deepEqual(withCode(main('smtpd_tls_ciphers = medium\nsmtp_tls_ciphers = high\n'), Code.WeakTlsCiphers), []);
});

test('outbound-tls-disabled: none or empty in main.cf, not may, not a transport -o', () => {
  assert.equal(withCode(main('smtp_tls_security_level = none\n'), Code.OutboundTlsDisabled).length, 1);
  const [d] = withCode(main('smtp_tls_security_level =\n'), Code.OutboundTlsDisabled);
  assert.equal(apply('smtp_tls_security_level =\n', fixes(d)[0]), 'smtp_tls_security_level = may\n');
  assert.deepEqual(withCode(main('smtp_tls_security_level = may\n'), Code.OutboundTlsDisabled), []);
  assert.deepEqual(withCode(main('smtp_tls_security_level =\nsmtp_use_tls = yes\n'), Code.OutboundTlsDisabled), []);
  const filter = 'amavis    unix  -       -       n       -       2       smtp\n  -o smtp_tls_security_level=none\n';
  assert.deepEqual(withCode(master(filter), Code.OutboundTlsDisabled), []);
});
