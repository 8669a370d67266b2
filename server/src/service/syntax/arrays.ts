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

/** Array splice without spreading a large insert into call arguments (which has a limit). */
export function spliceAll<T>(array: T[], start: number, count: number, items: readonly T[]): void {
  if (items.length < 10_000) {
    array.splice(start, count, ...items);
    return;
  }
  const tail = array.splice(start + count);
  array.length = start;
  for (const item of items) array.push(item);
  for (const item of tail) array.push(item);
}
