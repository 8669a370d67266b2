/** master.cf `-o smtpd_*_restrictions=...` lists go through the same restriction checks as main.cf's. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigModel } from '../../server/src/service';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { defaultSettings } from '../../server/src/service/settings';

const MASTER = [
  'submission inet n - y - - smtpd',
  '  -o smtpd_client_restrictions=permit_sasl_authenticated,reject,permit_mynetworks',
  '  -o smtpd_sender_restrictions=reject_unknwn_sender_domain,check_sender_access',
  '  -o { smtpd_helo_restrictions = reject_invalid_hostname }',
  '  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject_unauth_destination',
].join('\n');

const codes = (master: string): string[] =>
  checkMasterCf(new ConfigModel({ main: 'compatibility_level = 3.6\n', master }), defaultSettings, '3.11').diagnostics.map(
    (d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`,
  );

test('unknown, missing argument, unreachable and old names in -o lists, at their exact place', () => {
  assert.deepEqual(codes(MASTER), [
    'unreachable-restriction@1:64',
    'unknown-restriction@2:31',
    'restriction-missing-argument@2:59',
    'deprecated-restriction@3:33',
  ]);
});

test('a clean -o list gives nothing', () => {
  assert.deepEqual(codes('submission inet n - y - - smtpd\n  -o smtpd_client_restrictions=permit_sasl_authenticated,reject\n'), []);
});

test("a service's own -o smtpd_restriction_classes names classes for its lists, in place of main.cf's", () => {
  const own = ['smtp inet n - y - - smtpd', '  -o smtpd_restriction_classes=strict', '  -o strict=reject', '  -o smtpd_client_restrictions=strict'].join('\n');
  assert.deepEqual(codes(own), []);
  // another service does not see them
  assert.deepEqual(codes(`${own}\nsubmission inet n - y - - smtpd\n  -o smtpd_client_restrictions=strict\n`), ['unknown-restriction@5:31']);
  // the service's value replaces main.cf's: a class only main.cf lists is unknown there
  const replaced = checkMasterCf(
    new ConfigModel({
      main: 'compatibility_level = 3.6\nsmtpd_restriction_classes = loose\nloose = permit\n',
      master: 'smtp inet n - y - - smtpd\n  -o smtpd_restriction_classes=strict\n  -o strict=reject\n  -o smtpd_client_restrictions=loose\n',
    }),
    defaultSettings,
    '3.11',
  ).diagnostics.map((d) => `${d.code}@${d.range.start.line}`);
  assert.deepEqual(replaced, ['unknown-restriction@3']);
});
