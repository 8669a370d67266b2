/**
 * The lines of a table by a hash of their stored key: which lines share a
 * hash (and so maybe a key) with another. For a map of 200,000 lines a Map
 * of hashes takes 7 MB; here the hashes are one sorted typed array beside an
 * array of the lines, 12 bytes a line, and an edit moves a part of each.
 */
import { countBefore } from './syntax/arrays';

/** Exactly represented integers: a hash of up to 30 bits and an index of up to 23 share one. */
const INDEX_BITS = 23;

/**
 * The indexes of `hashes` in order of hash, equal ones in order of index. A
 * typed array of numbers sorts without calling back for each comparison:
 * each holds its hash in the high bits and its index in the low bits.
 */
function sortedByHash(hashes: readonly number[]): ArrayLike<number> {
  const n = hashes.length;
  if (n >= 2 ** INDEX_BITS) {
    const order = Array.from({ length: n }, (_, i) => i);
    return order.sort((a, b) => hashes[a] - hashes[b] || a - b);
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = hashes[i] * 2 ** INDEX_BITS + i;
  keys.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = keys[i] % 2 ** INDEX_BITS;
  return order;
}

/** Something with a place in the file that only edits above it move, all alike. */
interface Placed {
  readonly start: number;
}

/** Items by hash, each hash a whole number from 0 to 2^30 - 1. */
export class KeyIndex<T extends Placed> {
  /** sorted; equal hashes in file order */
  private hashes = new Int32Array(16);
  private readonly items: T[] = [];
  /** the hashes held by more than one item: duplicates are looked for only in these */
  readonly crowded = new Set<number>();

  /** Indexes `items` (in file order) afresh; `hashOf` gives undefined for those without a key. */
  rebuild(items: readonly T[], hashOf: (item: T) => number | undefined): void {
    const keyed: T[] = [];
    const hashes: number[] = [];
    for (const item of items) {
      const hash = hashOf(item);
      if (hash === undefined) continue;
      keyed.push(item);
      hashes.push(hash);
    }
    const order = sortedByHash(hashes);
    this.hashes = new Int32Array(Math.max(16, keyed.length + (keyed.length >> 2)));
    this.items.length = 0;
    this.crowded.clear();
    for (let i = 0; i < order.length; i++) {
      this.hashes[i] = hashes[order[i]];
      this.items.push(keyed[order[i]]);
      if (i > 0 && this.hashes[i] === this.hashes[i - 1]) this.crowded.add(this.hashes[i]);
    }
  }

  add(item: T, hash: number): void {
    const [from, to] = this.run(hash);
    let at = from;
    while (at < to && this.items[at].start < item.start) at++;
    const count = this.items.length;
    if (count === this.hashes.length) {
      const grown = new Int32Array(count + (count >> 1) + 16);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes.copyWithin(at + 1, at, count);
    this.hashes[at] = hash;
    this.items.splice(at, 0, item);
    if (to > from) this.crowded.add(hash);
  }

  remove(item: T, hash: number): void {
    const [from, to] = this.run(hash);
    let at = from;
    while (at < to && this.items[at] !== item) at++;
    if (at === to) return;
    this.hashes.copyWithin(at, at + 1, this.items.length);
    this.items.splice(at, 1);
    if (to - from <= 2) this.crowded.delete(hash);
  }

  /** The items with this hash, in file order. */
  holders(hash: number): T[] {
    const [from, to] = this.run(hash);
    return this.items.slice(from, to);
  }

  /** Where the items with this hash are: [from, to). */
  private run(hash: number): [number, number] {
    const count = this.items.length;
    const from = countBefore(count, (i) => this.hashes[i] < hash);
    let to = from;
    while (to < count && this.hashes[to] === hash) to++;
    return [from, to];
  }
}
