// Which pair BPE training (bpe.ts) merges next: counts of adjacent symbol pairs kept in a binary
// max-heap with lazy deletion, as in the usual incremental BPE trainers (e.g. Hugging Face
// tokenizers' BpeTrainer). Order: most frequent pair first, ties to the smallest pair key.

/** Binary max-heap of numbers. */
export class MaxHeap {
  private items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(value: number): void {
    const items = this.items;
    let i = items.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent] >= value) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = value;
  }
  pop(): number {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= items.length) break;
        if (child + 1 < items.length && items[child + 1] > items[child]) child++;
        if (items[child] <= last) break;
        items[i] = items[child];
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}

/** Pair keys are below 2^26 (two ids below 2^13). */
const KEY_SPACE = 2 ** 26;

/**
 * Weighted counts of pair keys with the best one at hand. Changes are batched: `add` as often as
 * needed, then `flush` once (a merge's worth) before `popBest`.
 */
export class PairCounts {
  private counts = new Map<number, number>();
  private changed = new Set<number>();
  // Entries are count·2^26 + (2^26 − 1 − key): one number orders by count, then smallest key
  // (exact in a double while counts stay below 2^27, i.e. texts under ~130 MB). Every key keeps
  // an entry at or above its count, so a popped entry that matches its count is the best.
  private heap = new MaxHeap();

  /** Adds delta (may be negative) to key's count; a count reaching 0 drops the key. */
  add(key: number, delta: number): void {
    const count = (this.counts.get(key) ?? 0) + delta;
    if (count === 0) this.counts.delete(key);
    else this.counts.set(key, count);
    if (delta > 0) this.changed.add(key); // a fall leaves an entry too high, fixed when popped
  }

  /** Makes the changes since the last flush visible to `popBest`. */
  flush(): void {
    for (const key of this.changed) {
      const count = this.counts.get(key);
      if (count !== undefined) this.heap.push(count * KEY_SPACE + (KEY_SPACE - 1 - key));
    }
    this.changed.clear();
  }

  /** The most frequent key (smallest on ties) if its count is at least minCount, else -1; it leaves the queue. */
  popBest(minCount: number): number {
    while (this.heap.size > 0) {
      const top = this.heap.pop();
      const count = Math.floor(top / KEY_SPACE);
      const key = KEY_SPACE - 1 - (top - count * KEY_SPACE);
      const now = this.counts.get(key);
      if (now === count) return count >= minCount ? key : -1;
      // Too high: the count fell since; requeue at its true place. Too low or gone: a newer entry
      // (pushed when it rose) or none is wanted.
      if (now !== undefined && now < count) this.heap.push(now * KEY_SPACE + (KEY_SPACE - 1 - key));
    }
    return -1;
  }
}
