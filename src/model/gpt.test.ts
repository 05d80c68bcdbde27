// GPT forward pass: shapes, parameters, init, loss at init ≈ ln(V), causality, per-position losses.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { countParams } from './config';
import type { GPTConfig } from './config';
import { createGPT, forward, lossFn, positionLosses } from './gpt';
import { referenceOps } from '../kernels/ops';
import { createRng } from '../data/rng';

const config: GPTConfig = { vocabSize: 65, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 32 };

/** Seeded random token ids [B, T] int32. */
function randomTokens(seed: number, B: number, T: number, V: number): tf.Tensor2D {
  const rng = createRng(seed);
  return tf.tensor2d(
    Int32Array.from({ length: B * T }, () => rng.int(V)),
    [B, T],
    'int32',
  );
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createGPT', () => {
  it('has GPT-2 names and shapes, totalling countParams', () => {
    const model = createGPT(config, createRng(1));
    const C = config.nEmbd;
    expect(model.params['wte.weight'].shape).toEqual([65, C]);
    expect(model.params['wpe.weight'].shape).toEqual([16, C]);
    expect(model.params['h.1.attn.c_attn.weight'].shape).toEqual([C, 3 * C]);
    expect(model.params['h.1.attn.c_attn.bias'].shape).toEqual([3 * C]);
    expect(model.params['h.0.mlp.c_fc.weight'].shape).toEqual([C, 4 * C]);
    expect(model.params['h.0.mlp.c_proj.weight'].shape).toEqual([4 * C, C]);
    expect(model.params['ln_f.bias'].shape).toEqual([C]);
    expect(Object.keys(model.params)).toHaveLength(2 + 12 * config.nLayer + 2);
    const total = Object.values(model.params).reduce((n, v) => n + v.size, 0);
    expect(total).toBe(countParams(config));
    model.dispose();
  });

  it('gives identical weights for the same seed, different for another', () => {
    const a = createGPT(config, createRng(7));
    const b = createGPT(config, createRng(7));
    const c = createGPT(config, createRng(8));
    for (const name of Object.keys(a.params)) {
      expect(a.params[name].dataSync()).toEqual(b.params[name].dataSync());
    }
    expect(a.params['wte.weight'].dataSync()).not.toEqual(c.params['wte.weight'].dataSync());
    [a, b, c].forEach((m) => m.dispose());
  });

  it('follows GPT-2 init: std 0.02, scaled residual projections, LN 1/0, biases 0', () => {
    const model = createGPT({ ...config, nEmbd: 64 }, createRng(3));
    const std = (name: string) => {
      const d = Array.from(model.params[name].dataSync());
      const mean = d.reduce((s, x) => s + x, 0) / d.length;
      return Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / d.length);
    };
    expect(std('h.0.mlp.c_fc.weight')).toBeCloseTo(0.02, 3);
    expect(std('h.0.mlp.c_proj.weight')).toBeCloseTo(0.02 / Math.sqrt(2 * config.nLayer), 3);
    expect(Array.from(model.params['h.0.ln_1.weight'].dataSync()).every((x) => x === 1)).toBe(true);
    expect(Array.from(model.params['h.0.attn.c_attn.bias'].dataSync()).every((x) => x === 0)).toBe(true);
    model.dispose();
  });

  it('throws on an invalid config with what is wrong', () => {
    expect(() => createGPT({ ...config, nHead: 3 }, createRng(1))).toThrow(/divisible by the number of heads/);
    expect(() => createGPT({ ...config, nLayer: 0 }, createRng(1))).toThrow(/nLayer/);
  });

  it('frees every tensor on dispose', () => {
    const before = tf.memory().numTensors;
    createGPT(config, createRng(1)).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('forward', () => {
  it('maps [B, T] to logits [B, T, V] for any T up to blockSize', () => {
    const model = createGPT(config, createRng(1));
    for (const T of [1, 5, 16]) {
      const idx = randomTokens(T, 3, T, config.vocabSize);
      const logits = forward(model, idx);
      expect(logits.shape).toEqual([3, T, config.vocabSize]);
      tf.dispose([idx, logits]);
    }
    const tooLong = randomTokens(1, 1, 17, config.vocabSize);
    expect(() => forward(model, tooLong)).toThrow(/blockSize/);
    tooLong.dispose();
    model.dispose();
  });

  it('starts at loss ≈ ln(V): uniform guessing', async () => {
    const model = createGPT(config, createRng(2));
    const x = randomTokens(10, 8, 16, config.vocabSize);
    const y = randomTokens(11, 8, 16, config.vocabSize);
    const loss = lossFn(model, x, y);
    expect(loss.shape).toEqual([]);
    const [value] = await loss.data();
    expect(Math.abs(value - Math.log(config.vocabSize))).toBeLessThan(0.15);
    tf.dispose([x, y, loss]);
    model.dispose();
  });

  it('is causal: changing tokens after t leaves logits at ≤ t unchanged', async () => {
    const model = createGPT(config, createRng(3));
    const rng = createRng(5);
    const T = config.blockSize;
    const a = Array.from({ length: 2 * T }, () => rng.int(config.vocabSize));
    const t = 6;
    const b = a.map((tok, i) => (i % T > t ? (tok + 1 + rng.int(config.vocabSize - 1)) % config.vocabSize : tok));
    const xa = tf.tensor2d(a, [2, T], 'int32');
    const xb = tf.tensor2d(b, [2, T], 'int32');
    const la = forward(model, xa);
    const lb = forward(model, xb);
    const da = (await la.array()) as number[][][];
    const db = (await lb.array()) as number[][][];
    let maxDiffPast = 0;
    let maxDiffFuture = 0;
    for (let r = 0; r < 2; r++) {
      for (let i = 0; i < T; i++) {
        for (let v = 0; v < config.vocabSize; v++) {
          const d = Math.abs(da[r][i][v] - db[r][i][v]);
          if (i <= t) maxDiffPast = Math.max(maxDiffPast, d);
          else maxDiffFuture = Math.max(maxDiffFuture, d);
        }
      }
    }
    expect(maxDiffPast).toBeLessThan(1e-5);
    expect(maxDiffFuture).toBeGreaterThan(1e-4); // the change did reach the later positions
    tf.dispose([xa, xb, la, lb]);
    model.dispose();
  });

  it('gives the same logits with one-hot and gather embeddings', async () => {
    const gather = createGPT(config, createRng(4));
    const onehot = createGPT(config, createRng(4), { ops: referenceOps('onehot') });
    expect(gather.ops).toBe(referenceOps('gather'));
    const idx = randomTokens(6, 2, 10, config.vocabSize);
    const lg = forward(gather, idx);
    const lo = forward(onehot, idx);
    const diff = tf.max(tf.abs(tf.sub(lg, lo)));
    expect((await diff.data())[0]).toBeLessThan(1e-5);
    tf.dispose([idx, lg, lo, diff]);
    gather.dispose();
    onehot.dispose();
  });
});

describe('positionLosses', () => {
  it('gives one loss per position whose mean is lossFn, and leaks nothing', async () => {
    const model = createGPT(config, createRng(8));
    const x = randomTokens(9, 3, config.blockSize, config.vocabSize);
    const y = randomTokens(10, 3, config.blockSize, config.vocabSize);
    const before = tf.memory().numTensors;
    const perPosition = positionLosses(model, x, y);
    const loss = lossFn(model, x, y);
    expect(perPosition.shape).toEqual([config.blockSize]);
    const losses = (await perPosition.data()) as Float32Array;
    const mean = losses.reduce((a, b) => a + b, 0) / losses.length;
    expect(Math.abs(mean - (await loss.data())[0])).toBeLessThan(1e-6);
    tf.dispose([perPosition, loss]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('is, at each position, the batch mean of the cross-entropy', async () => {
    const model = createGPT(config, createRng(11));
    const T = 5;
    const x = randomTokens(12, 2, T, config.vocabSize);
    const y = randomTokens(13, 2, T, config.vocabSize);
    const losses = positionLosses(model, x, y);
    const logits = forward(model, x);
    const [got, rows, targets] = [await losses.data(), (await logits.array()) as number[][][], (await y.array()) as number[][]];
    for (let t = 0; t < T; t++) {
      let sum = 0;
      for (let b = 0; b < 2; b++) {
        const row = rows[b][t];
        const max = Math.max(...row);
        const logZ = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
        sum += logZ - row[targets[b][t]];
      }
      expect(got[t]).toBeCloseTo(sum / 2, 5);
    }
    tf.dispose([x, y, losses, logits]);
    model.dispose();
  });
});
