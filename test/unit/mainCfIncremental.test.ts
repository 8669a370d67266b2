/**
 * An open main.cf is read again only where an edit touched it, and its checks
 * keep what they found on the rest (ConfigModel.edited, checks/memo.ts). After
 * random edits of the seed and corpus main.cf files, the edited model and its
 * diagnostics must be exactly those of the same text read whole.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkMainCf, ConfigModel } from '../../server/src/service';
import { Code } from '../../server/src/service/diagnostics';
import { withFixes, withoutFixes } from '../../server/src/service/features/shared/codeActions';
import { createLanguageService } from '../../server/src/service/languageService';
import { defaultSettings, type Settings } from '../../server/src/service/settings';
import { Workspace, type WorkspaceFiles } from '../../server/src/service/workspace';
import { seedsDir } from '../support/fixtures';
import { corpusIfSet } from '../support/outside';

const DIR = '/etc/postfix';
const MAIN = `${DIR}/main.cf`;
const URI = `file://${MAIN}`;

const mainFiles = (dir: string): string[] =>
  readdirSync(join(dir, 'main.cf'))
    .sort()
    .map((name) => readFileSync(join(dir, 'main.cf', name), 'utf8'));

const corpus = corpusIfSet();
const SOURCES = [...mainFiles(seedsDir), ...(corpus ? mainFiles(corpus) : [])];
const MASTERS = [readFileSync(join(seedsDir, 'master.cf', 'stock.cf'), 'utf8'), readFileSync(join(seedsDir, 'master.cf', 'overrides.cf'), 'utf8')];

const DUPLICATE_CODES: readonly Code[] = [Code.DuplicateParameter, Code.DuplicateParameterSameValue];

/** Text an edit puts in: lines that start, continue or end entries, names others refer to, line breaks. */
const PIECES = [
  '\n',
  '\r\n',
  ' ',
  'x',
  '=',
  '#',
  '$',
  '',
  'myhostname = mail.example.com\n',
  '  continued, value\n',
  '\tindented = line\n',
  '# postfix-lsp: disable-next-line\n',
  'smtpd_restriction_classes = friends\n',
  'friends = permit_mynetworks, reject\n',
  'smtpd_recipient_restrictions = permit_mynetworks, check_sender_access hash:/etc/postfix/access, friends, reject_unauth_destination\n',
  'own_name = $myhostname $undefined_name\n',
  'virtual_alias_maps = ldap:directory\n',
  'directory_server_host = ldap.example.com\n',
  'uses_own = $own_name\n',
  'smtpd_tls_security_level = may\n',
  'mynetworks = 0.0.0.0/0\n',
  'disable_vrfy_command = no\n',
  'unknown_thing = 1 # comment\n',
  'smtpd_banner = $myhostname ESMTP $mail_version\n',
  'dovecot_destination_recipient_limit = 1\n',
  '${broken\n',
];

/** An edit as [line, character, lines spanned, end character, text], placed in the document when applied. */
const editArb = fc.tuple(fc.nat(), fc.nat({ max: 80 }), fc.nat({ max: 4 }), fc.nat({ max: 80 }), fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }));
type Edit = [number, number, number, number, string[]];

const memoryFiles = (master: string): WorkspaceFiles => ({
  exists: (path) => path === `${DIR}/master.cf`,
  list: () => [],
  mtime: () => undefined,
  read: (path) => (path === `${DIR}/master.cf` ? master : undefined),
  pathOf: (uri) => (uri.startsWith('file://') ? uri.slice('file://'.length) : undefined),
  uriOf: (path) => `file://${path}`,
});

/** Everything a reader of the model sees, positions resolved. */
function view(model: ConfigModel): unknown {
  const names = new Set<string>();
  for (const a of model.main.assignments) {
    names.add(a.name);
    for (const r of a.references) names.add(r.name);
  }
  return {
    lines: model.main.lines,
    lineCount: model.main.lineCount,
    assignments: model.main.assignments.map((a) => ({
      name: a.name,
      value: a.value,
      line: a.line,
      nameRange: a.nameRange,
      valueRange: a.valueRange,
      range: a.range,
      references: a.references,
      problems: a.expansionProblems,
      source: a.source.range(0, a.value.length),
    })),
    problems: model.main.problems,
    comments: model.main.comments,
    // the order of the names is the order of their first assignments: suggestions and completion follow it
    byName: [...model.assignments].map(([name, list]) => [name, list.map((a) => a.line)]),
    names: [...names].map((name) => [name, model.userNameReason(name), model.isDefined(name), model.builtin(name)?.name]),
  };
}

function place(lines: readonly string[], [line, character, span, endCharacter, pieces]: Edit) {
  const start = { line: line % lines.length, character: 0 };
  start.character = Math.min(character, lines[start.line].length);
  const endLine = Math.min(lines.length - 1, start.line + span);
  let end = { line: endLine, character: Math.min(endCharacter, lines[endLine].length) };
  if (end.line === start.line && end.character < start.character) end = start;
  return { range: { start, end }, text: pieces.join('') };
}

test('an edited main.cf reads and checks like the same text read whole', () => {
  let edits = 0;
  // the duplicate check keeps its findings per name (checks/memo.ts): the edits must make some
  let duplicates = 0;
  fc.assert(
    fc.property(
      fc.nat({ max: SOURCES.length - 1 }),
      fc.nat({ max: MASTERS.length - 1 }),
      // each burst of edits comes in one notification; some bursts are not checked before the next
      fc.array(fc.tuple(fc.array(editArb, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.constantFrom('3.11', '3.11', '3.7.11')), {
        minLength: 1,
        maxLength: 6,
      }),
      (source, master, bursts) => {
        const files = memoryFiles(MASTERS[master]);
        const workspace = new Workspace(files, { followEdits: true });
        const service = createLanguageService(workspace);
        workspace.open(URI, 'postfix-main', 1, SOURCES[source]);
        const settings: Settings = { ...defaultSettings, targetVersion: '3.11' };
        service.diagnostics(URI, settings);
        // the text as a client keeps it, changed by an implementation of its own
        let client = TextDocument.create(URI, 'postfix-main', 1, SOURCES[source]);
        for (const [burst, checked, target] of bursts) {
          const changes = burst.map((e) => {
            const change = place(client.getText().split(/\r\n|\r|\n/), e);
            client = TextDocument.update(client, [change], client.version + 1);
            return change;
          });
          workspace.change(URI, client.version, changes);
          edits += burst.length;
          if (!checked) continue;
          const text = client.getText();
          assert.equal(workspace.document(URI)?.getText(), text);
          const parsed = workspace.parsed(URI);
          assert.ok(parsed?.kind === 'main');
          const whole = new ConfigModel({ main: text, master: MASTERS[master] });
          assert.deepEqual(view(parsed.model), view(whole));
          const targeted: Settings = { ...settings, targetVersion: target };
          const incremental = service.diagnostics(URI, targeted);
          const read = checkMainCf(whole, targeted, target, files, DIR);
          assert.deepEqual(incremental, read);
          duplicates += incremental.diagnostics.filter((d) => DUPLICATE_CODES.includes(d.code as Code)).length;
          // the server publishes them without their quick fixes, and finds these again for a code action
          assert.deepEqual(
            withFixes(withoutFixes(incremental.diagnostics), () => read.diagnostics),
            incremental.diagnostics,
          );
        }
      },
    ),
    { numRuns: Number(process.env.RUNS ?? 200), seed: Number(process.env.SEED ?? 18) },
  );
  assert.ok(edits > 0);
  assert.ok(duplicates > 0);
});
