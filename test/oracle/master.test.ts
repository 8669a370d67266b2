/**
 * Differential tests for master.cf against the real postconf:
 * - fixtures: wherever `postconf -M` or `postconf -n` stops or warns about
 *   master.cf, checkMasterCf reports a diagnostic of the matching code at
 *   that entry (an error where postconf stops);
 * - the corpus: every master.cf that `postconf -M` accepts gets no
 *   error-severity diagnostic, and no -o name is called unknown that
 *   `postconf -n` does not call unused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { ConfigModel } from '../../server/src/service';
import { DiagnosticSeverity } from '../../server/src/service/diagnostics';
import { checkMasterCf } from '../../server/src/service/masterCf';
import { defaultSettings } from '../../server/src/service/settings';
import type { MasterCf } from '../../server/src/service/syntax/masterCf';
import { configDir } from './postconf';
import { corpusFiles } from '../support/outside';
import { MASTER_SECURITY, securitySummary } from './corpusSecurity';
import { requirePostfix } from './support';

const PLAIN_MAIN = 'compatibility_level = 3.6\n';

interface Verdict {
  /** postconf exited with a fatal error */
  fatal: boolean;
  lines: string[];
}

function postconf(dir: string, flag: '-M' | '-n'): Verdict {
  const run = spawnSync('postconf', ['-c', dir, flag], { encoding: 'utf8' });
  return { fatal: run.status !== 0, lines: run.stderr.split('\n').filter((l) => l.startsWith('postconf: ')) };
}

/** What a postconf message about master.cf means: where, and which of our codes may report it. */
interface Expectation {
  text: string;
  codes: string[];
  /** 0-based lines any one of which the diagnostic may start on */
  lines: number[];
  fatal: boolean;
}

const FIELD_CODE: Record<string, string> = {
  type: 'invalid-service-type',
  private: 'invalid-service-flag',
  unprivileged: 'invalid-service-flag',
  chroot: 'invalid-service-flag',
  wakeup: 'invalid-wakeup',
  process_limit: 'invalid-maxproc',
};
const UNUSED_CODES = ['unknown-parameter', 'parameter-newer-than-target', 'deprecated-parameter'];

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Our reading of postconf's master.cf messages; messages about other things are left out. */
function expectations(master: MasterCf, lines: string[]): Expectation[] {
  const out: Expectation[] = [];
  const entries = [...master.services].map((s) => ({ s, text: squash(s.source.text) }));
  const everywhere = range(0, master.lines.length);
  for (const text of lines) {
    const fatal = text.startsWith('postconf: fatal: ');
    const message = text.replace(/^postconf: (fatal|warning): /, '');
    let m: RegExpExecArray | null;
    if ((m = /master\.cf: line (\d+): bad field count$/.exec(message))) {
      out.push({ text, codes: ['master-syntax'], lines: [Number(m[1]) - 1], fatal });
    } else if ((m = /^invalid (\w+) field "(.*)" in "(.*)"$/.exec(message))) {
      const entry = entries.find((e) => e.text === squash(m?.[3] ?? ''));
      out.push({ text, codes: [FIELD_CODE[m[1]] ?? '?'], lines: entry ? range(entry.s.startLine, entry.s.endLine) : [], fatal });
    } else if ((m = /master\.cf: unused parameter: ([^=]+)=(.*)$/.exec(message))) {
      const name = m[1].trim();
      const at = master.services.flatMap((s) => s.overrides.filter((o) => o.name === name).map((o) => o.nameRange.start.line));
      out.push({ text, codes: UNUSED_CODES, lines: at, fatal });
    } else if ((m = /master\.cf: undefined parameter: (\S+)$/.exec(message))) {
      const name = m[1];
      const at = master.services.flatMap((s) => s.overrides.filter((o) => o.references.some((r) => r.name === name)).map((o) => o.valueRange.start.line));
      out.push({ text, codes: ['undefined-parameter-reference'], lines: at, fatal });
    } else if ((m = /master\.cf: read-only parameter assignment: ([^=]+)=/.exec(message))) {
      const name = m[1].trim();
      const at = master.services.flatMap((s) => s.overrides.filter((o) => o.name === name).map((o) => o.nameRange.start.line));
      out.push({ text, codes: ['read-only-parameter'], lines: at, fatal });
    } else if ((m = /master\.cf: missing '\}' in "(.*)"$/.exec(message))) {
      const needle = squash(m[1]).slice(0, 20);
      const entry = entries.find((e) => e.text.includes(needle));
      out.push({ text, codes: ['master-syntax'], lines: entry ? range(entry.s.startLine, entry.s.endLine) : [], fatal });
    } else if ((m = /master\.cf: logical line must not start with whitespace: "(.*)"$/.exec(message))) {
      const wanted = m[1];
      out.push({ text, codes: ['master-syntax'], lines: master.lines.flatMap((l, i) => (l === wanted ? [i] : [])), fatal });
    } else if (/master\.cf: missing attribute name/.test(message)) {
      out.push({ text, codes: ['master-syntax'], lines: everywhere, fatal });
    }
  }
  return out;
}

