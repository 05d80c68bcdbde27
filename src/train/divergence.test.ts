import { describe, expect, it } from 'vitest';
import { DivergenceGuard, LR_HALVED_STEPS } from './divergence';
import type { MetricPoint } from '../protocol/reports';

const point = (step: number, trainLoss: number): MetricPoint => ({ step, tokens: (step + 1) * 10, trainLoss, elapsedMs: step });
const schedule = { lr: 1e-3, minLr: 1e-3, warmupSteps: 0, decaySteps: 1000 };

describe('DivergenceGuard', () => {
  it('passes finite points through and says nothing', () => {
    const g = new DivergenceGuard(schedule);
    const { finite, verdict } = g.review([point(0, 3), point(1, 2.9)]);
    expect(finite.map((p) => p.step)).toEqual([0, 1]);
    expect(verdict.kind).toBe('ok');
    expect(g.lr(2)).toBe(1e-3);
  });

  it('drops a skipped step from the chart points and halves the LR for the next 100 steps', () => {
    const g = new DivergenceGuard(schedule);
    const { finite, verdict } = g.review([point(19, 2), point(20, NaN), point(21, 2)]);
    expect(finite.map((p) => p.step)).toEqual([19, 21]);
    expect(verdict).toMatchObject({ kind: 'skipped', steps: [20] });
    if (verdict.kind !== 'ok') expect(verdict.message).toMatch(/Step 20 had a loss .* not finite .* it was skipped .* next 100 steps/);
    expect(g.lr(21)).toBe(5e-4);
    expect(g.lr(20 + LR_HALVED_STEPS)).toBe(5e-4);
    expect(g.lr(21 + LR_HALVED_STEPS)).toBe(1e-3);
  });

  it('asks for a rollback after three skipped steps in a row, even across reads', () => {
    const g = new DivergenceGuard(schedule);
    expect(g.review([point(20, NaN), point(21, Infinity)]).verdict.kind).toBe('skipped');
    const { verdict } = g.review([point(22, NaN), point(23, 2)]); // a good step after them in the same read
    expect(verdict.kind).toBe('rollback');
    if (verdict.kind !== 'ok') expect(verdict.message).toMatch(/3 steps in a row .* not finite \(the last: step 22\)/);
  });

  it('says a skip once per halving: the next ones in it are quiet unless they force a rollback', () => {
    const g = new DivergenceGuard(schedule);
    expect(g.review([point(5, NaN), point(6, 2)]).verdict.kind).toBe('skipped');
    expect(g.review([point(9, NaN), point(10, 2)]).verdict.kind).toBe('ok');
    expect(g.review([point(200, NaN)]).verdict.kind).toBe('skipped'); // past the halving: said again
  });

  it('does not count skips apart, or with a good step between, as in a row', () => {
    const g = new DivergenceGuard(schedule);
    expect(g.review([point(5, NaN), point(6, 2), point(7, NaN), point(9, NaN)]).verdict.kind).toBe('skipped');
    expect(g.review([point(10, 2), point(11, NaN)]).verdict.kind).not.toBe('rollback');
  });
});
