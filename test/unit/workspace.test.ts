/** The Workspace: what each open document is, one parse per version, and which documents an edit makes stale. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLanguageService } from '../../server/src/service/languageService';
import { MAX_CHECKED_CHARACTERS } from '../../server/src/service/limits';
import { defaultSettings } from '../../server/src/service/settings';
import { Workspace, type Parsed, type WorkspaceFiles } from '../../server/src/service/workspace';

/** A file system held in a map: path → text. */
function memoryFiles(disk: Map<string, string>): WorkspaceFiles {
  return {
    exists: (path) => disk.has(path),
    list: (dir) => [...disk.keys()].filter((p) => p.startsWith(`${dir}/`)).map((p) => p.slice(dir.length + 1)),
    mtime: () => undefined,
    read: (path) => disk.get(path),
    pathOf: (uri) => (uri.startsWith('file://') ? decodeURIComponent(uri.slice('file://'.length)) : undefined),
    uriOf: (path) => `file://${path}`,
  };
}

const DIR = '/etc/postfix';
const uri = (name: string): string => `file://${DIR}/${name}`;
const MAIN = uri('main.cf');
const MASTER = uri('master.cf');
const TABLE = uri('client_checks');

const MAIN_TEXT = 'smtpd_client_restrictions = check_client_access cidr:/etc/postfix/client_checks\n';
const MASTER_TEXT = 'smtp inet n - n - - smtpd\nrelay unix - - n - - smtp\n';
const TABLE_TEXT = '192.0.2.0/24 REJECT\n';

/** A workspace over a disk holding main.cf, master.cf and a table; `open` names the files opened in it. */
function scene(open: string[] = [MAIN, MASTER, TABLE]): { ws: Workspace; disk: Map<string, string> } {
  const disk = new Map([
    [`${DIR}/main.cf`, MAIN_TEXT],
    [`${DIR}/master.cf`, MASTER_TEXT],
    [`${DIR}/client_checks`, TABLE_TEXT],
  ]);
  const ws = new Workspace(memoryFiles(disk));
  const text: Record<string, string> = { [MAIN]: MAIN_TEXT, [MASTER]: MASTER_TEXT, [TABLE]: TABLE_TEXT };
  for (const u of open) ws.open(u, '', 1, text[u]);
  return { ws, disk };
}

function model(p: Parsed | undefined) {
  assert.ok(p && (p.kind === 'main' || p.kind === 'master'), `a main.cf or master.cf, not ${p?.kind}`);
  return p.model;
}

function table(p: Parsed | undefined) {
  assert.equal(p?.kind, 'table');
  return p.table;
}

const append = (ws: Workspace, u: string, text: string): string[] => {
  const doc = ws.document(u);
  assert.ok(doc);
  const end = { line: doc.lineCount - 1, character: 0 };
  return ws.change(u, doc.version + 1, [{ range: { start: end, end }, text }]);
};

test('kinds: main.cf and master.cf by name, a table by the main.cf that names it, unknown and binary', () => {
  const { ws } = scene();
  assert.equal(ws.kind(MAIN)?.kind, 'main');
  assert.equal(ws.kind(MASTER)?.kind, 'master');
  const kind = ws.kind(TABLE);
  assert.equal(kind?.kind, 'table');
  assert.equal(kind.info.flavour, 'cidr');
  ws.open(uri('notes.txt'), '', 1, 'remember the milk\n');
  assert.equal(ws.kind(uri('notes.txt'))?.kind, 'unknown');
  ws.open(uri('client_checks.db'), '', 1, 'a\u0000b');
  assert.equal(ws.kind(uri('client_checks.db'))?.kind, 'binary');
  assert.equal(ws.parsed(uri('client_checks.db')), undefined);
  assert.equal(ws.kind(uri('never-opened')), undefined);
});

