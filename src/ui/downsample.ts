// Keeps long runs cheap to draw: the newest points stay whole, older ones are thinned to an even
// stride, so a 20 000-step run draws a few hundred points per line.

/**
 * At most about maxPoints items: the last `recent` as they are, the rest evenly thinned.
 * The first and last items are always kept, so the line spans the whole run.
 */
export function downsample<T>(items: readonly T[], maxPoints = 500, recent = 150): T[] {
  if (items.length <= maxPoints) return items.slice();
  const splitAt = items.length - recent;
  const stride = Math.ceil(splitAt / (maxPoints - recent));
  const out: T[] = [];
  for (let i = 0; i < splitAt; i += stride) out.push(items[i]);
  for (let i = splitAt; i < items.length; i++) out.push(items[i]);
  return out;
}
