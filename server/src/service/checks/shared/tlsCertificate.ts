/** Server certificates: TLS turned on with none, and files that tls_chain_files makes Postfix ignore. */
import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { compareVersions } from '../../knowledge/versions';
import type { ConfigModel } from '../../model/config';
import { expandParameter, expandValue } from '../../model/expand';
import { defineCheck } from '../check';
import type { ParameterContext, ParameterScope } from './parameterScope';
import { serviceExpansion, type AnyService } from '../../model/services';
import { levelSetting, mainKnown, serviceList, smtpdServicesOf, smtpdTlsLevel, TLS_LEVEL_NAMES } from './smtpdScope';

/** Where smtpd finds its certificates; with all of them empty it has none. */
const CERTIFICATE_NAMES = ['smtpd_tls_chain_files', 'smtpd_tls_cert_file', 'smtpd_tls_eccert_file', 'smtpd_tls_dcert_file'];

function tlsWithoutCertificate(model: ConfigModel, scope: ParameterScope, chainFiles: boolean): Diagnostic | undefined {
  // a release without tls_chain_files does not read it
  const names = chainFiles ? CERTIFICATE_NAMES : CERTIFICATE_NAMES.slice(1);
  if (scope.service && !mainKnown(model)) return undefined;
  // a file named through a $name nothing defines is unknown, not missing
  const none = (service: AnyService, name: string): boolean => {
    const e = serviceExpansion(model, service, name);
    return e.value.trim() === '' && e.undefinedNames.length === 0 && !e.stopped;
  };
  const bare = smtpdServicesOf(model, scope, [...TLS_LEVEL_NAMES, ...CERTIFICATE_NAMES]).filter(
    (s) => ['may', 'encrypt'].includes(smtpdTlsLevel(s.get)) && names.every((name) => none(s.service, name)),
  );
  if (bare.length === 0) return undefined;
  const at = levelSetting(scope.settings, bare[0].get);
  if (!at) return undefined;
  const where = scope.service ? `"${scope.service.entry.name}"` : serviceList(bare.map((s) => s.service));
  return diagnostic(
    Code.TlsWithoutCertificate,
    at.nameRange,
    `TLS is turned on for ${where}, but no server certificate is set (smtpd_tls_chain_files, smtpd_tls_cert_file, smtpd_tls_eccert_file): smtpd logs "No server certs available. TLS won't be enabled", still announces STARTTLS, and answers it with "454 4.7.0 TLS not available due to local problem": no session is encrypted, and where TLS is required no mail gets in (see postconf(5) smtpd_tls_chain_files).`,
  );
}

/** The programs with tls_chain_files, and the parameters it takes precedence over. */
const PREFIXES = ['smtpd', 'smtp', 'lmtp'];
const LEGACY_SUFFIXES = ['cert_file', 'key_file', 'dcert_file', 'dkey_file', 'eccert_file', 'eckey_file'];
const CHAIN_FILES_SINCE = '3.4';

/** The expanded value of `name` in a scope: its own setting, else main.cf's or the default. */
function valueIn(model: ConfigModel, scope: ParameterScope, name: string): string {
  const own = scope.own(name);
  return (own ? expandValue(model, own.value) : expandParameter(model, name)).value.trim();
}

function legacyFilesIgnored(model: ConfigModel, scope: ParameterScope): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const prefix of PREFIXES) {
    const chain = `${prefix}_tls_chain_files`;
    if (valueIn(model, scope, chain) === '') continue;
    for (const suffix of LEGACY_SUFFIXES) {
      const name = `${prefix}_tls_${suffix}`;
      const own = scope.own(name);
      if (!own || expandValue(model, own.value).value.trim() === '') continue;
      out.push(
        diagnostic(
          Code.TlsLegacyFilesIgnored,
          own.nameRange,
          `${name} is ignored because ${chain} is set: the server or client presents only the files of ${chain}, and Postfix logs a warning (see postconf(5) ${chain}). Remove ${name}, or list its file in ${chain}.`,
          [scope.removeFix(own)],
        ),
      );
    }
  }
  return out;
}

function checkTlsCertificate(context: ParameterContext): Diagnostic[] {
  const chainFiles = compareVersions(context.target, CHAIN_FILES_SINCE) >= 0;
  return context.scopes.flatMap((scope) => {
    const found = chainFiles ? legacyFilesIgnored(context.model, scope) : [];
    const bare = tlsWithoutCertificate(context.model, scope, chainFiles);
    return bare ? [bare, ...found] : found;
  });
}

export const tlsCertificate = defineCheck({ codes: [Code.TlsWithoutCertificate, Code.TlsLegacyFilesIgnored], kind: 'parameter', run: checkTlsCertificate });
