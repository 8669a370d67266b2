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

export const isVersion = (v: string): boolean => /^\d+\.\d+(\.\d+)?$/.test(v);
