/**
 * The Enter key in main.cf and master.cf, as the language configuration files
 * make VS Code handle it. A line that starts with whitespace continues the
 * logical line above, so the indentation Enter gives the new line decides
 * whether the next thing typed joins a list or starts a new setting.
 *
 * What VS Code does on Enter (editor.autoIndent "full", the default), and this
 * simulator repeats:
 * - The first onEnterRule whose regexes all match wins: beforeText against the
 *   line up to the cursor, afterText against the rest of the line,
 *   previousLineText against the line above.
 * - Without a rule, a line ending in an open bracket indents the new line;
 *   otherwise the new line gets the leading whitespace of the current one (only
 *   as far as the cursor).
 * - A rule's action starts from that same leading whitespace: "indent" adds one
 *   indentation unit, "none" adds nothing; removeText then cuts that many
 *   characters off the end of the inherited whitespace (more than it has leaves
 *   none), and appendText follows it.
 * - The result is normalized to the editor's indentation (here: spaces, tab
 *   size 4).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseMainCf } from '../../server/src/service/syntax/mainCf';
import { parseMasterCf } from '../../server/src/service/syntax/masterCf';

type Pattern = string | { pattern: string; flags?: string };

interface EnterRule {
  beforeText: Pattern;
  afterText?: Pattern;
  previousLineText?: Pattern;
  action: { indent: string; appendText?: string; removeText?: number };
}

interface LanguageConfiguration {
  brackets?: [string, string][];
  onEnterRules?: EnterRule[];
  [key: string]: unknown;
}

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { languages: { id: string; configuration: string }[] } };
const languages = manifest.contributes.languages;

function configurationOf(id: string): LanguageConfiguration {
  const language = languages.find((l) => l.id === id);
  assert.ok(language, id);
  return JSON.parse(readFileSync(join(root, language.configuration), 'utf8')) as LanguageConfiguration;
}

const main = configurationOf('postfix-main');
const master = configurationOf('postfix-master');
const map = configurationOf('postfix-map');

const TAB_SIZE = 4;

const regex = (p: Pattern): RegExp => (typeof p === 'string' ? new RegExp(p) : new RegExp(p.pattern, p.flags));
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Leading whitespace as spaces, the way the editor writes it with insertSpaces on. */
function normalize(text: string): string {
  const indentation = /^\s*/.exec(text)?.[0] ?? '';
  let column = 0;
  for (const c of indentation) column = c === '\t' ? (Math.floor(column / TAB_SIZE) + 1) * TAB_SIZE : column + 1;
  return ' '.repeat(column) + text.slice(indentation.length);
}

/** What VS Code puts at the start of the new line (indentation, then any appended text) on Enter at `column` of `lines[line]`. */
function enterIndent(config: LanguageConfiguration, lines: string[], line: number, column: number): string {
  const text = lines[line];
  const before = text.slice(0, column);
  const after = text.slice(column);
  const previous = line > 0 ? lines[line - 1] : '';
  let indentation = (/^\s*/.exec(text)?.[0] ?? '').slice(0, column);
  const rule = (config.onEnterRules ?? []).find(
    (r) =>
      regex(r.beforeText).test(before) &&
      (r.afterText === undefined || regex(r.afterText).test(after)) &&
      (r.previousLineText === undefined || regex(r.previousLineText).test(previous)),
  );
  if (!rule) {
    for (const [open, close] of config.brackets ?? []) {
      if (!new RegExp(`${escape(open)}\\s*$`).test(before)) continue;
      if (after.length > 0 && new RegExp(`^\\s*${escape(close)}`).test(after)) throw new Error('indentOutdent is not simulated');
      return normalize(indentation + '\t');
    }
    return normalize(indentation);
  }
  const { indent, appendText = '', removeText = 0 } = rule.action;
  if (indent !== 'none' && indent !== 'indent') throw new Error(`indent "${indent}" is not simulated`);
  if (removeText) indentation = indentation.substring(0, indentation.length - removeText);
  return normalize(indentation + (indent === 'indent' ? '\t' : '') + appendText);
}

/** The text after pressing Enter at the end of the last line and typing `typed`. */
function enterAndType(config: LanguageConfiguration, text: string, typed: string): string {
  const lines = text.split('\n');
  const last = lines.length - 1;
  return `${text}\n${enterIndent(config, lines, last, lines[last].length)}${typed}`;
}

/** The indentation of the new line after Enter at the end of `line`. */
const atEnd = (config: LanguageConfiguration, line: string): string => enterIndent(config, [line], 0, line.length);

/** The text after pressing Enter at the first occurrence of `at` in `line`, before it. */
function splitAt(config: LanguageConfiguration, line: string, at: string): string {
  const column = line.indexOf(at);
  assert.ok(column >= 0, at);
  return `${line.slice(0, column)}\n${enterIndent(config, [line], 0, column)}${line.slice(column)}`;
}

const LIST = ['smtpd_recipient_restrictions =', '    permit_mynetworks,', '    reject_unauth_destination'].join('\n');

test('every language has a configuration file with valid rules, and they differ only in their Enter rules', () => {
  const withoutRules = (config: LanguageConfiguration): LanguageConfiguration => ({ ...config, onEnterRules: undefined });
  assert.deepEqual(withoutRules(master), withoutRules(main));
  assert.deepEqual(withoutRules(map), withoutRules(main));
  for (const config of [main, master, map]) {
    for (const r of config.onEnterRules ?? []) {
      for (const p of [r.beforeText, r.afterText, r.previousLineText]) if (p !== undefined) regex(p);
      assert.ok(['none', 'indent', 'outdent', 'indentOutdent'].includes(r.action.indent), JSON.stringify(r.action));
    }
  }
  assert.ok((main.onEnterRules ?? []).length > 0 && (master.onEnterRules ?? []).length > 0);
});

