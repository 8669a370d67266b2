/**
 * The SMTP server settings a scope decides. A main.cf value reaches every
 * smtpd service that does not set the same parameters with -o; a service's
 * -o options reach that service alone. A check on main.cf reports what the
 * services that take main.cf's values get, a check on master.cf what a
 * service gets through its own options, so each problem is told where it is
 * set and once per file.
 */
import type { ConfigModel } from '../../model/config';
import { ownSetting, serviceValues, type AnyService, type Lookup } from '../../model/services';
import type { Setting } from '../../syntax/setting';
import type { ParameterScope } from './parameterScope';

/**
 * Whether main.cf is there to be judged with: a master.cf read without one
 * (an empty main.cf) may get its certificates and TLS settings from a
 * main.cf we cannot see.
 */
export const mainKnown = (model: ConfigModel): boolean => model.main.assignments.length > 0;

export const isYes = (value: string): boolean => /^yes$/i.test(value.trim());

/** smtpd_tls_security_level, or what the deprecated smtpd_use_tls and smtpd_enforce_tls make of an empty one. */
export function smtpdTlsLevel(get: Lookup): string {
  const level = get('smtpd_tls_security_level').toLowerCase();
  if (level !== '') return level;
  if (isYes(get('smtpd_enforce_tls'))) return 'encrypt';
  return isYes(get('smtpd_use_tls')) ? 'may' : 'none';
}

export const TLS_LEVEL_NAMES = ['smtpd_tls_security_level', 'smtpd_enforce_tls', 'smtpd_use_tls'] as const;

/** The setting in a scope that decides the TLS level: the level itself, or the deprecated parameter that stands in for an empty one. */
export function levelSetting(settings: readonly Setting[], get: Lookup): Setting | undefined {
  const level = ownSetting(settings, 'smtpd_tls_security_level');
  if (get('smtpd_tls_security_level') !== '') return level;
  return ownSetting(settings, isYes(get('smtpd_enforce_tls')) ? 'smtpd_enforce_tls' : 'smtpd_use_tls') ?? level;
}

/**
 * The smtpd services a scope speaks for about `names`, each with its values:
 * for main.cf, those that set none of `names` themselves; for a service, the
 * service, when it is an smtpd that sets one of them.
 */
export function smtpdServicesOf(model: ConfigModel, scope: ParameterScope, names: readonly string[]): { service: AnyService; get: Lookup }[] {
  const sets = (s: AnyService): boolean => (s.overrides ?? []).some((o) => names.includes(o.name));
  const services: readonly AnyService[] = model.services;
  const chosen = scope.service
    ? [scope.service.entry].filter((s) => s.command === 'smtpd' && sets(s))
    : services.filter((s) => s.command === 'smtpd' && !sets(s));
  return chosen.map((service) => ({ service, get: serviceValues(model, service) }));
}

/** Services named for a message: the first few, and how many more. */
export function serviceList(services: readonly AnyService[]): string {
  const named = services
    .slice(0, 3)
    .map((s) => `"${s.name}"`)
    .join(', ');
  return services.length > 3 ? `${named} and ${services.length - 3} more` : named;
}
