import { describe, expect, it } from 'vitest';
import { downsample } from './downsample';

interface P {
  step: number;
  loss: number;
}
const series = (n: number, loss: (step: number) => number): P[] => Array.from({ length: n }, (_, step) => ({ step, loss: loss(step) }));
const thin = (items: readonly P[], maxPoints: number) =>
  downsample(
    items,
    maxPoints,
    (p) => p.step,
    (p) => p.loss,
  );

describe('downsample', () => {
  it('leaves short series whole', () => {
    const s = series(3, (i) => i);
    expect(thin(s, 10)).toEqual(s);
  });

  it('keeps a 20 000-step run under the budget, in order, ends included', () => {
    const s = series(20_000, (i) => 4 - i / 10_000);
    const out = thin(s, 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out.length).toBeGreaterThan(200);
    expect(out[0]).toBe(s[0]);
    expect(out.at(-1)).toBe(s.at(-1));
    expect(out.every((p, i) => i === 0 || p.step > out[i - 1].step)).toBe(true);
  });

  it('keeps a one-step spike and a one-step dip that an even stride would skip', () => {
    const s = series(20_000, () => 2);
    s[12_345] = { step: 12_345, loss: 9 };
    s[7_777] = { step: 7_777, loss: 0.5 };
    const out = thin(s, 300);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(Math.max(...out.map((p) => p.loss))).toBe(9);
    expect(Math.min(...out.map((p) => p.loss))).toBe(0.5);
  });

  it('stays under the budget for any length and budget', () => {
    for (const n of [7, 50, 301, 999, 4000, 12_345]) {
      for (const max of [6, 7, 40, 300, 500]) {
        expect(
          thin(
            series(n, (i) => Math.sin(i)),
            max,
          ).length,
        ).toBeLessThanOrEqual(Math.max(max, 0));
      }
    }
  });

  it('draws the past the same way as points arrive, so the line does not shimmer', () => {
    const s = series(10_000, (i) => Math.sin(i / 7) + Math.cos(i / 13));
    const before = thin(s.slice(0, 9_000), 300);
    const after = thin(s.slice(0, 9_100), 300);
    // Whole buckets of the past are the same points (only the last, open bucket may differ).
    const past = before.filter((p) => p.step < 8_000);
    expect(after.filter((p) => p.step < 8_000)).toEqual(past);
  });
});
