/**
 * A Postfix configuration directory: main.cf judged together with the
 * master.cf beside it, with postconf's rules for which names are in use.
 */
import { parameters, serviceSuffixes, type ParameterInfo } from '../knowledge/parameters';
import { stockServices } from '../knowledge/stockServices';
import { databaseSettings } from '../knowledge/tableTypes';
import { countBefore } from '../syntax/arrays';
import { parseMainCf, parseMainCfLines, reparseMainCf, type Assignment, type MainCf } from '../syntax/mainCf';
import { parseMasterCf, type MasterCf, type Override } from '../syntax/masterCf';
import type { Setting } from '../syntax/setting';
import type { LineSplice } from '../syntax/text';
import { restrictionClasses } from './restrictionLists';

export interface ConfigInput {
  /** the text, or its physical lines (kept, not copied) */
  main: string | readonly string[];
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

/** How many settings give each name: names come and go with the assignments that mention them. */
class NameCounts {
  private readonly counts = new Map<string, number>();

  add(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  remove(name: string): void {
    const n = this.counts.get(name) ?? 0;
    if (n <= 1) this.counts.delete(name);
    else this.counts.set(name, n - 1);
  }

  has(name: string): boolean {
    return this.counts.has(name);
  }

  get size(): number {
    return this.counts.size;
  }
}

/** What a model is made of; an edited model takes them over from the one before. */
interface ModelParts {
  main: MainCf;
  master: MasterCf | undefined;
  assignments: Map<string, Assignment[]>;
  referenced: NameCounts;
  database: NameCounts;
  secrets: NameCounts;
}

export class ConfigModel {
  readonly main: MainCf;
  readonly master: MasterCf | undefined;
  /** every assignment of a name, in file order; the last one wins */
  readonly assignments: Map<string, Assignment[]>;
  /** names the services of master.cf (or the stock ones) give parameters of their own */
  private readonly serviceNames = new Set<string>();
  /** names used as $name in a value that Postfix expands */
  private readonly referenced: NameCounts;
  /** names a database table in a value gives parameters of their own */
  private readonly database: NameCounts;
  private readonly classes: ReadonlySet<string>;
  /** database settings whose value may be a password (corp_bind_pw for ldap:corp) */
  private readonly secrets: NameCounts;

  constructor(input: ConfigInput | ModelParts) {
    const parts = isInput(input) ? partsOf(input) : input;
    ({
      main: this.main,
      master: this.master,
      assignments: this.assignments,
      referenced: this.referenced,
      database: this.database,
      secrets: this.secrets,
    } = parts);
    for (const service of this.services) {
      for (const suffix of serviceParameterSuffixes(service.command)) this.serviceNames.add(service.name + suffix);
    }
    // the classes are read through rawValue, which must not see them yet
    this.classes = new Set();
    this.classes = restrictionClasses(this);
  }

  /**
   * The model after an edit of main.cf's lines (`lines` after the edit, the
   * same master.cf): the logical lines the edit touched are read again and
   * the indexes of names follow. This model is taken over and must not be
   * used afterwards.
   */
  edited(lines: readonly string[], splice: LineSplice): ConfigModel {
    const { main, removed, added } = reparseMainCf(this.main, lines, splice);
    const assignments = this.assignments;
    const parts: ModelParts = { main, master: this.master, assignments, referenced: this.referenced, database: this.database, secrets: this.secrets };
    // names keep the order of their first assignments; only names first set in the lines read again can change places
    const firstBefore = removed.filter((a) => assignments.get(a.name)?.[0] === a).map((a) => a.name);
    for (const a of removed) {
      const list = assignments.get(a.name);
      const at = list ? list.indexOf(a) : -1;
      if (!list || at < 0) continue;
      // an emptied list keeps its place in the map while the name may come back
      list.splice(at, 1);
      countNames(a, parts, 'main', -1);
    }
    for (const a of added) {
      const list = assignments.get(a.name);
      if (!list) assignments.set(a.name, [a]);
      else
        list.splice(
          countBefore(list.length, (i) => list[i].line < a.line),
          0,
          a,
        );
      countNames(a, parts, 'main', 1);
    }
    for (const a of removed) if (assignments.get(a.name)?.length === 0) assignments.delete(a.name);
    const firstAfter = added.filter((a) => assignments.get(a.name)?.[0] === a).map((a) => a.name);
    if (firstBefore.join('\n') !== firstAfter.join('\n')) {
      parts.assignments = new Map();
      for (const a of main.assignments) if (!parts.assignments.has(a.name)) parts.assignments.set(a.name, assignments.get(a.name) ?? []);
    }
    return new ConfigModel(parts);
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
    if (p.service && this.userNameReason(name) !== 'service') return undefined;
    return p;
  }

  /** Why a non-built-in name is legitimate, or undefined when postconf would call it unused. */
  userNameReason(name: string): UserNameReason | undefined {
    // the order postconf's checks give them: a class name is that whatever else mentions it
    if (this.classes.has(name)) return 'restriction-class';
    if (this.database.has(name)) return 'database';
    if (this.serviceNames.has(name)) return 'service';
    return this.referenced.has(name) ? 'referenced' : undefined;
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
    return this.builtin(name) !== undefined || this.assignments.has(name) || this.userNameReason(name) === 'service';
  }
}

const isInput = (input: ConfigInput | ModelParts): input is ConfigInput => !('assignments' in input);

function partsOf(input: ConfigInput): ModelParts {
  const parts: ModelParts = {
    main: typeof input.main === 'string' ? parseMainCf(input.main) : parseMainCfLines(input.main),
    master: input.master === undefined ? undefined : parseMasterCf(input.master),
    assignments: new Map(),
    referenced: new NameCounts(),
    database: new NameCounts(),
    secrets: new NameCounts(),
  };
  for (const a of parts.main.assignments) {
    const list = parts.assignments.get(a.name);
    if (list) list.push(a);
    else parts.assignments.set(a.name, [a]);
    countNames(a, parts, 'main', 1);
  }
  for (const service of parts.master?.services ?? []) for (const o of service.overrides) countNames(o, parts, 'master', 1);
  return parts;
}

/**
 * Adds (`by` 1) or takes away (-1) the names a setting gives others: the
 * $names of its value, unless main.cf hands the value on unexpanded (a -o
 * option is expanded whatever the parameter), and the parameters of the
 * database tables a parameter's value names.
 */
function countNames(setting: Setting, parts: ModelParts, file: 'main' | 'master', by: 1 | -1): void {
  const info = parameters.get(setting.name);
  if (file === 'main' && info?.raw) return;
  for (const r of setting.references) {
    if (by > 0) parts.referenced.add(r.name);
    else parts.referenced.remove(r.name);
  }
  if (!info) return;
  for (const name of databaseSettings(setting.value)) {
    if (by > 0) parts.database.add(name);
    else parts.database.remove(name);
  }
  for (const name of databaseSettings(setting.value, 'secret')) {
    if (by > 0) parts.secrets.add(name);
    else parts.secrets.remove(name);
  }
}
