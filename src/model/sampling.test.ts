// Sampling rules: greedy (temperature → 0, greedy, top-k 1), top-k, top-p (smallest set reaching p,
// deterministic ties), their composition, one draw per token, no NaN, the probabilities shown.
import { describe, expect, it } from 'vitest';
import { argmax, sampleToken, samplingCandidates } from './sampling';

/** softmax(logits / T) in float64: the reference the draws are checked against. */
function softmax(logits: Float32Array, temperature: number): number[] {
  const max = Math.max(...logits);
  const w = Array.from(logits, (l) => Math.exp((l - max) / temperature));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}
import type { SamplingOptions } from './sampling';
import { createRng } from '../data/rng';
import type { Rng } from '../data/rng';

const logits = Float32Array.from([0.1, 2.5, -1, 2.4, 0.7, 1.9, -3, 0]);
const best = 1;
const draw = (row: Float32Array, opts: SamplingOptions, seed: number, n: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => sampleToken(row, opts, rng));
};
const randomLogits = (rng: Rng, V: number, scale: number) => Float32Array.from({ length: V }, () => rng.normal() * scale);
const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, x) => s + x, 0);

describe('sampleToken: greedy', () => {
  it('is argmax at temperature 0, below 0, and as temperature → 0', () => {
    expect(argmax(logits)).toBe(best);
    for (const temperature of [0, -1, 1e-6]) expect(new Set(draw(logits, { temperature, topK: 0 }, 1, 200))).toEqual(new Set([best]));
    const rng = createRng(7);
    for (let row = 0; row < 50; row++) {
      const r = randomLogits(rng, 30, 3);
      expect(sampleToken(r, { temperature: 1e-6, topK: 0, topP: 0.9 }, rng)).toBe(argmax(r));
    }
  });

  it('is argmax when greedy, whatever the temperature, top-k and top-p', () => {
    for (const temperature of [0.5, 1, 2, 100]) {
      expect(new Set(draw(logits, { temperature, topK: 0, topP: 1, greedy: true }, 2, 100))).toEqual(new Set([best]));
    }
  });

  it('is argmax with top-k 1 at any temperature', () => {
    for (const temperature of [0.5, 1, 5, 100]) expect(new Set(draw(logits, { temperature, topK: 1 }, 3, 100))).toEqual(new Set([best]));
  });

  it('picks the lower id on a tie for the maximum', () => {
    expect(argmax(Float32Array.from([0, 3, 1, 3]))).toBe(1);
  });
});

describe('sampleToken: top-k', () => {
  it('gives the same sequence for the same seed', () => {
    const opts = { temperature: 1.5, topK: 0 };
    expect(draw(logits, opts, 42, 50)).toEqual(draw(logits, opts, 42, 50));
    expect(draw(logits, opts, 42, 50)).not.toEqual(draw(logits, opts, 43, 50));
  });

  it('never picks outside the top k', () => {
    const seen = new Set(draw(logits, { temperature: 10, topK: 3 }, 3, 500));
    expect(seen).toEqual(new Set([1, 3, 5])); // and at a high temperature it does use all three
  });

  it('samples every token when topK is 0 or ≥ V (no cut)', () => {
    for (const topK of [0, logits.length, 1000]) {
      expect(new Set(draw(logits, { temperature: 50, topK }, 4, 2000)).size).toBe(logits.length);
      expect(samplingCandidates(logits, { temperature: 1, topK }).ids).toEqual(Array.from(logits, (_, i) => i));
    }
  });

  it('follows the softmax probabilities', () => {
    const ones = sum(draw(Float32Array.from([0, Math.log(3)]), { temperature: 1, topK: 0 }, 5, 4000)); // p = [0.25, 0.75]
    expect(ones / 4000).toBeGreaterThan(0.72);
    expect(ones / 4000).toBeLessThan(0.78);
  });
});

