// In-context score (Olsson et al. 2022) on synthetic per-position losses, its windows from T = 2
// to 512, and the phase-change rule on a planted drop, on noise and on a slow drift.
import { describe, expect, it } from 'vitest';
import { findPhaseChange, inContextScore, inContextWindows } from './inContext';

/** Seeded normal noise (Box–Muller over a small LCG): protocol/ tests import nothing of data/. */
function createRng(seed: number): { normal(): number } {
  let state = seed >>> 0;
  const next = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  return { normal: () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next()) };
}

const losses = (T: number, at: (t: number) => number): Float32Array => Float32Array.from({ length: T }, (_, t) => at(t));

describe('inContextWindows', () => {
  it("scales the paper's 50th and 500th tokens: about 10% in and the last 10%", () => {
    expect(inContextWindows(512)).toEqual({ early: { start: 26, end: 77 }, late: { start: 461, end: 512 } });
    expect(inContextWindows(64)).toEqual({ early: { start: 3, end: 9 }, late: { start: 58, end: 64 } });
    expect(inContextWindows(16)).toEqual({ early: { start: 1, end: 3 }, late: { start: 14, end: 16 } });
  });

  it('keeps at least one position each, never overlapping, position 0 only when T = 2', () => {
    for (let T = 2; T <= 512; T++) {
      const { early, late } = inContextWindows(T);
      expect(early.end - early.start).toBeGreaterThanOrEqual(1);
      expect(late.end - late.start).toBe(early.end - early.start);
      expect(early.end).toBeLessThanOrEqual(late.start);
      expect(late.end).toBe(T);
      if (T > 2) expect(early.start).toBeGreaterThanOrEqual(1);
      else expect(early.start).toBe(0);
    }
    expect(() => inContextWindows(1)).toThrow(RangeError);
  });
});

describe('inContextScore', () => {
  it.each([16, 512])('is 0 on flat losses and negative when later tokens are easier (T = %i)', (T) => {
    expect(inContextScore(losses(T, () => 2.5))).toBeCloseTo(0, 6);
    expect(inContextScore(losses(T, (t) => 3 - t / T))).toBeLessThan(-0.5);
    expect(inContextScore(losses(T, (t) => 2 + t / T))).toBeGreaterThan(0.5);
  });

  it('is late mean minus early mean', () => {
    // T = 16: early = positions 1–2, late = 14–15; position 0 (no context) is left out.
    const l = losses(16, (t) => (t === 0 ? 9 : t <= 2 ? 3 : t >= 14 ? 1 : 2));
    expect(inContextScore(l)).toBeCloseTo(-2, 6);
  });
});

describe('findPhaseChange', () => {
  const noisy = (seed: number, n: number, at: (i: number) => number, sd: number) => {
    const rng = createRng(seed);
    return Array.from({ length: n }, (_, i) => ({ step: i * 100, score: at(i) + sd * rng.normal() }));
  };

  it('finds a planted drop in a noisy flat score', () => {
    const points = noisy(1, 30, (i) => (i < 12 ? -0.05 : -1.2), 0.03);
    const found = findPhaseChange(points);
    expect(found?.step).toBe(1200);
    expect(found!.drop).toBeGreaterThan(1);
  });

  it('finds a drop spread over two evaluations, in any order of points', () => {
    const points = noisy(2, 25, (i) => (i < 10 ? 0 : i === 10 ? -0.5 : -1.1), 0.02).reverse();
    expect(findPhaseChange(points)?.step).toBeOneOf([1000, 1100]);
  });

  it('marks nothing on noise, on a slow drift, or with too few evaluations', () => {
    expect(findPhaseChange(noisy(3, 40, () => -0.1, 0.05))).toBeNull();
    // Natural text: the score drifts down as longer context is learned, fastest early on.
    expect(findPhaseChange(noisy(4, 20, (i) => -0.6 * (1 - Math.exp(-i / 4)), 0.01))).toBeNull();
    // Large enough, but no bigger than the noise around it.
    expect(findPhaseChange(noisy(5, 30, () => 0, 0.4))).toBeNull();
    expect(
      findPhaseChange([
        { step: 0, score: 0 },
        { step: 100, score: -2 },
        { step: 200, score: -2 },
      ]),
    ).toBeNull();
    expect(findPhaseChange([])).toBeNull();
  });

  // Measured here: a 2-layer, d 64 model (WASM), scored every 100 steps on 80 fixed validation windows.
  const every100 = (scores: number[]) => scores.map((score, i) => ({ step: i * 100, score }));
  const mobyDick32 = [
    -0.007, 0.305, 0.267, 0.244, 0.143, 0.151, 0.201, 0.168, 0.153, 0.117, 0.167, 0.171, 0.139, 0.207, 0.137, 0.122, 0.18, 0.137, 0.062,
    0.158, 0.146,
  ];
  const mobyDick64 = [
    -0.003, -0.061, -0.041, 0.019, 0.021, -0.031, -0.074, -0.089, -0.067, -0.083, -0.117, -0.113, -0.068, -0.026, -0.046, -0.114, -0.043,
    -0.06, -0.044, -0.054, -0.045,
  ];
  const induction = [-0.005, -0.002, -0.697, -0.725, -0.751, -0.755, -0.731, -0.749, -0.726]; // 14 random tokens of 16, repeated

  it('marks nothing in measured Moby Dick runs, at any point of their history', () => {
    for (const run of [mobyDick32, mobyDick64]) {
      for (let n = 1; n <= run.length; n++) expect(findPhaseChange(every100(run.slice(0, n)))).toBeNull();
    }
  });

  it('marks the measured induction run at step 200 from its fourth evaluation on', () => {
    expect(findPhaseChange(every100(induction.slice(0, 3)))).toBeNull();
    for (let n = 4; n <= induction.length; n++) {
      expect(findPhaseChange(every100(induction.slice(0, n)))).toEqual({ step: 200, drop: expect.closeTo(0.695, 6) });
    }
  });
});
