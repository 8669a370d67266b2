/**
 * Mail logs in the editor: what a log file is; following a message by its
 * queue ID (highlights, references, outline, hover); the restriction behind
 * a reject line; the counts over the restrictions of main.cf; the report's
 * data. The scene: test/fixtures/maillog, a main.cf and a log it wrote.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DocumentHighlightKind, type CodeLens, type Hover, type MarkupContent } from 'vscode-languageserver-types';
import { logIndex, type LogText } from '../../server/src/service/features/log/logIndex';
import { literal } from '../../server/src/service/features/log/logText';
import { logHighlights, logMessageDefinition, logReferences, logSymbols, messageHover } from '../../server/src/service/features/log/messages';
import { rejectDefinition, rejectHover, type RejectContext } from '../../server/src/service/features/log/rejectLine';
import { reportData } from '../../server/src/service/features/log/reportData';
import { logCodeLenses, logHoverSection, spanText, type LogCounts } from '../../server/src/service/features/log/restrictionCounts';
import { attributeByReply, createAttributor } from '../../server/src/service/log/attribution';
import { LogAnalysis } from '../../server/src/service/log/logAnalysis';
import { createLanguageService } from '../../server/src/service/languageService';
import { ConfigModel } from '../../server/src/service/model/config';
import { documentKind } from '../../server/src/service/model/documentKind';
import { normalizeSettings } from '../../server/src/service/settings';
import { Workspace, type WorkspaceFiles } from '../../server/src/service/workspace';
import { readFixture, repoRoot } from '../support/fixtures';

const MAIN_PATH = '/etc/postfix/main.cf';
const LOG_PATH = '/var/log/mail.log';
const MAIN_TEXT = readFixture('maillog/main.cf');
const LOG_TEXT = readFixture('maillog/mail.log');
const LOG_LINES = LOG_TEXT.replace(/\n$/, '').split('\n');
const text: LogText = { lineCount: LOG_LINES.length, line: (n) => LOG_LINES[n] ?? '' };
const lineOf = (needle: string): number => LOG_LINES.findIndex((l) => l.includes(needle));
const at = (needle: string, inLine: string, offset = 0): { line: number; character: number } => {
  const line = lineOf(inLine);
  return { line, character: LOG_LINES[line].indexOf(needle) + offset };
};

const model = new ConfigModel({ main: MAIN_TEXT });
const context: RejectContext = {
  attribute: createAttributor({ model, mainPath: MAIN_PATH, files: { exists: () => false, list: () => [] } }),
  mainPath: MAIN_PATH,
  uriOf: (path) => `file://${path}`,
  lineOf: (path, n) => (path === MAIN_PATH ? MAIN_TEXT.split('\n')[n] : undefined),
};

const markdown = (hover: Hover | null): string => (hover?.contents as MarkupContent | undefined)?.value ?? '';
const titles = (lenses: CodeLens[]): string[] => lenses.map((l) => `${l.range.start.line}: ${l.command?.title ?? ''}`);

/** The fixture's log analysed with the fixture's main.cf, as the server hands it to the lenses. */
function fixtureCounts(extra: Partial<LogCounts> = {}): LogCounts {
  const analysis = new LogAnalysis({ attribute: context.attribute, now: new Date(2024, 0, 20) });
  let first: Date | undefined;
  let last: Date | undefined;
  for (const line of LOG_LINES) {
    const date = analysis.add(line)?.date;
    if (date && (!first || date < first)) first = date;
    if (date && (!last || date > last)) last = date;
  }
  const report = analysis.report();
  return {
    files: [LOG_PATH],
    mainPath: MAIN_PATH,
    rows: report.rejects,
    lines: report.lines,
    first,
    last,
    problems: [],
    reading: false,
    now: new Date(2024, 0, 20),
    ...extra,
  };
}

// ---------------------------------------------------------------- what a log is

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

