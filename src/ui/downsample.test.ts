import { describe, expect, it } from 'vitest';
import { downsample } from './downsample';

describe('downsample', () => {
  it('leaves short series whole', () => {
    expect(downsample([1, 2, 3], 10, 2)).toEqual([1, 2, 3]);
  });

  it('keeps a 20 000-step run under the budget, ends included, recent points whole', () => {
    const steps = Array.from({ length: 20_000 }, (_, i) => i);
    const out = downsample(steps, 500, 150);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out[0]).toBe(0);
    expect(out.at(-1)).toBe(19_999);
    expect(out.slice(-150)).toEqual(steps.slice(-150));
    // strictly increasing: thinning never reorders
    expect(out.every((v, i) => i === 0 || v > out[i - 1])).toBe(true);
  });
});
