/**
 * Hover, completion and code actions on main.cf.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompletionItemKind, type CompletionItem, type Hover, type MarkupContent } from 'vscode-languageserver-types';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import { Code } from '../../server/src/service/diagnostics';
import { codeActions } from '../../server/src/service/features/shared/codeActions';
import { completion } from '../../server/src/service/features/main/completion';
import { hover } from '../../server/src/service/features/main/hover';
import { defaultSettings } from '../../server/src/service/settings';
import { range, type Position } from '../../server/src/service/syntax/text';

const at = (line: number, character: number): Position => ({ line, character });
const markdown = (h: Hover | null): string => {
  assert.ok(h, 'a hover');
  const contents = h.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
};
const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);
const item = (items: CompletionItem[], label: string): CompletionItem => {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `completion ${label}`);
  return found;
};

// ------------------------------------------------------------------------ hover

test('hover on smtpd_relay_restrictions: version, default and the postconf(5) link', () => {
  const model = new ConfigModel({ main: 'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n' });
  const h = hover(model, at(0, 5));
  const text = markdown(h);
  assert.match(text, /\*\*smtpd_relay_restrictions\*\*/);
  assert.match(text, /Added in Postfix 2\.10/);
  assert.ok(text.includes('`permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination`'), 'shows the default');
  assert.ok(text.includes('https://www.postfix.org/postconf.5.html#smtpd_relay_restrictions'), 'links postconf(5)');
  assert.match(text, /Set on line 1/);
  assert.deepEqual(h?.range, range(0, 0, 0, 24));
});

test('hover on a $reference describes the referenced parameter', () => {
  const model = new ConfigModel({ main: 'mydomain = example.com\nmyorigin = $mydomain\n' });
  const h = hover(model, at(1, 14));
  const text = markdown(h);
  assert.match(text, /\*\*mydomain\*\*/);
  assert.match(text, /Set on line 1:\*\* `example\.com`/);
  assert.ok(text.includes('postconf.5.html#mydomain'));
  assert.deepEqual(h?.range, range(1, 11, 1, 20));
});

test('hover on ${name} covers the whole expression', () => {
  const model = new ConfigModel({ main: 'myorigin = x${mydomain}y\n' });
  const h = hover(model, at(0, 12));
  assert.match(markdown(h), /\*\*mydomain\*\*/);
  assert.deepEqual(h?.range, range(0, 12, 0, 23));
});

test('hover on an undefined $reference says it is not defined', () => {
  const model = new ConfigModel({ main: 'myorigin = $nothing_defines_this\n' });
  const text = markdown(hover(model, at(0, 13)));
  assert.match(text, /nothing_defines_this/);
  assert.match(text, /Not defined/);
});

test('hover on a $name inside mailbox_command does not claim Postfix expands it', () => {
  const model = new ConfigModel({ main: 'mailbox_command = /usr/bin/procmail -a "$EXTENSION"\n' });
  const text = markdown(hover(model, at(0, 41)));
  assert.doesNotMatch(text, /expands it to an empty string/);
});

test('hover shows the value used after expansion', () => {
  const model = new ConfigModel({ main: 'mydomain = example.com\nmyhostname = mail.$mydomain\nmyorigin = $myhostname\n' });
  const text = markdown(hover(model, at(2, 3)));
  assert.match(text, /Set on line 3:\*\* `\$myhostname`/);
  assert.match(text, /Value used:\*\* `mail\.example\.com`/);
});

test('hover on a default that references main.cf values shows the expansion of the default', () => {
  // myorigin is not set: its default $myhostname is expanded through main.cf
  const model = new ConfigModel({ main: 'myhostname = mx.example.org\nsmtpd_banner = $myorigin ESMTP\n' });
  const text = markdown(hover(model, at(1, 18)));
  assert.match(text, /\*\*myorigin\*\*/);
  assert.match(text, /Value used:\*\* `mx\.example\.org`/);
});

test('hover reports a cycle instead of a value', () => {
  const model = new ConfigModel({ main: 'a_own = $b_own\nb_own = $a_own\n' });
  assert.match(markdown(hover(model, at(0, 1))), /Expansion stopped:\*\* circular/);
});