describe('sampleToken: top-p', () => {
  it('keeps the smallest set, most likely first, whose probability reaches p', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 200; trial++) {
      const row = randomLogits(rng, 12, 2);
      const temperature = 0.5 + rng.next();
      const topP = 0.05 + 0.9 * rng.next();
      const p = Array.from(softmax(row, temperature));
      const ranked = p.map((_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
      const { ids, probs } = samplingCandidates(row, { temperature, topK: 0, topP });
      expect(ids).toEqual(ranked.slice(0, ids.length)); // a prefix of the ranking
      expect(sum(ids.map((id) => p[id]))).toBeGreaterThanOrEqual(topP - 1e-6); // reaches p
      expect(sum(ids.slice(0, -1).map((id) => p[id]))).toBeLessThan(topP + 1e-6); // one fewer does not
      expect(sum(probs)).toBeCloseTo(1, 12); // renormalised
      ids.forEach((id, j) => expect(probs[j]).toBeCloseTo(p[id] / sum(ids.map((k) => p[k])), 6));
    }
  });

  it('resolves ties by id, lower first', () => {
    const flat = new Float32Array(4); // 0.25 each, exactly
    expect(samplingCandidates(flat, { temperature: 1, topK: 0, topP: 0.5 }).ids).toEqual([0, 1]);
    expect(samplingCandidates(flat, { temperature: 1, topK: 0, topP: 0.51 }).ids).toEqual([0, 1, 2]);
    expect(samplingCandidates(Float32Array.from([1, 2, 2, 0]), { temperature: 1, topK: 0, topP: 0.2 }).ids).toEqual([1]);
    expect(samplingCandidates(Float32Array.from([1, 2, 2, 0]), { temperature: 1, topK: 2, topP: 1 }).ids).toEqual([1, 2]);
  });

  it('never samples outside the nucleus; p = 1 is no cut, p → 0 is argmax', () => {
    const nucleus = new Set(samplingCandidates(logits, { temperature: 1, topK: 0, topP: 0.7 }).ids);
    expect(nucleus).toEqual(new Set([1, 3, 5]));
    expect(new Set(draw(logits, { temperature: 1, topK: 0, topP: 0.7 }, 6, 500))).toEqual(nucleus);
    expect(draw(logits, { temperature: 1.3, topK: 0, topP: 1 }, 7, 100)).toEqual(draw(logits, { temperature: 1.3, topK: 0 }, 7, 100));
    expect(new Set(draw(logits, { temperature: 1, topK: 0, topP: 0.01 }, 8, 100))).toEqual(new Set([best]));
  });

  it('composes with top-k: top-k first, then top-p on what it kept, renormalised', () => {
    const opts = { temperature: 2, topK: 4, topP: 0.7 };
    const topK = samplingCandidates(logits, { temperature: 2, topK: 4 });
    expect(topK.ids).toEqual([1, 3, 5, 4]);
    // p of the renormalised top-4 mass: [1, 3] holds < 0.7 of it, [1, 3, 5] ≥ 0.7.
    expect(topK.probs[0] + topK.probs[1]).toBeLessThan(0.7);
    expect(topK.probs[0] + topK.probs[1] + topK.probs[2]).toBeGreaterThanOrEqual(0.7);
    const both = samplingCandidates(logits, opts);
    expect(both.ids).toEqual([1, 3, 5]);
    both.ids.forEach((_, j) => expect(both.probs[j]).toBeCloseTo(topK.probs[j] / (topK.probs[0] + topK.probs[1] + topK.probs[2]), 12));
    // Top-p alone, on the whole distribution, needs a fourth token: the order matters.
    expect(samplingCandidates(logits, { temperature: 2, topK: 0, topP: 0.7 }).ids).toEqual([1, 3, 5, 4]);
  });
});

describe('sampleToken: seeds line up', () => {
  it('draws exactly one rng.next() per token, greedy or not', () => {
    const inner = createRng(9);
    let calls = 0;
    const counting: Rng = { ...inner, next: () => (calls++, inner.next()) };
    const settings: SamplingOptions[] = [
      { temperature: 0, topK: 0 },
      { temperature: 1, topK: 0, greedy: true },
      { temperature: 1, topK: 1 },
      { temperature: 1, topK: 0 },
      { temperature: 0.7, topK: 3 },
      { temperature: 1, topK: 0, topP: 0.5 },
      { temperature: 1e-6, topK: 5, topP: 0.9 },
    ];
    for (const opts of settings) {
      const before = calls;
      for (let i = 0; i < 10; i++) sampleToken(logits, opts, counting);
      expect(calls - before).toBe(10);
    }
  });
});

describe('no NaN', () => {
  const peaked = Float32Array.from([1e4, 0, -1e4]);
  it('at temperature 1e-6 and with very peaked logits', () => {
    for (const row of [peaked, logits, Float32Array.from([-1e4, 1e4, 1e4 - 1])]) {
      for (const temperature of [1e-6, 0.01, 1, 2]) {
        for (const topP of [0.01, 0.5, 1]) {
          const { ids, probs } = samplingCandidates(row, { temperature, topK: 0, topP });
          expect(probs.every(Number.isFinite)).toBe(true);
          expect(ids).toContain(argmax(row));
        }
      }
    }
    expect(new Set(draw(peaked, { temperature: 1, topK: 0 }, 10, 100))).toEqual(new Set([0]));
    expect(new Set(draw(peaked, { temperature: 1e-6, topK: 2, topP: 0.9 }, 10, 100))).toEqual(new Set([0]));
  });

  it('falls back to argmax on non-finite logits instead of returning garbage', () => {
    const broken = Float32Array.from([0, NaN, 1]);
    expect(samplingCandidates(broken, { temperature: 1, topK: 0 }).probs.every(Number.isFinite)).toBe(true);
  });

  it('refuses an empty row', () => {
    expect(() => sampleToken(new Float32Array(0), { temperature: 1, topK: 0 }, createRng(1))).toThrow(/empty/);
  });
});

describe('samplingCandidates without a cut', () => {
  it('is softmax(logits / T) within 1e-6, in id order, summing to 1', () => {
    const rng = createRng(12);
    for (let trial = 0; trial < 50; trial++) {
      const row = randomLogits(rng, 40, 4);
      const temperature = 0.05 + 2 * rng.next();
      const reference = softmax(row, temperature);
      const { ids, probs } = samplingCandidates(row, { temperature, topK: 0, topP: 1 });
      expect(ids).toEqual(Array.from(row, (_, i) => i));
      probs.forEach((p, i) => expect(Math.abs(p - reference[i])).toBeLessThan(1e-6));
      expect(Math.abs(sum(probs) - 1)).toBeLessThan(1e-6);
    }
  });
});
