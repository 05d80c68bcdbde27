// The shader warm-up off WebGPU, and the optimizer's uncounted pass it relies on. What it does on
// WebGPU (compile-only, its count on the page, nothing changed) needs a real GPU device: see
// e2e/warmup.spec.ts, which runs it on SwiftShader.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW } from './adamw';
import { warmUpShaders } from './shaderWarmup';
import { trainStep } from './trainStep';
import { createGPT } from '../model/gpt';
import { createRng } from '../data/rng';
import { fixedBatches } from '../data/dataset';

const config = { vocabSize: 12, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16 };
const adam = { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('warmUpShaders', () => {
  it('does nothing off WebGPU: no pass, no progress, every tensor and the step count as they were', async () => {
    const model = createGPT(config, createRng(1));
    const opt = new AdamW(model.params, adam, model.ops);
    const batches = fixedBatches(
      Int32Array.from({ length: 200 }, (_, i) => i % 12),
      2,
      2,
      8,
    );
    const before = tf.memory().numTensors;
    const progress: unknown[] = [];
    expect(await warmUpShaders(model, opt, batches, { lr: 1e-3, gradClip: 1, onProgress: (p) => progress.push(p) })).toBeNull();
    expect(progress).toEqual([]);
    expect(opt.stepCount).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    model.dispose();
  });
});

describe('AdamW.uncounted', () => {
  it('puts the step count back after its pass, also when the pass throws', () => {
    const model = createGPT(config, createRng(2));
    const opt = new AdamW(model.params, adam);
    const [x, y] = [tf.zeros([2, 8], 'int32') as tf.Tensor2D, tf.ones([2, 8], 'int32') as tf.Tensor2D];
    tf.dispose(trainStep(model, opt, x, y, 1e-3, 1));
    expect(opt.stepCount).toBe(1);
    // On the CPU nothing is compile-only: the update runs, only its count is put back.
    expect(opt.uncounted(() => (tf.dispose(trainStep(model, opt, x, y, 1e-3, 1)), opt.stepCount))).toBe(2);
    expect(opt.stepCount).toBe(1);
    expect(() =>
      opt.uncounted(() => {
        tf.dispose(trainStep(model, opt, x, y, 1e-3, 1));
        throw new Error('stopped');
      }),
    ).toThrow('stopped');
    expect(opt.stepCount).toBe(1);
    tf.dispose([x, y]);
    opt.dispose();
    model.dispose();
  });
});
