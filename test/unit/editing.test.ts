import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigModel } from '../../server/src/service';
import { codeLenses } from '../../server/src/service/features/main/codeLens';
import { inlayHints } from '../../server/src/service/features/main/inlayHints';
import { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from '../../server/src/service/features/main/semanticTokens';

/** Decoded tokens: [line, character, length, type, modifiers]. */
function decode(data: number[]): [number, number, number, string, string[]][] {
  const out: [number, number, number, string, string[]][] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    const mods = TOKEN_MODIFIERS.filter((_, bit) => data[i + 4] & (1 << bit));
    out.push([line, character, data[i + 2], TOKEN_TYPES[data[i + 3]], [...mods]]);
  }
  return out;
}

test('semantic tokens: known, own, unknown and deprecated names, restrictions, table types and paths', () => {
  const main = [
    'my_list = 192.0.2.1',
    'mynetworks = $my_list',
    'bogus_name = 1',
    'virtual_maps = hash:/etc/postfix/virtual',
    'smtpd_client_restrictions = reject_unknown_client, check_client_access lmdb:/etc/postfix/access',
  ].join('\n');
  const tokens = decode(semanticTokens(new ConfigModel({ main })));
  assert.deepEqual(tokens, [
    [0, 0, 7, 'variable', ['declaration']],
    [1, 0, 10, 'property', ['defaultLibrary']],
    [1, 14, 7, 'variable', []],
    [2, 0, 10, 'variable', []],
    [3, 0, 12, 'property', ['deprecated', 'defaultLibrary']],
    [3, 15, 4, 'type', []],
    [3, 20, 20, 'string', []],
    [4, 0, 25, 'property', ['defaultLibrary']],
    [4, 28, 21, 'function', ['deprecated', 'defaultLibrary']],
    [4, 51, 19, 'function', ['defaultLibrary']],
    [4, 71, 4, 'type', []],
    [4, 76, 19, 'string', []],
  ]);
});

test('code lens over a parameter set to its default, not for compatibility-dependent ones', () => {
  const model = new ConfigModel({ main: 'smtpd_helo_required = no\nmyhostname = x\nappend_dot_mydomain = no\nbiff = yes\n' });
  const lenses = codeLenses(model, 'file:///main.cf');
  assert.deepEqual(
    lenses.map((l) => [l.range.start.line, l.command?.arguments]),
    [
      [0, ['file:///main.cf', 0, 0]],
      [3, ['file:///main.cf', 3, 3]],
    ],
  );
});

test('inlay hints: the expanded value and the overridden default', () => {
  const model = new ConfigModel({ main: 'mydomain = example.com\nmyorigin = $mydomain\na = $b\nb = $a\n' });
  const hints = inlayHints(model, { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } });
  const byLine = Object.fromEntries(hints.map((h) => [h.position.line, String(h.label)]));
  assert.match(byLine[1], /^→ example\.com {2}· {2}default: \$myhostname$/);
  assert.match(byLine[0], /^default: /);
  assert.match(byLine[2], /circular/);
});