test('main.cf, master.cf and the tables beside them share one model, parsed once per version', () => {
  const { ws } = scene();
  const main = model(ws.parsed(MAIN));
  assert.equal(model(ws.parsed(MASTER)), main, 'master.cf reads the same model');
  assert.equal(model(ws.parsed(MAIN)), main, 'asked again, not parsed again');
  assert.deepEqual(
    main.services.map((s) => s.name),
    ['smtp', 'relay'],
  );
  const parsedMain = ws.parsed(MAIN);
  assert.equal(parsedMain?.kind === 'main' ? parsedMain.configDir : undefined, DIR);

  append(ws, MAIN, 'relayhost = [mx.example.com]\n');
  const edited = model(ws.parsed(MAIN));
  assert.notEqual(edited, main);
  assert.equal(edited.effective('relayhost')?.value, '[mx.example.com]');
  assert.equal(model(ws.parsed(MASTER)), edited, 'master.cf is judged with the edited main.cf');
});

test('an edit in main.cf makes master.cf and the tables beside it stale; an edit in a table only the table', () => {
  const { ws } = scene();
  ws.open(uri('../other/main.cf'), '', 1, 'myhostname = x\n');
  assert.deepEqual(new Set(append(ws, MAIN, '# a comment\n')), new Set([MAIN, MASTER, TABLE]));
  assert.deepEqual(new Set(append(ws, MASTER, '# a comment\n')), new Set([MAIN, MASTER, TABLE]));
  assert.deepEqual(append(ws, TABLE, '198.51.100.0/24 OK\n'), [TABLE]);
  // the document that changed is checked last, after the files judged with it
  assert.equal(append(ws, MAIN, '\n').at(-1), MAIN);
});

test('the restriction classes of a table follow the open main.cf', () => {
  const { ws } = scene();
  assert.deepEqual(table(ws.parsed(TABLE)).classes, new Set());
  append(ws, MAIN, 'smtpd_restriction_classes = friends\nfriends = permit\n');
  assert.deepEqual(table(ws.parsed(TABLE)).classes, new Set(['friends']));
});

test('hover on an access key follows how main.cf uses the table and parent_domain_matches_subdomains', () => {
  const { ws } = scene();
  const service = createLanguageService(ws);
  const helo = uri('helo_access');
  append(ws, MAIN, 'smtpd_helo_restrictions = check_helo_access hash:/etc/postfix/helo_access\n');
  ws.open(helo, '', 1, 'example.com REJECT\n');
  const keyHover = (): string => {
    const h = service.hover(helo, { line: 0, character: 2 });
    return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  };
  assert.match(keyHover(), /`check_helo_access` looks up the HELO\/EHLO name/);
  assert.match(keyHover(), /parent_domain_matches_subdomains lists smtpd_access_maps\./);
  append(ws, MAIN, 'parent_domain_matches_subdomains = relay_domains\n');
  assert.match(keyHover(), /and nothing under it/);
});

test('a table edit by edit keeps its session; a whole-text change starts a new one', () => {
  const { ws } = scene();
  const first = table(ws.parsed(TABLE)).session;
  append(ws, TABLE, '198.51.100.0/24 OK\n');
  const view = table(ws.parsed(TABLE));
  assert.equal(view.session, first, 'brought up to date with the edit');
  assert.equal(view.session.parsed.lines.length, 2);
  ws.change(TABLE, 3, [{ text: '203.0.113.0/24 REJECT\n' }]);
  const replaced = table(ws.parsed(TABLE)).session;
  assert.notEqual(replaced, first);
  assert.equal(replaced.parsed.lines.length, 1);
});

test('a closed document falls back to the file on disk for the files beside it', () => {
  const { ws } = scene();
  const openMaster = 'smtp inet n - n - - smtpd\nmytransport unix - n n - - pipe argv=/bin/cat\n';
  ws.change(MASTER, 2, [{ text: openMaster }]);
  assert.ok(
    model(ws.parsed(MAIN)).services.some((s) => s.name === 'mytransport'),
    'the open text wins over the disk',
  );
  assert.deepEqual(new Set(ws.close(MASTER)), new Set([MAIN, TABLE]));
  assert.equal(ws.document(MASTER), undefined);
  assert.deepEqual(
    model(ws.parsed(MAIN)).services.map((s) => s.name),
    ['smtp', 'relay'],
    'master.cf read from disk again',
  );
  assert.deepEqual(ws.close(TABLE), [], 'closing a table makes nothing stale');
});