test('hover on mailbox_command says the value is not expanded', () => {
  const model = new ConfigModel({ main: 'mailbox_command = /usr/bin/procmail -a "$EXTENSION"\n' });
  const text = markdown(hover(model, at(0, 2)));
  assert.match(text, /without expanding/);
  assert.doesNotMatch(text, /Value used/);
});

test('hover on a plain value or outside any assignment gives nothing', () => {
  const model = new ConfigModel({ main: '# comment\nmyorigin = example.com\n' });
  assert.equal(hover(model, at(0, 3)), null);
  assert.equal(hover(model, at(1, 15)), null);
});

test('hover on a commented-out restriction between the lines of a list: that restriction, marked, not the next one', () => {
  const main = [
    'smtpd_recipient_restrictions =',
    '    reject_unauth_destination,',
    '#reject_rbl_client sbl.spamhaus.org,',
    '    # permit_mynetworks',
    '    permit',
    '',
  ].join('\n');
  const model = new ConfigModel({ main });
  const h = hover(model, at(2, 5));
  const text = markdown(h);
  assert.match(text, /^\*\*reject_rbl_client\*\* \(SMTP access restriction, commented out\)/);
  assert.doesNotMatch(text, /\*\*permit\*\*/);
  assert.deepEqual(h?.range, range(2, 1, 2, 18));
  assert.match(markdown(hover(model, at(3, 8))), /\*\*permit_mynetworks\*\* \(SMTP access restriction, commented out\)/);
  assert.equal(hover(model, at(2, 22)), null, 'a DNS list domain in a comment: nothing');
  assert.match(markdown(hover(model, at(4, 6))), /\*\*permit\*\* \(SMTP access restriction\)/, 'the line after is still a list word');
});

test('hover on a commented-out parameter; prose words that name restrictions get nothing outside a list', () => {
  const model = new ConfigModel({ main: '#smtpd_tls_security_level = may\n# reject mail from strangers\nmyorigin = example.com\n' });
  const text = markdown(hover(model, at(0, 5)));
  assert.match(text, /^\*\*smtpd_tls_security_level\*\* \(commented out\)/);
  assert.match(text, /Default:/);
  assert.equal(hover(model, at(1, 4)), null);
});

test('hover on a literal transport_* template: what it is for, its default and release, the names services here give it', () => {
  const model = new ConfigModel({ main: 'transport_destination_concurrency_failed_cohort_limit = 1\n' });
  const text = markdown(hover(model, at(0, 5)));
  assert.match(text, /^\*\*transport_destination_concurrency_failed_cohort_limit\*\* \(per-transport template\)/);
  assert.match(text, /replace `transport` with a master\.cf transport name/);
  assert.match(text, /Added in Postfix 2\.5/);
  assert.match(text, /\*\*Default:\*\* `\$default_destination_concurrency_failed_cohort_limit`/);
  assert.match(text, /Postfix ignores it \(postconf: unused parameter\)\. Here: `smtp_destination_concurrency_failed_cohort_limit`/);
  assert.doesNotMatch(text, /Not a Postfix parameter/);
  assert.ok(text.includes('postconf.5.html#transport_destination_concurrency_failed_cohort_limit'));
  const pipe = new ConfigModel({
    main: 'transport_time_limit = 600s\n',
    master: 'dovecot   unix  -       n       n       -       -       pipe\n  flags=DRhu user=vmail argv=/usr/lib/dovecot/deliver -d ${recipient}\n',
  });
  assert.match(markdown(hover(pipe, at(0, 3))), /Here: `dovecot_time_limit`\./);
});

// ------------------------------------------------------------------- completion

test('completion at the start of a line offers parameter names with a textEdit', () => {
  const model = new ConfigModel({ main: 'myorigin = x\n\n' });
  const items = completion(model, at(1, 0));
  assert.ok(items.length > 800, `${items.length} items`);
  const relay = item(items, 'smtpd_relay_restrictions');
  assert.deepEqual(relay.textEdit, { range: range(1, 0, 1, 0), newText: 'smtpd_relay_restrictions = ' });
  assert.equal(relay.kind, CompletionItemKind.Property);
  assert.match(relay.detail ?? '', /2\.10/);
  // templates are not parameters
  assert.ok(!labels(items).includes('transport_time_limit'));
});

