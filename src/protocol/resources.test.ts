// The step's largest tensors against the backend's limit: refused before allocating, with the
// numbers and what to lower.
import { describe, expect, it } from 'vitest';
import { resourceMisfit, stepTensors } from './resources';

const webgl8192 = { elements: 8192 * 8192, source: 'per texture (8,192 × 8,192 on this GPU)' };
// The field report: ?backend=webgl&nLayer=1&nHead=16&nEmbd=64&blockSize=512&batchSize=128 on Moby Dick.
const oversize = { batchSize: 128, blockSize: 512, nHead: 16, nEmbd: 64 };

describe('stepTensors', () => {
  it('finds attention scores the largest for a long context, logits for a large vocabulary', () => {
    expect(stepTensors(oversize, 89)[0]).toEqual({
      what: 'attention scores',
      formula: 'batch 128 × 16 heads × 512² positions',
      elements: 536_870_912,
    });
    expect(stepTensors({ batchSize: 12, blockSize: 64, nHead: 4, nEmbd: 128 }, 8192)[0].what).toBe('logits');
  });

  it('checks a batch below 5 as the 5 columns a completion runs at once', () => {
    expect(stepTensors({ batchSize: 2, blockSize: 256, nHead: 4, nEmbd: 128 }, 89)[0]).toEqual({
      what: 'attention scores',
      formula: '5 completions × 4 heads × 256² positions',
      elements: 5 * 4 * 256 * 256,
    });
  });
});

describe('resourceMisfit', () => {
  it('refuses the oversize WebGL shape with the numbers and what to lower', () => {
    expect(resourceMisfit(oversize, 89, webgl8192)).toBe(
      'This model is too big for this device: batch 128 × 16 heads × 512² positions of attention scores = 537M floats in one tensor; ' +
        'this backend allows 67.1M per texture (8,192 × 8,192 on this GPU). Lower Batch size to 16 or Context to 181.',
    );
  });

  it('accepts every preset on a small WebGL GPU', () => {
    const small = { batchSize: 12, blockSize: 128, nHead: 6, nEmbd: 192 };
    expect(resourceMisfit(small, 89, { elements: 4096 * 4096, source: 'per texture' })).toBeNull();
  });

  it('says what to change when even batch 1 does not fit', () => {
    const message = resourceMisfit({ batchSize: 1, blockSize: 4, nHead: 1, nEmbd: 768 }, 8192, { elements: 1000, source: 'per tensor' });
    expect(message).toMatch(/token embedding = 6.29M floats/);
    expect(message).toMatch(/Lower the batch size, the context and the width, or use a smaller vocabulary\./);
  });
});
