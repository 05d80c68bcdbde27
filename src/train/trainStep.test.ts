// Train step: a tiny model overfits one batch; clipping; no leaked tensors.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW } from './adamw';
import { trainStep } from './trainStep';
import { createGPT } from '../model/gpt';
import { clipByGlobalNorm, globalNorm, opsFor, referenceOps, type Ops } from '../kernels/ops';
import { createRng } from '../data/rng';

const config = { vocabSize: 16, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 32 };
const adam = { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0 };

function batch(seed: number, B: number, T: number, V: number): [tf.Tensor2D, tf.Tensor2D] {
  const rng = createRng(seed);
  const tokens = Array.from({ length: B }, () => Array.from({ length: T + 1 }, () => rng.int(V)));
  const x = tf.tensor2d(
    tokens.map((r) => r.slice(0, T)),
    [B, T],
    'int32',
  );
  const y = tf.tensor2d(
    tokens.map((r) => r.slice(1)),
    [B, T],
    'int32',
  );
  return [x, y];
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('trainStep', () => {
  it('overfits one fixed batch to loss < 0.2 within 300 steps', async () => {
    const model = createGPT(config, createRng(1));
    const opt = new AdamW(model.params, adam);
    const [x, y] = batch(2, 4, 8, config.vocabSize);
    let last = Infinity;
    let steps = 0;
    for (; steps < 300 && last >= 0.2; steps++) {
      const loss = trainStep(model, opt, x, y, 1e-2, 1.0);
      if (steps % 10 === 9) last = (await loss.data())[0];
      loss.dispose();
    }
    expect(last).toBeLessThan(0.2);
    expect(opt.stepCount).toBe(steps);
    tf.dispose([x, y]);
    opt.dispose();
    model.dispose();
  });

  it('leaves the tensor count unchanged once the loss is disposed', async () => {
    const model = createGPT(config, createRng(3));
    const opt = new AdamW(model.params, { ...adam, weightDecay: 0.1 }, model.ops);
    const [x, y] = batch(4, 2, 8, config.vocabSize);
    const before = tf.memory().numTensors;
    for (const clip of [1.0, 0]) {
      const loss = trainStep(model, opt, x, y, 1e-3, clip);
      expect(loss.shape).toEqual([]);
      expect(Number.isFinite((await loss.data())[0])).toBe(true);
      loss.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    tf.dispose([x, y]);
    opt.dispose();
    model.dispose();
  });

  it('trains the same with one-hot and gather embeddings (the WASM path)', async () => {
    const losses = async (embedding: 'gather' | 'onehot') => {
      const model = createGPT(config, createRng(5), { ops: referenceOps(embedding) });
      const opt = new AdamW(model.params, { ...adam, weightDecay: 0.1 });
      const [x, y] = batch(6, 2, 8, config.vocabSize);
      const out: number[] = [];
      for (let i = 0; i < 4; i++) {
        const loss = trainStep(model, opt, x, y, 1e-2, 1.0);
        out.push((await loss.data())[0]);
        loss.dispose();
      }
      tf.dispose([x, y]);
      opt.dispose();
      model.dispose();
      return out;
    };
    const g = await losses('gather');
    const o = await losses('onehot');
    expect(g[3]).toBeLessThan(g[0]);
    o.forEach((l, i) => expect(l).toBeCloseTo(g[i], 4));
  });

  it('clips by global norm only above maxNorm', async () => {
    const grads = [tf.tensor1d([3, 0]), tf.tensor2d([[0, 4]])]; // norm 5
    const norm = globalNorm(grads);
    expect((await norm.data())[0]).toBeCloseTo(5, 5);
    const clipped = clipByGlobalNorm(grads, 1);
    expect(Array.from(await clipped.grads[0].data())[0]).toBeCloseTo(0.6, 5);
    expect(Array.from(await clipped.grads[1].data())[1]).toBeCloseTo(0.8, 5);
    const loose = clipByGlobalNorm(grads, 10);
    expect(Array.from(await loose.grads[1].data())[1]).toBeCloseTo(4, 5);
    tf.dispose([norm, clipped.norm, loose.norm, ...grads, ...clipped.grads, ...loose.grads]);
  });
});

describe("the WebAssembly kernels' step against the reference step (4 steps; the parity suite has the rest)", () => {
  const opsOf = { reference: referenceOps(), wasm: opsFor('cpu', 'fused') };
  /** Losses of 4 steps and the weights after them, for one implementation, same seed and data. */
  async function run(ops: Ops, poisonAt = -1) {
    const model = createGPT({ ...config, nLayer: 2 }, createRng(7), { ops });
    const opt = new AdamW(model.params, { ...adam, weightDecay: 0.1 }, ops);
    const [x, y] = batch(8, 3, 8, config.vocabSize);
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const loss = trainStep(model, opt, x, y, 1e-2, i % 2 === 0 ? 0.05 : 0, i === poisonAt); // clipping binds on even steps
      losses.push((await loss.data())[0]);
      loss.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    const weights = Object.fromEntries(await Promise.all(Object.entries(model.params).map(async ([n, v]) => [n, await v.data()] as const)));
    const state = await opt.save();
    tf.dispose([x, y]);
    opt.dispose();
    model.dispose();
    return { losses, weights, state };
  }

  it('gives the same losses, weights and moments within 1e-4, and leaks nothing', async () => {
    const [ref, fused] = [await run(opsOf.reference), await run(opsOf.wasm)];
    fused.losses.forEach((l, i) => expect(Math.abs(l - ref.losses[i])).toBeLessThan(1e-4));
    expect(fused.losses[3]).toBeLessThan(fused.losses[0]);
    for (const [name, w] of Object.entries(ref.weights)) {
      const f = fused.weights[name];
      for (let i = 0; i < w.length; i++) expect(Math.abs(f[i] - w[i])).toBeLessThan(1e-4);
      for (let i = 0; i < w.length; i++) expect(Math.abs(fused.state.m[name][i] - ref.state.m[name][i])).toBeLessThan(1e-6);
      for (let i = 0; i < w.length; i++) expect(Math.abs(fused.state.v[name][i] - ref.state.v[name][i])).toBeLessThan(1e-6);
    }
    expect(fused.state.step).toBe(4);
  });

  it('skips a non-finite step as the reference does: NaN loss, weights untouched', async () => {
    const [ref, fused] = [await run(opsOf.reference, 1), await run(opsOf.wasm, 1)];
    expect(Number.isNaN(fused.losses[1])).toBe(true);
    fused.losses.forEach((l, i) => i !== 1 && expect(Math.abs(l - ref.losses[i])).toBeLessThan(1e-4));
    for (const [name, w] of Object.entries(ref.weights)) expect(Math.abs(fused.weights[name][0] - w[0])).toBeLessThan(1e-4);
  });

  it('is deterministic for a seed', async () => {
    const [a, b] = [await run(opsOf.wasm), await run(opsOf.wasm)];
    expect(a.losses).toEqual(b.losses);
  });
});