test('completion of a partly typed name replaces the typed prefix', () => {
  const model = new ConfigModel({ main: 'smtpd_rel\n' });
  const items = completion(model, at(0, 9));
  assert.deepEqual(item(items, 'smtpd_relay_restrictions').textEdit, {
    range: range(0, 0, 0, 9),
    newText: 'smtpd_relay_restrictions = ',
  });
});

test('completion after $ offers parameter names and names of this file', () => {
  const model = new ConfigModel({ main: 'my_own_list = a\nmyorigin = $my\n' });
  const items = completion(model, at(1, 14));
  assert.deepEqual(item(items, 'mydomain').textEdit, { range: range(1, 12, 1, 14), newText: 'mydomain' });
  const own = item(items, 'my_own_list');
  assert.equal(own.kind, CompletionItemKind.Variable);
  assert.deepEqual(own.textEdit, { range: range(1, 12, 1, 14), newText: 'my_own_list' });
});

test('completion after ${ offers names too', () => {
  const model = new ConfigModel({ main: 'myorigin = ${\n' });
  const items = completion(model, at(0, 13));
  assert.deepEqual(item(items, 'myhostname').textEdit, { range: range(0, 13, 0, 13), newText: 'myhostname' });
});

test('completion of a boolean value offers yes and no', () => {
  const model = new ConfigModel({ main: 'smtpd_sasl_auth_enable = \n' });
  const items = completion(model, at(0, 25));
  assert.deepEqual(labels(items), ['yes', 'no']);
  assert.deepEqual(items[0].textEdit, { range: range(0, 25, 0, 25), newText: 'yes' });
});

test('completion of a partly typed boolean replaces the prefix', () => {
  const model = new ConfigModel({ main: 'smtpd_sasl_auth_enable = y\n' });
  const items = completion(model, at(0, 26));
  assert.deepEqual(item(items, 'yes').textEdit, { range: range(0, 25, 0, 26), newText: 'yes' });
});

test('completion of an enum value offers its keywords', () => {
  const model = new ConfigModel({ main: 'smtpd_tls_security_level = \n' });
  const got = labels(completion(model, at(0, 27)));
  for (const v of ['none', 'may', 'encrypt']) assert.ok(got.includes(v), v);
});

test('completion of a time value after digits offers the units', () => {
  const model = new ConfigModel({ main: 'maximal_queue_lifetime = 5\n' });
  const items = completion(model, at(0, 26));
  assert.deepEqual(labels(items), ['5s', '5m', '5h', '5d', '5w']);
  assert.deepEqual(item(items, '5d').textEdit, { range: range(0, 25, 0, 26), newText: '5d' });
  // nothing before the digits are typed
  assert.deepEqual(completion(new ConfigModel({ main: 'maximal_queue_lifetime = \n' }), at(0, 25)), []);
});

test('completion of a tables value offers table types', () => {
  const model = new ConfigModel({ main: 'virtual_alias_maps = \n' });
  const items = completion(model, at(0, 21));
  const got = labels(items);
  for (const t of ['hash:', 'lmdb:', 'pcre:', 'regexp:', 'ldap:']) assert.ok(got.includes(t), t);
  assert.deepEqual(item(items, 'hash:').textEdit, { range: range(0, 21, 0, 21), newText: 'hash:' });
  // after a type, the map name is free text
  assert.deepEqual(completion(new ConfigModel({ main: 'virtual_alias_maps = hash:\n' }), at(0, 26)), []);
});

test('completion of a second table after a comma', () => {
  const model = new ConfigModel({ main: 'virtual_alias_maps = hash:/etc/postfix/virtual, pc\n' });
  const items = completion(model, at(0, 50));
  assert.deepEqual(item(items, 'pcre:').textEdit, { range: range(0, 48, 0, 50), newText: 'pcre:' });
});

test('completion on a continuation line belongs to the assignment above', () => {
  const model = new ConfigModel({ main: 'smtpd_sasl_auth_enable =\n    \n' });
  assert.deepEqual(labels(completion(model, at(1, 4))), ['yes', 'no']);
});

