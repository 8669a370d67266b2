/**
 * The table files a folder of configuration keeps beside main.cf: completion
 * of their deployed paths, links and definitions that open them, the files
 * a quick fix may create, and which open documents a change on disk makes
 * stale.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-types';
import type { FileSystem } from '../../server/src/service/files';
import { ConfigModel } from '../../server/src/service/model/config';
import { tableFileItems } from '../../server/src/service/features/shared/tableFileCompletion';
import { tableDefinition, tableLinks, type LocateTable } from '../../server/src/service/features/shared/tableLinks';
import { createLanguageService } from '../../server/src/service/languageService';
import { defaultSettings } from '../../server/src/service/settings';
import { Workspace, type WorkspaceFiles } from '../../server/src/service/workspace';

const REPO = '/home/ops/mailconf';

const listing = (names: string[]): FileSystem => ({ exists: () => false, list: (dir) => (dir === REPO ? names : []) });

const labels = (items: { label: string }[]): string[] => items.map((i) => i.label);

test('tableFileItems: files beside main.cf by their deployed path, after any file-based type and its wrappers', () => {
  const files = listing(['main.cf', 'master.cf', 'sender_access', 'sender_access.db', '.hidden', 'helo_checks', 'clients.lmdb']);
  const at = { line: 0, character: 40 };
  const model = new ConfigModel({ main: 'compatibility_level = 3.6\n' });
  assert.deepEqual(labels(tableFileItems(model, { files, configDir: REPO }, 'hash:', at)), [
    'hash:/etc/postfix/sender_access',
    'hash:/etc/postfix/helo_checks',
  ]);
  const proxied = tableFileItems(model, { files, configDir: `${REPO}/` }, 'proxy:hash:/etc/po', at);
  assert.deepEqual(labels(proxied), ['proxy:hash:/etc/postfix/sender_access', 'proxy:hash:/etc/postfix/helo_checks']);
  assert.equal(proxied[0].detail, `${REPO}/sender_access`, 'the detail says which file it is');
  assert.deepEqual(proxied[0].textEdit, {
    range: { start: { line: 0, character: 40 - 'proxy:hash:/etc/po'.length }, end: at },
    newText: 'proxy:hash:/etc/postfix/sender_access',
  });
  const moved = new ConfigModel({ main: 'config_directory = /usr/local/etc/postfix/\n' });
  assert.deepEqual(labels(tableFileItems(moved, { files, configDir: REPO }, 'cidr:', at)), [
    'cidr:/usr/local/etc/postfix/sender_access',
    'cidr:/usr/local/etc/postfix/helo_checks',
  ]);
  // no file behind these types, or nothing known of the disk
  assert.deepEqual(tableFileItems(model, { files, configDir: REPO }, 'static:', at), []);
  assert.deepEqual(tableFileItems(model, { files, configDir: REPO }, 'mysql:', at), []);
  assert.deepEqual(tableFileItems(model, { configDir: REPO }, 'hash:', at), []);
  assert.deepEqual(tableFileItems(model, { files }, 'hash:', at), []);
});

const settingsOf = (main: string) => new ConfigModel({ main }).main.assignments;

/** Finds files in the repository copy only. */
const locate: LocateTable = (path) => {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === 'gone' ? undefined : { uri: `file://${REPO}/${name}`, path: `${REPO}/${name}` };
};

test('tableLinks and tableDefinition: file-based table and database client paths in any value, at the path; $names and other types are left alone', () => {
  const main = [
    'smtpd_client_restrictions = check_client_access cidr:/etc/postfix/clients,',
    '    check_sender_access proxy:hash:/etc/postfix/senders, check_client_access hash:/etc/postfix/gone',
    'header_checks = pcre:/etc/postfix/header_checks',
    'virtual_alias_maps = mysql:/etc/postfix/virtual.cf, hash:$config_directory/virtual, static:/x, hash:relative',
  ].join('\n');
  const settings = settingsOf(main);
  const lines = main.split('\n');
  const span = (line: number, path: string) => {
    const start = lines[line].indexOf(path);
    return { start: { line, character: start }, end: { line, character: start + path.length } };
  };
  const links = tableLinks(settings, locate);
  assert.deepEqual(
    links.map((l) => [l.range, l.target]),
    [
      [span(0, '/etc/postfix/clients'), `file://${REPO}/clients`],
      [span(1, '/etc/postfix/senders'), `file://${REPO}/senders`],
      [span(2, '/etc/postfix/header_checks'), `file://${REPO}/header_checks`],
      [span(3, '/etc/postfix/virtual.cf'), `file://${REPO}/virtual.cf`],
    ],
  );
  assert.equal(links[0].tooltip, `Open ${REPO}/clients (deployed as /etc/postfix/clients)`);
  assert.deepEqual(tableDefinition(settings, { line: 1, character: 40 }, locate), {
    uri: `file://${REPO}/senders`,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  });
  assert.equal(tableDefinition(settings, { line: 1, character: 20 }, locate), null, 'on the restriction name');
  assert.equal(tableDefinition(settings, { line: 1, character: 90 }, locate), null, 'a file that is nowhere');
  const same = tableLinks(settingsOf('header_checks = pcre:/srv/header_checks\n'), (path) => ({ uri: `file://${path}`, path }));
  assert.equal(same[0].tooltip, 'Open /srv/header_checks');
});

