// LR schedule: warmup, peak, cosine, floor.
import { describe, expect, it } from 'vitest';
import { learningRate } from './lrSchedule';

const s = { lr: 1e-3, minLr: 1e-4, warmupSteps: 100, decaySteps: 1100 };

describe('learningRate', () => {
  it('warms up linearly from lr/warmupSteps', () => {
    expect(learningRate(0, s)).toBeCloseTo(1e-5, 12);
    expect(learningRate(49, s)).toBeCloseTo(5e-4, 12);
    expect(learningRate(24, s)).toBeLessThan(learningRate(25, s));
  });

  it('peaks at lr at the end of warmup', () => {
    expect(learningRate(99, s)).toBeCloseTo(1e-3, 12);
    expect(learningRate(100, s)).toBeCloseTo(1e-3, 12);
  });

  it('is halfway between lr and minLr mid-cosine', () => {
    expect(learningRate(600, s)).toBeCloseTo((1e-3 + 1e-4) / 2, 12);
    expect(learningRate(300, s)).toBeGreaterThan(learningRate(900, s));
  });

  it('reaches minLr at decaySteps and stays there', () => {
    expect(learningRate(1099, s)).toBeGreaterThan(1e-4);
    expect(learningRate(1099, s)).toBeLessThan(1.001e-4);
    expect(learningRate(1100, s)).toBe(1e-4);
    expect(learningRate(5000, s)).toBe(1e-4);
  });

  it('skips warmup when warmupSteps is 0', () => {
    expect(learningRate(0, { ...s, warmupSteps: 0 })).toBeCloseTo(1e-3, 12);
  });
});
