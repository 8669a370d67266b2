import { Code, diagnostic, type Fix } from '../../diagnostics';
import { compareVersions } from '../../knowledge/versions';
import type { ConfigModel } from '../../model/config';
import { expandParameter, expandValue } from '../../model/expand';
import { restrictionClasses } from '../../model/restrictionLists';
import type { Assignment } from '../../syntax/mainCf';
import { listWords } from '../../syntax/restrictionList';
import type { Check } from './context';
import { defineCheck } from '../check';
import { appendLineFix } from '../shared/fixes';

const RELAY = 'smtpd_relay_restrictions';
const RECIPIENT = 'smtpd_recipient_restrictions';

/** What smtpd accepts as relay protection (check_relay_domains until its removal in 3.9). */
export function requiredNames(target: string): string[] {
  const names = ['reject_unauth_destination', 'defer_unauth_destination', 'reject', 'defer', 'defer_if_permit'];
  return compareVersions(target, '3.9') < 0 ? [...names, 'check_relay_domains'] : names;
}

/**
 * smtpd's own test at start-up: a required name at the top level or inside a
 * restriction class; `warn_if_reject X` does not count; `permit` ends the search.
 */
export function hasRequired(model: ConfigModel, value: string, required: string[], classes: Set<string>, seen: Set<string>): boolean {
  const words = listWords(value).map((w) => w.text);
  for (let i = 0; i < words.length; i++) {
    // smtpd compares restriction names without regard to case, class names exactly
    const w = words[i].toLowerCase();
    if (w === 'warn_if_reject' && i + 1 < words.length) {
      i++;
      continue;
    }
    if (w === 'permit') return false;
    if (required.includes(w)) return true;
    const cls = words[i];
    if (classes.has(cls) && !seen.has(cls)) {
      seen.add(cls);
      if (hasRequired(model, expandParameter(model, cls).value, required, classes, seen)) return true;
    }
  }
  return false;
}

/** Where a fix adds reject_unauth_destination: before a final top-level permit, else at the end. */
function addToRelayList(a: Assignment): Fix {
  const title = 'Add reject_unauth_destination to smtpd_relay_restrictions';
  if (a.value === '') {
    const range = { start: a.nameRange.start, end: a.valueRange.end };
    return { title, edits: [{ range, newText: `${a.name} = reject_unauth_destination` }], preferred: true };
  }
  const words = listWords(a.value);
  const permit = words.find((w) => w.text.toLowerCase() === 'permit');
  const at = permit ? a.source.position(permit.start) : a.valueRange.end;
  const text = permit ? 'reject_unauth_destination, ' : ', reject_unauth_destination';
  return { title, edits: [{ range: { start: at, end: at }, newText: text }], preferred: true };
}

/** Postfix's rule that smtpd must not run as an open relay: without it smtpd stops with a fatal error. */
const checkRelayProtection: Check = ({ model, target }) => {
  const smtpd = model.services.filter((s) => s.command === 'smtpd');
  if (smtpd.length === 0) return [];
  const required = requiredNames(target);
  const failing = smtpd.filter((service) => {
    const overrides = service.overrides ?? [];
    const classes = restrictionClasses(model, overrides);
    const value = (name: string): string => {
      const o = overrides.filter((x) => x.name === name).pop();
      return o ? expandValue(model, o.value).value : expandParameter(model, name).value;
    };
    return !hasRequired(model, value(RELAY), required, classes, new Set()) && !hasRequired(model, value(RECIPIENT), required, classes, new Set());
  });
  if (failing.length === 0) return [];
  const relay = model.effective(RELAY);
  const recipient = model.effective(RECIPIENT);
  const anchor = relay ?? recipient ?? model.effective('compatibility_level');
  const range = anchor?.nameRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const relayValue = expandParameter(model, RELAY).value.replace(/\s+/g, ' ').trim();
  const why = relay
    ? `smtpd_relay_restrictions = ${relayValue || '(empty)'}`
    : `smtpd_relay_restrictions is not set, and its default is "${relayValue}" with compatibility_level ${model.rawValue('compatibility_level') ?? '0'}`;
  const services = failing.map((s) => s.name).join(', ');
  return [
    diagnostic(
      Code.NoRelayProtection,
      range,
      `No relay protection: ${why}, and neither it nor smtpd_recipient_restrictions contains a working ${required.slice(0, 5).join(', ')}. ` +
        `Such a server would relay mail for anyone, so smtpd (${services}) refuses to start: "specify at least one working instance of ...". ` +
        'Add reject_unauth_destination after your permit_* entries.',
      [
        relay
          ? addToRelayList(relay)
          : appendLineFix(
              model,
              'Add smtpd_relay_restrictions with reject_unauth_destination',
              'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
            ),
      ],
    ),
  ];
};

export const relayProtection = defineCheck({ codes: [Code.NoRelayProtection], kind: 'main', run: checkRelayProtection });
