/**
 * Hover, completion and the warn_if_reject code action inside smtpd
 * restriction lists.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Hover, type MarkupContent, type TextEdit } from 'vscode-languageserver-types';
import { checkMainCf, ConfigModel, type FileSystem } from '../../server/src/service';
import { codeActions } from '../../server/src/service/features/shared/codeActions';
import { completion } from '../../server/src/service/features/main/completion';
import { hover } from '../../server/src/service/features/main/hover';
import { restrictions } from '../../server/src/service/knowledge/restrictions';
import { tableTypes } from '../../server/src/service/knowledge/tableTypes';
import { defaultSettings } from '../../server/src/service/settings';
import type { Position, Range } from '../../server/src/service/syntax/text';
import { find } from './ranges';
import { SEED_POLICY as SEED } from '../support/fixtures';

// ---------------------------------------------------------------- helpers

const markdown = (h: Hover | null): string => {
  assert.ok(h, 'a hover');
  const contents = h.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
};
const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);
const item = (items: CompletionItem[], label: string): CompletionItem => {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `completion ${label} among ${items.length} items`);
  return found;
};
const bySortText = (items: CompletionItem[]): CompletionItem[] => [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));

/** A position inside the word `needle` (`into` characters after its start). */
const inside = (doc: string, needle: string, into = 2): Position => {
  const r = find(doc, needle);
  return { line: r.start.line, character: r.start.character + into };
};

/** The end of `doc`'s last non-empty line: where the user is typing. */
function endOf(doc: string): Position {
  const lines = doc.split('\n');
  const line = lines.length - 1;
  return { line, character: lines[line].length };
}

const apply = (doc: string, edits: TextEdit[]): string =>
  TextDocument.applyEdits(TextDocument.create('file:///etc/postfix/main.cf', 'postfix-main', 1, doc), edits);

const URI = 'file:///etc/postfix/main.cf';

const CLASSES = [
  'compatibility_level = 3.6',
  'smtpd_restriction_classes = relay_guard, from_friends',
  'relay_guard = permit_mynetworks, reject_unauth_destination',
  'from_friends = check_sender_access hash:/etc/postfix/friends, reject',
  'smtpd_relay_restrictions = relay_guard',
  'smtpd_recipient_restrictions = from_friends',
  '',
].join('\n');

// ---------------------------------------------------------------- hover

