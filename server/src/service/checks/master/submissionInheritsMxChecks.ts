import { Code, diagnostic, type Diagnostic, type Fix } from '../../diagnostics';
import { stageParameter, type Stage } from '../../knowledge/restrictions';
import type { ConfigModel } from '../../model/config';
import { restrictionClasses, restrictionLists, type RestrictionList } from '../../model/restrictionLists';
import { splitInetName } from '../../syntax/inetName';
import type { Service } from '../../syntax/masterCf';
import type { Word } from '../../syntax/restrictionList';
import { defineCheck } from '../check';
import { addOptionsEdit } from '../shared/fixes';
import type { MasterCheck } from './context';

/** Why each restriction turns away a mail client on a home or mobile connection, whatever mail it sends. */
const TRAPS: Readonly<Record<string, string>> = {
  reject_non_fqdn_helo_hostname: 'mail programs on laptops and phones greet with a bare name or an address',
  reject_invalid_helo_hostname: "a laptop's mail program greets with whatever its owner called the machine, spaces and underscores included",
  reject_unknown_helo_hostname: 'the name a laptop greets with is not in the DNS',
  reject_unknown_client_hostname: 'home and mobile addresses often have no reverse name that resolves back',
  reject_unknown_reverse_client_hostname: 'home and mobile addresses often have no reverse name',
  reject_rbl_client: 'home and mobile addresses are on DNS block lists, some of them listed on purpose',
};
// the names these had before Postfix 2.3
const OLD_NAMES: Readonly<Record<string, string>> = {
  reject_non_fqdn_hostname: 'reject_non_fqdn_helo_hostname',
  reject_invalid_hostname: 'reject_invalid_helo_hostname',
  reject_unknown_hostname: 'reject_unknown_helo_hostname',
  reject_unknown_client: 'reject_unknown_client_hostname',
};

/** Restrictions that let a client through before anything after them: a logged-in user, or one with a client certificate. */
const LETS_USERS_THROUGH = new Set(['permit', 'permit_sasl_authenticated', 'check_sasl_access', 'permit_tls_clientcerts', 'permit_tls_all_clientcerts']);

/** The lists smtpd runs on mail from a logged-in client; ETRN is no mail client's command. */
const STAGES: readonly Stage[] = ['client', 'helo', 'sender', 'relay', 'recipient', 'data', 'end_of_data'];

/** What the stock submission entry of master.cf gives each list it overrides. */
const STOCK_VALUE = (stage: Stage): string => (stage === 'recipient' || stage === 'relay' ? 'permit_sasl_authenticated,reject' : '');

const SUBMISSION_PORTS = new Set(['submission', '587', 'submissions', 'smtps', '465']);
const MX_PORTS = new Set(['smtp', '25']);

const yes = (value: string | undefined): boolean => /^\s*yes\s*$/i.test(value ?? '');

/** The service's own value: its last -o of `name`. */
function own(service: Service, name: string): string | undefined {
  let value: string | undefined;
  for (const o of service.overrides) if (o.name === name) value = o.value;
  return value;
}

/** The value a service sees: its last -o, else main.cf. */
const setting = (model: ConfigModel, service: Service, name: string): string | undefined => own(service, name) ?? model.effective(name)?.value;

/** An smtpd service where mail clients log in: a submission port with SASL on, or any smtpd but the MX that turns SASL on itself. */
function isSubmission(model: ConfigModel, service: Service): boolean {
  if (service.command !== 'smtpd' || service.type !== 'inet') return false;
  const inet = splitInetName(service.name);
  if ('error' in inet || MX_PORTS.has(inet.port)) return false;
  if (yes(own(service, 'smtpd_sasl_auth_enable'))) return true;
  return SUBMISSION_PORTS.has(inet.port) && yes(setting(model, service, 'smtpd_sasl_auth_enable'));
}

interface Trap {
  word: Word;
  /** its current name */
  name: string;
}

/**
 * The restrictions of `list` (and of the lists and classes it runs) that
 * reject a mail client before anything lets a logged-in user through, into
 * `traps`; returns true when something lets users through, which ends the
 * search. `authCounts`: a login is known when the list runs (not so for the
 * client and HELO lists with smtpd_delay_reject = no, which run before AUTH).
 */
