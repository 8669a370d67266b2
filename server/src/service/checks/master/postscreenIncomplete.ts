import { Code, diagnostic, type Diagnostic, type Fix } from '../../diagnostics';
import type { ConfigModel } from '../../model/config';
import { expandParameter, expandValue } from '../../model/expand';
import type { MasterCf, Service } from '../../syntax/masterCf';
import { defineCheck } from '../check';
import type { MasterCheck } from './context';

/** The value the postscreen service sees: its last -o, else main.cf and the defaults, expanded. */
function setting(model: ConfigModel, service: Service, name: string): string {
  let own: string | undefined;
  for (const o of service.overrides) if (o.name === name) own = o.value;
  return (own === undefined ? expandParameter(model, name) : expandValue(model, own)).value.trim();
}

const yes = (value: string): boolean => /^yes$/i.test(value);

/**
 * Whether postscreen offers STARTTLS: it does in its own SMTP dialogue, which
 * runs only with an after-220 test on or an "enforce" action; the TLS level
 * falls back to the older yes/no settings when empty.
 */
function offersTls(model: ConfigModel, service: Service): boolean {
  const get = (name: string): string => setting(model, service, name);
  const talks =
    ['postscreen_pipelining_enable', 'postscreen_non_smtp_command_enable', 'postscreen_bare_newline_enable'].some((n) => yes(get(n))) ||
    ['postscreen_greet_action', 'postscreen_dnsbl_action', 'postscreen_denylist_action', 'postscreen_blacklist_action'].some((n) => /^enforce$/i.test(get(n)));
  if (!talks) return false;
  const level = get('postscreen_tls_security_level').toLowerCase();
  if (level !== '') return level === 'may' || level === 'encrypt';
  return yes(get('postscreen_use_tls')) || yes(get('postscreen_enforce_tls'));
}

interface Needed {
  /** what postscreen uses it for, for the message */
  why: string;
  /** the parameter that names the service */
  parameter: string;
  type: string;
  /** the entry of the stock master.cf */
  entry: (name: string) => string;
}

const SMTPD: Needed = {
  why: 'clients that pass its tests',
  parameter: 'smtpd_service_name',
  type: 'pass',
  entry: (n) => `${n.padEnd(9)} pass  -       -       n       -       -       smtpd`,
};
const DNSBLOG: Needed = {
  why: 'the postscreen_dnsbl_sites lookups',
  parameter: 'dnsblog_service_name',
  type: 'unix',
  entry: (n) => `${n.padEnd(9)} unix  -       -       n       -       0       dnsblog`,
};
const TLSPROXY: Needed = {
  why: 'STARTTLS, which it offers to clients',
  parameter: 'tlsproxy_service_name',
  type: 'unix',
  entry: (n) => `${n.padEnd(9)} unix  -       -       n       -       0       tlsproxy`,
};

/** Adds the missing entries right after the postscreen entry. */
function addFix(master: MasterCf, service: Service, entries: string[]): Fix {
  const line = service.endLine;
  const at = { line, character: (master.lines[line] ?? '').length };
  return {
    title: `Add ${entries.map((e) => e.split(/\s+/)[0]).join(', ')} to master.cf`,
    edits: [{ range: { start: at, end: at }, newText: entries.map((e) => `\n${e}`).join('') }],
    preferred: true,
  };
}

const checkPostscreenIncomplete: MasterCheck = ({ model, master }) => {
  const out: Diagnostic[] = [];
  for (const service of master.services) {
    if (service.type !== 'inet' || service.command !== 'postscreen') continue;
    const needed = [SMTPD];
    if (setting(model, service, 'postscreen_dnsbl_sites') !== '') needed.push(DNSBLOG);
    if (offersTls(model, service)) needed.push(TLSPROXY);
    const missing = needed
      .map((n) => ({ need: n, name: setting(model, service, n.parameter) }))
      .filter(({ need, name }) => name !== '' && !master.services.some((s) => s.name === name && s.type === need.type));
    if (missing.length === 0) continue;
    const what = missing.map(({ need, name }) => `"${name} ${need.type}" for ${need.why}`).join(', ');
    out.push(
      diagnostic(
        Code.PostscreenIncomplete,
        service.nameRange,
        `postscreen on "${service.name}" hands work to services master.cf does not define: ${what}. Without them postscreen cannot reach them and clients get temporary errors instead of mail service (see POSTSCREEN_README).`,
        [
          addFix(
            master,
            service,
            missing.map(({ need, name }) => need.entry(name)),
          ),
        ],
      ),
    );
  }
  return out;
};

export const postscreenIncomplete = defineCheck({ codes: [Code.PostscreenIncomplete], kind: 'master', run: checkPostscreenIncomplete });
