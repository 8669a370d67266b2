/**
 * A capped set of byte sequences, each numbered in the order it came: the
 * client addresses of a log's verdict lines, looked up from the bytes the
 * reader read. Open addressing on typed arrays, so that a lookup costs no
 * string and no object, and a sequence not in a full table is turned away
 * without ever being decoded (a log may name many more clients than the
 * table counts).
 */
/** Byte sequences in typed arrays, which pass between threads at the cost of a copy (see ByteTable.packed). */
export interface PackedBytes {
  bytes: Uint8Array;
  starts: Int32Array;
  lengths: Int32Array;
}

export class ByteTable {
  /** each slot's entry + 1, 0 while empty; at most half of them taken */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly hashes: Int32Array;
  private readonly starts: Int32Array;
  private readonly lengths: Int32Array;
  private store: Uint8Array;
  private used = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    let n = 16;
    while (n < capacity * 2) n <<= 1;
    this.slots = new Int32Array(n);
    this.mask = n - 1;
    this.hashes = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
    this.store = new Uint8Array(capacity * 16);
  }

  get size(): number {
    return this.count;
  }

  /** The sequences in the order they came, to hand to another thread: their bytes one after the other, and where each starts. */
  packed(): PackedBytes {
    return { bytes: this.store.slice(0, this.used), starts: this.starts.slice(0, this.count), lengths: this.lengths.slice(0, this.count) };
  }

  /** The number of bytes[start, end): added as the next number when it is new and the table not full, else -1 when new. */
  lookup(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    // FNV-1a, on two bytes at a time: half the multiplications that wait on each other
    let hash = 0x811c9dc5 ^ length;
    let i = start;
    for (; i + 1 < end; i += 2) hash = Math.imul(hash ^ (bytes[i] | (bytes[i + 1] << 8)), 0x01000193);
    if (i < end) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const store = this.store;
    for (let slot = (hash ^ (hash >>> 15)) & this.mask; ; slot = (slot + 1) & this.mask) {
      const taken = this.slots[slot];
      if (taken === 0) {
        if (this.count >= this.capacity) return -1;
        this.slots[slot] = this.add(bytes, start, end, hash) + 1;
        return this.count - 1;
      }
      const entry = taken - 1;
      if (this.hashes[entry] !== hash || this.lengths[entry] !== length) continue;
      const at = this.starts[entry];
      let i = 0;
      while (i < length && store[at + i] === bytes[start + i]) i++;
      if (i === length) return entry;
    }
  }

  private add(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    if (this.used + length > this.store.length) {
      const grown = new Uint8Array(Math.max(this.store.length * 2, this.used + length));
      grown.set(this.store.subarray(0, this.used));
      this.store = grown;
    }
    const entry = this.count++;
    this.hashes[entry] = hash;
    this.starts[entry] = this.used;
    this.lengths[entry] = length;
    for (let i = start; i < end; i++) this.store[this.used++] = bytes[i];
    return entry;
  }
}