test('a save reads the disk again; revalidateAll names every open document', () => {
  const { ws, disk } = scene([MAIN, TABLE]);
  const before = model(ws.parsed(MAIN));
  disk.set(`${DIR}/master.cf`, 'smtp inet n - n - - smtpd\n');
  assert.equal(model(ws.parsed(MAIN)), before, 'the disk is read once until something is saved');
  assert.deepEqual(ws.save(TABLE), [TABLE]);
  assert.deepEqual(
    model(ws.parsed(MAIN)).services.map((s) => s.name),
    ['smtp'],
  );
  assert.deepEqual(new Set(ws.revalidateAll()), new Set([MAIN, TABLE]));
});

test('a document without a path is judged alone; documents over the size limit only with limitSize', () => {
  const { ws } = scene([]);
  ws.open('untitled:Untitled-1', 'postfix-main', 1, 'myhostname = x\n');
  const p = ws.parsed('untitled:Untitled-1');
  assert.equal(p?.kind, 'main');
  assert.equal(p.configDir, undefined);
  assert.equal(p.model.master, undefined, 'no master.cf beside it');

  const big = 'x'.repeat(MAX_CHECKED_CHARACTERS + 1);
  for (const limitSize of [true, false]) {
    const limited = new Workspace(memoryFiles(new Map()), { limitSize });
    limited.open(MAIN, '', 1, big);
    assert.equal(limited.overLimit(MAIN), limitSize);
    assert.equal(limited.parsed(MAIN) === undefined, limitSize);
  }
});

test('the language service answers each kind with its own features', () => {
  const { ws } = scene();
  const service = createLanguageService(ws);
  append(ws, TABLE, '192.0.2.1/24 REJECT\n');
  assert.deepEqual(
    service.diagnostics(TABLE, defaultSettings).diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`),
    ['invalid-table-pattern@1'],
  );
  assert.ok(service.hover(TABLE, { line: 0, character: 15 }), 'hover on a table action');
  assert.ok(service.hover(MASTER, { line: 0, character: 1 }), 'hover on a master.cf service');
  assert.deepEqual(service.folding(TABLE), [], 'main.cf features answer nothing on a table');
  assert.deepEqual(
    service.documentSymbols(MASTER).map((s) => s.name),
    ['smtp inet', 'relay unix'],
  );
});

test('a client file in a folder below main.cf: parsed once per version, judged again when main.cf changes what it is', () => {
  const disk = new Map([[`${DIR}/main.cf`, 'virtual_mailbox_maps = mysql:/etc/postfix/sql/boxes.cf\n']]);
  const ws = new Workspace(memoryFiles(disk));
  const service = createLanguageService(ws);
  const client = `file://${DIR}/sql/boxes.cf`;
  ws.open(client, '', 1, 'hosts = db\ndbname = mail\nqurey = SELECT 1\n');
  const first = ws.parsed(client);
  const again = ws.parsed(client);
  assert.ok(first?.kind === 'dbms' && again?.kind === 'dbms' && first.client === again.client, 'the same parse until an edit');
  assert.deepEqual(
    service.diagnostics(client, defaultSettings).diagnostics.map((d) => d.code),
    ['missing-required-parameter', 'unknown-parameter'],
  );
  assert.equal(service.semanticTokens(client).length, 15);
  // main.cf opened and changed: the client file below it is stale, and no longer a client file
  assert.ok(ws.open(MAIN, '', 1, 'virtual_mailbox_maps = mysql:/etc/postfix/sql/boxes.cf\n').includes(client));
  assert.ok(ws.change(MAIN, 2, [{ text: 'myhostname = mx.example.com\n' }]).includes(client));
  assert.equal(ws.kind(client)?.kind, 'unknown');
  assert.deepEqual(service.diagnostics(client, defaultSettings).diagnostics, []);
});
