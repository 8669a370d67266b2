/** Mail logs in the editor: what a log file is, and the features of the postfix-log language. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentKind } from '../../server/src/service/model/documentKind';

test('documentKind: mail logs by name or by the editor language, never a table that happens to be called so', () => {
  for (const name of ['mail.log', 'maillog', 'mail.log.1', 'mail.err', 'mail.warn.3', 'mail.info', 'maillog-20240105', 'postfix.log']) {
    assert.equal(documentKind({ path: `/var/log/${name}`, text: 'Jan  5 10:00:00 mx postfix/qmgr[1]: ABC123: removed\n' }).kind, 'log', name);
  }
  assert.equal(documentKind({ path: '/tmp/notes.txt', text: '', languageId: 'postfix-log' }).kind, 'log');
  assert.equal(documentKind({ path: '/etc/postfix/mail.log', text: 'a OK\n', languageId: 'postfix-map' }).kind, 'table');
  // compressed rotations are not text, and names that merely contain "mail.log" are not logs
  assert.notEqual(documentKind({ path: '/var/log/mail.log.2.gz', text: '' }).kind, 'log');
  assert.notEqual(documentKind({ path: '/var/log/mymail.log', text: '' }).kind, 'log');
});