test('settings: the logs, their main.cf and the lens switch; malformed values fall back to the defaults', () => {
  assert.deepEqual(normalizeSettings({}), normalizeSettings(null));
  const defaults = normalizeSettings({});
  assert.deepEqual([defaults.logFiles, defaults.logConfig, defaults.logCodeLens], [['/var/log/mail.log'], '', true]);
  const set = normalizeSettings({ log: { files: ['/var/log/mail.log.1', '', 7, '/var/log/mail.log'], config: ' /srv/main.cf ', codeLens: false } });
  assert.deepEqual([set.logFiles, set.logConfig, set.logCodeLens], [['/var/log/mail.log.1', '/var/log/mail.log'], '/srv/main.cf', false]);
  assert.deepEqual(normalizeSettings({ log: { files: 'mail.log' } }).logFiles, ['/var/log/mail.log']);
});

// ---------------------------------------------------------------- one message by its queue ID

test('highlights follow a queue ID through its message, the bounce that names it included', () => {
  const index = logIndex(text);
  const highlights = logHighlights(index, at('4F2A1C0123', '4F2A1C0123: from=<alice', 3));
  assert.deepEqual(
    highlights.map((h) => h.range.start.line),
    [
      lineOf('4F2A1C0123: client='),
      lineOf('4F2A1C0123: message-id'),
      lineOf('4F2A1C0123: from='),
      lineOf('4F2A1C0123: to=<u@'),
      lineOf('4F2A1C0123: to=<v@'),
      lineOf('4F2A1C0123: sender non'),
      lineOf('4F2A1C0123: removed'),
    ],
  );
  assert.equal(highlights[0].kind, DocumentHighlightKind.Write);
  assert.ok(highlights.slice(1).every((h) => h.kind === DocumentHighlightKind.Read));
  const first = highlights[0].range;
  assert.equal(LOG_LINES[first.start.line].slice(first.start.character, first.end.character), '4F2A1C0123');
  // the bounce names the new message: from there, the bounce's own lines and the mention
  const bounce = at('5B3C2D0456', 'sender non-delivery notification', 2);
  const followed = logHighlights(index, bounce).map((h) => h.range.start.line);
  assert.deepEqual(followed, [
    lineOf('5B3C2D0456: message-id'),
    lineOf('notification: 5B3C2D0456'),
    lineOf('5B3C2D0456: from=<>'),
    lineOf('5B3C2D0456: to=<alice'),
    lineOf('5B3C2D0456: removed'),
  ]);
  assert.deepEqual(logHighlights(index, at('Relay', 'Relay access denied')), [], 'no queue ID under the cursor');
});

test('references of a queue ID, with and without its first line; go to definition from a bounce', () => {
  const index = logIndex(text);
  const position = at('4F2A1C0123', '4F2A1C0123: removed');
  assert.equal(logReferences(index, position, 'file:///var/log/mail.log', true).length, 7);
  assert.equal(logReferences(index, position, 'file:///var/log/mail.log', false).length, 6);
  const target = logMessageDefinition(index, at('5B3C2D0456', 'sender non-delivery notification'), 'file:///var/log/mail.log');
  assert.equal(target?.range.start.line, lineOf('5B3C2D0456: message-id'));
  assert.equal(logMessageDefinition(index, position, 'file:///var/log/mail.log'), null);
});

test('the outline has one entry per message, with what became of it', () => {
  const symbols = logSymbols(logIndex(text));
  assert.deepEqual(
    symbols.map((s) => [s.name, s.detail]),
    [
      ['4F2A1C0123', 'from <alice@example.net> · 2 recipients: 1 sent, 1 bounced · removed'],
      ['5B3C2D0456', 'from <> · to <alice@example.net> sent · removed'],
    ],
  );
  assert.equal(symbols[0].range.start.line, lineOf('4F2A1C0123: client='));
  assert.equal(symbols[0].range.end.line, lineOf('4F2A1C0123: removed'));
});

