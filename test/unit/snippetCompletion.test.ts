/**
 * The main.cf snippets as completion items: offered only where a parameter
 * may start, never inserting a second assignment of a parameter the file
 * sets, and plain text for clients without snippets.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type MarkupContent, type TextEdit } from 'vscode-languageserver-types';
import { CompletionTransport } from '../../server/src/completionTransport';
import { ConfigModel } from '../../server/src/service';
import { completion } from '../../server/src/service/features/main/completion';
import { MAIN_SNIPPETS } from '../../server/src/service/knowledge/snippets';
import { snippetDefaults, standAlone } from '../../server/src/service/syntax/snippet';
import type { Position } from '../../server/src/service/syntax/text';

const at = (line: number, character: number): Position => ({ line, character });

function snippets(main: string, position: Position): CompletionItem[] {
  return completion(new ConfigModel({ main }), position).filter((i) => i.kind === CompletionItemKind.Snippet);
}

type Item = CompletionItem & { textEdit: TextEdit };

function snippet(items: CompletionItem[], label: string): Item {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `${label} among ${items.map((i) => i.label).join(', ')}`);
  assert.ok(found.textEdit && 'range' in found.textEdit);
  return found as Item;
}

const newText = (item: CompletionItem): string => (item.textEdit as { newText: string }).newText;
const documentation = (item: CompletionItem): string => (item.documentation as MarkupContent).value;

test('every snippet is offered at column 0 of an empty line, as the snippet its file holds', () => {
  const items = snippets('myhostname = mail.example.com\n\n', at(1, 0));
  assert.equal(items.length, MAIN_SNIPPETS.length);
  for (const s of MAIN_SNIPPETS) {
    const label = s.prefixes.find((p) => p.startsWith('postfix-')) ?? '';
    const item = snippet(items, label);
    assert.equal(item.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(item.detail, s.description);
    assert.deepEqual(item.labelDetails, { description: s.name });
    assert.equal(newText(item), s.body.join('\n'));
    assert.deepEqual(item.textEdit, { range: { start: at(1, 0), end: at(1, 0) }, newText: s.body.join('\n') });
    // the documentation shows what accepting every default inserts
    assert.ok(documentation(item).includes(snippetDefaults(s.body.join('\n')).trimEnd()), label);
    assert.ok(
      s.prefixes.every((p) => item.filterText?.split(' ').includes(p)),
      label,
    );
  }
});

test('a partly typed prefix, hyphens included, is replaced; parameter names stay offered beside the snippets', () => {
  const typed = completion(new ConfigModel({ main: 'postfix-anti' }), at(0, 12));
  assert.deepEqual(
    typed.map((i) => i.label),
    MAIN_SNIPPETS.map((s) => s.prefixes.find((p) => p.startsWith('postfix-'))),
    'no parameter name has a hyphen',
  );
  assert.deepEqual(snippet(typed, 'postfix-antispam').textEdit.range, { start: at(0, 0), end: at(0, 12) });
  const name = completion(new ConfigModel({ main: 'smtpd_rel' }), at(0, 9));
  assert.ok(name.some((i) => i.label === 'smtpd_relay_restrictions' && i.kind === CompletionItemKind.Property));
  assert.ok(name.some((i) => i.label === 'postfix-relay-restrictions'));
});

test('no snippet where a restriction, a value or a continuation line goes', () => {
  const main = ['smtpd_recipient_restrictions = permit_mynetworks,', '    reject_rbl_client ', '', '# a note', '    reject_unauth_destination', 'anvil'].join(
    '\n',
  );
  // after reject_rbl_client its DNS list goes, not a snippet
  assert.deepEqual(snippets(main, at(1, 22)), []);
  // an indented line continues the value
  assert.deepEqual(snippets(main, at(1, 0)), []);
  assert.deepEqual(snippets(main, at(1, 4)), []);
  // an empty line is part of the value when an indented line below continues it
  assert.deepEqual(snippets(main, at(2, 0)), []);
  // inside the value of an assignment, and in its name with text after the cursor
  assert.deepEqual(snippets(main, at(0, 35)), []);
  assert.deepEqual(snippets(main, at(0, 5)), []);
  // a comment line
  assert.deepEqual(snippets(main, at(3, 0)), []);
  // the last line starts a new parameter
  assert.ok(snippets(main, at(5, 5)).some((i) => i.label === 'postfix-anvil'));
  assert.ok(snippets(main + '\n', at(6, 0)).length > 0);
});

test('lines of parameters the file sets are left out, with where to edit them', () => {
  const main = ['smtpd_helo_required = yes', 'smtpd_error_sleep_time = 2s', 'smtpd_soft_error_limit = 5', 'smtpd_hard_error_limit = 10', '', ''].join('\n');
  const items = snippets(main, at(5, 0));
  const helo = snippet(items, 'postfix-helo');
  assert.equal(
    newText(helo),
    [
      '# Clients must greet first, so HELO checks cannot be skipped.',
      'smtpd_helo_restrictions = permit_mynetworks, permit_sasl_authenticated,',
      '    reject_invalid_helo_hostname, reject_non_fqdn_helo_hostname',
      '# Do not let VRFY reveal which mailboxes exist.',
      'disable_vrfy_command = yes',
      '$0',
    ].join('\n'),
  );
  assert.match(documentation(helo), /`smtpd_helo_required`: already set on line 1: edit it there/);
  // a comment goes with the lines it speaks for
  const anvil = newText(snippet(items, 'postfix-anvil'));
  assert.doesNotMatch(anvil, /smtpd_(error_sleep_time|soft_error_limit|hard_error_limit)|Stricter than the defaults/);
  assert.match(anvil, /^# Per client and anvil_rate_time_unit/);
  assert.match(anvil, /\nsmtpd_client_message_rate_limit = \$\{6:60\}\n\$0$/);
  const notes = documentation(snippet(items, 'postfix-anvil'));
  assert.match(notes, /`smtpd_error_sleep_time`: already set on line 2/);
  assert.match(notes, /`smtpd_hard_error_limit`: already set on line 4/);
  // the other snippets leave nothing out
  assert.equal(newText(snippet(items, 'postfix-antispam')), MAIN_SNIPPETS.find((s) => s.name.startsWith('Anti-spam'))?.body.join('\n'));
});

test('the line named is that of the assignment Postfix uses; a left-out value takes its continuation lines along', () => {
  const main = ['virtual_mailbox_maps = hash:/a', 'virtual_mailbox_maps =', '    lmdb:/b', '', ''].join('\n');
  const item = snippet(snippets(main, at(4, 0)), 'postfix-virtual-mailbox');
  assert.match(documentation(item), /`virtual_mailbox_maps`: already set on line 2/);
  assert.doesNotMatch(newText(item), /virtual_mailbox_maps/);
  // the table type the left-out line chose is now chosen where it was copied
  assert.match(newText(item), /^virtual_alias_maps = \$\{3\|lmdb,hash,cdb,texthash\|\}:\$\{5:\/etc\/postfix\/virtual\}$/m);
  const helo = newText(snippet(snippets('smtpd_helo_restrictions = reject_invalid_helo_hostname\n\n', at(1, 0)), 'postfix-helo'));
  assert.doesNotMatch(helo, /smtpd_helo_restrictions|reject_non_fqdn_helo_hostname/);
  assert.match(helo, /^smtpd_helo_required = yes\n# Do not let VRFY/m);
  const relay = snippets('smtpd_relay_restrictions = permit_mynetworks\n\n', at(1, 0));
  assert.ok(!relay.some((i) => i.label === 'postfix-relay' || i.label === 'postfix-relay-restrictions'));
});

test('a snippet whose parameters are all set is not offered', () => {
  const main = [
    'smtpd_recipient_restrictions = reject_unauth_destination',
    'smtp_tls_security_level = may',
    'smtp_tls_CAfile = /x',
    'smtp_tls_loglevel = 1',
    '',
  ].join('\n');
  const labels = snippets(main, at(4, 0)).map((i) => i.label);
  assert.ok(!labels.includes('postfix-antispam') && !labels.includes('postfix-smtp-tls'), labels.join(' '));
  assert.ok(labels.includes('postfix-smtpd-tls'));
  // never a second assignment, whatever is offered
  for (const item of snippets(main, at(4, 0))) {
    const inserted = new ConfigModel({ main: main + snippetDefaults(newText(item)) });
    assert.ok(
      [...inserted.assignments.values()].every((list) => list.length === 1),
      String(item.label),
    );
  }
});

test('a piece of a snippet keeps the placeholders it copies', () => {
  assert.equal(standAlone('b = ${1}:${2:x}', 'a = ${1|p,q|}\nb = ${1}:${2:x}'), 'b = ${1|p,q|}:${2:x}');
  assert.equal(standAlone('b = $1 $1', 'a = ${1:p}\nb = $1 $1'), 'b = ${1:p} $1');
  assert.equal(standAlone('b = ${1:y} $1', 'a = ${1:p}\nb = ${1:y} $1'), 'b = ${1:y} $1');
  assert.equal(standAlone('b = $0', 'a = ${1:p}\nb = $0'), 'b = $0');
});

test('a client without snippet support gets the text of the defaults, as plain text', () => {
  const items = snippets('\n', at(0, 0));
  const plain = new CompletionTransport({ textDocument: { completion: { completionItem: { snippetSupport: false } } } }).list(items, () => '');
  const list = Array.isArray(plain) ? plain : plain.items;
  const antispam = snippet(list, 'postfix-antispam');
  assert.equal(antispam.insertTextFormat, InsertTextFormat.PlainText);
  assert.match(antispam.textEdit.newText, /^ {4}check_sender_access hash:\/etc\/postfix\/sender_access,$/m);
  assert.match(antispam.textEdit.newText, /^ {4}reject_rbl_client zen\.spamhaus\.org,$/m);
  assert.ok(list.every((i) => i.insertTextFormat !== InsertTextFormat.Snippet && !newText(i).includes('${') && i.labelDetails === undefined));
  // and one with it, the snippet
  const capable = new CompletionTransport({ textDocument: { completion: { completionItem: { snippetSupport: true, labelDetailsSupport: true } } } }).list(
    items,
    () => '',
  );
  const rich = snippet(Array.isArray(capable) ? capable : capable.items, 'postfix-antispam');
  assert.equal(rich.insertTextFormat, InsertTextFormat.Snippet);
  assert.match(rich.textEdit.newText, /reject_rbl_client \$\{4:zen\.spamhaus\.org\}/);
  assert.ok(rich.labelDetails);
});
