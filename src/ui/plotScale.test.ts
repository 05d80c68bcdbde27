import { describe, expect, it } from 'vitest';
import { linearTicks, linePath, logDomain, logTicks, makeScale, nearestIndex } from './plotScale';

describe('plotScale', () => {
  it('maps a linear domain onto pixels, upside down as a y axis is, and back', () => {
    const y = makeScale([0, 5], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(5)).toBe(0);
    expect(y(2.5)).toBe(100);
    expect(y.invert(100)).toBe(2.5);
  });

  it('maps a log domain by decades', () => {
    const y = makeScale([1, 100], [100, 0], true);
    expect(y(10)).toBeCloseTo(50, 10);
    expect(y.invert(50)).toBeCloseTo(10, 10);
  });

  it('gives round linear ticks, at most the number asked', () => {
    expect(linearTicks(0, 5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(linearTicks(0, 6, 4)).toEqual([0, 2, 4, 6]);
    expect(linearTicks(0, 18_000)).toEqual([0, 5000, 10_000, 15_000]);
    expect(linearTicks(0, 0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(linearTicks(0, 4.8)).toEqual([0, 1, 2, 3, 4]);
    for (const [lo, hi] of [
      [0, 1],
      [0, 4.8],
      [2, 97],
      [0, 123_456],
    ])
      expect(linearTicks(lo, hi).length).toBeLessThanOrEqual(6);
  });

  it('gives log ticks at round values inside the domain', () => {
    expect(logTicks(7, 90)).toEqual([10, 20, 30, 50]);
    expect(logTicks(9, 90)).toEqual([10, 20, 30, 40, 50, 60, 80]);
    expect(logTicks(1, 1000)).toEqual([1, 3, 10, 30, 100, 300, 1000]);
    expect(logTicks(8, 12)).toEqual([8, 10]);
    expect(logDomain(7.3, 89)).toEqual([7, 90]);
  });

  it('draws a line through the values it has, stepping over missing ones', () => {
    const x = makeScale([0, 10], [0, 100]);
    const y = makeScale([0, 1], [10, 0]);
    expect(linePath([0, 5, 10], [0, undefined, 1], x, y)).toBe('M0.0,10.0L100.0,0.0');
    expect(linePath([0, 5], [undefined, NaN], x, y)).toBe('');
  });

  it('finds the nearest step', () => {
    expect(nearestIndex([0, 10, 20], 14)).toBe(1);
    expect(nearestIndex([0, 10, 20], 16)).toBe(2);
    expect(nearestIndex([0, 10, 20], -5)).toBe(0);
    expect(nearestIndex([], 3)).toBe(-1);
  });
});