test('main.cf: after "name =" or a trailing comma the next line continues the value', () => {
  assert.equal(atEnd(main, 'smtpd_recipient_restrictions ='), '    ');
  assert.equal(atEnd(main, 'smtpd_recipient_restrictions =  '), '    ');
  assert.equal(atEnd(main, 'smtpd_recipient_restrictions = permit_mynetworks,'), '    ');
  assert.equal(atEnd(main, '    permit_mynetworks,'), '    ');
  assert.equal(atEnd(main, '\tpermit_mynetworks, '), '    ');
  assert.equal(atEnd(main, '        permit_mynetworks,'), '        ');
});

test('main.cf: after a line that ends a value the next line starts a new setting', () => {
  assert.equal(atEnd(main, '    reject_unauth_destination'), '');
  assert.equal(atEnd(main, '\treject_rbl_client zen.spamhaus.org'), '');
  assert.equal(atEnd(main, '        reject_rhsbl_sender dbl.spamhaus.org  '), '');
  assert.equal(atEnd(main, '  x'), '');
  assert.equal(atEnd(main, 'smtpd_banner = $myhostname ESMTP'), '');
  assert.equal(atEnd(main, 'mydomain = example.com'), '');
});

test('main.cf: comments, blank lines, "=" and an open brace inside a value keep the indentation', () => {
  assert.equal(atEnd(main, '# smtpd_recipient_restrictions = permit_mynetworks,'), '');
  assert.equal(atEnd(main, '#smtpd_banner ='), '');
  assert.equal(atEnd(main, '    # DNS lists last'), '    ');
  assert.equal(atEnd(main, '    '), '    ');
  assert.equal(atEnd(main, '    check_policy_service {'), '        ');
  assert.equal(atEnd(main, '    check_policy_service { inet:127.0.0.1:10023, default_action='), '    ');
});

test('main.cf: Enter after the last item of a list, then a new setting, gives two settings', () => {
  const text = enterAndType(main, LIST, 'smtpd_banner = $myhostname ESMTP');
  assert.equal(text, `${LIST}\nsmtpd_banner = $myhostname ESMTP`);
  const parsed = parseMainCf(text);
  assert.deepEqual(
    parsed.assignments.map((a) => a.name),
    ['smtpd_recipient_restrictions', 'smtpd_banner'],
  );
  assert.match(parsed.assignments[0].value, /reject_unauth_destination$/);
  // without the rules the editor keeps the indentation and the setting silently joins the list
  const joined = parseMainCf(enterAndType(map, LIST, 'smtpd_banner = $myhostname ESMTP'));
  assert.deepEqual(
    joined.assignments.map((a) => a.name),
    ['smtpd_recipient_restrictions'],
  );
  assert.match(joined.assignments[0].value, /smtpd_banner/);
});

test('main.cf: Enter after a trailing comma, then the next item, extends the list', () => {
  const text = enterAndType(main, 'smtpd_recipient_restrictions = permit_mynetworks,', 'reject_unauth_destination');
  const parsed = parseMainCf(text);
  assert.equal(parsed.assignments.length, 1);
  assert.match(parsed.assignments[0].value, /permit_mynetworks,\s+reject_unauth_destination$/);
});

test('main.cf: Enter in the middle of a setting keeps the rest in the same setting', () => {
  const line = 'smtpd_banner = $myhostname ESMTP $mail_name';
  const split = splitAt(main, line, ' ESMTP');
  assert.equal(split, 'smtpd_banner = $myhostname\n     ESMTP $mail_name');
  const parsed = parseMainCf(split);
  assert.deepEqual(
    parsed.assignments.map((a) => a.name),
    ['smtpd_banner'],
  );
  assert.deepEqual(parsed.problems, []);
  // in a continuation line the rest stays indented as well
  assert.equal(splitAt(main, '    reject_rbl_client zen.spamhaus.org', ' zen'), '    reject_rbl_client\n     zen.spamhaus.org');
  // at the start of a line Enter only opens a blank line above it
  assert.equal(splitAt(main, 'smtpd_banner = x', 'smtpd_banner'), '\nsmtpd_banner = x');
});

const SUBMISSION = ['submission inet n       -       y       -       -       smtpd', '  -o syslog_name=postfix/submission'].join('\n');

test('master.cf: after an -o line the next line is indented for the next -o', () => {
  assert.equal(atEnd(master, '  -o syslog_name=postfix/submission'), '  ');
  assert.equal(atEnd(master, '\t-o smtpd_tls_security_level=encrypt'), '    ');
  const text = enterAndType(master, SUBMISSION, '-o smtpd_sasl_auth_enable=yes');
  const services = parseMasterCf(text).services;
  assert.equal(services.length, 1);
  assert.deepEqual(
    services[0].overrides.map((o) => o.name),
    ['syslog_name', 'smtpd_sasl_auth_enable'],
  );
  // main.cf's rules would have ended the service there
  assert.equal(atEnd(main, '  -o syslog_name=postfix/submission'), '');
});

test('master.cf: after a service line, and Enter in the middle of one', () => {
  assert.equal(atEnd(master, 'smtp      inet  n       -       y       -       -       smtpd'), '');
  assert.equal(atEnd(master, '# submission inet n - y - - smtpd'), '');
  const split = splitAt(master, 'submission inet n - y - - smtpd -o smtpd_tls_security_level=encrypt', '-o');
  assert.equal(split, 'submission inet n - y - - smtpd \n    -o smtpd_tls_security_level=encrypt');
  const services = parseMasterCf(split).services;
  assert.equal(services.length, 1);
  assert.deepEqual(
    services[0].overrides.map((o) => [o.name, o.value]),
    [['smtpd_tls_security_level', 'encrypt']],
  );
});
