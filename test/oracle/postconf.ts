/**
 * Runs the real postconf on a throw-away config directory and reads its
 * warnings, so tests can hold our diagnostics against Postfix's own verdict.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostconfWarning {
  kind: 'unused' | 'undefined' | 'overriding' | 'read-only' | 'syntax' | 'other';
  file: 'main.cf' | 'master.cf' | '';
  name?: string;
  line?: number;
  text: string;
}

export function postconfVersion(): string | undefined {
  try {
    return execFileSync('postconf', ['-dh', 'mail_version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** A config directory holding `main` (and `master`, else Postfix's stock master.cf). */
export function configDir(main: string, master: string, options: { isFile?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'pf-oracle-'));
  const write = (name: string, source: string): void => {
    const target = join(dir, name);
    if (options.isFile) copyFileSync(source, target);
    else writeFileSync(target, source);
    // Postfix waits while a config file is younger than a second or two
    const past = new Date(Date.now() - 60_000);
    utimesSync(target, past, past);
  };
  write('main.cf', main);
  write('master.cf', master);
  return dir;
}

const LINE = /^postconf: (?:warning|fatal): (?:[^:]*\/)?(main\.cf|master\.cf)(?:, line (\d+))?: (.*)$/;

export function runPostconf(dir: string): PostconfWarning[] {
  const result = spawnSync('postconf', ['-c', dir, '-n'], { encoding: 'utf8' });
  const warnings: PostconfWarning[] = [];
  for (const text of result.stderr.split('\n').filter(Boolean)) {
    const m = LINE.exec(text);
    if (!m) {
      warnings.push({ kind: 'other', file: '', text });
      continue;
    }
    const [, file, line, message] = m;
    const w: PostconfWarning = { kind: 'other', file: file as PostconfWarning['file'], text, line: line ? Number(line) : undefined };
    let n: RegExpExecArray | null;
    if ((n = /^unused parameter: ([^=]+)=/.exec(message))) Object.assign(w, { kind: 'unused', name: n[1].trim() });
    else if ((n = /^undefined parameter: (\S+)/.exec(message))) Object.assign(w, { kind: 'undefined', name: n[1] });
    else if ((n = /^overriding earlier entry: ([^=]+)=/.exec(message))) Object.assign(w, { kind: 'overriding', name: n[1].trim() });
    else if ((n = /^read-only parameter assignment: ([^=]+)=/.exec(message))) Object.assign(w, { kind: 'read-only', name: n[1].trim() });
    else if (/missing '=' after attribute name|logical line must not start with whitespace|missing attribute name/.test(message)) w.kind = 'syntax';
    warnings.push(w);
  }
  return warnings;
}
