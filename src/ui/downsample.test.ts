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

describe('downsample for a log step axis', () => {
  const decades = (out: readonly P[]) => [1, 10, 100, 1000, 10_000].map((lo) => out.filter((p) => p.step >= lo && p.step < lo * 10).length);

  it('keeps points in every decade of a 20 000-step run, where equal steps leave the first ones bare', () => {
    const s = series(20_000, (i) => 4 / Math.log(i + 2) + 0.1 * Math.sin(i));
    const log = downsample(
      s,
      300,
      (p) => p.step,
      (p) => p.loss,
      'log',
    );
    expect(log.length).toBeLessThanOrEqual(300);
    expect(log.length).toBeGreaterThan(100);
    expect(log[0]).toBe(s[0]);
    expect(log.at(-1)).toBe(s.at(-1));
    expect(log.every((p, i) => i === 0 || p.step > log[i - 1].step)).toBe(true);
    const [ones, tens, hundreds, thousands] = decades(log);
    expect(ones).toBe(9); // every step of the first decade
    for (const n of [tens, hundreds, thousands]) expect(n).toBeGreaterThanOrEqual(30);
    expect(decades(thin(s, 300))[0]).toBeLessThanOrEqual(2); // what equal step widths gave
  });

  it('stays under the budget, and draws the past the same as points arrive', () => {
    for (const n of [7, 301, 4000, 30_000]) {
      for (const max of [6, 40, 300]) {
        const out = downsample(
          series(n, (i) => Math.cos(i)),
          max,
          (p) => p.step,
          (p) => p.loss,
          'log',
        );
        expect(out.length).toBeLessThanOrEqual(max);
      }
    }
    const s = series(10_000, (i) => Math.sin(i / 7));
    const logThin = (items: readonly P[]) =>
      downsample(
        items,
        300,
        (p) => p.step,
        (p) => p.loss,
        'log',
      );
    const before = logThin(s.slice(0, 9_000)).filter((p) => p.step < 8_000);
    expect(logThin(s.slice(0, 9_100)).filter((p) => p.step < 8_000)).toEqual(before);
  });
});
