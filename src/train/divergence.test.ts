import { describe, expect, it } from 'vitest';
import { DivergenceGuard, LR_HALVED_STEPS } from './divergence';
import type { MetricPoint } from '../protocol/reports';

const point = (step: number, trainLoss: number): MetricPoint => ({ step, tokens: (step + 1) * 10, trainLoss, elapsedMs: step });
const lr = () => 1e-3;

describe('DivergenceGuard', () => {
  it('passes finite points through and says nothing', () => {
    const g = new DivergenceGuard();
    const { finite, verdict } = g.review([point(0, 3), point(1, 2.9)], lr);
    expect(finite.map((p) => p.step)).toEqual([0, 1]);
    expect(verdict.kind).toBe('ok');
    expect(g.lrFactor(2)).toBe(1);
  });

  it('drops a skipped step from the chart points and halves the LR for the next 100 steps', () => {
    const g = new DivergenceGuard();
    const { finite, verdict } = g.review([point(19, 2), point(20, NaN), point(21, 2)], lr);
    expect(finite.map((p) => p.step)).toEqual([19, 21]);
    expect(verdict).toMatchObject({ kind: 'skipped', steps: [20] });
    if (verdict.kind !== 'ok') expect(verdict.message).toMatch(/Step 20 had a loss .* not finite .* it was skipped .* next 100 steps/);
    expect(g.lrFactor(21)).toBe(0.5);
    expect(g.lrFactor(20 + LR_HALVED_STEPS)).toBe(0.5);
    expect(g.lrFactor(21 + LR_HALVED_STEPS)).toBe(1);
  });

  it('asks for a rollback after three skipped steps in a row, even across reads', () => {
    const g = new DivergenceGuard();
    expect(g.review([point(20, NaN), point(21, Infinity)], lr).verdict.kind).toBe('skipped');
    const { verdict } = g.review([point(22, NaN)], lr);
    expect(verdict.kind).toBe('rollback');
    if (verdict.kind !== 'ok') expect(verdict.message).toContain('went back to its last save');
  });

  it('does not count skips apart, or with a good step between, as in a row', () => {
    const g = new DivergenceGuard();
    expect(g.review([point(5, NaN), point(6, 2), point(7, NaN), point(9, NaN)], lr).verdict.kind).toBe('skipped');
    expect(g.review([point(10, 2), point(11, NaN)], lr).verdict.kind).toBe('skipped');
  });
});
