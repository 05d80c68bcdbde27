// Dataset: the 90/10 split keeps the tail for validation; batch windows are next-token pairs
// inside the split; the same seed gives the same batch; validation windows are fixed and spread.
import { describe, expect, it } from 'vitest';
import { fixedBatches, randomBatch, splitTokens, type Batch } from './dataset';
import { createRng } from './rng';

/** Tokens equal to their position, so a window's first x is its start offset. */
const arange = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

const rowStarts = (b: Batch): number[] => Array.from({ length: b.batchSize }, (_, r) => b.x[r * b.blockSize]);

describe('splitTokens', () => {
  it('splits 90/10 with validation as the tail', () => {
    const { train, val } = splitTokens(arange(1000));
    expect(train.length).toBe(900);
    expect(val.length).toBe(100);
    expect(train[0]).toBe(0);
    expect(train.at(-1)).toBe(899);
    expect(val[0]).toBe(900);
    expect(val.at(-1)).toBe(999);
  });
});

describe('randomBatch', () => {
  const tokens = arange(200).map((t) => t * 7 + 3); // distinct, not equal to positions
  const blockSize = 16;

  it('targets are the inputs shifted by one, in windows inside the split', () => {
    const b = randomBatch(tokens, 64, blockSize, createRng(1));
    expect(b.x.length).toBe(64 * blockSize);
    expect(b.y.length).toBe(64 * blockSize);
    for (let r = 0; r < b.batchSize; r++) {
      const start = tokens.indexOf(b.x[r * blockSize]);
      expect(start).toBeGreaterThanOrEqual(0);
      expect(start + blockSize + 1).toBeLessThanOrEqual(tokens.length);
      for (let t = 0; t < blockSize; t++) {
        expect(b.x[r * blockSize + t]).toBe(tokens[start + t]);
        expect(b.y[r * blockSize + t]).toBe(tokens[start + t + 1]);
      }
    }
  });

  it('reaches the last window of a split exactly one window long', () => {
    const b = randomBatch(arange(blockSize + 1), 4, blockSize, createRng(3));
    expect(Array.from(b.y.subarray(0, blockSize))).toEqual(Array.from(arange(blockSize + 1).subarray(1)));
  });

  it('gives the same batch for the same seed, another for another seed', () => {
    const a = randomBatch(tokens, 8, blockSize, createRng(42));
    const b = randomBatch(tokens, 8, blockSize, createRng(42));
    const c = randomBatch(tokens, 8, blockSize, createRng(43));
    expect(b).toEqual(a);
    expect(c.x).not.toEqual(a.x);
  });

  it('throws on a split shorter than blockSize + 1', () => {
    expect(() => randomBatch(arange(blockSize), 2, blockSize, createRng(1))).toThrow(/17 tokens/);
  });
});

describe('fixedBatches', () => {
  const blockSize = 8;
  const tokens = arange(1000);

  it('returns the same windows on every call', () => {
    expect(fixedBatches(tokens, 5, 4, blockSize)).toEqual(fixedBatches(tokens, 5, 4, blockSize));
  });

  it('spreads windows evenly over the whole split', () => {
    const batches = fixedBatches(tokens, 5, 4, blockSize);
    expect(batches).toHaveLength(5);
    const starts = batches.flatMap(rowStarts);
    expect(starts).toHaveLength(20);
    expect(starts[0]).toBe(0);
    const gaps = starts.slice(1).map((s, i) => s - starts[i]);
    const ideal = (tokens.length - blockSize) / 20;
    for (const g of gaps) expect(Math.abs(g - ideal)).toBeLessThanOrEqual(1);
    expect(starts.at(-1)! + blockSize + 1).toBeLessThanOrEqual(tokens.length);
    expect(starts.at(-1)!).toBeGreaterThan(tokens.length - 2 * ideal - blockSize);
    for (const b of batches) for (let i = 0; i < b.x.length; i++) expect(b.y[i]).toBe(b.x[i] + 1);
  });

  it('throws on a split shorter than blockSize + 1', () => {
    expect(() => fixedBatches(arange(blockSize), 1, 1, blockSize)).toThrow(/9 tokens, have 8/);
    expect(() => fixedBatches(arange(blockSize + 1), 1, 1, blockSize)).not.toThrow();
  });
});