/** postconf messages about master.cf that no diagnostic of ours covers. */
function missing(diagnostics: Diagnostic[], wanted: Expectation[]): string[] {
  return wanted
    .filter(
      (w) =>
        !diagnostics.some(
          (d) => w.codes.includes(String(d.code)) && w.lines.includes(d.range.start.line) && (!w.fatal || d.severity === DiagnosticSeverity.Error),
        ),
    )
    .map((w) => w.text);
}

interface Fixture {
  name: string;
  master: string;
  main?: string;
  /** what postconf must print for the fixture to mean anything */
  postconf: RegExp;
}

const SMTPD = 'smtp      inet  n       -       n       -       -       smtpd';

const fixtures: Fixture[] = [
  {
    name: 'a bad type',
    master: `${SMTPD}\npickup unix n - n 60 1 pickup\nsubmission inte n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n`,
    postconf: /invalid type field "inte"/,
  },
  { name: 'an upper-case type', master: 'smtp INET n - n - - smtpd\n', postconf: /invalid type field "INET"/ },
  { name: 'a bad private flag', master: `${SMTPD}\nrelay unix x - n - - smtp\n`, postconf: /invalid private field "x"/ },
  { name: 'a spelt-out unpriv flag', master: `${SMTPD}\nrelay unix - yes n - - smtp\n`, postconf: /invalid unprivileged field "yes"/ },
  { name: 'an upper-case chroot flag', master: `${SMTPD}\nrelay unix - - Y - - smtp\n`, postconf: /invalid chroot field "Y"/ },
  { name: 'a wakeup with a unit', master: `${SMTPD}\npickup unix n - n 1m 1 pickup\n`, postconf: /invalid wakeup field "1m"/ },
  { name: 'a negative wakeup', master: `${SMTPD}\npickup unix n - n -5 1 pickup\n`, postconf: /invalid wakeup field "-5"/ },
  { name: 'a maxproc with garbage', master: `${SMTPD}\nrelay unix - - n - 1x smtp\n`, postconf: /invalid process_limit field "1x"/ },
  { name: 'a negative maxproc', master: `${SMTPD}\nrelay unix - - n - -1 smtp\n`, postconf: /invalid process_limit field "-1"/ },
  { name: 'too few fields on two lines', master: `${SMTPD}\n# c\nrelay unix - -\n  n -\nlocal unix - n n - - local\n`, postconf: /line 3: bad field count/ },
  { name: 'a template line', master: `${SMTPD}\n{# rendered by jinja #}\n`, postconf: /bad field count/ },
  {
    name: 'unknown -o names in every form',
    master: `${SMTPD}\n  -o smtpd_tls_securty_level=encrypt\n  -o { smtpd_helo_requird = yes }\n  -osmtpd_sasl_auth_enabled=yes\n`,
    postconf: /unused parameter: smtpd_tls_securty_level=encrypt/,
  },
  {
    name: 'a name of one service is unused in another',
    master: `${SMTPD}\n  -o smtpd_banner=$my_banner\n  -o my_banner=hello\nsub inet n - n - - smtpd\n  -o my_banner=other\n`,
    postconf: /unused parameter: my_banner=other/,
  },
  {
    name: 'an undefined $name in -o',
    master: `${SMTPD}\n  -o smtpd_client_restrictions=$mua_client_restrictions\n`,
    postconf: /undefined parameter: mua_client_restrictions/,
  },
  { name: 'a read-only -o', master: `${SMTPD}\n  -o process_id=12\n`, postconf: /read-only parameter assignment: process_id=12/ },
  { name: "a missing '}'", master: `${SMTPD}\n  -o { smtpd_banner = hello\nrelay unix - - n - - smtp\n`, postconf: /missing '\}'/ },
  { name: 'a leading continuation line', master: `  -o smtpd_banner=x\n${SMTPD}\n`, postconf: /logical line must not start with whitespace/ },
  { name: 'an empty long -o', master: `${SMTPD} -o { }\n`, postconf: /missing attribute name/ },
  {
    name: 'a removed parameter in -o',
    master: `${SMTPD}\n  -o smtpd_use_tls=yes\n  -o smtp_skip_4xx_greeting=yes\n`,
    postconf: /unused parameter: smtp_skip_4xx_greeting=yes/,
  },
];

