import { describe, expect, it } from 'vitest';
import { runMemory, runMemoryMisfit, describeRunMemory, WASM_MEMORY_BYTES } from './runMemory';

const baby = { batchSize: 12, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128 };

describe('runMemory', () => {
  it('counts weights, gradients and both moments as 4 × N floats, and the activations of one batch', () => {
    const m = runMemory(baby, 65, 800_000);
    expect(m.weights).toBe(3_200_000);
    expect(m.gradients).toBe(3_200_000);
    expect(m.moments).toBe(6_400_000);
    // per layer 15·B·T·C + 2·B·H·T², plus embeddings 2·B·T·C and logits 2·B·T·V, in float32
    const B = 12,
      T = 64,
      C = 128,
      H = 4,
      L = 4,
      V = 65;
    expect(m.activations).toBe(4 * (L * (15 * B * T * C + 2 * B * H * T * T) + 2 * B * T * C + 2 * B * T * V));
    expect(m.total).toBe(m.weights + m.gradients + m.moments + m.activations);
    expect(describeRunMemory(m)).toMatch(/^≈ 43\.9 MB: weights 3\.2 MB, gradients 3\.2 MB, AdamW moments 6\.4 MB, activations 31\.1 MB$/);
  });

  it('refuses a run WebAssembly cannot hold, with the numbers, and says nothing for GPUs', () => {
    const huge = { batchSize: 256, blockSize: 1024, nLayer: 12, nHead: 12, nEmbd: 768 };
    expect(runMemory(huge, 50_257, 124_000_000).total).toBeGreaterThan(WASM_MEMORY_BYTES);
    expect(runMemoryMisfit(huge, 50_257, 124_000_000, 'wasm')).toMatch(
      /^This run needs ≈ .* more than the .* WebAssembly can address\. Lower Batch size/,
    );
    expect(runMemoryMisfit(huge, 50_257, 124_000_000, 'webgpu')).toBeNull();
    expect(runMemoryMisfit(baby, 65, 800_000, 'wasm')).toBeNull();
  });
});