test('hover on a queue ID: client, sender, each recipient and the end of the message', () => {
  const value = markdown(messageHover(logIndex(text), text, at('4F2A1C0123', '4F2A1C0123: to=<v@')));
  assert.match(value, /\*\*Message `4F2A1C0123`\*\* \(7 lines, `Jan 10 10:01:00` to `Jan 10 10:01:01`\)/);
  assert.match(value, /\*\*Client:\*\* `mail\.example\.net\[198\.51\.100\.9\]`/);
  assert.match(value, /\*\*To\*\* `u@example\.com`: sent/);
  assert.match(value, /\*\*To\*\* `v@example\.com`: bounced/);
  assert.match(value, /Removed from the queue on line 17/);
});

test('the index is built once per version of a document', () => {
  const doc = { lineCount: text.lineCount, line: (n: number) => text.line(n), version: 1 };
  const a = logIndex(doc);
  assert.equal(logIndex(doc), a);
  doc.version = 2;
  assert.notEqual(logIndex(doc), a);
});

test('a log of 200,000 lines is indexed within seconds, and a highlight is then a lookup', () => {
  const lines: string[] = [];
  for (let i = 0; i < 40_000; i++) {
    const id = (0x100000 + i).toString(16).toUpperCase();
    lines.push(`Jan 10 10:00:00 mx postfix/smtpd[1]: ${id}: client=c${i}.example[192.0.2.${i % 250}]`);
    lines.push(`Jan 10 10:00:00 mx postfix/qmgr[2]: ${id}: from=<s${i}@example.net>, size=10, nrcpt=1 (queue active)`);
    lines.push(
      `Jan 10 10:00:01 mx postfix/smtp[3]: ${id}: to=<r${i}@example.com>, relay=mx.example.com[203.0.113.5]:25, delay=1, dsn=2.0.0, status=sent (250 ok)`,
    );
    lines.push(
      `Jan 10 10:00:01 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x@example.org>: Relay access denied; from=<a@b> to=<x@example.org> proto=ESMTP helo=<h>`,
    );
    lines.push(`Jan 10 10:00:02 mx postfix/qmgr[2]: ${id}: removed`);
  }
  const big: LogText = { lineCount: lines.length, line: (n) => lines[n] };
  let t = performance.now();
  const index = logIndex(big);
  const built = performance.now() - t;
  assert.equal(index.messages.length, 40_000);
  assert.ok(built < 5000, `indexing took ${built.toFixed(0)} ms`);
  t = performance.now();
  assert.equal(logHighlights(index, { line: 100_002, character: 40 }).length, 4);
  assert.ok(performance.now() - t < 20);
});

// ---------------------------------------------------------------- a reject line and its restriction

