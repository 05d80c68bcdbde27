// The capped history: bounded length, newest points whole, the first point kept.
import { describe, expect, it } from 'vitest';
import { appendCapped } from './history';

describe('appendCapped', () => {
  it('appends while under the cap, and returns the same array when nothing is added', () => {
    const a = appendCapped([1, 2], [3], 10);
    expect(a).toEqual([1, 2, 3]);
    expect(appendCapped(a, [], 10)).toBe(a);
  });

  it('stays within the cap over a long run, keeps the newest whole and the first point', () => {
    let list: readonly number[] = [];
    for (let step = 0; step < 100_000; step += 10)
      list = appendCapped(
        list,
        Array.from({ length: 10 }, (_, i) => step + i),
        2000,
      );
    expect(list.length).toBeLessThanOrEqual(2000);
    expect(list[0]).toBe(0);
    expect(list.slice(-500)).toEqual(Array.from({ length: 500 }, (_, i) => 99_500 + i));
    expect([...list].sort((a, b) => a - b)).toEqual(list); // still in step order
  });
});
