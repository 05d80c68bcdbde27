// Sampling: greedy at temperature 0, top-k cut, seeded determinism, softmax.
import { describe, expect, it } from 'vitest';
import { argmax, sampleToken, softmax } from './sampling';
import { createRng } from '../data/rng';

const logits = Float32Array.from([0.1, 2.5, -1, 2.4, 0.7, 1.9, -3, 0]);
const best = 1;

describe('sampleToken', () => {
  it('is argmax at temperature 0', () => {
    const rng = createRng(1);
    for (let i = 0; i < 20; i++) expect(sampleToken(logits, { temperature: 0, topK: 0 }, rng)).toBe(best);
    expect(argmax(logits)).toBe(best);
  });

  it('is argmax with top-k 1 at any temperature', () => {
    const rng = createRng(2);
    for (const temperature of [0.5, 1, 5, 100]) {
      for (let i = 0; i < 10; i++) expect(sampleToken(logits, { temperature, topK: 1 }, rng)).toBe(best);
    }
  });

  it('gives the same sequence for the same seed', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 50 }, () => sampleToken(logits, { temperature: 1.5, topK: 0 }, rng));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('never picks outside the top k', () => {
    const rng = createRng(3);
    const top3 = new Set([1, 3, 5]);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const t = sampleToken(logits, { temperature: 10, topK: 3 }, rng);
      expect(top3.has(t)).toBe(true);
      seen.add(t);
    }
    expect(seen).toEqual(top3); // and at a high temperature it does use all three
  });

  it('samples every token when topK is 0 or ≥ V', () => {
    for (const topK of [0, logits.length, 1000]) {
      const rng = createRng(4);
      const seen = new Set<number>();
      for (let i = 0; i < 2000; i++) seen.add(sampleToken(logits, { temperature: 50, topK }, rng));
      expect(seen.size).toBe(logits.length);
    }
  });

  it('follows the softmax probabilities', () => {
    const rng = createRng(5);
    const row = Float32Array.from([0, Math.log(3)]); // p = [0.25, 0.75]
    let ones = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) ones += sampleToken(row, { temperature: 1, topK: 0 }, rng);
    expect(ones / n).toBeGreaterThan(0.72);
    expect(ones / n).toBeLessThan(0.78);
  });
});

describe('softmax', () => {
  it('sums to 1, sharpens as temperature falls, is one-hot at 0', () => {
    const p1 = softmax(logits);
    expect(p1.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    const pCold = softmax(logits, 0.1);
    expect(pCold[best]).toBeGreaterThan(p1[best]);
    expect(Array.from(softmax(logits, 0))).toEqual(Array.from(logits, (_, i) => (i === best ? 1 : 0)));
    expect(softmax(Float32Array.from([1000, 0]))[0]).toBeCloseTo(1, 6); // no overflow
  });
});
