/**
 * How many of `count` items, in order, come before a point: `before(i)` must
 * hold for a leading run of indexes and fail after it (a binary search).
 */
export function countBefore(count: number, before: (index: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
