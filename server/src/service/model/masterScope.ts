/**
 * postconf's rules for the names of `-o name=value` overrides in master.cf.
 *
 * Each master.cf service is a name space of its own. A name that is not a
 * built-in parameter is still in use (postconf does not call it "unused") when
 * - master.cf services define it (relay_destination_concurrency_limit for an
 *   smtp service named relay),
 * - smtpd_restriction_classes (of main.cf or of this service) lists it,
 * - a main.cf value refers to it as $name,
 * - an override of the same service refers to it as $name,
 * - an override of another service refers to it and main.cf sets it too,
 * - it is a setting of a database table (corp_server_host for ldap:corp)
 *   named in main.cf, or in an override of the same service.
 * Values of parameters Postfix passes on unexpanded are not scanned.
 */
import { parameters } from '../knowledge/parameters';
import { databaseSettings } from '../knowledge/tableTypes';
import type { Service } from '../syntax/masterCf';
import type { ConfigModel, UserNameReason } from './config';
import { classNames } from './restrictionLists';

interface Names {
  referenced: Set<string>;
  database: Set<string>;
  classes: Set<string>;
}

const empty = (): Names => ({ referenced: new Set(), database: new Set(), classes: new Set() });

interface ServiceNames extends Names {
  /** the names the service's overrides set */
  set: Set<string>;
}

/** A parsed service does not change: its names are read once, however many of its overrides ask. */
const serviceCache = new WeakMap<Service, ServiceNames>();

function overrideNames(service: Service): ServiceNames {
  const cached = serviceCache.get(service);
  if (cached) return cached;
  const names: ServiceNames = { referenced: new Set(), database: new Set(), classes: new Set(), set: new Set() };
  serviceCache.set(service, names);
  for (const o of service.overrides) {
    names.set.add(o.name);
    const info = parameters.get(o.name);
    if (info?.raw) continue;
    for (const r of o.references) names.referenced.add(r.name);
    if (info) for (const n of databaseSettings(o.value)) names.database.add(n);
    if (o.name === 'smtpd_restriction_classes') for (const c of classNames(o.value)) names.classes.add(c.name);
  }
  return names;
}

interface Scope {
  main: Names;
  /** names referenced from any override */
  anyOverride: Set<string>;
}

const cache = new WeakMap<ConfigModel, Scope>();

function scope(model: ConfigModel): Scope {
  const cached = cache.get(model);
  if (cached) return cached;
  const main = empty();
  for (const a of model.main.assignments) {
    const info = parameters.get(a.name);
    if (info?.raw) continue;
    for (const r of a.references) main.referenced.add(r.name);
    if (info) for (const n of databaseSettings(a.value)) main.database.add(n);
  }
  const anyOverride = new Set<string>();
  for (const s of model.master?.services ?? []) {
    const names = overrideNames(s);
    for (const n of names.referenced) anyOverride.add(n);
    for (const n of names.database) anyOverride.add(n);
  }
  const result = { main, anyOverride };
  cache.set(model, result);
  return result;
}

/** Why the override name `name` of `service` is in use although it is not a built-in, or undefined: postconf calls it unused. */
export function overrideNameReason(model: ConfigModel, service: Service, name: string): UserNameReason | undefined {
  const global = model.userNameReason(name);
  if (global === 'service' || global === 'restriction-class') return global;
  const s = scope(model);
  if (s.main.referenced.has(name)) return 'referenced';
  if (s.main.database.has(name)) return 'database';
  const own = overrideNames(service);
  if (own.referenced.has(name)) return 'referenced';
  if (own.database.has(name)) return 'database';
  if (own.classes.has(name)) return 'restriction-class';
  // a main.cf name that some override refers to is a global parameter
  if (model.assignments.has(name) && s.anyOverride.has(name)) return 'referenced';
  return undefined;
}

/** Whether $name in an override of `service` resolves: a built-in, main.cf, a service-defined name, or an override of the same service. */
export function definedForService(model: ConfigModel, service: Service, name: string): boolean {
  return model.isDefined(name) || overrideNames(service).set.has(name);
}