for (const f of fixtures) {
  test(`postconf agrees on master.cf: ${f.name}`, (t) => {
    const version = requirePostfix(t);
    if (!version) return;
    const main = f.main ?? PLAIN_MAIN;
    const dir = configDir(main, f.master);
    const m = postconf(dir, '-M');
    const n = postconf(dir, '-n');
    const all = [...new Set([...m.lines, ...n.lines])];
    assert.match(all.join('\n'), f.postconf, 'postconf does not print what the fixture is about');
    const model = new ConfigModel({ main, master: f.master });
    const report = checkMasterCf(model, defaultSettings, version);
    assert.deepEqual(report.failures, []);
    const wanted = expectations(model.master as MasterCf, all);
    assert.ok(wanted.length > 0, 'some postconf message is about master.cf');
    assert.deepEqual(missing(report.diagnostics, wanted), []);
  });
}

test('postconf agrees on master.cf: a clean file in every style has no diagnostics and no postconf message', (t) => {
  const version = requirePostfix(t);
  if (!version) return;
  const master = [
    SMTPD,
    '  -o { smtpd_banner = $myhostname ESMTP ready }',
    '  -osmtpd_sasl_auth_enable=yes -v',
    '  -o smtpd_client_restrictions=$mua_client_restrictions',
    'relay     unix  -       -       n       -       -       smtp',
    '  -o syslog_name=${multi_instance_name?{$multi_instance_name}:{postfix}}/$service_name',
    'maildrop  unix  -       n       n       -       -       pipe',
    '  flags=DRXhu user=vmail argv=/usr/bin/maildrop -d ${recipient} { -f $sender }',
    'postlog   unix-dgram n  -       n       -       1       postlogd',
  ].join('\n');
  // AUTH only inside TLS: without it sasl-without-tls rightly warns about the -o smtpd_sasl_auth_enable=yes service
  const main = PLAIN_MAIN + 'mua_client_restrictions = permit_sasl_authenticated, reject\nrelay_destination_concurrency_limit = 5\nsmtpd_tls_auth_only = yes\n';
  const dir = configDir(main, master);
  assert.deepEqual([...postconf(dir, '-M').lines, ...postconf(dir, '-n').lines], []);
  assert.deepEqual(checkMasterCf(new ConfigModel({ main, master }), defaultSettings, version).diagnostics, []);
});

