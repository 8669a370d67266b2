/**
 * The TLS checks against the real smtpd (oracle harness: master + smtpd on a
 * loopback port, one SMTP dialogue): TLS turned on without a certificate
 * makes smtpd log that it will not enable TLS, and it still offers STARTTLS
 * but turns the command down, while with a certificate it starts TLS; an MX
 * that requires TLS turns away a sender that does not start it; certificate
 * files beside tls_chain_files are ignored with a warning.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import { Code } from '../../server/src/service/diagnostics';
import { defaultSettings } from '../../server/src/service/settings';
import { postfixVerdict } from './harness';
import { requirePostfix } from './support';

const run = promisify(execFile);

/** A throw-away self-signed certificate and its key, as PEM text. */
async function selfSigned(): Promise<{ cert: string; key: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'pf-oracle-cert-'));
  try {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=test', '-days', '1', '-keyout', key, '-out', cert]);
    return { cert: await readFile(cert, 'utf8'), key: await readFile(key, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Our diagnostics of `code` on main.cf, by line. */
const ours = (main: string, code: Code): number[] =>
  checkMainCf(new ConfigModel({ main }), defaultSettings, '3.7')
    .diagnostics.filter((d) => d.code === code)
    .map((d) => d.range.start.line);

const NO_CERTS = "No server certs available. TLS won't be enabled";

describe('TLS settings judged by the real smtpd', { concurrency: true }, () => {
  test('tls-without-certificate: may without a certificate, STARTTLS turned down', async (t) => {
    if (!requirePostfix(t)) return;
    const main = 'compatibility_level = 3.6\nsmtpd_tls_security_level = may\n';
    const verdict = await postfixVerdict({ main, port: 3450, starttls: true });
    assert.ok(verdict.includes(`smtpd: warning: ${NO_CERTS}`), verdict);
    assert.match(verdict, />>> STARTTLS\n<<< 454 4\.7\.0 TLS not available due to local problem\n/, verdict);
    assert.deepEqual(ours(main, Code.TlsWithoutCertificate), [1]);
  });

  test('tls-without-certificate, near miss: the same with a certificate starts TLS', async (t) => {
    if (!requirePostfix(t)) return;
    const { cert, key } = await selfSigned();
    const main =
      'compatibility_level = 3.6\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = $config_directory/cert.pem\nsmtpd_tls_key_file = $config_directory/key.pem\n';
    const verdict = await postfixVerdict({ main, port: 3451, files: { 'cert.pem': cert, 'key.pem': key }, starttls: true });
    assert.ok(!verdict.includes(NO_CERTS), verdict);
    assert.match(verdict, />>> STARTTLS\n<<< 220 /, verdict);
    assert.deepEqual(ours(main, Code.TlsWithoutCertificate), []);
  });

  test('tls-required-on-mx: a sender that does not start TLS cannot send', async (t) => {
    if (!requirePostfix(t)) return;
    const { cert, key } = await selfSigned();
    const main =
      'compatibility_level = 3.6\nsmtpd_tls_security_level = encrypt\nsmtpd_tls_cert_file = $config_directory/cert.pem\nsmtpd_tls_key_file = $config_directory/key.pem\n';
    const verdict = await postfixVerdict({ main, port: 3452, files: { 'cert.pem': cert, 'key.pem': key } });
    assert.match(verdict, />>> MAIL FROM:<sender@example.net>\n<<< 530 5\.7\.0 Must issue a STARTTLS command first/, verdict);
    assert.deepEqual(ours(main, Code.TlsRequiredOnMx), [1]);
  });

  test('tls-legacy-files-ignored: smtpd warns about a cert file beside tls_chain_files', async (t) => {
    if (!requirePostfix(t)) return;
    const { cert, key } = await selfSigned();
    const main =
      'compatibility_level = 3.6\nsmtpd_tls_security_level = may\nsmtpd_tls_chain_files = $config_directory/chain.pem\nsmtpd_tls_cert_file = $config_directory/cert.pem\nsmtpd_tls_key_file = $config_directory/key.pem\n';
    const verdict = await postfixVerdict({ main, port: 3453, files: { 'chain.pem': key + cert, 'cert.pem': cert, 'key.pem': key }, starttls: true });
    assert.match(verdict, /smtpd: warning: Both smtpd_tls_chain_files and one or more of the legacy .*smtpd_tls_cert_file.* will be ignored/, verdict);
    assert.match(verdict, />>> STARTTLS\n<<< 220 /, verdict);
    assert.deepEqual(ours(main, Code.TlsLegacyFilesIgnored), [3, 4]);
  });
});
