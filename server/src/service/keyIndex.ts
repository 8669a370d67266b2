/**
 * The lines of a table by a hash of their stored key: which lines share a
 * hash (and so maybe a key) with another. For a map of 200,000 lines a Map
 * of hashes takes 7 MB; here the hashes are one sorted typed array beside an
 * array of the lines, 12 bytes a line. Edits do not move those arrays: what
 * they add is kept apart by hash, what they remove is set aside, and both are
 * merged into the arrays once they have grown to a sixteenth of them.
 */
import { countBefore } from './syntax/arrays';

/** Something with a place in the file that only edits above it move, all alike. */
interface Placed {
  readonly start: number;
}

/** Exactly represented integers: a hash of up to 30 bits and an index of up to 23 share one. */
const INDEX_BITS = 23;

/** Edits kept apart before they are merged, at least. */
const MIN_APART = 1024;

/**
 * The indexes of `hashes` in order of hash. A typed array of numbers sorts
 * without calling back for each comparison: each holds its hash in the high
 * bits and its index in the low bits.
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

/** Items by hash, each hash a whole number from 0 to 2^30 - 1. */
export class KeyIndex<T extends Placed> {
  /** sorted */
  private hashes = new Int32Array(0);
  private items: T[] = [];
  /** items added since the arrays were made, by hash */
  private readonly added = new Map<number, T[]>();
  private addedCount = 0;
  /** items of the arrays removed since they were made */
  private readonly removed = new Set<T>();
  /** the hashes held by more than one item: duplicates are looked for only in these */
  readonly crowded = new Set<number>();

  /** Indexes `items` afresh; `hashOf` gives undefined for those without a key. */
  rebuild(items: readonly T[], hashOf: (item: T) => number | undefined): void {
    const keyed: T[] = [];
    const hashes: number[] = [];
    for (const item of items) {
      const hash = hashOf(item);
      if (hash === undefined) continue;
      keyed.push(item);
      hashes.push(hash);
    }
    this.fill(keyed, hashes);
  }

  add(item: T, hash: number): void {
    const list = this.added.get(hash);
    if (list) list.push(item);
    else this.added.set(hash, [item]);
    this.addedCount++;
    if (this.holders(hash).length > 1) this.crowded.add(hash);
    this.mergeWhenGrown();
  }

  remove(item: T, hash: number): void {
    const list = this.added.get(hash);
    const at = list ? list.indexOf(item) : -1;
    if (list && at >= 0) {
      list.splice(at, 1);
      if (list.length === 0) this.added.delete(hash);
      this.addedCount--;
    } else {
      const [from, to] = this.run(hash);
      let held = false;
      for (let i = from; i < to && !held; i++) held = this.items[i] === item;
      if (!held) return;
      this.removed.add(item);
    }
    if (this.holders(hash).length < 2) this.crowded.delete(hash);
    this.mergeWhenGrown();
  }

  /** The items with this hash, in file order. */
  holders(hash: number): T[] {
    const [from, to] = this.run(hash);
    const out: T[] = [];
    for (let i = from; i < to; i++) if (!this.removed.has(this.items[i])) out.push(this.items[i]);
    const added = this.added.get(hash);
    if (!added) return out;
    for (const item of added) out.push(item);
    return out.sort((a, b) => a.start - b.start);
  }

  private mergeWhenGrown(): void {
    if (this.addedCount + this.removed.size < Math.max(MIN_APART, this.items.length >> 4)) return;
    const items: T[] = [];
    const hashes: number[] = [];
    for (let i = 0; i < this.items.length; i++) {
      if (this.removed.has(this.items[i])) continue;
      items.push(this.items[i]);
      hashes.push(this.hashes[i]);
    }
    for (const [hash, list] of this.added) {
      for (const item of list) {
        items.push(item);
        hashes.push(hash);
      }
    }
    this.fill(items, hashes);
  }

  private fill(items: readonly T[], hashes: readonly number[]): void {
    const order = sortedByHash(hashes);
    this.hashes = new Int32Array(order.length);
    this.items = new Array<T>(order.length);
    this.added.clear();
    this.addedCount = 0;
    this.removed.clear();
    this.crowded.clear();
    for (let i = 0; i < order.length; i++) {
      this.hashes[i] = hashes[order[i]];
      this.items[i] = items[order[i]];
      if (i > 0 && this.hashes[i] === this.hashes[i - 1]) this.crowded.add(this.hashes[i]);
    }
  }

  /** Where the items of the arrays with this hash are: [from, to). */
  private run(hash: number): [number, number] {
    const count = this.items.length;
    const from = countBefore(count, (i) => this.hashes[i] < hash);
    let to = from;
    while (to < count && this.hashes[to] === hash) to++;
    return [from, to];
  }
}