test('postconf misreads "-oname=value" when the name holds an "o"; we follow the daemons, which read it right', (t) => {
  const version = requirePostfix(t);
  if (!version) return;
  // postconf 3.7 splits such a word at its second "o" ("-osmtpd_tls_auth_only=yes" becomes
  // "-o smtpd_tls_auth_" and "-o nly=yes"); smtpd's getopt takes the whole rest as the value
  // (checked with the real master and smtpd: smtpd -osmtpd_helo_required=maybe stops with
  // "bad boolean configuration: smtpd_helo_required = maybe")
  const master = `${SMTPD} -osmtpd_tls_auth_only=yes\n`;
  const dir = configDir(PLAIN_MAIN, master);
  assert.match(postconf(dir, '-n').lines.join('\n'), /unused parameter: nly=yes/);
  const model = new ConfigModel({ main: PLAIN_MAIN, master });
  assert.deepEqual(
    model.master?.services[0].overrides.map((o) => [o.name, o.value]),
    [['smtpd_tls_auth_only', 'yes']],
  );
  assert.deepEqual(checkMasterCf(model, defaultSettings, version).diagnostics, []);
});

// ------------------------------------------------------------------------ corpus

const masters = corpusFiles('master.cf', 'corpus master.cf files: agree with postconf -M and -n');

/** The main.cf published beside this master.cf, else the only one of the same project. */
function mainFor(file: string): string | undefined {
  const mainDir = join(dirname(masters.dir), 'main.cf');
  const same = file.replace(/master\.cf.*$/, 'main.cf');
  if (existsSync(join(mainDir, same))) return join(mainDir, same);
  const origin = file.split('__')[0] + '__';
  const candidates = existsSync(mainDir) ? readdirSync(mainDir).filter((m) => m.startsWith(origin)) : [];
  return candidates.length === 1 ? join(mainDir, candidates[0]) : undefined;
}

for (const file of masters.files) {
  test(`corpus master.cf ${file}: exactly the security diagnostics judged true`, () => {
    const mainPath = mainFor(file);
    const model = new ConfigModel({ main: mainPath ? readFileSync(mainPath, 'utf8') : '', master: readFileSync(join(masters.dir, file), 'utf8') });
    assert.deepEqual(securitySummary(checkMasterCf(model, defaultSettings, '3.11').diagnostics), MASTER_SECURITY[file] ?? []);
  });

  test(`corpus master.cf ${file}: agrees with postconf -M and -n`, (t) => {
    const version = requirePostfix(t);
    if (!version) return;
    const master = readFileSync(join(masters.dir, file), 'utf8');
    const mainPath = mainFor(file);
    let main = mainPath ? readFileSync(mainPath, 'utf8') : PLAIN_MAIN;
    let dir = configDir(main, master);
    let m = postconf(dir, '-M');
    // a main.cf that postconf cannot read (templating) says nothing about master.cf: judge with a plain one
    if (m.fatal && m.lines.some((l) => /main\.cf/.test(l)) && !m.lines.some((l) => /master\.cf|invalid \w+ field/.test(l))) {
      main = PLAIN_MAIN;
      dir = configDir(main, master);
      m = postconf(dir, '-M');
    }
    // the stand-in main.cf is not the project's: judge master.cf as one whose main.cf is unknown
    const model = new ConfigModel({ main: main === PLAIN_MAIN ? '' : main, master });
    const report = checkMasterCf(model, defaultSettings, version);
    assert.deepEqual(report.failures, []);
    const errors = report.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    if (!m.fatal) {
      assert.deepEqual(
        errors.map((d) => `line ${d.range.start.line + 1}: [${d.code}] ${d.message}`),
        [],
        'postconf -M accepts this master.cf',
      );
    }
    const n = postconf(dir, '-n');
    const all = [...new Set([...m.lines, ...n.lines])];
    assert.deepEqual(missing(report.diagnostics, expectations(model.master as MasterCf, all)), []);
    if (n.fatal) return; // postconf stopped before judging the -o names
    const unused = new Set(all.flatMap((l) => /master\.cf: unused parameter: ([^=]+)=/.exec(l)?.[1].trim() ?? []));
    const lines = model.master?.lines ?? [];
    const extra = report.diagnostics
      .filter((d) => d.code === 'unknown-parameter')
      .map((d) => lines[d.range.start.line].slice(d.range.start.character, d.range.end.character))
      .filter((name) => !unused.has(name));
    assert.deepEqual(extra, [], 'unknown-parameter that postconf -n does not call unused');
  });
}