test('hover on a reject line names the restriction and its line of main.cf', () => {
  const relay = markdown(rejectHover(text, at('Relay', '<a@example.org>: Relay'), context));
  assert.match(relay, /^\*\*reject\*\* at RCPT \(554 5\.7\.1\)/);
  assert.match(relay, /\*\*Restriction:\*\* `reject_unauth_destination`, \[main\.cf line 3\]\(file:\/\/\/etc\/postfix\/main\.cf#L3\)/);
  assert.match(relay, /\*\*Client:\*\* `unknown\[192\.0\.2\.1\]`/);
  assert.match(relay, /\*\*Reply:\*\* `<a@example\.org>: Relay access denied`/);
  const warned = markdown(rejectHover(text, at('cannot', 'reject_warning'), context));
  assert.match(warned, /\*\*reject_warning\*\*: a `warn_if_reject` trial/);
  assert.match(warned, /`reject_unknown_reverse_client_hostname`, \[main\.cf line 6\]/);
  const rbl = markdown(rejectHover(text, at('blocked', 'blocked using'), context));
  assert.match(rbl, /`reject_rbl_client` `zen\.spamhaus\.org`, \[main\.cf line 7\]/);
  const deferred = markdown(rejectHover(text, at('Domain', 'Domain not found'), context));
  assert.match(deferred, /^\*\*deferred\*\* \(a temporary 4xx reply/);
  assert.equal(rejectHover(text, at('client=', '4F2A1C0123: client='), context), null, 'not a reject line');
});

test('without a main.cf the restriction is named by its reply, and the hover says why there is no line', () => {
  const byReply: RejectContext = { ...context, attribute: attributeByReply, mainPath: undefined, missingConfig: 'no main.cf is open' };
  const value = markdown(rejectHover(text, at('Relay', '<a@example.org>: Relay'), byReply));
  assert.match(value, /\*\*Restriction:\*\* `reject_unauth_destination`, by its reply \(no main\.cf is open\)/);
  assert.equal(rejectDefinition(text, at('Relay', '<a@example.org>: Relay'), byReply), null);
});

test('go to definition on a reject line selects the restriction in main.cf', () => {
  const relay = rejectDefinition(text, at('Relay', '<a@example.org>: Relay'), context);
  assert.equal(relay?.uri, 'file:///etc/postfix/main.cf');
  const line = MAIN_TEXT.split('\n')[2];
  assert.equal(line.slice(relay?.range.start.character, relay?.range.end.character), 'reject_unauth_destination');
  const rbl = rejectDefinition(text, at('blocked', 'blocked using'), context);
  assert.deepEqual(rbl?.range, { start: { line: 6, character: 4 }, end: { line: 6, character: 21 } });
});

test('what a client sent is shown as code: markdown, links and HTML in a log line stay text', () => {
  const value = markdown(rejectHover(text, at('Relay', 'evil.example'), context));
  assert.match(value, /\*\*Sender:\*\* `"<img src=x onerror=alert\(1\)>"@evil\.example`/);
  assert.match(value, /\*\*HELO:\*\* `` \[x\]\(command:workbench\.action\.quit\) `tick` ``/);
  assert.equal(literal('a`b'), '``a`b``');
  assert.equal(literal('`x`'), '`` `x` ``');
  assert.equal(literal('bell\x07'), '`bell\\x07`');
  assert.equal(literal(''), '`<>`');
});

// ---------------------------------------------------------------- counts over main.cf

test('lenses over the restrictions of main.cf: rejects, clients and span; a warn_if_reject trial; deferrals', () => {
  const lenses = logCodeLenses(model, fixtureCounts());
  assert.deepEqual(titles(lenses), [
    '0: Mail log: 19 lines · Jan 10 · 6 rejects · 1 warn_if_reject',
    '2: rejected 4 · 3 clients · Jan 10',
    '4: deferred 1 · 1 client · Jan 10',
    '5: would have rejected 1 (1 client)',
    '6: rejected 1 · 1 client · Jan 10',
  ]);
  assert.equal(lenses[1].command?.command, 'postfix.analyzeLog');
  // a click opens the report of the logs attributed with this main.cf, at this restriction
  assert.deepEqual(lenses[1].command?.arguments, [{ restriction: 'reject_unauth_destination', line: 2, config: MAIN_PATH }]);
  assert.equal(MAIN_TEXT.split('\n')[2].slice(lenses[1].range.start.character, lenses[1].range.end.character), 'reject_unauth_destination');
});

test('"last 7 days" when the logs reach today; a restriction that rejected nothing says so', () => {
  assert.equal(spanText({ first: new Date(2024, 0, 13, 8), last: new Date(2024, 0, 19, 23), now: new Date(2024, 0, 20) }), 'last 7 days');
  assert.equal(spanText({ first: new Date(2024, 0, 5), last: new Date(2024, 0, 12), now: new Date(2024, 1, 1) }), 'Jan 5 – Jan 12');
  const quiet = new ConfigModel({ main: `${MAIN_TEXT}\nsmtpd_helo_restrictions = reject_invalid_helo_hostname\n` });
  const lenses = titles(logCodeLenses(quiet, fixtureCounts()));
  assert.ok(lenses.includes('8: no rejects · Jan 10'), lenses.join('\n'));
});

test('restrictions on one line are told apart by name; counts follow a restriction that edits moved', () => {
  const oneLine = new ConfigModel({ main: 'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination, reject_rbl_client zen.spamhaus.org\n' });
  const rows = fixtureCounts().rows.map((r) => (r.restriction === 'reject_rbl_client' ? { ...r, line: 0 } : { ...r, line: r.line === 2 ? 0 : r.line }));
  const lenses = titles(logCodeLenses(oneLine, fixtureCounts({ rows })));
  assert.ok(lenses.includes('0: reject_unauth_destination: rejected 4 · 3 clients · Jan 10'), lenses.join('\n'));
  assert.ok(lenses.includes('0: reject_rbl_client: rejected 1 · 1 client · Jan 10'), lenses.join('\n'));
  // two lines inserted above: the rows still name line 2, the restriction is now on line 4
  const moved = new ConfigModel({ main: `# a comment\n# another\n${MAIN_TEXT}` });
  assert.ok(titles(logCodeLenses(moved, fixtureCounts())).includes('4: rejected 4 · 3 clients · Jan 10'));
});

test('an unreadable log gives one lens that says why, and nothing over the restrictions', () => {
  const problem = '/var/log/mail.log: cannot read: permission denied (readable by its owner and group only, e.g. root and adm: run as a member of that group)';
  const lenses = logCodeLenses(model, { ...fixtureCounts(), rows: [], lines: 0, problems: [problem] });
  assert.deepEqual(titles(lenses), [`0: Mail log: ${problem}`]);
  assert.deepEqual(lenses[0].command?.arguments, ['postfix.log.files']);
  const reading = logCodeLenses(model, { ...fixtureCounts(), rows: [], lines: 0, reading: true });
  assert.deepEqual(titles(reading), ['0: Mail log: reading /var/log/mail.log …']);
});

test('hover on a restriction of main.cf shows its counts and example lines', () => {
  const counts = fixtureCounts();
  const section = logHoverSection(model, { line: 2, character: 50 }, counts);
  assert.ok(section);
  assert.match(section.value, /^\*\*In the mail log\*\* \(Jan 10\):/);
  assert.match(section.value, /rejected 4 · 3 clients, mostly at RCPT with 554/);
  assert.match(section.value, /`Jan 10 10:00:01 mx postfix\/smtpd\[100\]: NOQUEUE: reject: RCPT from unknown\[192\.0\.2\.1\]/);
  assert.equal(logHoverSection(model, { line: 2, character: 30 }, counts), undefined, 'permit_mynetworks never rejects');
});

// ---------------------------------------------------------------- through the facade

/** A file system held in a map: path → text. */
function memoryFiles(disk: Map<string, string>): WorkspaceFiles {
  return {
    exists: (path) => disk.has(path),
    list: () => [],
    mtime: () => undefined,
    read: (path) => disk.get(path),
    pathOf: (uri) => (uri.startsWith('file://') ? decodeURIComponent(uri.slice('file://'.length)) : undefined),
    uriOf: (path) => `file://${path}`,
  };
}

test('the language service: a log document gets log features, with the main.cf it finds or the setting names', () => {
  const disk = new Map([[MAIN_PATH, MAIN_TEXT]]);
  const workspace = new Workspace(memoryFiles(disk));
  const service = createLanguageService(workspace);
  const uri = `file://${LOG_PATH}`;
  workspace.open(uri, 'postfix-log', 1, LOG_TEXT);
  assert.equal(workspace.kind(uri)?.kind, 'log');
  assert.deepEqual(service.diagnostics(uri, normalizeSettings({})).diagnostics, []);
  assert.equal(service.highlights(uri, at('4F2A1C0123', '4F2A1C0123: removed')).length, 7);
  assert.equal(service.documentSymbols(uri).length, 2);
  // /etc/postfix/main.cf is the last place looked in
  assert.equal(service.logConfigPath(), MAIN_PATH);
  const hover = markdown(service.hover(uri, at('Relay', '<a@example.org>: Relay')));
  assert.match(hover, /\[main\.cf line 3\]\(file:\/\/\/etc\/postfix\/main\.cf#L3\)/);
  assert.equal(service.definition(uri, at('Relay', '<a@example.org>: Relay'))?.range.start.line, 2);
  // the setting names another main.cf: the one that is there wins, one that is not is said so
  disk.set('/srv/mx/main.cf', `\n\n\n${MAIN_TEXT}`);
  assert.equal(service.definition(uri, at('Relay', '<a@example.org>: Relay'), { config: '/srv/mx/main.cf' })?.range.start.line, 5);
  assert.match(markdown(service.hover(uri, at('Relay', '<a@example.org>: Relay'), { config: '/srv/none/main.cf' })), /\/srv\/none\/main\.cf cannot be read/);
  // an open main.cf comes before /etc/postfix
  workspace.open('file:///home/me/main.cf', 'postfix-main', 1, MAIN_TEXT);
  assert.equal(service.logConfigPath(), '/home/me/main.cf');
});

test('the language service: lenses and hover of main.cf carry the counts it is given', () => {
  const workspace = new Workspace(memoryFiles(new Map([[MAIN_PATH, MAIN_TEXT]])));
  const service = createLanguageService(workspace);
  const uri = `file://${MAIN_PATH}`;
  workspace.open(uri, 'postfix-main', 1, MAIN_TEXT);
  const counts = fixtureCounts();
  assert.ok(titles(service.codeLenses(uri, { counts })).includes('2: rejected 4 · 3 clients · Jan 10'));
  assert.ok(!titles(service.codeLenses(uri)).some((t) => t.includes('rejected')));
  const hover = markdown(service.hover(uri, { line: 2, character: 50 }, { counts }));
  assert.match(hover, /\*\*reject_unauth_destination\*\*[\s\S]*\*\*In the mail log\*\*/);
});

test('the report data is plain JSON with a link for each restriction', () => {
  const counts = fixtureCounts();
  const analysis = new LogAnalysis({ attribute: context.attribute });
  for (const line of LOG_LINES) analysis.add(line);
  const data = reportData(analysis.report(), [LOG_PATH], MAIN_PATH, (path) => `file://${path}`);
  assert.deepEqual(JSON.parse(JSON.stringify(data)), data, 'survives JSON');
  const relay = data.rejects.find((r) => r.restriction === 'reject_unauth_destination');
  assert.deepEqual([relay?.uri, relay?.line, relay?.count, relay?.perDay.length], ['file:///etc/postfix/main.cf', 2, 4, 1]);
  assert.equal(data.days.length, 1);
  assert.deepEqual(data.deliveries[0].counts, { sent: 2, bounced: 1 });
  assert.equal(data.messages.received, 2);
  assert.equal(counts.rows.length, data.rejects.length);
});

test('no lenses where the default log does not exist (main.cf edited, not run); a log set by hand and missing says so', () => {
  const missing = { ...fixtureCounts(), rows: [], lines: 0, problems: ['/var/log/mail.log: cannot read: no such file'], absent: true };
  assert.deepEqual(logCodeLenses(model, missing), []);
  const chosen = logCodeLenses(model, { ...missing, files: ['/srv/logs/mail.log'], problems: ['/srv/logs/mail.log: cannot read: no such file'] });
  assert.deepEqual(titles(chosen), ['0: Mail log: /srv/logs/mail.log: cannot read: no such file']);
});

test('the report view builds its page with DOM calls under a strict content security policy', () => {
  const view = readFileSync(join(repoRoot, 'client', 'webview', 'report.ts'), 'utf8');
  assert.doesNotMatch(view, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  const panel = readFileSync(join(repoRoot, 'client', 'src', 'logReport.ts'), 'utf8');
  const policy = /Content-Security-Policy" content="\$\{policy\}"/.test(panel) ? /const policy = `([^`]*)`/.exec(panel)?.[1] : undefined;
  assert.equal(policy, "default-src 'none'; img-src ${webview.cspSource}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';");
  assert.match(panel, /randomBytes\(16\)/);
  assert.match(panel, /localResourceRoots: \[vscode\.Uri\.joinPath\(extension, 'dist'\)\]/);
  // a link opens only a line the report itself names
  assert.match(panel, /if \(!this\.data\.rejects\.some\(\(r\) => r\.uri === uri && r\.line === line\)\) return;/);
});

test('bad input: a 1 MB line, binary bytes, CRLF and lines of other programs are read without trouble', () => {
  const long = `Jan 10 10:00:00 mx postfix/smtpd[1]: 4F2A1C0999: client=${'x'.repeat(1_000_000)}[192.0.2.1]`;
  const lines = [
    long,
    'Jan 10 10:00:01 mx postfix/qmgr[2]: 4F2A1C0999: from=<a@example.net>, size=1, nrcpt=1 (queue active)\r',
    '\u0000\u0001\u00ff garbage \ufffd',
    'Jan 10 10:00:02 mx kernel: [12.3] something else',
    `Jan 10 10:00:03 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 ${'<'.repeat(100_000)}: Relay access denied; from=<a> to=<b> proto=ESMTP helo=<h>`,
    'Jan 10 10:00:04 mx postfix/qmgr[2]: 4F2A1C0999: removed',
  ];
  const bad: LogText = { lineCount: lines.length, line: (n) => lines[n] };
  const t = performance.now();
  const index = logIndex(bad);
  assert.deepEqual(
    logHighlights(index, { line: 5, character: 37 }).map((h) => h.range.start.line),
    [0, 1, 5],
  );
  assert.equal(logSymbols(index).length, 1);
  assert.equal(messageHover(index, bad, { line: 2, character: 3 }), null);
  assert.match(markdown(rejectHover(bad, { line: 4, character: 10 }, context)), /^\*\*reject\*\* at RCPT[\s\S]*\*\*Reply:\*\* `<<<<[^`]*…`$/);
  assert.equal(rejectHover(bad, { line: 2, character: 3 }, context), null);
  assert.equal(rejectHover(bad, { line: 99, character: 0 }, context), null);
  assert.ok(performance.now() - t < 2000, `${(performance.now() - t).toFixed(0)} ms`);
});

test("master.cf: lenses over the restrictions of a service's -o lists, for the rejects its smtpd logged", () => {
  const master = [
    'smtp      inet  n       -       y       -       -       smtpd',
    'submission inet n       -       y       -       -       smtpd',
    '  -o syslog_name=postfix/submission',
    '  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject_unauth_destination',
  ].join('\n');
  const withMaster = new ConfigModel({ main: MAIN_TEXT, master });
  const attribute = createAttributor({
    model: withMaster,
    mainPath: MAIN_PATH,
    masterPath: '/etc/postfix/master.cf',
    files: { exists: () => false, list: () => [] },
  });
  const analysis = new LogAnalysis({ attribute, now: new Date(2024, 0, 20) });
  for (const line of LOG_LINES) analysis.add(line);
  analysis.add(
    'Jan 10 11:00:00 mx postfix/submission/smtpd[7]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 <x@example.org>: Relay access denied; from=<a@example.com> to=<x@example.org> proto=ESMTP helo=<laptop>',
  );
  const counts = { ...fixtureCounts(), rows: analysis.report().rejects };
  assert.deepEqual(titles(logCodeLenses(withMaster, counts, 'master.cf')), ['3: rejected 1 · 1 client · Jan 10']);
  // in main.cf, the port-25 rejects stay where they were, and the header says one came from elsewhere
  const main = titles(logCodeLenses(withMaster, counts));
  assert.ok(main.includes('2: rejected 4 · 3 clients · Jan 10'), main.join('\n'));
  assert.match(main[0], /1 not from a list of this file/);
  assert.match(logHoverSection(withMaster, { line: 3, character: 60 }, counts, 'master.cf')?.value ?? '', /rejected 1 · 1 client/);
});
