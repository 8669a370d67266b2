/** SMTP AUTH settings that let passwords, or anonymous logins, through. */
import { Code, diagnostic, type Diagnostic, type Fix } from '../../diagnostics';
import type { ConfigModel } from '../../model/config';
import type { Setting } from '../../syntax/setting';
import { defineCheck } from '../check';
import { setOptionFix, setParameterFix } from './fixes';
import type { ParameterContext, ParameterScope } from './parameterScope';
import type { Lookup } from '../../model/services';
import { isYes, mainKnown, serviceList, smtpdServicesOf, smtpdTlsLevel, TLS_LEVEL_NAMES } from './smtpdScope';

/** What decides whether AUTH can happen before TLS, in the order a service's option is reported at. */
const CLEAR_AUTH_NAMES = ['smtpd_sasl_auth_enable', 'smtpd_tls_auth_only', ...TLS_LEVEL_NAMES, 'smtpd_tls_wrappermode'];

/** AUTH offered where the session may be unencrypted: no required TLS, no TLS from the first byte, no smtpd_tls_auth_only. */
const clearAuth = (get: Lookup): boolean =>
  isYes(get('smtpd_sasl_auth_enable')) && smtpdTlsLevel(get) !== 'encrypt' && !isYes(get('smtpd_tls_wrappermode')) && !isYes(get('smtpd_tls_auth_only'));

const firstOwn = (scope: ParameterScope, names: readonly string[]): Setting | undefined => {
  for (const name of names) {
    const own = scope.own(name);
    if (own) return own;
  }
  return undefined;
};

function setInScope(model: ConfigModel, scope: ParameterScope, name: string, value: string): Fix {
  return scope.service ? setOptionFix(scope.service.entry, scope.service.lines, name, value) : setParameterFix(model, name, value);
}

function saslWithoutTls(model: ConfigModel, scope: ParameterScope): Diagnostic | undefined {
  if (scope.service && !mainKnown(model)) return undefined;
  const exposed = smtpdServicesOf(model, scope, CLEAR_AUTH_NAMES).filter((s) => clearAuth(s.get));
  if (exposed.length === 0) return undefined;
  // main.cf: only where it turns AUTH on itself; a service: at the option that leaves it exposed
  const at = scope.service ? firstOwn(scope, CLEAR_AUTH_NAMES) : scope.own('smtpd_sasl_auth_enable');
  if (!at) return undefined;
  const where = scope.service ? `"${scope.service.entry.name}"` : serviceList(exposed.map((s) => s.service));
  return diagnostic(
    Code.SaslWithoutTls,
    at.nameRange,
    `SMTP AUTH is on for ${where} without required TLS: a mail client may send its password before STARTTLS, or where STARTTLS fails, and anyone on the path can read it. Set smtpd_tls_auth_only = yes so that AUTH is offered only inside TLS (see postconf(5) smtpd_tls_auth_only).`,
    [setInScope(model, scope, 'smtpd_tls_auth_only', 'yes')],
  );
}

const SECURITY_OPTIONS = 'smtpd_sasl_security_options';

function saslAnonymousAllowed(model: ConfigModel, scope: ParameterScope): Diagnostic | undefined {
  const own = scope.own(SECURITY_OPTIONS);
  if (!own) return undefined;
  const users = smtpdServicesOf(model, scope, [SECURITY_OPTIONS]).filter((s) => isYes(s.get('smtpd_sasl_auth_enable')));
  if (users.length === 0) return undefined;
  const options = users[0].get(SECURITY_OPTIONS);
  if (
    options
      .toLowerCase()
      .split(/[\s,]+/)
      .includes('noanonymous')
  )
    return undefined;
  // a master.cf option value is one word
  const fixed = own.value.trim() === '' ? 'noanonymous' : `${own.value.trim()}${scope.service ? ',' : ', '}noanonymous`;
  return diagnostic(
    Code.SaslAnonymousAllowed,
    own.nameRange,
    `${SECURITY_OPTIONS} lacks noanonymous: a client may log in with an anonymous SASL mechanism, without any password, and then counts as authenticated for permit_sasl_authenticated (see postconf(5) smtpd_sasl_security_options).`,
    own.value.includes('$') ? [] : [setInScope(model, scope, SECURITY_OPTIONS, fixed)],
  );
}

const checkSaslSecurity = (context: ParameterContext): Diagnostic[] =>
  context.scopes.flatMap((scope) =>
    [saslWithoutTls(context.model, scope), saslAnonymousAllowed(context.model, scope)].filter((d): d is Diagnostic => d !== undefined),
  );

export const saslSecurity = defineCheck({ codes: [Code.SaslWithoutTls, Code.SaslAnonymousAllowed], kind: 'parameter', run: checkSaslSecurity });
