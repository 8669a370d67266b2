/** The newest Postfix release the knowledge data describes. */
export const NEWEST_VERSION = '3.11';

/** "major.last" down to "major.0". */
const branches = (major: number, last: number): string[] => Array.from({ length: last + 1 }, (_, i) => `${major}.${last - i}`);

/** Release branches, newest first, back to 2.0 (2.x ended with 2.11): the choices offered for a target release. */
export const RELEASES: readonly string[] = [...branches(3, Number(NEWEST_VERSION.split('.')[1])), ...branches(2, 11)];

const compared = new Map<string, number>();

/** Postfix release numbers: "3.11", "3.7.11". */
export function compareVersions(a: string, b: string): number {
  // checks compare the same few releases once per line of a big file
  const key = `${a} ${b}`;
  let result = compared.get(key);
  if (result === undefined) {
    result = compareParts(a, b);
    if (compared.size < 10_000) compared.set(key, result);
  }
  return result;
}

function compareParts(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] || 0) - (y[i] || 0);
    if (d !== 0) return d;
  }
  return 0;
}

const branch = (v: string): string => v.split('.').slice(0, 2).join('.');

/**
 * Whether a feature added in `since` (and back-ported to `backports`) exists
 * in `target`. A target without a patch level ("3.7") means its first release.
 */
export function availableIn(target: string, since: string | undefined, backports: readonly string[] = []): boolean {
  if (!since || compareVersions(target, since) >= 0) return true;
  return backports.some((b) => branch(b) === branch(target) && compareVersions(target, b) >= 0);
}

/** The release that added a feature, and the patch release of the target's branch that got it too: "3.9 (3.7.6 on the 3.7 branch)". */
export function addedInText(target: string, since: string, backports: readonly string[] = []): string {
  const own = backports.find((b) => branch(b) === branch(target));
  return own ? `${since} (${own} on the ${branch(target)} branch)` : since;
}

export const isVersion = (v: string): boolean => /^\d+\.\d+(\.\d+)?$/.test(v);

/**
 * Why `v` cannot be a release to judge against (not a number such as 3.7 or
 * 3.7.11, or not on a branch of RELEASES), or undefined when it can.
 */
export function targetVersionProblem(v: string): string | undefined {
  const range = `${RELEASES[RELEASES.length - 1]} to ${NEWEST_VERSION}`;
  if (!isVersion(v)) return `"${v}" is not a Postfix release number such as 3.7 or 3.7.11 (known releases: ${range})`;
  const [major, minor] = v.split('.').map(Number);
  if (!RELEASES.includes(`${major}.${minor}`)) return `Postfix ${v} is not a release this tool knows: give one from ${range}`;
  return undefined;
}
