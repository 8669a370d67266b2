/**
 * expandParameter: the value Postfix uses after $name expansion, through
 * main.cf and the built-in defaults.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigModel } from '../../server/src/service/model/config';
import { expandParameter } from '../../server/src/service/model/expand';

const expand = (main: string, name: string) => expandParameter(new ConfigModel({ main }), name);

test('a plain value expands to itself', () => {
  const e = expand('relayhost = [smtp.example.com]:587\n', 'relayhost');
  assert.equal(e.value, '[smtp.example.com]:587');
  assert.equal(e.stopped, undefined);
  assert.deepEqual(e.undefinedNames, []);
});

test('myorigin = $myhostname uses the main.cf value of myhostname', () => {
  const e = expand('myhostname = mail.example.com\nmyorigin = $myhostname\n', 'myorigin');
  assert.equal(e.value, 'mail.example.com');
  assert.deepEqual(e.undefinedNames, []);
});

test('an unset parameter goes through its built-in default', () => {
  // myorigin defaults to $myhostname
  const e = expand('myhostname = mx.example.org\n', 'myorigin');
  assert.equal(e.value, 'mx.example.org');
});

test('a chain through main.cf and defaults, with ${name} and $(name)', () => {
  const e = expand('mydomain = example.net\nmyhostname = mail.${mydomain}\nsmtpd_banner = $(myhostname) ESMTP $mail_name\n', 'smtpd_banner');
  // mail_name defaults to "Postfix"
  assert.equal(e.value, 'mail.example.net ESMTP Postfix');
});

test('$$ expands to a single $', () => {
  assert.equal(expand('x = a$$b\ny = $x\n', 'y').value, 'a$b');
});

test('${name?value}: the value when name is non-empty, else nothing', () => {
  const main = 'set = 1\nempty =\nx = [${set?on}] [${empty?on}]\n';
  assert.equal(expand(main, 'x').value, '[on] []');
});

test('${name:value}: the value when name is empty, else nothing', () => {
  const main = 'set = 1\nempty =\nx = [${set:off}] [${empty:off}]\n';
  assert.equal(expand(main, 'x').value, '[] [off]');
});

test('${name?{a}:{b}} picks a branch and expands references inside it', () => {
  const main = [
    'set = 1',
    'empty =',
    'a_value = AAA',
    'b_value = BBB',
    'x = ${set?{$a_value}:{$b_value}}',
    'y = ${empty?{$a_value}:{$b_value}}',
    'z = ${empty?{$a_value} : {${b_value}-z}}',
  ].join('\n');
  assert.equal(expand(main, 'x').value, 'AAA');
  assert.equal(expand(main, 'y').value, 'BBB');
  assert.equal(expand(main, 'z').value, 'BBB-z');
});

test('the branch not taken is not expanded: its undefined names are not reported', () => {
  const e = expand('set = 1\nx = ${set?{ok}:{$nowhere_defined}}\n', 'x');
  assert.equal(e.value, 'ok');
  assert.deepEqual(e.undefinedNames, []);
});

test('the relational forms are evaluated: text, numbers and compatibility levels', () => {
  assert.equal(expand('a = 1\nx = ${{$a} == {1} ? {one} : {other}}\n', 'x').value, 'one');
  assert.equal(expand('a = 2\nx = ${{$a} != {1} ? {one} : {other}}\n', 'x').value, 'one');
  assert.equal(expand('a = 10\nx = ${{$a} < {9} ? {less} : {more}}\n', 'x').value, 'more');
  assert.equal(expand('compatibility_level = 3.6\nx = ${{$compatibility_level} <level {3.10} ? {old} : {new}}\n', 'x').value, 'old');
  assert.equal(expand('compatibility_level = 3.10\nx = ${{$compatibility_level} >=level {3.6} ? {new} : {old}}\n', 'x').value, 'new');
});

test('an unknown relational operator is left as written', () => {
  const e = expand('a = 1\nx = ${{$a} ~= {1} ? {one} : {other}}\n', 'x');
  assert.equal(e.value, '${{$a} ~= {1} ? {one} : {other}}');
});

test('compatibility-dependent defaults follow compatibility_level', () => {
  assert.equal(expand('', 'smtpd_relay_restrictions').value, '');
  assert.equal(expand('compatibility_level = 2\n', 'smtpd_relay_restrictions').value, 'permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination');
  assert.equal(expand('compatibility_level = 3.6\n', 'mynetworks_style').value, 'host');
});

test('a cycle $a -> $b -> $a stops with a message containing "circular"', () => {
  const e = expand('a = x $b\nb = y $a\n', 'a');
  assert.ok(e.stopped, 'expansion stopped');
  assert.match(e.stopped, /circular/);
  assert.match(e.stopped, /\$a → \$b → \$a/);
});

test('a self reference is a cycle too', () => {
  const e = expand('a = $a\n', 'a');
  assert.match(e.stopped ?? '', /circular/);
});

test('the same name twice without a cycle is fine', () => {
  const e = expand('a = v\nb = $a $a ${a}\n', 'b');
  assert.equal(e.value, 'v v v');
  assert.equal(e.stopped, undefined);
});

test('undefined names are listed once each and expand to nothing', () => {
  const e = expand('x = <$nothing1> <$nothing2> <${nothing1}>\n', 'x');
  assert.equal(e.value, '<> <> <>');
  assert.deepEqual(e.undefinedNames, ['nothing1', 'nothing2']);
});

test('undefined names found through another parameter are listed', () => {
  const e = expand('a = $b\nb = [$missing]\n', 'a');
  assert.equal(e.value, '[]');
  assert.deepEqual(e.undefinedNames, ['missing']);
});

test('values Postfix does not expand (mailbox_command) are used as written', () => {
  const e = expand('mailbox_command = /usr/bin/procmail -a "$EXTENSION"\n', 'mailbox_command');
  assert.equal(e.value, '/usr/bin/procmail -a "$EXTENSION"');
  assert.deepEqual(e.undefinedNames, []);
});

test('runaway growth stops with a note', () => {
  const main = ['a0 = xxxxxxxxxxxxxxxx', ...Array.from({ length: 12 }, (_, i) => `a${i + 1} = $a${i} $a${i}`)].join('\n');
  const e = expand(main, 'a12');
  assert.ok(e.stopped, 'stopped');
  assert.match(e.stopped, /longer than/);
});

test('deeply nested conditionals stop with a note instead of overflowing the stack', () => {
  const main = 'x = ' + '${mail_name?'.repeat(10000) + 'z' + '}'.repeat(10000) + '\n';
  const model = new ConfigModel({ main });
  let e: ReturnType<typeof expandParameter> | undefined;
  assert.doesNotThrow(() => {
    e = expandParameter(model, 'x');
  });
  assert.ok(e?.stopped, 'expansion stopped with a note');
});
