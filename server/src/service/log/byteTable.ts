/**
 * Byte sequences kept from the bytes the reader read, without making
 * strings of them: a log names many more clients and senders than a report
 * shows, and a string per new one (decoded, copied, kept) cost more than
 * all the lines that name it again. Strings are made at the end, for what
 * is shown.
 */

/** Byte sequences in typed arrays, which pass between threads at the cost of a copy (see ByteList.packed). */
export interface PackedBytes {
  bytes: Uint8Array;
  starts: Int32Array;
  lengths: Int32Array;
}

/** Byte sequences one after the other, numbered in the order they came, up to `capacity` of them. */
export class ByteList {
  private readonly starts: Int32Array;
  private readonly lengths: Int32Array;
  private store: Uint8Array;
  private used = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
    this.store = new Uint8Array(capacity * 16);
  }

  get size(): number {
    return this.count;
  }

  /** Adds bytes[start, end) as the next number; -1 when the list is full. */
  add(bytes: Uint8Array, start: number, end: number): number {
    if (this.count >= this.capacity) return -1;
    const length = end - start;
    if (this.used + length > this.store.length) {
      const grown = new Uint8Array(Math.max(this.store.length * 2, this.used + length));
      grown.set(this.store.subarray(0, this.used));
      this.store = grown;
    }
    const n = this.count++;
    this.starts[n] = this.used;
    this.lengths[n] = length;
    for (let i = start; i < end; i++) this.store[this.used++] = bytes[i];
    return n;
  }

  /** Whether the n-th sequence is bytes[start, end). */
  equals(n: number, bytes: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (this.lengths[n] !== length) return false;
    const store = this.store;
    const at = this.starts[n];
    let i = 0;
    while (i < length && store[at + i] === bytes[start + i]) i++;
    return i === length;
  }

  /** The n-th sequence, as a view of the list's own bytes (valid until the next add). */
  get(n: number): Uint8Array {
    return this.store.subarray(this.starts[n], this.starts[n] + this.lengths[n]);
  }

  /** The sequences, to hand to another thread: their bytes one after the other, and where each starts. */
  packed(): PackedBytes {
    return { bytes: this.store.slice(0, this.used), starts: this.starts.slice(0, this.count), lengths: this.lengths.slice(0, this.count) };
  }
}

/**
 * A capped set of byte sequences, each numbered in the order it came (a
 * ByteList): the client addresses and the senders of a log's verdict lines,
 * looked up from the bytes the reader read. Open addressing on typed
 * arrays, so that a lookup costs no string and no object, and a sequence
 * not in a full table is turned away without ever being decoded.
 */
export class ByteTable {
  /** each slot's entry + 1, 0 while empty; at most half of them taken */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly hashes: Int32Array;
  readonly keys: ByteList;

  constructor(capacity: number) {
    let n = 16;
    while (n < capacity * 2) n <<= 1;
    this.slots = new Int32Array(n);
    this.mask = n - 1;
    this.hashes = new Int32Array(capacity);
    this.keys = new ByteList(capacity);
  }

  get size(): number {
    return this.keys.size;
  }

  /** The number of bytes[start, end): added as the next number when it is new and the table not full, else -1 when new. */
  lookup(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    // FNV-1a, on two bytes at a time: half the multiplications that wait on each other
    let hash = 0x811c9dc5 ^ length;
    let i = start;
    for (; i + 1 < end; i += 2) hash = Math.imul(hash ^ (bytes[i] | (bytes[i + 1] << 8)), 0x01000193);
    if (i < end) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    for (let slot = (hash ^ (hash >>> 15)) & this.mask; ; slot = (slot + 1) & this.mask) {
      const taken = this.slots[slot];
      if (taken === 0) {
        const entry = this.keys.add(bytes, start, end);
        if (entry < 0) return -1;
        this.hashes[entry] = hash;
        this.slots[slot] = entry + 1;
        return entry;
      }
      const entry = taken - 1;
      if (this.hashes[entry] === hash && this.keys.equals(entry, bytes, start, end)) return entry;
    }
  }
}
