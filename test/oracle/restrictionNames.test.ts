/**
 * Every restriction name in the knowledge data is one the real smtpd knows:
 * all of them (with arguments that need no network) in one list, each behind
 * warn_if_reject so that evaluation goes on to the end, and smtpd must not
 * log "unknown smtpd restriction" for any.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { restrictions } from '../../server/src/service/knowledge/restrictions';
import { compareVersions } from '../../server/src/service/knowledge/versions';
import { postfixVerdict } from './harness';
import { requirePostfix } from './support';

/** Names whose evaluation needs DNS or a policy server, which this machine cannot reach. */
const NEEDS_NETWORK = new Set(['dns-list', 'policy-service']);

test('smtpd knows every restriction name of the knowledge data', async (t) => {
  const version = requirePostfix(t);
  if (!version) return;
  if (process.getuid?.() !== 0) {
    t.skip('the daemon harness needs root');
    return;
  }
  const names = [...restrictions.values()].filter(
    (r) =>
      !NEEDS_NETWORK.has(r.argument) &&
      r.name !== 'warn_if_reject' &&
      r.name !== 'permit' &&
      !(r.removedIn && compareVersions(version, r.removedIn) >= 0) &&
      !(r.since && compareVersions(version, r.since) < 0),
  );
  assert.ok(names.length > 50, `${names.length} names`);
  const entries = names.map((r) =>
    r.argument === 'table' ? `warn_if_reject ${r.name} inline:{ nothing.invalid=OK }` : r.argument === 'seconds' ? `${r.name} 0` : `warn_if_reject ${r.name}`,
  );
  const main = [
    'compatibility_level = 3.6',
    'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
    `smtpd_recipient_restrictions = ${entries.join(',\n    ')},\n    permit`,
    '',
  ].join('\n');
  const verdict = await postfixVerdict({ main, port: 3100 + (process.pid % 300) });
  assert.match(verdict, /RCPT TO/, 'the SMTP dialogue ran');
  assert.doesNotMatch(verdict, /unknown smtpd restriction/, verdict);
});
