/**
 * The strings of byte sequences seen lately, each made once: a log names the
 * same clients, senders and kinds of verdict on many lines, and a string made
 * anew for each line costs its decoding, its hashing in each map lookup and
 * garbage to collect. A direct-mapped cache of a fixed number of slots, the
 * bytes of each in one array made at the start, so that memory stays the
 * same for any length of log and a slot taken over costs no new object but
 * its string; a sequence that lost its slot, or longer than a slot holds, is
 * decoded again.
 */
import type { Decode } from './lineGlance';

export class ByteStrings {
  private readonly bytes: Uint8Array;
  /** each slot's length, -1 while empty */
  private readonly lengths: Int32Array;
  private readonly values: string[];
  private readonly mask: number;

  /** `slots`: a power of two; `width`: the longest sequence kept */
  constructor(
    slots: number,
    private readonly width: number,
  ) {
    this.bytes = new Uint8Array(slots * width);
    this.lengths = new Int32Array(slots).fill(-1);
    this.values = new Array<string>(slots).fill('');
    this.mask = slots - 1;
  }

  /** bytes[start, end) as a string: the same string as the last time while it keeps its slot. */
  get(bytes: Uint8Array, start: number, end: number, decode: Decode): string {
    const length = end - start;
    if (length > this.width) return decode(bytes, start, end);
    // FNV-1a, of every byte of a short sequence and of some thirty of a long one (the verdict keys):
    // the slot is a guess that the comparison below confirms, and hashing all of a long key cost as much as building it
    let hash = 0x811c9dc5 ^ length;
    const step = length <= 32 ? 1 : length >> 4;
    for (let i = start; i < end; i += step) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    for (let i = end - (step === 1 ? 0 : 16); i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const slot = (hash ^ (hash >>> 15)) & this.mask;
    const kept = this.bytes;
    const at = slot * this.width;
    if (this.lengths[slot] === length) {
      let i = 0;
      while (i < length && kept[at + i] === bytes[start + i]) i++;
      if (i === length) return this.values[slot];
    }
    const value = decode(bytes, start, end);
    for (let i = 0; i < length; i++) kept[at + i] = bytes[start + i];
    this.lengths[slot] = length;
    this.values[slot] = value;
    return value;
  }
}
