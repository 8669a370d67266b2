/**
 * A Postfix configuration directory: main.cf judged together with the
 * master.cf beside it, with postconf's rules for which names are in use.
 */
import { parameters, serviceSuffixes, type ParameterInfo } from '../knowledge/parameters';
import { stockServices } from '../knowledge/stockServices';
import { databaseSettings } from '../knowledge/tableTypes';
import { parseMainCf, type Assignment, type MainCf } from '../syntax/mainCf';
import { parseMasterCf, type MasterCf, type Override } from '../syntax/masterCf';
import { restrictionClasses } from './restrictionLists';

export interface ConfigInput {
  main: string;
  /** undefined: no master.cf beside main.cf, Postfix's stock services are assumed */
  master?: string;
}

/** Why a name that is not a built-in parameter is still legitimate. */
export type UserNameReason = 'referenced' | 'restriction-class' | 'service' | 'database';

/** Commands whose services get "<service>_<suffix>" parameters, and which suffixes. */
const DELIVERY_AGENTS = new Set(['local', 'error', 'virtual', 'smtp', 'lmtp']);
const TIME_LIMIT = '_time_limit';

function serviceParameterSuffixes(command: string): readonly string[] {
  if (DELIVERY_AGENTS.has(command)) return serviceSuffixes.filter((s) => s !== TIME_LIMIT);
  if (command === 'pipe') return serviceSuffixes;
  if (command === 'spawn') return [TIME_LIMIT];
  return [];
}

export class ConfigModel {
  readonly main: MainCf;
  readonly master: MasterCf | undefined;
  /** every assignment of a name, in file order; the last one wins */
  readonly assignments = new Map<string, Assignment[]>();
  private readonly userNames = new Map<string, UserNameReason>();
  /** database settings whose value may be a password (corp_bind_pw for ldap:corp) */
  private readonly secrets = new Set<string>();

  constructor(input: ConfigInput) {
    this.main = parseMainCf(input.main);
    this.master = input.master === undefined ? undefined : parseMasterCf(input.master);
    for (const a of this.main.assignments) {
      const list = this.assignments.get(a.name);
      if (list) list.push(a);
      else this.assignments.set(a.name, [a]);
    }
    this.collectUserNames();
  }

  get services(): readonly { name: string; type: string; command: string; overrides?: Override[] }[] {
    return this.master ? this.master.services : stockServices;
  }

  /** The assignment Postfix uses for `name`: the last one in the file. */
  effective(name: string): Assignment | undefined {
    const list = this.assignments.get(name);
    return list?.[list.length - 1];
  }

  /** The value Postfix uses before $expansion: main.cf, else the built-in default. */
  rawValue(name: string): string | undefined {
    const a = this.effective(name);
    if (a) return a.value;
    const p = this.builtin(name);
    return p ? (p.runtimeDefault ?? p.default) : undefined;
  }

  /** A built-in parameter that exists in this configuration. */
  builtin(name: string): ParameterInfo | undefined {
    const p = parameters.get(name);
    if (!p || p.template) return undefined;
    if (p.service && this.userNames.get(name) !== 'service') return undefined;
    return p;
  }

  /** Why a non-built-in name is legitimate, or undefined when postconf would call it unused. */
  userNameReason(name: string): UserNameReason | undefined {
    return this.userNames.get(name);
  }

  /** The names the services of this configuration give a per-transport template: transport_time_limit -> dovecot_time_limit ... */
  templateNames(template: ParameterInfo): string[] {
    const suffix = template.name.slice('transport'.length);
    return [...new Set(this.services.filter((s) => serviceParameterSuffixes(s.command).includes(suffix)).map((s) => s.name + suffix))];
  }

  /**
   * Whether showing what `name` is set to or expands to would show a password:
   * it is a database password setting (corp_bind_pw), or its value refers to one.
   */
  revealsSecret(name: string): boolean {
    if (this.secrets.size === 0) return false;
    const seen = new Set<string>();
    const queue = [name];
    for (let n = queue.pop(); n !== undefined; n = queue.pop()) {
      if (this.secrets.has(n)) return true;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const r of this.effective(n)?.references ?? []) queue.push(r.name);
    }
    return false;
  }

  /** Whether `$name` resolves to something: a built-in, a main.cf name, or a service-defined one. */
  isDefined(name: string): boolean {
    return this.builtin(name) !== undefined || this.assignments.has(name) || this.userNames.get(name) === 'service';
  }

  private collectUserNames(): void {
    for (const service of this.services) {
      for (const suffix of serviceParameterSuffixes(service.command)) this.userNames.set(service.name + suffix, 'service');
    }
    for (const a of this.main.assignments) {
      const info = parameters.get(a.name);
      if (info?.raw) continue;
      for (const r of a.references) this.userNames.set(r.name, this.userNames.get(r.name) ?? 'referenced');
      if (info) this.collectDatabaseNames(a.value);
    }
    for (const service of this.master?.services ?? []) {
      for (const o of service.overrides) {
        for (const r of o.references) this.userNames.set(r.name, this.userNames.get(r.name) ?? 'referenced');
        if (parameters.has(o.name)) this.collectDatabaseNames(o.value);
      }
    }
    for (const name of restrictionClasses(this)) this.userNames.set(name, 'restriction-class');
  }

  private collectDatabaseNames(value: string): void {
    for (const name of databaseSettings(value)) this.userNames.set(name, 'database');
    for (const name of databaseSettings(value, 'secret')) this.secrets.add(name);
  }
}
