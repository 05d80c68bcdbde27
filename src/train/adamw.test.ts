// AdamW: decoupled weight decay on matrices only; matches a hand-computed Adam step; save and
// restore continue exactly; the WebAssembly optimizer's own cases (padding, float32 overflow).
// Every implementation against the reference: train/paritySuite.ts.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW, isDecayed } from './adamw';
import { opsFor } from '../kernels/ops';
import { createGPT } from '../model/gpt';
import { createRng } from '../data/rng';

const config = { vocabSize: 11, blockSize: 4, nLayer: 1, nHead: 2, nEmbd: 8 };
const cfg = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('AdamW', () => {
  it('decays matrices only, by name', () => {
    const model = createGPT(config, createRng(1));
    const decayed = Object.keys(model.params).filter((n) => isDecayed(n, model.params[n]));
    expect(decayed.sort()).toEqual(
      [
        'wte.weight',
        'wpe.weight',
        'h.0.attn.c_attn.weight',
        'h.0.attn.c_proj.weight',
        'h.0.mlp.c_fc.weight',
        'h.0.mlp.c_proj.weight',
      ].sort(),
    );
    model.dispose();
  });

  it('with zero grads shrinks matrices by (1 − lr·wd) and leaves gains and biases alone', () => {
    const model = createGPT(config, createRng(2));
    // non-zero biases and gains, so "unchanged" would show a decay
    for (const v of Object.values(model.params)) {
      if (v.rank === 1) tf.tidy(() => v.assign(tf.fill(v.shape, 0.5)));
    }
    const before = Object.fromEntries(Object.entries(model.params).map(([n, v]) => [n, v.dataSync().slice()]));
    const opt = new AdamW(model.params, cfg);
    const grads = Object.fromEntries(Object.entries(model.params).map(([n, v]) => [n, tf.zerosLike(v)]));
    const lr = 0.01;
    tf.dispose(opt.update(grads, tf.scalar(1), lr, 0));
    expect(opt.stepCount).toBe(1);
    for (const [name, v] of Object.entries(model.params)) {
      const after = v.dataSync();
      const factor = isDecayed(name, v) ? 1 - lr * cfg.weightDecay : 1;
      for (let i = 0; i < after.length; i++) expect(after[i]).toBeCloseTo(before[name][i] * factor, 7);
    }
    expect(model.params['h.0.ln_1.weight'].dataSync()[0]).toBe(0.5);
    expect(model.params['h.0.mlp.c_fc.bias'].dataSync()[0]).toBe(0.5);
    tf.dispose(Object.values(grads));
    opt.dispose();
    model.dispose();
  });

  it('matches torch.optim.AdamW over two steps on one weight', () => {
    const model = createGPT(config, createRng(3));
    const name = 'h.0.mlp.c_fc.weight';
    const p0 = model.params[name].dataSync()[0];
    const opt = new AdamW(model.params, cfg);
    const lr = 0.1;
    const gs = [0.5, -0.2];
    let p = p0;
    let m = 0;
    let v = 0;
    for (let t = 1; t <= 2; t++) {
      const g = gs[t - 1];
      tf.tidy(() => {
        const grads = Object.fromEntries(
          Object.entries(model.params).map(([n, v]) => [n, n === name ? tf.fill(v.shape, g) : tf.zerosLike(v)]),
        );
        opt.update(grads, tf.scalar(1), lr, 0);
      });
      p *= 1 - lr * cfg.weightDecay;
      m = cfg.beta1 * m + (1 - cfg.beta1) * g;
      v = cfg.beta2 * v + (1 - cfg.beta2) * g * g;
      const denom = Math.sqrt(v) / Math.sqrt(1 - cfg.beta2 ** t) + cfg.eps;
      p -= (lr / (1 - cfg.beta1 ** t)) * (m / denom);
    }
    expect(model.params[name].dataSync()[0]).toBeCloseTo(p, 6);
    opt.dispose();
    model.dispose();
  });

  it('leaks no tensors per step and frees its moments on dispose', () => {
    const model = createGPT(config, createRng(4));
    const start = tf.memory().numTensors;
    const opt = new AdamW(model.params, cfg);
    const grads = Object.fromEntries(Object.entries(model.params).map(([n, v]) => [n, tf.onesLike(v)]));
    const loss = tf.scalar(1);
    const before = tf.memory().numTensors;
    tf.dispose(opt.update(grads, loss, 1e-3, 1));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([loss, ...Object.values(grads)]);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(start);
    model.dispose();
  });

  it.each(['webgl', 'cpu'] as const)("continues exactly after save and restore (the %s backend's ops)", async (backend) => {
    const ops = opsFor(backend, 'fused');
    const grads = (model: ReturnType<typeof createGPT>, seed: number) =>
      Object.fromEntries(Object.entries(model.params).map(([n, v], i) => [n, tf.randomNormal(v.shape, 0, 1, 'float32', seed + i)]));
    // the same 3 updates: straight through, and 2 → saved → restored into a new AdamW → 1
    const [a, b] = [createGPT(config, createRng(5)), createGPT(config, createRng(5))];
    const [optA, optB] = [new AdamW(a.params, cfg, ops), new AdamW(b.params, cfg, ops)];
    const loss = tf.scalar(1);
    const count = tf.memory().numTensors;
    for (let step = 0; step < 2; step++) {
      const [ga, gb] = [grads(a, 1 + step * 100), grads(b, 1 + step * 100)];
      tf.dispose([optA.update(ga, loss, 0.01, 1), optB.update(gb, loss, 0.01, 1)]);
      expect(tf.memory().numTensors).toBe(count + 2 * Object.keys(ga).length);
      tf.dispose([...Object.values(ga), ...Object.values(gb)]);
    }
    const saved = await optB.save();
    optB.dispose();
    const optC = new AdamW(b.params, cfg, ops);
    optC.restore(saved);
    expect(optC.stepCount).toBe(2);
    const [ga, gc] = [grads(a, 300), grads(b, 300)];
    tf.dispose([optA.update(ga, loss, 0.01, 1), optC.update(gc, loss, 0.01, 1)]);
    for (const [n, v] of Object.entries(a.params)) expect(b.params[n].dataSync()).toEqual(v.dataSync());
    tf.dispose([...Object.values(ga), ...Object.values(gc), loss]);
    [optA, optC].forEach((o) => o.dispose());
    [a, b].forEach((m) => m.dispose());
  });
});

