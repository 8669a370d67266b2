/**
 * Data files of test/fixtures/ (not compiled: read from the repository, while
 * the tests run from out/test/).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..', '..');
export const fixturesDir = join(repoRoot, 'test', 'fixtures');

export const readFixture = (path: string): string => readFileSync(join(fixturesDir, path), 'utf8');

/**
 * Seed configurations laid out like a corpus (main.cf/, master.cf/, maps/):
 * what the fuzz tests mutate when POSTFIX_CORPUS is not set.
 */
export const seedsDir = join(fixturesDir, 'seeds');

/**
 * A strict smtpd policy that checks clean except for its three hash: tables,
 * which do not exist (line 0 smtpd_helo_required ... line 10 smtpd_data_restrictions).
 */
export const SEED_POLICY = readFixture('seeds/main.cf/seed-policy.cf');

/** The services of a fresh installation's master.cf, with its commented-out examples. */
export const STOCK_MASTER = readFixture('seeds/master.cf/stock.cf');