function collectTraps(
  list: RestrictionList,
  context: { lists: ReadonlyMap<string, RestrictionList>; classes: ReadonlySet<string>; authCounts: boolean; seen: Set<string> },
  traps: Trap[],
): boolean {
  if (context.seen.has(list.name)) return false;
  context.seen.add(list.name);
  let warnOnly = false;
  for (const item of list.items) {
    const warned = warnOnly;
    warnOnly = false;
    let nested: RestrictionList | undefined;
    if (item.kind === 'restriction') {
      const name = OLD_NAMES[item.info.name] ?? item.info.name;
      if (name === 'warn_if_reject') warnOnly = true;
      else if (LETS_USERS_THROUGH.has(name) && (context.authCounts || name === 'permit')) return true;
      else if (TRAPS[name] && !warned) traps.push({ word: item.word, name });
    } else if (item.kind === 'reference') {
      const spliced = /^\$[{(]?([A-Za-z0-9_]+)/.exec(item.word.text)?.[1];
      nested = spliced === undefined ? undefined : context.lists.get(spliced);
    } else if (item.kind === 'name' && context.classes.has(item.word.text)) {
      nested = context.lists.get(item.word.text);
    }
    if (nested && collectTraps(nested, context, traps)) return true;
  }
  return false;
}

/** Adds `-o name=value` options after the service's last option. */
function overrideFix(service: Service, lines: readonly string[], settings: readonly [string, string][]): Fix {
  const title = `Give ${service.name} its own ${settings.map(([name]) => name).join(', ')}, as the stock submission entry does`;
  return {
    title,
    edits: [
      addOptionsEdit(
        service,
        lines,
        settings.map(([name, value]) => `-o ${name}=${value}`),
      ),
    ],
  };
}

/** A submission service that runs main.cf's restriction lists for the MX, whose checks turn away mail clients that log in. */
const checkSubmissionInheritsMxChecks: MasterCheck = ({ model, master }) => {
  const submissions = master.services.filter((s) => isSubmission(model, s));
  if (submissions.length === 0) return [];
  const lists = new Map(restrictionLists(model).map((l) => [l.name, l]));
  const classes = restrictionClasses(model);
  const out: Diagnostic[] = [];
  for (const service of submissions) {
    const overridden = new Set(service.overrides.map((o) => o.name));
    const early = /^\s*no\s*$/i.test(setting(model, service, 'smtpd_delay_reject') ?? '');
    const found: { stage: Stage; parameter: string; traps: Trap[] }[] = [];
    for (const stage of STAGES) {
      const parameter = stageParameter(stage);
      const list = lists.get(parameter);
      if (!list || overridden.has(parameter)) continue;
      const traps: Trap[] = [];
      collectTraps(list, { lists, classes, authCounts: !(early && (stage === 'client' || stage === 'helo')), seen: new Set() }, traps);
      if (traps.length) found.push({ stage, parameter, traps });
    }
    if (found.length === 0) continue;
    const which = found.map((f) => `${f.parameter} (${f.traps.map((t) => t.word.text).join(', ')})`).join(', ');
    const why = [...new Set(found.flatMap((f) => f.traps.map((t) => TRAPS[t.name])))].join('; ');
    out.push(
      diagnostic(
        Code.SubmissionInheritsMxChecks,
        service.nameRange,
        `Mail clients that log in to ${service.name} still go through main.cf's ${which}, which reject before any permit_sasl_authenticated: ${why}. Override ${found.length === 1 ? 'that list' : 'those lists'} for this service with -o, as Postfix's stock submission entry does.`,
        [
          overrideFix(
            service,
            master.lines,
            found.map((f) => [f.parameter, STOCK_VALUE(f.stage)]),
          ),
        ],
      ),
    );
  }
  return out;
};

export const submissionInheritsMxChecks = defineCheck({ codes: [Code.SubmissionInheritsMxChecks], kind: 'master', run: checkSubmissionInheritsMxChecks });