describe('AdamW in the WebAssembly kernel', () => {
  /** Two parameters of sizes that are not whole 4-float vectors, a matrix and a vector. */
  const makeParams = () => ({
    'a.weight': tf.variable(
      tf.tensor2d([
        [0.5, -1, 2],
        [0.25, 3, -0.75],
      ]),
    ),
    'a.bias': tf.variable(tf.tensor1d([1, -2, 0.5, 4, -0.1, 0.3, 2])),
  });
  const gradsOf = (scale: number) => ({
    'a.weight': tf
      .tensor2d([
        [0.3, -0.2, 0.1],
        [1.5, -0.4, 0.05],
      ])
      .mul(scale),
    'a.bias': tf.tensor1d([0.2, 0.1, -0.3, 0.7, 0.0, -1.1, 0.4]).mul(scale),
  });
  const values = (p: Record<string, tf.Variable>) => Object.values(p).map((v) => Array.from(v.dataSync()));

  it.each(['cpu', 'wasm'] as const)('clips and updates as the reference does, on sizes with padding (%s backend)', async (backend) => {
    await tf.setBackend(backend);
    const [ref, wasm] = [makeParams(), makeParams()];
    const [optRef, optWasm] = [new AdamW(ref, cfg), new AdamW(wasm, cfg, opsFor(backend, 'fused'))];
    for (let step = 0; step < 3; step++) {
      tf.tidy(() => {
        optRef.update(gradsOf(step + 1), tf.scalar(2), 0.01, 1);
        optWasm.update(gradsOf(step + 1), tf.scalar(2), 0.01, 1);
      });
    }
    const [a, b] = [values(ref), values(wasm)];
    a.forEach((row, i) => row.forEach((x, j) => expect(b[i][j]).toBeCloseTo(x, 6)));
    expect(optWasm.stepCount).toBe(3);
    tf.dispose([...Object.values(ref), ...Object.values(wasm)]);
    optRef.dispose();
    optWasm.dispose();
    await tf.setBackend('cpu');
  });

  it('skips as the reference does: a NaN loss, or a norm that overflows float32 although finite in float64', () => {
    const params = makeParams();
    const opt = new AdamW(params, cfg, opsFor('cpu', 'fused'));
    const before = values(params);
    for (const [scale, loss] of [
      [1, NaN],
      [1e19, 2],
    ]) {
      const out = tf.tidy(() => opt.update(gradsOf(scale), tf.scalar(loss), 0.01, 1));
      expect(Number.isNaN(out.dataSync()[0])).toBe(true);
      out.dispose();
    }
    expect(values(params)).toEqual(before);
    expect(opt.stepCount).toBe(2);
    tf.dispose(Object.values(params));
    opt.dispose();
  });
});
