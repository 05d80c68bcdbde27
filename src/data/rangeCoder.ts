// A 32-bit integer range coder (arithmetic coding with bytes out), written for the compression
// panel: the model gives every next token a frequency, and the coder narrows an interval by it.
// Follows LZMA's range coder (Igor Pavlov; also Subbotin 1999): a 32-bit `range`, renormalised a
// byte at a time once it falls below 2^24, and a carry into bytes already written held back in
// `cache` and a count of pending 0xFF bytes. Unlike LZMA's binary coder it splits the range by
// exact integer arithmetic: floor(range · cum / total) with total a power of two ≤ 2^20, so every
// product is below 2^52 and exact in a float64, and encoder and decoder compute the same bounds.
// Two savings: LZMA's first byte is always 0 (the interval never leaves [0, 1)), so it is not
// written; and at the end the value with the most trailing zero bits is chosen, and trailing zero
// bytes are dropped, since the decoder reads zeros past the end.

/** Below this the range is renormalised: one byte out, range × 256. */
const TOP = 2 ** 24;
const BYTE = 256;
const LOW_MASK = 2 ** 32;

/** A symbol's slot: [cumLow, cumLow + freq) out of `total`. */
interface Slot {
  cumLow: number;
  freq: number;
  total: number;
}

/** The coded value falls in no symbol's slot: the stream was not written with these tables (a damaged or foreign file). */
export class ForeignStream extends RangeError {
  constructor() {
    super('the coded value falls outside every symbol: not a stream of this model');
  }
}

/** Largest `total` the exact split allows (range < 2^32, so range · total < 2^52). */
export const MAX_TOTAL = 2 ** 20;

/** floor(range · cum / total): exact for range < 2^32 and cum ≤ total ≤ 2^20 (total a power of two). */
const split = (range: number, cum: number, total: number): number => Math.floor((range * cum) / total);

function checkSlot({ cumLow, freq, total }: Slot): void {
  if (!(freq >= 1 && cumLow >= 0 && cumLow + freq <= total && total <= MAX_TOTAL && Number.isInteger(cumLow + freq + total)))
    throw new RangeError(`bad slot: [${cumLow}, ${cumLow + freq}) of ${total}`);
}

export class RangeEncoder {
  private low = 0; // < 2^32, or ≥ 2^32 after a carry (at most 2^33)
  private range = LOW_MASK - 1;
  private cache = 0; // the byte held back, waiting for a possible carry
  private pending = 0; // 0xFF bytes after the cache, each of which a carry would turn into 0x00
  private first = true; // the first byte is always 0: not written
  private readonly out: number[] = [];
  private finished = false;

  /**
   * Narrows the interval to the symbol's slot.
   * @throws RangeError for an empty slot (freq < 1) or one outside [0, total), or after finish().
   */
  encode(slot: Slot): void {
    if (this.finished) throw new RangeError('encode after finish');
    checkSlot(slot);
    const lo = split(this.range, slot.cumLow, slot.total);
    const hi = split(this.range, slot.cumLow + slot.freq, slot.total);
    this.low += lo;
    this.range = hi - lo; // ≥ 1 since range ≥ 2^24 > total
    while (this.range < TOP) {
      this.range *= BYTE;
      this.shiftLow();
    }
  }

  /** Moves the top byte of low out (through the cache, so a later carry can still reach it). */
  private shiftLow(): void {
    if (this.low < 0xff000000 || this.low >= LOW_MASK) {
      const carry = this.low >= LOW_MASK ? 1 : 0;
      if (!this.first) this.out.push((this.cache + carry) & 0xff);
      this.first = false;
      for (; this.pending > 0; this.pending--) this.out.push((0xff + carry) & 0xff);
      this.cache = Math.floor(this.low / TOP) & 0xff; // bits 24..31
    } else this.pending++; // 0xFF: a carry may still ripple through it
    this.low = (this.low % TOP) * BYTE;
  }

  /**
   * Ends the stream: picks the value in [low, low + range) with the most trailing zero bits, writes
   * what the decoder needs of it, and drops trailing zero bytes (the decoder reads zeros past the end).
   * @returns the coded bytes.
   */
  finish(): Uint8Array {
    if (!this.finished) {
      this.finished = true;
      let step = LOW_MASK; // the coarsest multiple that still falls inside the interval
      while (Math.ceil(this.low / step) * step >= this.low + this.range) step /= 2;
      this.low = Math.ceil(this.low / step) * step;
      // The cache and pending bytes, then low's four bytes; the fifth shift meets low = 0, so it
      // writes whatever a run of 0xFF bytes still held back.
      for (let i = 0; i < 5; i++) this.shiftLow();
      while (this.out.length > 0 && this.out[this.out.length - 1] === 0) this.out.pop();
    }
    return Uint8Array.from(this.out);
  }
}

export class RangeDecoder {
  private range = LOW_MASK - 1;
  private code = 0; // the value read so far minus low: always < range
  private at = 0;

  /** @param bytes a stream from RangeEncoder.finish() (bytes past its end read as 0). */
  constructor(private readonly bytes: Uint8Array) {
    for (let i = 0; i < 4; i++) this.code = this.code * BYTE + this.next();
  }

  private next(): number {
    return this.at < this.bytes.length ? this.bytes[this.at++] : (this.at++, 0);
  }

  /**
   * The symbol whose slot holds the current value, then narrows to it as the encoder did.
   * @param cum cumulative frequencies [V + 1]: cum[0] = 0, cum[V] = total, cum[s + 1] > cum[s].
   * @returns the symbol index s in [0, V).
   * @throws ForeignStream (a RangeError) when the stream is not one this table could have written
   *   (the value falls in no slot: a corrupt or foreign file).
   */
  decode(cum: Uint32Array): number {
    const V = cum.length - 1;
    const total = cum[V];
    // The last s with split(range, cum[s]) ≤ code: split is monotone in cum.
    let lo = 0;
    let hi = V - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (split(this.range, cum[mid], total) <= this.code) lo = mid;
      else hi = mid - 1;
    }
    const slot = { cumLow: cum[lo], freq: cum[lo + 1] - cum[lo], total };
    checkSlot(slot);
    const low = split(this.range, slot.cumLow, total);
    const high = split(this.range, slot.cumLow + slot.freq, total);
    if (this.code < low || this.code >= high) throw new ForeignStream();
    this.code -= low;
    this.range = high - low;
    while (this.range < TOP) {
      this.range *= BYTE;
      this.code = this.code * BYTE + this.next();
    }
    return lo;
  }
}