/** A disk of paths and modification times. */
function disk(files: Record<string, string>): WorkspaceFiles {
  return {
    exists: (path) => path in files,
    list: () => [],
    mtime: (path) => (path in files ? 1000 : undefined),
    read: (path) => files[path],
    pathOf: (uri) => (uri.startsWith('file://') ? uri.slice('file://'.length) : undefined),
    uriOf: (path) => `file://${path}`,
  };
}

const MAIN = 'smtpd_sender_restrictions = check_sender_access hash:/etc/postfix/sender_access, check_recipient_access hash:/etc/postfix/rcpt\n';

test('Workspace.inFolders: inside a folder the client opened, not beside it', () => {
  const ws = new Workspace(disk({}));
  assert.equal(ws.inFolders(`${REPO}/rcpt`), false, 'no folders: nowhere');
  ws.setFolders([`file://${REPO}/`, 'untitled:x']);
  assert.equal(ws.inFolders(`${REPO}/rcpt`), true);
  assert.equal(ws.inFolders(`${REPO}/maps/../rcpt`), true);
  assert.equal(ws.inFolders(`${REPO}x/rcpt`), false);
  assert.equal(ws.inFolders(`${REPO}/../rcpt`), false);
  assert.equal(ws.inFolders('/etc/postfix/rcpt'), false);
});

test('the facade: a create-file fix only inside the folders; links and definitions from main.cf', () => {
  const ws = new Workspace(disk({ [`${REPO}/main.cf`]: MAIN, [`${REPO}/sender_access`]: 'a@example.com OK\n' }));
  const service = createLanguageService(ws);
  const main = `file://${REPO}/main.cf`;
  ws.open(main, 'postfix-main', 1, MAIN);
  const diagnostics = service.diagnostics(main, defaultSettings).diagnostics;
  const rcpt = diagnostics.find((d) => String(d.message).startsWith('/etc/postfix/rcpt does not exist'));
  assert.ok(rcpt, JSON.stringify(diagnostics));
  const titles = (): string[] => service.codeActions(main, rcpt.range, [rcpt]).map((a: CodeAction) => a.title);
  assert.deepEqual(titles(), []);
  ws.setFolders([`file://${REPO}`]);
  assert.deepEqual(titles(), [`Create ${REPO}/rcpt`]);
  assert.deepEqual(
    service.documentLinks(main).map((l) => l.target),
    [`file://${REPO}/sender_access`],
  );
  assert.equal(service.definition(main, { line: 0, character: 70 })?.uri, `file://${REPO}/sender_access`);
  // a parameter name still goes to its assignment
  assert.equal(service.definition(main, { line: 0, character: 3 })?.uri, main);
});

test('Workspace.filesChanged: the open documents beside a changed file, and every main.cf and master.cf above it', () => {
  const ws = new Workspace(disk({ [`${REPO}/main.cf`]: MAIN }));
  const main = `file://${REPO}/main.cf`;
  const table = `file://${REPO}/sender_access`;
  const other = `file://${REPO}/sub/transport`;
  const elsewhere = `file:///srv/other/main.cf`;
  ws.open(main, 'postfix-main', 1, MAIN);
  ws.open(table, 'postfix-map', 1, 'a@example.com OK\n');
  ws.open(other, 'postfix-map', 1, 'example.com smtp:[relay]\n');
  ws.open(elsewhere, 'postfix-main', 1, MAIN);
  assert.deepEqual(ws.filesChanged([`file://${REPO}/sender_access.db`]).sort(), [main, table]);
  assert.deepEqual(ws.filesChanged([`file://${REPO}/sub/transport.db`]).sort(), [main, other]);
  assert.deepEqual(ws.filesChanged(['untitled:Untitled-1']), []);
});
