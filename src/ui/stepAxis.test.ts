import { describe, expect, it } from 'vitest';
import { roundEnd, stepAxis, logStepAxis } from './stepAxis';

describe('stepAxis', () => {
  it('ends on a round number that the run fills to at least 75 %', () => {
    for (let step = 11; step < 200_000; step = Math.ceil(step * 1.07)) {
      const end = roundEnd(step);
      expect(end).toBeGreaterThanOrEqual(step);
      expect(step / end).toBeGreaterThan(0.75 - 1e-9);
    }
    expect(roundEnd(0)).toBe(10);
    expect(roundEnd(1001)).toBe(1200);
  });

  it('keeps the same ticks while the run stays under the end, so labels are not re-measured', () => {
    expect(stepAxis(1300)).toEqual(stepAxis(1500));
    expect(stepAxis(1501).domain).toEqual([0, 2000]);
  });

  it('has 3 to 7 whole-number ticks from 0 to at most the end', () => {
    for (let step = 0; step < 200_000; step = Math.ceil(step * 1.07) + 1) {
      const { domain, ticks } = stepAxis(step);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(7);
      expect(ticks[0]).toBe(0);
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(ticks.at(-1)).toBeLessThanOrEqual(domain[1]);
    }
  });
});

describe('logStepAxis', () => {
  it('runs from step 1 to the same round end as the linear axis, with ticks at powers of ten', () => {
    const axis = logStepAxis(30_000);
    expect(axis.log).toBe(true);
    expect(axis.domain).toEqual([1, roundEnd(30_000)]);
    expect(axis.ticks).toEqual([1, 10, 100, 1_000, 10_000]);
  });

  it('spans steps 1 to 10 before the first step, with round ticks at both ends', () => {
    const axis = logStepAxis(0);
    expect(axis.domain).toEqual([1, 10]);
    expect(axis.ticks).toEqual([1, 2, 3, 5, 10]);
  });
});
