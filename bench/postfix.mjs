// Postfix's own tools, the anchors of the figures.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// /usr/sbin is often missing from a user's PATH
const find = (name) => [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin'].map((d) => join(d, name)).find((p) => existsSync(p));
export const postconf = find('postconf');
export const postmap = find('postmap');
/** Debian's pflogsumm, the log summary the log command is measured against */
export const pflogsumm = find('pflogsumm');

// the inputs reach a few hundred MB with the compiled tables: they live for one run only
const base = mkdtempSync(join(tmpdir(), 'pf-bench-'));
process.on('exit', () => rmSync(base, { recursive: true, force: true }));

/** A fresh configuration directory holding `files` (name -> text), dated in the past. */
export function configDir(files = { 'main.cf': '' }) {
  const dir = mkdtempSync(join(base, 'dir-'));
  // Postfix waits while a configuration file is younger than a second or two
  const past = new Date(Date.now() - 60_000);
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    utimesSync(join(dir, name), past, past);
  }
  return dir;
}

function output(program, args) {
  if (!program) return undefined;
  const r = spawnSync(program, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  return r.status === 0 ? r.stdout : undefined;
}

let defaults;
/**
 * `postconf -d`, or undefined without Postfix. Read with the installed
 * configuration: the services of its master.cf add parameters of their own
 * (1,043 lines with Debian's stock master.cf against 831 without one).
 */
export function postconfDefaults() {
  defaults ??= { text: output(postconf, ['-d']) };
  return defaults.text;
}

export const postfixVersion = () => output(postconf, ['-c', configDir(), '-dh', 'mail_version'])?.trim();
