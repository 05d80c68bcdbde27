// Keeps long runs cheap to draw: a series is cut into buckets of equal width in x (steps) and
// each bucket keeps only its lowest and highest point, so a 20 000-step run draws a few hundred
// points per line and a loss spike still shows. Bucket edges sit on multiples of the width, so
// the buckets already drawn stay the same as points arrive: the line does not shimmer.
// On a log step axis the buckets are equal in log2(step + 1) instead (the axis draws step 0 at 1):
// equal step widths would leave the left decades a point or two (at 20 000 steps, 56 % of the width
// one straight segment) and spend the budget on the right, where the axis is crowded.

/** How x is cut: in equal steps, or in equal ratios (for a log step axis). */
export type BucketScale = 'linear' | 'log';

/** Bucket widths are powers of two, so a width change halves the buckets already drawn; at least `smallest`. */
function bucketWidth(span: number, buckets: number, smallest: number): number {
  let width = smallest;
  while (span / width > buckets) width *= 2;
  return width;
}

/**
 * At most `maxPoints` items (maxPoints ≥ 6), in their original order: per bucket of x,
 * the item with the lowest y and the one with the highest (one when they are the same).
 * Short series come back whole. The first and last items are always kept.
 * @param x ascending along `items` (a step number, ≥ 0).
 * @param scale 'log': buckets of equal width in log2(x + 1), for a chart whose step axis is log.
 */
export function downsample<T>(
  items: readonly T[],
  maxPoints: number,
  x: (item: T) => number,
  y: (item: T) => number,
  scale: BucketScale = 'linear',
): T[] {
  if (items.length <= maxPoints) return items.slice();
  const first = items[0];
  const last = items[items.length - 1];
  const at = scale === 'log' ? (item: T) => Math.log2(x(item) + 1) : x;
  // Two per bucket; room for the first and last items, and for one more bucket, as the span
  // rarely starts on a bucket edge. Whole steps need no bucket under 1; a log bucket may be 1/1024.
  const buckets = Math.max(1, Math.floor((maxPoints - 4) / 2));
  const width = scale === 'log' ? bucketWidth(at(last) - at(first), buckets, 2 ** -10) : bucketWidth(at(last) - at(first) + 1, buckets, 1);
  const out: T[] = [first];
  let bucket = Math.floor(at(items[1]) / width);
  let low = -1;
  let high = -1;
  const flush = () => {
    if (low < 0) return;
    if (low !== high) out.push(items[Math.min(low, high)], items[Math.max(low, high)]);
    else out.push(items[low]);
  };
  for (let i = 1; i < items.length - 1; i++) {
    const b = Math.floor(at(items[i]) / width);
    if (b !== bucket) {
      flush();
      bucket = b;
      low = high = -1;
    }
    if (low < 0 || y(items[i]) < y(items[low])) low = i;
    if (high < 0 || y(items[i]) > y(items[high])) high = i;
  }
  flush();
  out.push(last);
  return out;
}
