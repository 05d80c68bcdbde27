// The compression arithmetic the chart and the sentence under it use: nats per token to bits per
// character, the yardsticks in bits per character, and since when the model has stayed below one.
import { describe, expect, it } from 'vitest';
import { baselineBits, belowSince, bitsPerChar, bitsPerCharScale } from './compression';

describe('bitsPerChar', () => {
  it('is nats/token × tokens / characters / ln 2', () => {
    expect(bitsPerChar(Math.LN2, 10, 10)).toBeCloseTo(1, 15);
    expect(bitsPerChar(2, 100, 400)).toBeCloseTo((2 * 100) / 400 / Math.LN2, 15); // BPE: 4 characters a token
    expect(bitsPerChar(2, 0, 0)).toBeNaN();
    expect(bitsPerCharScale({ windowTokens: 50, windowCharacters: 200 })).toBeCloseTo(0.25 / Math.LN2, 15);
  });
  it('gives gzip and deflate per character of the validation text', () => {
    const b = {
      characters: 1000,
      bytes: 1000,
      gzipBytes: 375,
      deflateBytes: 363,
      zerothOrderBits: 4.4,
      windowTokens: 1,
      windowCharacters: 1,
    };
    expect(baselineBits(b)).toEqual({ gzip: 3, deflate: 2.904, zerothOrder: 4.4 });
  });
});

describe('belowSince', () => {
  const evals = (...losses: number[]) => losses.map((valLoss, i) => ({ step: i * 100, valLoss }));
  it('is the first evaluation from which every later one is below the target', () => {
    expect(belowSince(evals(4, 3, 2.5, 2), 1, 2.9)).toBe(200);
    expect(belowSince(evals(4, 2.5, 3, 2), 1, 2.9)).toBe(300); // it went back above at 200
    expect(belowSince(evals(4, 3), 1, 2.9)).toBeNull();
    expect(belowSince([], 1, 2.9)).toBeNull();
    expect(belowSince(evals(2, 2), 2, 3)).toBeNull(); // the scale: 4 bits per character is above 3
  });
});
