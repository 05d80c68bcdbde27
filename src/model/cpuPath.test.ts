// The CPU path (kernels: 'cpu': plain matMuls, our WebAssembly attention and LayerNorm, GELU
// through a sigmoid) is the reference's equations in other forms: on the tfjs CPU backend and on
// WASM, where it is the default, its loss and every gradient equal the reference's; also where
// the kernels cannot serve the shapes (C or the head size not a multiple of 4) and it falls back
// to tf ops with q/k/v from slices of the weight.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { createGPT, lossFn } from './gpt';
import { createRng } from '../data/rng';

const kernelShapes = { vocabSize: 16, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 32 };
const fallbackShapes = { ...kernelShapes, nEmbd: 6 }; // head size 3, C 6: no 4-wide vectors

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Loss and the gradient of every parameter, by GPT-2 name. */
async function lossAndGrads(backend: string, kernels: 'reference' | 'cpu', config: typeof kernelShapes) {
  const embedding = backend === 'wasm' ? 'onehot' : 'gather';
  const model = createGPT(config, createRng(3), { embedding, kernels });
  const x = tf.tensor2d(
    [
      [1, 2, 3, 4, 5, 6, 7, 8],
      [9, 10, 11, 12, 13, 14, 15, 0],
    ],
    [2, 8],
    'int32',
  );
  const y = tf.tensor2d(
    [
      [2, 3, 4, 5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14, 15, 0, 1],
    ],
    [2, 8],
    'int32',
  );
  const names = Object.keys(model.params);
  const { value, grads } = tf.variableGrads(
    () => lossFn(model, x, y),
    names.map((n) => model.params[n]),
  );
  const loss = (await value.data())[0];
  const byName: Record<string, Float32Array> = {};
  for (const n of names) byName[n] = (await grads[model.params[n].name].data()) as Float32Array;
  tf.dispose([value, x, y, ...Object.values(grads)]);
  model.dispose();
  return { loss, grads: byName };
}

describe.each(['cpu', 'wasm'])('the CPU path on the %s backend', (backend) => {
  it.each([
    ['its kernels', kernelShapes],
    ['the fallback', fallbackShapes],
  ] as const)('gives the reference loss and gradients with %s', async (_, config) => {
    await tf.setBackend(backend);
    const ref = await lossAndGrads(backend, 'reference', config);
    const cpu = await lossAndGrads(backend, 'cpu', config);
    expect(ref.loss).toBeGreaterThan(2);
    expect(Math.abs(cpu.loss - ref.loss)).toBeLessThan(1e-5);
    expect(Object.keys(cpu.grads)).toEqual(Object.keys(ref.grads));
    for (const [name, g] of Object.entries(ref.grads)) {
      const maxDiff = g.reduce((m, v, i) => Math.max(m, Math.abs(v - cpu.grads[name][i])), 0);
      expect(maxDiff, name).toBeLessThan(1e-5);
    }
  });
});
