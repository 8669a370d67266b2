import type { TestContext } from 'node:test';
import { postconfVersion } from './postconf';

const installed = postconfVersion();

/**
 * The installed Postfix release. Without Postfix the test is skipped on a
 * developer machine but fails in CI, where .ci/run installs it.
 */
export function requirePostfix(t: TestContext): string | undefined {
  if (installed) return installed;
  if (process.env.CI) throw new Error("postconf is not installed: .ci/run must install Debian's postfix");
  t.skip('postconf is not installed');
  return undefined;
}

/** Postfix is installed and we are root, as master needs to bind and switch users; else the test is skipped (or fails in CI). */
export function canRunDaemons(t: TestContext): boolean {
  if (!requirePostfix(t)) return false;
  if (process.getuid?.() !== 0) {
    t.skip('the smtpd harness needs root');
    return false;
  }
  return true;
}