test('completion of a text value offers nothing', () => {
  const model = new ConfigModel({ main: 'myhostname = m\n' });
  assert.deepEqual(completion(model, at(0, 14)), []);
});

// ----------------------------------------------------------------- code actions

const URI = 'file:///etc/postfix/main.cf';

test('code action: unknown-parameter with a suggestion replaces the name', () => {
  const model = new ConfigModel({ main: 'smtpd_relay_restriction = permit_mynetworks, reject\n' });
  const diagnostics = checkMainCf(model, defaultSettings, '3.11').diagnostics.filter((d) => d.code === Code.UnknownParameter);
  const actions = codeActions(URI, diagnostics);
  assert.equal(actions.length, 1);
  const [a] = actions;
  assert.equal(a.kind, 'quickfix');
  assert.match(a.title, /smtpd_relay_restrictions/);
  assert.equal(a.isPreferred, true);
  assert.deepEqual(a.diagnostics, diagnostics);
  assert.deepEqual(a.edit?.changes?.[URI], [{ range: range(0, 0, 0, 23), newText: 'smtpd_relay_restrictions' }]);
});

test('code action: a duplicate deletes the overridden assignment, continuation lines included', () => {
  const model = new ConfigModel({ main: 'relayhost = a\n  b\nmyorigin = x\nrelayhost = c\n' });
  const diagnostics = checkMainCf(model, defaultSettings, '3.11').diagnostics.filter((d) => d.code === Code.DuplicateParameter);
  assert.equal(diagnostics.length, 2);
  const actions = codeActions(URI, diagnostics);
  // only the earlier, overridden assignment can be deleted
  assert.equal(actions.length, 1);
  assert.equal(actions[0].diagnostics?.[0].range.start.line, 0);
  assert.deepEqual(actions[0].edit?.changes?.[URI], [{ range: range(0, 0, 2, 0), newText: '' }]);
});

test('code action: a deprecated name is renamed', () => {
  const model = new ConfigModel({ main: 'myorigin = x\nvirtual_maps = hash:/etc/postfix/virtual\n' });
  const diagnostics = checkMainCf(model, defaultSettings, '3.11').diagnostics.filter((d) => d.code === Code.DeprecatedParameter);
  const actions = codeActions(URI, diagnostics);
  assert.equal(actions.length, 1);
  assert.deepEqual(actions[0].edit?.changes?.[URI], [{ range: range(1, 0, 1, 12), newText: 'virtual_alias_maps' }]);
});

test('code actions: diagnostics without fix data give none', () => {
  const model = new ConfigModel({ main: 'compatibility_level = 3.6\nqqqzzzxxyy = 1\nbroken\n' });
  const diagnostics = checkMainCf(model, defaultSettings, '3.11').diagnostics;
  assert.equal(diagnostics.length, 2);
  assert.deepEqual(codeActions(URI, diagnostics), []);
  assert.deepEqual(codeActions(URI, [{ ...diagnostics[0], data: { something: 'else' } }]), []);
});

test('hover on a per-service name: the transport_* template it follows, its default and the release that added it', () => {
  const model = new ConfigModel({
    main: 'smtp_destination_concurrency_failed_cohort_limit = 10\nsmtp_transport_rate_delay = 1s\nsmtp_delivery_slot_cost = 5\n',
  });
  const cohort = markdown(hover(model, at(0, 5)));
  assert.match(cohort, /A per-service setting derived from a master\.cf service name/);
  assert.match(
    cohort,
    /the \[`transport_destination_concurrency_failed_cohort_limit`\]\(https:\/\/www\.postfix\.org\/postconf\.5\.html#transport_destination_concurrency_failed_cohort_limit\) of the service `smtp`/,
  );
  assert.match(cohort, /Added in Postfix 2\.5/);
  assert.match(cohort, /\*\*Default:\*\* `\$default_destination_concurrency_failed_cohort_limit`/);
  assert.match(markdown(hover(model, at(1, 5))), /Added in Postfix 3\.1/);
  // no version note anywhere: no "Added in", still the template
  const limit = markdown(hover(model, at(2, 5)));
  assert.match(limit, /transport_delivery_slot_cost/);
  assert.doesNotMatch(limit, /Added in/);
});
