/**
 * The parameter values one smtpd service runs with: its master.cf -o
 * overrides, then main.cf, then the built-in defaults, all $expanded as
 * Postfix expands them; and restriction lists as the words smtpd sees, each
 * with the place it is written (a $name splice points into the spliced
 * parameter).
 */
import { parameters, type ParameterInfo } from '../knowledge/parameters';
import type { ConfigModel } from '../model/config';
import { expandValue, type ValueSource } from '../model/expand';
import type { Service } from '../syntax/masterCf';
import { listWords } from '../syntax/restrictionList';
import type { SourceText } from '../syntax/text';

/** Where a word of a restriction list is written. */
export interface Origin {
  /** the parameter whose value holds the word */
  parameter: string;
  file: string;
  /** null for a built-in default */
  line: number | null;
}

export interface ListWord {
  text: string;
  origin: Origin;
}

/**
 * Defaults that postconf computes from the running system ("see postconf -d
 * output"): the simulator cannot know them, so it takes these and says so
 * when one is used. Debian's Postfix 3.7 gives the same for those that do
 * not depend on the host.
 */
const ASSUMED_DEFAULTS: Readonly<Record<string, string>> = {
  config_directory: '/etc/postfix',
  myhostname: 'localhost.localdomain',
  alias_maps: 'hash:/etc/aliases, nis:mail.aliases',
  parent_domain_matches_subdomains:
    'debug_peer_list,fast_flush_domains,mynetworks,permit_mx_backup_networks,qmqpd_authorized_clients,relay_domains,smtpd_access_maps',
  default_rbl_reply: '$rbl_code Service unavailable; $rbl_class [$rbl_what] blocked using $rbl_domain${rbl_reason?; $rbl_reason}',
  smtpd_recipient_restrictions: '',
  smtpd_expansion_filter: '\\t\\40!"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~',
};

/** mynetworks when nothing sets it: the simulator does not know the host's interfaces and takes loopback only. */
const ASSUMED_MYNETWORKS = '127.0.0.0/8 [::1]/128';

/** Words of a list: the value of a $name that expands to itself or more than this many words stops. */
const MAX_SPLICE_DEPTH = 30;

interface Written {
  text: string;
  file: string;
  source?: SourceText;
}

export class Settings implements ValueSource {
  readonly notes = new Set<string>();
  readonly problems: string[] = [];
  /** expansions Postfix gives up on (a $name that reaches itself): the daemon stops at start */
  readonly fatal: string[] = [];
  private readonly overrides = new Map<string, { value: string; source: SourceText }>();
  private readonly values = new Map<string, string>();

  constructor(
    private readonly model: ConfigModel,
    readonly mainPath: string,
    readonly masterPath: string | undefined,
    service: Service | undefined,
  ) {
    for (const o of service?.overrides ?? []) this.overrides.set(o.name, { value: o.value, source: o.source });
  }

  /** The value before expansion: override, main.cf, default. */
  rawValue(name: string): string | undefined {
    const o = this.overrides.get(name);
    if (o) return o.value;
    const a = this.model.effective(name);
    if (a) return a.value;
    if (name === 'mydomain') return this.derivedMydomain();
    if (name === 'mynetworks') {
      this.notes.add(
        `mynetworks is not set: the simulator does not know this host's networks and assumes ${ASSUMED_MYNETWORKS} (mynetworks_style = ${this.value('mynetworks_style')})`,
      );
      return ASSUMED_MYNETWORKS;
    }
    const assumed = ASSUMED_DEFAULTS[name];
    if (assumed !== undefined) {
      if (name === 'myhostname') this.notes.add(`myhostname is not set: the simulator assumes "${assumed}"`);
      return assumed;
    }
    const info = parameters.get(name);
    if (!info || info.template) return this.model.rawValue(name);
    const d = info.runtimeDefault ?? info.default;
    return /^see .postconf -d. output$|^Postfix [<>]=? /.test(d) ? undefined : d;
  }

  builtin(name: string): ParameterInfo | undefined {
    return this.model.builtin(name);
  }

  /** Whether the configuration sets the parameter itself (main.cf or the service's -o). */
  isSet(name: string): boolean {
    return this.overrides.has(name) || this.model.effective(name) !== undefined;
  }

  /** The value Postfix uses, expanded and trimmed. */
  value(name: string): string {
    const cached = this.values.get(name);
    if (cached !== undefined) return cached;
    const raw = this.rawValue(name) ?? '';
    const value = this.model.builtin(name)?.raw ? raw : this.expand(raw, name);
    this.values.set(name, value);
    return value;
  }

  /** Text expanded the way Postfix expands a value; a cycle is a problem and expands to nothing. */
  expand(text: string, name?: string): string {
    if (!text.includes('$')) return text.trim();
    const e = expandValue(this, text);
    if (e.stopped) {
      const problem = `${name ?? text}: ${e.stopped}`;
      if (!this.problems.includes(problem)) this.problems.push(problem);
      if (!this.fatal.includes(problem)) this.fatal.push(problem);
    }
    return e.value.trim();
  }

  bool(name: string): boolean {
    return /^(yes|true|1)$/i.test(this.value(name));
  }

  int(name: string): number {
    const n = Number.parseInt(this.value(name), 10);
    return Number.isNaN(n) ? 0 : n;
  }

  /** Where a parameter is written, for the trace; line null for a default. */
  origin(name: string): Origin {
    const w = this.written(name);
    return { parameter: name, file: w.file, line: w.source ? w.source.position(0).line : null };
  }

  private written(name: string): Written {
    const o = this.overrides.get(name);
    if (o) return { text: o.value, file: this.masterPath ?? this.mainPath, source: o.source };
    const a = this.model.effective(name);
    if (a) return { text: a.value, file: this.mainPath, source: a.source };
    return { text: this.rawValue(name) ?? '', file: this.mainPath };
  }

  /** A restriction list (or class) as the words smtpd evaluates, each with where it is written. */
  listWords(name: string): ListWord[] {
    return this.spliced(name, []);
  }

  private spliced(name: string, stack: string[]): ListWord[] {
    if (stack.includes(name) || stack.length > MAX_SPLICE_DEPTH) {
      const problem = `${[...stack, name].map((n) => '$' + n).join(' → ')}: the list splices itself in; Postfix stops with an error`;
      if (!this.fatal.includes(problem)) this.fatal.push(problem);
      return [];
    }
    const w = this.written(name);
    if (this.model.builtin(name)?.raw) return [];
    const out: ListWord[] = [];
    for (const word of listWords(w.text)) {
      const line = w.source ? w.source.position(word.start).line : null;
      const origin: Origin = { parameter: name, file: w.file, line };
      const splice = /^\$(?:([A-Za-z0-9_]+)|\{([A-Za-z0-9_]+)\}|\(([A-Za-z0-9_]+)\))$/.exec(word.text);
      if (splice) {
        const inner = splice[1] ?? splice[2] ?? splice[3];
        if (this.rawValue(inner) !== undefined) out.push(...this.spliced(inner, [...stack, name]));
        continue;
      }
      if (!word.text.includes('$')) {
        out.push({ text: word.text, origin });
        continue;
      }
      for (const part of listWords(this.expand(word.text, name))) out.push({ text: part.text, origin });
    }
    return out;
  }

  private derivedMydomain(): string {
    const host = this.value('myhostname');
    const dot = host.indexOf('.');
    return dot > 0 && dot < host.length - 1 ? host.slice(dot + 1) : 'localdomain';
  }
}