describe('hover in restriction lists', () => {
  test('reject_unknown_reverse_client_hostname: summary, "Added in Postfix 2.3", the postconf(5) link, the word range', () => {
    const model = new ConfigModel({ main: SEED });
    const h = hover(model, inside(SEED, 'reject_unknown_reverse_client_hostname', 10));
    const text = markdown(h);
    const info = restrictions.get('reject_unknown_reverse_client_hostname');
    assert.ok(info);
    assert.match(text, /\*\*reject_unknown_reverse_client_hostname\*\* \(SMTP access restriction\)/);
    assert.ok(text.includes(info.summary), 'shows the summary');
    assert.match(text, /Added in Postfix 2\.3/);
    assert.ok(text.includes('https://www.postfix.org/postconf.5.html#reject_unknown_reverse_client_hostname'), text);
    assert.match(text, /\*\*Argument:\*\* none/);
    assert.deepEqual(h?.range, find(SEED, 'reject_unknown_reverse_client_hostname'));
  });

  test('names are looked up without regard to case', () => {
    const main = 'smtpd_client_restrictions = Reject_Unknown_Reverse_Client_Hostname\n';
    assert.match(markdown(hover(new ConfigModel({ main }), inside(main, 'Reject_'))), /Added in Postfix 2\.3/);
  });

  test('the names that replaced older ones in 2.3 say "Added in Postfix 2.3", like the others', () => {
    const names = ['reject_invalid_helo_hostname', 'reject_non_fqdn_helo_hostname', 'reject_unknown_helo_hostname', 'reject_unknown_client_hostname'];
    const main = `smtpd_helo_required = yes\nsmtpd_helo_restrictions = ${names.join(', ')}\n`;
    const model = new ConfigModel({ main });
    for (const name of names) assert.match(markdown(hover(model, inside(main, name, 8))), /Added in Postfix 2\.3/, name);
    // the old names are no new restrictions: they say what replaces them instead
    assert.equal(restrictions.get('reject_invalid_hostname')?.since, undefined);
  });

  test('an old name says what replaces it', () => {
    const main = 'smtpd_client_restrictions = reject_unknown_client\n';
    const text = markdown(hover(new ConfigModel({ main }), inside(main, 'reject_unknown_client')));
    assert.match(text, /Old name\*\* \(before Postfix 2\.3\): use `reject_unknown_client_hostname`/);
  });

  test('a table argument: the table type and its summary', () => {
    const model = new ConfigModel({ main: SEED });
    const h = hover(model, inside(SEED, 'hash:/etc/postfix/recipient_access', 8));
    const text = markdown(h);
    const hash = tableTypes.get('hash');
    assert.ok(hash);
    assert.match(text, /\*\*hash:\*\* lookup table/);
    assert.ok(text.includes(hash.summary), text);
    assert.match(text, /Added in Postfix 1\.0/);
    assert.deepEqual(h?.range, find(SEED, 'hash:/etc/postfix/recipient_access'));
  });

  test('a bare table in a list', () => {
    const main = 'smtpd_client_restrictions = pcre:/etc/postfix/clients.pcre, permit\n';
    const text = markdown(hover(new ConfigModel({ main }), inside(main, 'pcre:')));
    assert.match(text, /\*\*pcre:\*\* lookup table/);
  });

  test('a restriction class: the list it runs, and where it is set', () => {
    const model = new ConfigModel({ main: CLASSES });
    const h = hover(model, inside(CLASSES, 'relay_guard\n', 3));
    const text = markdown(h);
    assert.match(text, /\*\*relay_guard\*\* \(restriction class\)/);
    assert.match(text, /Runs the list set on line 3: `permit_mynetworks, reject_unauth_destination`/);
    assert.deepEqual(h?.range, find(CLASSES, 'relay_guard', 2));
  });

  test('a class that is listed but not set', () => {
    const main = 'smtpd_restriction_classes = nowhere\nsmtpd_client_restrictions = nowhere\n';
    const word = find(main, 'nowhere', 1);
    const h = hover(new ConfigModel({ main }), { line: word.start.line, character: word.start.character + 2 });
    assert.deepEqual(h?.range, word);
    const text = markdown(h);
    assert.match(text, /not set: smtpd finds an empty list/);
  });

  test('no hover for an unknown name or a DNS list domain', () => {
    const main = 'smtpd_client_restrictions = reject_bogus_thing, reject_rbl_client zen.spamhaus.org\n';
    const model = new ConfigModel({ main });
    assert.equal(hover(model, inside(main, 'reject_bogus_thing')), null);
    assert.equal(hover(model, inside(main, 'zen.spamhaus.org')), null);
  });
});

// ---------------------------------------------------------------- completion

