// The fused path off WebGPU runs the same equations as tf ops: on WASM too (the default backend
// where the only WebGPU adapter is software), the loss and its gradient equal the reference's.
// Guards a WASM quirk: its OneHot writes int32 whatever dtype is asked for.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { createGPT, lossFn } from './gpt';
import { createRng } from '../data/rng';

const config = { vocabSize: 16, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 32 };

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('fused path on WASM', () => {
  it('gives the reference loss and gradients', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d([[1, 2, 3, 4, 5, 6, 7, 8]], [1, 8], 'int32');
    const y = tf.tensor2d([[2, 3, 4, 5, 6, 7, 8, 9]], [1, 8], 'int32');
    const results = [];
    for (const kernels of ['reference', 'fused'] as const) {
      const model = createGPT(config, createRng(1), { embedding: 'onehot', kernels });
      const { value, grads } = tf.variableGrads(() => lossFn(model, x, y), [model.params['wte.weight']]);
      results.push({ loss: (await value.data())[0], grad: Array.from(await grads[model.params['wte.weight'].name].data()) });
      tf.dispose([value, ...Object.values(grads)]);
      model.dispose();
    }
    const [ref, fused] = results;
    expect(ref.loss).toBeGreaterThan(2);
    expect(fused.loss).toBeCloseTo(ref.loss, 5);
    const maxDiff = ref.grad.reduce((m, g, i) => Math.max(m, Math.abs(g - fused.grad[i])), 0);
    expect(maxDiff).toBeLessThan(1e-5);
    tf.dispose([x, y]);
  });
});
