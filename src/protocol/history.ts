// A capped metrics history: long runs keep every recent point and a thinned past, so memory and
// chart work stay bounded however many steps are trained. The page's charts and a saved run's
// history both keep this.

/** Points kept per history; older ones are thinned past it. */
export const HISTORY_CAP = 4000;

/**
 * Appends items; past `cap`, the older half is thinned to every other item (the newest half is
 * kept whole, and the very first item always survives so lines start at step 0).
 * @returns a new array (the old one is not changed), or `list` itself when nothing was added.
 */
export function appendCapped<T>(list: readonly T[], items: readonly T[], cap: number): readonly T[] {
  if (items.length === 0) return list;
  const all = list.concat(items);
  if (all.length <= cap) return all;
  const half = Math.floor(all.length / 2);
  const older = all.slice(0, half).filter((_, i) => i % 2 === 0);
  return older.concat(all.slice(half));
}