describe('completion in restriction lists', () => {
  test('after "reject_unauth_" in smtpd_recipient_restrictions: the reject_unauth_* names, replacing the typed prefix', () => {
    const main = 'smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_';
    const at = endOf(main);
    const items = completion(new ConfigModel({ main }), at);
    for (const name of ['reject_unauth_destination', 'reject_unauth_pipelining']) {
      const i = item(items, name);
      assert.equal(i.kind, CompletionItemKind.Function);
      assert.deepEqual(i.textEdit, { range: { start: { line: 0, character: at.character - 'reject_unauth_'.length }, end: at }, newText: name });
    }
  });

  test('on a continuation line', () => {
    const main = 'smtpd_recipient_restrictions = permit_mynetworks,\n    reject_unauth_';
    const at = endOf(main);
    const i = item(completion(new ConfigModel({ main }), at), 'reject_unauth_destination');
    assert.deepEqual(i.textEdit, { range: { start: { line: 1, character: 4 }, end: at }, newText: 'reject_unauth_destination' });
  });

  test('on a new blank line inside or after a list: names inserted at the cursor', () => {
    for (const [main, at] of [
      ['smtpd_recipient_restrictions =\n    permit_mynetworks,\n    \n    reject\n', { line: 2, character: 4 }],
      ['smtpd_recipient_restrictions = permit_mynetworks\n    \n', { line: 1, character: 4 }],
      ['smtpd_recipient_restrictions = permit_mynetworks\n# relay\n\n  \n', { line: 3, character: 2 }],
    ] as const) {
      const i = item(completion(new ConfigModel({ main }), at), 'reject_unauth_destination');
      assert.deepEqual(i.textEdit, { range: { start: at, end: at }, newText: 'reject_unauth_destination' }, JSON.stringify(main));
    }
  });

  test('on a blank line after a restriction that takes a table: table types', () => {
    expectTableTypes('smtpd_sender_restrictions = check_sender_access\n    \n', { line: 1, character: 4 });
  });

  test('after comment lines inside a list: the typed prefix on its own line', () => {
    const main = 'smtpd_recipient_restrictions = permit_mynetworks,\n# no open relay\n    reject_unauth_';
    const at = endOf(main);
    const i = item(completion(new ConfigModel({ main }), at), 'reject_unauth_destination');
    assert.deepEqual(i.textEdit, { range: { start: { line: 2, character: 4 }, end: at }, newText: 'reject_unauth_destination' });
  });

  test('on a comment line, or a continuation of a line that is no assignment: nothing', () => {
    const comment = 'smtpd_recipient_restrictions = permit_mynetworks\n  # reject_\n';
    assert.deepEqual(completion(new ConfigModel({ main: comment }), { line: 1, character: 11 }), []);
    const orphan = 'smtpd_recipient_restrictions = permit_mynetworks\nbroken line\n    reject_';
    assert.deepEqual(completion(new ConfigModel({ main: orphan }), endOf(orphan)), []);
  });

  test('inside a "{" opened on an earlier line: the edit replaces only what is typed on the cursor line', () => {
    const main = 'smtpd_recipient_restrictions = { permit_mynetworks,\n    reject_unauth_';
    const at = endOf(main);
    const i = item(completion(new ConfigModel({ main }), at), 'reject_unauth_destination');
    assert.deepEqual(i.textEdit, { range: { start: { line: 1, character: 4 }, end: at }, newText: 'reject_unauth_destination' });
  });

  test('old and removed names are not offered', () => {
    const main = 'smtpd_client_restrictions = ';
    const names = labels(completion(new ConfigModel({ main }), endOf(main)));
    assert.ok(names.includes('reject_unknown_client_hostname'));
    for (const old of ['reject_unknown_client', 'check_relay_domains', 'reject_maps_rbl', 'permit_naked_ip_address']) {
      assert.ok(!names.includes(old), old);
    }
  });

  test('names that fit the stage sort first', () => {
    const etrn = 'smtpd_etrn_restrictions = ';
    const inEtrn = completion(new ConfigModel({ main: etrn }), endOf(etrn));
    assert.match(item(inEtrn, 'check_etrn_access').sortText ?? '', /^0/);
    assert.match(item(inEtrn, 'check_sender_access').sortText ?? '', /^1/);
    const client = 'smtpd_client_restrictions = ';
    const inClient = completion(new ConfigModel({ main: client }), endOf(client));
    assert.match(item(inClient, 'check_etrn_access').sortText ?? '', /^1/);
    assert.match(item(inClient, 'check_sender_access').sortText ?? '', /^0/);
  });

  test('a restriction that takes a table is a snippet with a choice of table types', () => {
    const main = 'smtpd_sender_restrictions = check_sen';
    const i = item(completion(new ConfigModel({ main }), endOf(main)), 'check_sender_access');
    assert.equal(i.insertTextFormat, InsertTextFormat.Snippet);
    const newText = (i.textEdit as TextEdit).newText;
    // every type that keeps its table in a file, the most used first: postmap-built ones and those read as they are
    assert.equal(newText, 'check_sender_access ${1|hash,lmdb,cdb,texthash,pcre,regexp,cidr,btree,dbm,sdbm|}:/etc/postfix/${2:sender_access}');
    const rbl = item(completion(new ConfigModel({ main }), endOf(main)), 'reject_rbl_client');
    assert.equal((rbl.textEdit as TextEdit).newText, 'reject_rbl_client ${1:zen.spamhaus.org}');
  });

  /** Table types after "check_sender_access " typed at `at` in `main`; hash: first, nothing else. */
  function expectTableTypes(main: string, at: Position): void {
    const items = completion(new ConfigModel({ main }), at);
    const sorted = bySortText(items);
    assert.equal(sorted[0]?.label, 'hash:', `first of ${labels(sorted).slice(0, 5).join(', ')}`);
    assert.deepEqual(sorted[0].textEdit, { range: { start: at, end: at }, newText: 'hash:' });
    assert.ok(labels(items).includes('pcre:'));
    assert.ok(labels(items).includes('inline:'));
    assert.ok(!labels(items).includes('reject_unauth_destination'), 'no restriction names in the argument position');
  }

  test('after "check_sender_access " inside a list: table types, hash: first', () => {
    const main = 'smtpd_sender_restrictions = check_sender_access , permit\n';
    expectTableTypes(main, { line: 0, character: 'smtpd_sender_restrictions = check_sender_access '.length });
  });

  test('after "check_sender_access " at the end of the line: table types, hash: first', () => {
    expectTableTypes('smtpd_sender_restrictions = check_sender_access \n', { line: 0, character: 48 });
  });

  test('after "check_sender_access " at the end of a continuation line', () => {
    expectTableTypes('smtpd_sender_restrictions = permit_mynetworks,\n    check_sender_access \n', { line: 1, character: 24 });
  });

  test('after "check_sender_access ha": the typed prefix is replaced', () => {
    const main = 'smtpd_sender_restrictions = check_sender_access ha';
    const at = endOf(main);
    const hash = item(completion(new ConfigModel({ main }), at), 'hash:');
    assert.deepEqual(hash.textEdit, { range: { start: { line: 0, character: at.character - 2 }, end: at }, newText: 'hash:' });
  });

  test('after "check_sender_access hash:": the files of the configuration directory', () => {
    const files: FileSystem = {
      exists: () => true,
      list: (dir) => (dir === '/etc/postfix' ? ['sender_access', 'sender_access.db', 'main.cf', 'master.cf', '.hidden', 'helo_checks', 'x.lmdb'] : []),
    };
    const main = 'smtpd_sender_restrictions = check_sender_access hash:';
    const at = endOf(main);
    const items = completion(new ConfigModel({ main }), at, { files, configDir: '/etc/postfix' });
    assert.deepEqual(labels(items).sort(), ['hash:/etc/postfix/helo_checks', 'hash:/etc/postfix/sender_access']);
    assert.deepEqual(item(items, 'hash:/etc/postfix/sender_access').textEdit, {
      range: { start: { line: 0, character: at.character - 'hash:'.length }, end: at },
      newText: 'hash:/etc/postfix/sender_access',
    });
    assert.equal(item(items, 'hash:/etc/postfix/sender_access').kind, CompletionItemKind.File);
    // without a file system or directory: nothing to offer
    assert.deepEqual(completion(new ConfigModel({ main }), at), []);
  });

  /** DNS list domains after "reject_rbl_client " typed at `at`. */
  function expectDnsLists(main: string, at: Position): void {
    const items = completion(new ConfigModel({ main }), at);
    assert.ok(labels(items).includes('zen.spamhaus.org'), labels(items).slice(0, 5).join(', '));
    assert.deepEqual(item(items, 'zen.spamhaus.org').textEdit, { range: { start: at, end: at }, newText: 'zen.spamhaus.org' });
    assert.ok(!labels(items).includes('permit'), 'no restriction names in the argument position');
  }

  test('after "reject_rbl_client " inside a list: well-known DNS lists', () => {
    const main = 'smtpd_client_restrictions = reject_rbl_client , permit\n';
    expectDnsLists(main, { line: 0, character: 'smtpd_client_restrictions = reject_rbl_client '.length });
  });

  test('after "reject_rbl_client " at the end of the line: well-known DNS lists', () => {
    const main = 'smtpd_client_restrictions = reject_rbl_client \n';
    expectDnsLists(main, { line: 0, character: 'smtpd_client_restrictions = reject_rbl_client '.length });
  });

  test('after "reject_rbl_client z": the typed prefix is replaced', () => {
    const main = 'smtpd_client_restrictions = reject_rbl_client z';
    const at = endOf(main);
    assert.deepEqual(item(completion(new ConfigModel({ main }), at), 'zen.spamhaus.org').textEdit, {
      range: { start: { line: 0, character: at.character - 1 }, end: at },
      newText: 'zen.spamhaus.org',
    });
  });

  test('every DNS list offered says in one line what it lists, and how to use it', () => {
    const offered = (restriction: string): CompletionItem[] => {
      const main = `smtpd_recipient_restrictions = ${restriction} `;
      return completion(new ConfigModel({ main }), endOf(main));
    };
    const byRestriction = new Map(
      [...restrictions.values()].filter((r) => r.argument === 'dns-list' && r.replacement === undefined && !r.removedIn).map((r) => [r.name, offered(r.name)]),
    );
    for (const [name, items] of byRestriction) {
      assert.ok(items.length > 0, `lists offered after ${name}`);
      for (const i of items) {
        assert.ok(i.detail && !i.detail.includes('\n') && i.detail.length <= 90, `${name} ${i.label}: one short line, ${i.detail}`);
        assert.equal((i.documentation as MarkupContent).kind, 'markdown');
      }
    }
    const zen = item(byRestriction.get('reject_rbl_client') ?? [], 'zen.spamhaus.org');
    assert.match(zen.detail ?? '', /IP addresses of spam sources/);
    assert.match(
      (zen.documentation as MarkupContent).value,
      /public resolvers.*zen\.spamhaus\.org=127\.0\.0\.\[2\.\.11\]|zen\.spamhaus\.org=127\.0\.0\.\[2\.\.11\].*public resolvers/s,
    );
    assert.equal(bySortText(byRestriction.get('reject_rbl_client') ?? [])[0].label, 'zen.spamhaus.org', 'the most used first');
    assert.match(item(byRestriction.get('reject_rhsbl_sender') ?? [], 'dbl.spamhaus.org').detail ?? '', /domains/);
    assert.match(item(byRestriction.get('permit_dnswl_client') ?? [], 'list.dnswl.org').detail ?? '', /allow-list/);
    assert.match((item(byRestriction.get('permit_dnswl_client') ?? [], 'list.dnswl.org').documentation as MarkupContent).value, /127\.0\.0\.255/);
  });

  test('restriction classes are offered', () => {
    const main = CLASSES + 'smtpd_client_restrictions = permit_mynetworks, ';
    const items = completion(new ConfigModel({ main }), endOf(main));
    for (const name of ['relay_guard', 'from_friends']) {
      const i = item(items, name);
      assert.equal(i.kind, CompletionItemKind.Class);
      assert.equal(i.detail, 'restriction class');
    }
  });
});

