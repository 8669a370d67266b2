/**
 * The services of master.cf as smtpd and its kin see them: the values a
 * service runs with (its own -o options over main.cf), and which smtpd takes
 * the mail of port 25.
 */
import type { Setting } from '../syntax/setting';
import { splitInetName } from '../syntax/inetName';
import type { ConfigModel } from './config';
import { expandParameter, expandValue, type Expansion } from './expand';

/** A master.cf service, or one of the stock services assumed without a master.cf. */
export interface AnyService {
  name: string;
  type?: string;
  command: string;
  overrides?: readonly Setting[];
}

export type Lookup = (name: string) => string;

/** The last setting of `name` in `settings`. */
export function ownSetting(settings: readonly Setting[] | undefined, name: string): Setting | undefined {
  let found: Setting | undefined;
  for (const s of settings ?? []) if (s.name === name) found = s;
  return found;
}

/** The value of `name` a service runs with: its own -o, else main.cf, else the default. */
export function serviceExpansion(model: ConfigModel, service: AnyService, name: string): Expansion {
  const own = ownSetting(service.overrides, name);
  return own ? expandValue(model, own.value) : expandParameter(model, name);
}

/** The values a service runs with, expanded. */
export const serviceValues =
  (model: ConfigModel, service: AnyService): Lookup =>
  (name) =>
    serviceExpansion(model, service, name).value.trim();

const MX_PORTS = new Set(['smtp', '25']);

const isPort25 = (service: AnyService): boolean => {
  const inet = splitInetName(service.name);
  return !('error' in inet) && MX_PORTS.has(inet.port);
};

/**
 * The smtpd services that take mail from the Internet on port 25: an inet
 * smtpd there, or, behind postscreen on port 25, the pass service it hands
 * clients to.
 */
export function isMxSmtpd(model: ConfigModel, service: AnyService, services: readonly AnyService[]): boolean {
  if (service.command !== 'smtpd') return false;
  if (service.type === 'inet') return isPort25(service);
  if (service.type !== 'pass') return false;
  const screen = services.find((s) => s.type === 'inet' && s.command === 'postscreen' && isPort25(s));
  if (!screen) return false;
  return service.name === (serviceValues(model, screen)('smtpd_service_name') || 'smtpd');
}

/** The smtpd that answers mail on port 25, as far as master.cf says: the first MX smtpd (see isMxSmtpd). */
export function mxSmtpd<S extends AnyService>(model: ConfigModel, services: readonly S[]): S | undefined {
  return services.find((s) => isMxSmtpd(model, s, services));
}
