/**
 * What smtpd checks when it starts, before any client: its restriction
 * classes must have definitions, its lists must expand, and one of the
 * relay and recipient lists must refuse relaying by default. Failing that,
 * it stops and no client gets a reply.
 */
import type { ListWord, Settings } from './settings';

/** The classes of smtpd_restriction_classes, and the one smtpd defines itself. */
export function restrictionClasses(settings: Settings, mainPath: string): Map<string, readonly ListWord[]> {
  const builtin = { parameter: 'reject_sender_login_mismatch', file: mainPath, line: null };
  const classes = new Map<string, readonly ListWord[]>([
    [
      'reject_sender_login_mismatch',
      [
        { text: 'reject_authenticated_sender_login_mismatch', origin: builtin },
        { text: 'reject_unauthenticated_sender_login_mismatch', origin: builtin },
      ],
    ],
  ]);
  for (const c of settings
    .value('smtpd_restriction_classes')
    .split(/[\s,]+/)
    .filter((n) => n !== '')) {
    classes.set(c, settings.listWords(c));
  }
  return classes;
}

/** Restrictions that make a list reject relaying by default; smtpd refuses to start without one. */
const RELAY_GUARDS = ['reject_unauth_destination', 'defer_unauth_destination', 'reject', 'defer', 'defer_if_permit', 'check_relay_domains'];

function hasRelayGuard(words: readonly ListWord[], classes: ReadonlyMap<string, readonly ListWord[]>, seen: Set<string>): boolean {
  for (let i = 0; i < words.length; i++) {
    const w = words[i].text.toLowerCase();
    if (w === 'warn_if_reject') {
      i++;
      continue;
    }
    if (w === 'permit') return false;
    if (RELAY_GUARDS.includes(w)) return true;
    const klass = classes.get(words[i].text);
    if (klass && !seen.has(words[i].text) && hasRelayGuard(klass, classes, new Set(seen).add(words[i].text))) return true;
  }
  return false;
}

export function startupProblems(settings: Settings, classes: ReadonlyMap<string, readonly ListWord[]>): string[] {
  const problems: string[] = [];
  for (const [name, words] of classes) if (words.length === 0) problems.push(`restriction class \`${name}' needs a definition`);
  // smtpd reads every list when it starts: a $name that reaches itself stops it there
  for (const stage of ['client', 'helo', 'sender', 'relay', 'recipient', 'data', 'end_of_data']) settings.listWords(`smtpd_${stage}_restrictions`);
  problems.push(...settings.fatal);
  if (
    !hasRelayGuard(settings.listWords('smtpd_recipient_restrictions'), classes, new Set()) &&
    !hasRelayGuard(settings.listWords('smtpd_relay_restrictions'), classes, new Set())
  ) {
    problems.push(
      'in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, specify at least one working instance of: reject_unauth_destination, defer_unauth_destination, reject, defer, defer_if_permit or check_relay_domains',
    );
  }
  return problems;
}