// ---------------------------------------------------------------- the warn_if_reject action

describe('code action: try a restriction with warn_if_reject', () => {
  const main = [
    'compatibility_level = 3.6',
    'smtpd_client_restrictions = permit_mynetworks, reject_unknown_client_hostname,',
    '    warn_if_reject reject_rbl_client zen.spamhaus.org, check_client_access hash:/etc/postfix/c',
    '',
  ].join('\n');
  const model = new ConfigModel({ main });
  const on = (needle: string, into = 2): Range => {
    const p = inside(main, needle, into);
    return { start: p, end: p };
  };

  test('inserts "warn_if_reject " before the word', () => {
    const actions = codeActions(URI, [], model, on('reject_unknown_client_hostname'));
    assert.equal(actions.length, 1);
    const [action] = actions;
    assert.equal(action.title, 'Try reject_unknown_client_hostname safely: log instead of reject (warn_if_reject)');
    assert.equal(action.kind, 'quickfix');
    const at = find(main, 'reject_unknown_client_hostname').start;
    const edits = action.edit?.changes?.[URI];
    assert.deepEqual(edits, [{ range: { start: at, end: at }, newText: 'warn_if_reject ' }]);
    const fixed = apply(main, edits ?? []);
    assert.equal(fixed.split('\n')[1], 'smtpd_client_restrictions = permit_mynetworks, warn_if_reject reject_unknown_client_hostname,');
    const report = checkMainCf(new ConfigModel({ main: fixed }), defaultSettings, '3.11');
    assert.deepEqual(
      report.diagnostics.map((d) => d.code),
      [],
    );
  });

  test('offered for check_* restrictions too, on a continuation line', () => {
    const actions = codeActions(URI, [], model, on('check_client_access'));
    assert.equal(actions.length, 1);
    const at = find(main, 'check_client_access').start;
    assert.deepEqual(actions[0].edit?.changes?.[URI], [{ range: { start: at, end: at }, newText: 'warn_if_reject ' }]);
  });

  test('none when already preceded by warn_if_reject', () => {
    assert.deepEqual(codeActions(URI, [], model, on('reject_rbl_client')), []);
  });

  test('none for permit_mynetworks, a table argument, or outside a list', () => {
    assert.deepEqual(codeActions(URI, [], model, on('permit_mynetworks')), []);
    assert.deepEqual(codeActions(URI, [], model, on('hash:/etc/postfix/c', 6)), []);
    assert.deepEqual(codeActions(URI, [], model, on('compatibility_level')), []);
  });
});
