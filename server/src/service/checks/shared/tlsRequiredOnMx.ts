/** The public MX insisting on TLS, which RFC 3207 forbids. */
import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import type { ConfigModel } from '../../model/config';
import { defineCheck } from '../check';
import type { ParameterContext, ParameterScope } from './parameterScope';
import { isMxSmtpd } from '../../model/services';
import { levelSetting, smtpdServicesOf, smtpdTlsLevel, TLS_LEVEL_NAMES } from './smtpdScope';

function mxRequiresTls(model: ConfigModel, scope: ParameterScope): Diagnostic | undefined {
  const strict = smtpdServicesOf(model, scope, TLS_LEVEL_NAMES).filter(
    (s) => isMxSmtpd(model, s.service, model.services) && smtpdTlsLevel(s.get) === 'encrypt',
  );
  if (strict.length === 0) return undefined;
  const at = levelSetting(scope.settings, strict[0].get);
  if (!at) return undefined;
  const where = scope.service ? `"${scope.service.entry.name}", the port 25 smtpd,` : `The port 25 smtpd ("${strict[0].service.name}")`;
  return diagnostic(
    Code.TlsRequiredOnMx,
    at.nameRange,
    `${where} requires STARTTLS before any mail: servers that do not speak TLS, or fail to agree on it with this one, get "530 5.7.0 Must issue a STARTTLS command first" and cannot deliver. RFC 3207 forbids that for a publicly referenced MX; use may here and encrypt on submission (see postconf(5) smtpd_tls_security_level).`,
  );
}

const checkTlsRequiredOnMx = (context: ParameterContext): Diagnostic[] => context.scopes.flatMap((scope) => mxRequiresTls(context.model, scope) ?? []);

export const tlsRequiredOnMx = defineCheck({ codes: [Code.TlsRequiredOnMx], kind: 'parameter', run: checkTlsRequiredOnMx });
