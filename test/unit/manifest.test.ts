/** The extension manifest and the committed data agree with the server and its sources. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allCodes, codeInfo } from '../../server/src/service/diagnostics';
import { settingsSchema } from '../../server/src/service/settings';
import { referenceDir } from '../support/outside';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('package.json declares exactly the settings the server reads', () => {
  assert.deepEqual(manifest.contributes.configuration.properties, JSON.parse(JSON.stringify(settingsSchema)));
});

test('every setting has a description', () => {
  for (const [name, s] of Object.entries(manifest.contributes.configuration.properties)) {
    const d = s as { description?: string; markdownDescription?: string };
    assert.ok((d.description ?? d.markdownDescription ?? '').length > 20, name);
  }
});

test('executable paths are machine-scoped', () => {
  const props = manifest.contributes.configuration.properties as Record<string, { scope?: string }>;
  for (const name of Object.keys(props).filter((n) => /Path$/.test(n))) assert.equal(props[name].scope, 'machine', name);
});

test('the README settings table lists every setting, and docs/security.md every program setting', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const security = readFileSync(join(root, 'docs', 'security.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `(postfix\.[A-Za-z.]+)` \|/gm)].map((m) => m[1]);
  const names = Object.keys(manifest.contributes.configuration.properties);
  assert.deepEqual(rows.sort(), [...names].sort());
  for (const name of names.filter((n) => /Path$/.test(n))) assert.ok(security.includes(name), `docs/security.md names ${name}`);
});

test('docs/diagnostics.md lists every code with an example, and nothing else', () => {
  const doc = readFileSync(join(root, 'docs', 'diagnostics.md'), 'utf8');
  const documented = [...doc.matchAll(/^## `([a-z-]+)`/gm)].map((m) => m[1]);
  assert.deepEqual(documented.sort(), [...allCodes].sort());
  for (const code of allCodes) {
    const section = doc.split(`## \`${code}\``)[1].split('\n## ')[0];
    assert.match(section, /```/, `${code} has an example`);
    assert.ok(section.includes(codeInfo[code].description), `${code} has its description`);
  }
});

test('main.cf and master.cf are recognised by name, never all *.cf', () => {
  const languages = manifest.contributes.languages as { id: string; filenames?: string[]; extensions?: string[]; filenamePatterns?: string[] }[];
  const main = languages.find((l) => l.id === 'postfix-main');
  assert.deepEqual(main?.filenames, ['main.cf', 'main.cf.proto']);
  for (const l of languages) {
    assert.ok(!(l.extensions ?? []).includes('.cf'));
    assert.ok(!(l.filenamePatterns ?? []).includes('*.cf'));
  }
});

test('no colour swatches in Postfix files: "#127.0.0.1:submission" is no colour', () => {
  const ids = (manifest.contributes.languages as { id: string }[]).map((l) => l.id);
  assert.deepEqual([...ids].sort(), ['postfix-dbms', 'postfix-log', 'postfix-main', 'postfix-map', 'postfix-master', 'postfix-test']);
  const defaults = (manifest.contributes.configurationDefaults ?? {}) as Record<string, Record<string, unknown>>;
  for (const id of ids) assert.equal(defaults[`[${id}]`]?.['editor.colorDecorators'], false, id);
});

test('the client sends the server every language the extension declares', () => {
  const source = readFileSync(join(root, 'client', 'src', 'extension.ts'), 'utf8');
  for (const { id } of manifest.contributes.languages as { id: string }[]) assert.ok(source.includes(`language: '${id}'`), id);
});

test('database client files are recognised by a client type in the name or folder, never all *.cf', () => {
  const dbms = (manifest.contributes.languages as { id: string; filenamePatterns?: string[] }[]).find((l) => l.id === 'postfix-dbms');
  assert.ok(dbms?.filenamePatterns?.includes('*mysql*.cf'));
  assert.ok((dbms?.filenamePatterns ?? []).every((p) => /(mysql|pgsql|sqlite|ldap|memcache|mongodb|sql)/.test(p)));
});

test('every language configuration file is valid JSON and packaged', () => {
  // the "!" lines of .vscodeignore as regexes: "*" within a name, "**" across folders
  const glob = (g: string): RegExp =>
    new RegExp(
      `^${g
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*/g, '\0')
        .replace(/\*/g, '[^/]*')
        .replace(/\0/g, '.*')}$`,
    );
  const kept = readFileSync(join(root, '.vscodeignore'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('!'))
    .map((l) => glob(l.slice(1).trim()));
  for (const l of manifest.contributes.languages as { id: string; configuration: string }[]) {
    const file = l.configuration.replace(/^\.\//, '');
    assert.doesNotThrow(() => JSON.parse(readFileSync(join(root, file), 'utf8')), file);
    assert.ok(
      kept.some((r) => r.test(file)),
      `.vscodeignore keeps ${file}`,
    );
  }
});

test('the committed parameter data is what the generator makes from the sources', (t) => {
  if (!referenceDir(t)) return;
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'generate-knowledge.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr + run.stdout);
});

test('every summary is in our own words', (t) => {
  if (!referenceDir(t)) return;
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'check-own-words.mjs')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout);
});

test('commands that run Postfix tools are disabled in untrusted workspaces', () => {
  const commands = manifest.contributes.commands as { command: string; enablement?: string }[];
  for (const id of ['postfix.runPostmap', 'postfix.runPostalias', 'postfix.showEffectiveConfiguration']) {
    assert.match(commands.find((c) => c.command === id)?.enablement ?? '', /isWorkspaceTrusted/, id);
  }
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('the client starts programs with argument arrays, never through a shell', () => {
  const source = readFileSync(join(root, 'client', 'src', 'extension.ts'), 'utf8');
  assert.doesNotMatch(source, /\bexec\(|execSync|spawnSync|shell:\s*true/);
  assert.match(source, /execFile\(program, args, \{[^}]*shell: false/);
  assert.match(source, /if \(!vscode\.workspace\.isTrusted\)/);
});

test('the package has what a marketplace listing needs', () => {
  for (const field of ['icon', 'license', 'repository', 'categories', 'keywords', 'publisher', 'displayName']) assert.ok(manifest[field], field);
  assert.ok(readFileSync(join(root, manifest.icon)).subarray(1, 4).toString() === 'PNG', 'icon is a PNG');
  assert.ok(readFileSync(join(root, 'CHANGELOG.md'), 'utf8').length > 0);
});
