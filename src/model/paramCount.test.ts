// The closed-form count the page and the FLOP formulas use (protocol/flops.ts) must equal the
// sum over the model's real parameter list.
import { describe, expect, it } from 'vitest';
import { countParams } from './config';
import { gptParams } from '../protocol/flops';

describe('gptParams', () => {
  it('equals countParams for several shapes', () => {
    for (const c of [
      { vocabSize: 65, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128 },
      { vocabSize: 12, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 32 },
      { vocabSize: 500, blockSize: 128, nLayer: 6, nHead: 6, nEmbd: 192 },
    ])
      expect(gptParams(c)).toBe(countParams(c));
  });
});
