'use strict';
/**
 * Neovim (Debian's 0.7, headless) as a second LSP client: it starts
 * `node dist/server.js --stdio` with vim.lsp.start_client (see nvim-lsp.lua), waits for
 * publishDiagnostics on a main.cf with a typo and asks for a hover.
 *
 *   npm run build && node --test test/e2e/nvim.test.js      (env: NVIM, default nvim)
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const SERVER = path.join(REPO, 'dist', 'server.js');
const SCRIPT = path.join(__dirname, 'nvim-lsp.lua');
const NVIM = process.env.NVIM || 'nvim';
let dir;

/** Runs nvim-lsp.lua headless; the whole run is bounded, not just the waits inside it. */
function runNvim(env, timeout = 60000) {
  const r = spawnSync(NVIM, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${SCRIPT}`], {
    cwd: dir,
    encoding: 'utf8',
    timeout,
    killSignal: 'SIGKILL',
    env: { ...process.env, HOME: dir, XDG_STATE_HOME: path.join(dir, 'state'), XDG_CACHE_HOME: path.join(dir, 'cache'), ...env },
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  return { status: r.status, error: r.error, out };
}

before(() => {
  assert.ok(fs.existsSync(SERVER), `no ${SERVER}: run npm run build (or npm run package)`);
  const v = spawnSync(NVIM, ['--version'], { encoding: 'utf8', timeout: 10000 });
  assert.equal(v.status, 0, `${NVIM} does not run (${v.error?.message}): run bash test/e2e/setup.sh`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-nvim-'));
  fs.writeFileSync(
    path.join(dir, 'main.cf'),
    ['compatibility_level = 3.6', 'smtpd_helo_requird = yes', 'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination', ''].join('\n'),
  );
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('Neovim gets an unknown-parameter diagnostic, a hover with "Added in Postfix" and an answer to postfix/simulate', () => {
  const r = runNvim({ TEST_FILE: path.join(dir, 'main.cf'), LSP_CMD: `${process.execPath} ${SERVER} --stdio`, TIMEOUT_MS: '20000' });
  assert.ifError(r.error);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /^DIAG 2:1 severity=2 code=unknown-parameter Unknown parameter "smtpd_helo_requird".*smtpd_helo_required/m, r.out);
  assert.match(r.out, /^HOVER .*smtpd_relay_restrictions.*Added in Postfix \d+\.\d+/m, r.out);
  assert.match(r.out, /^SIMULATE bob@example\.com: reject: 554 5\.7\.1 <bob@example\.com>: Relay access denied$/m, r.out);
  assert.match(r.out, /^PASS$/m, r.out);
});

test('the Neovim script fails (exit 1) when the server never publishes diagnostics', () => {
  // a "server" that reads its input and never answers: the script must time out, not hang
  const r = runNvim({ TEST_FILE: path.join(dir, 'main.cf'), LSP_CMD: `${process.execPath} -e process.stdin.resume()`, TIMEOUT_MS: '1500' }, 30000);
  assert.ifError(r.error);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /FAIL: no publishDiagnostics within 1500ms/, r.out);
});
