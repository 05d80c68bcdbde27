// Attention maps: the model's own softmax outputs. Rows sum to 1, zero above the diagonal, equal
// to a plain float64 recomputation of nanoGPT's attention from the weights, and reading them
// changes neither the logits nor the tensor count.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCharTokenizer } from '../data/charTokenizer';
import { createRng } from '../data/rng';
import { attentionIndex } from '../protocol/attention';
import { attentionMaps, attentionProbs } from './attentionMaps';
import type { GPTConfig } from './config';
import { createGPT, forward, type GPT } from './gpt';

const tokenizer = buildCharTokenizer('abcdefghijklmnopqrstuvwxyz .,\n');
const config: GPTConfig = { vocabSize: tokenizer.vocabSize, blockSize: 12, nLayer: 2, nHead: 2, nEmbd: 16 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A model whose weights are random enough (std 0.5) that attention is far from uniform. */
function sharpModel(seed: number): GPT {
  const model = createGPT(config, createRng(seed));
  const rng = createRng(seed + 100);
  for (const [name, v] of Object.entries(model.params)) {
    if (name.includes('ln_')) continue;
    v.assign(
      tf.tensor(
        Float32Array.from({ length: v.size }, () => 0.5 * rng.normal()),
        v.shape,
      ),
    );
  }
  return model;
}

type Matrix = number[][];
const zeros = (r: number, c: number): Matrix => Array.from({ length: r }, () => new Array<number>(c).fill(0));

/** x [N, in] @ W [in, out] + b, in float64. */
function linear(x: Matrix, w: Float32Array, b: Float32Array, out: number): Matrix {
  return x.map((row) => Array.from({ length: out }, (_, j) => row.reduce((s, xi, i) => s + xi * w[i * out + j], b[j])));
}

function layerNorm(x: Matrix, w: Float32Array, b: Float32Array): Matrix {
  return x.map((row) => {
    const mean = row.reduce((s, v) => s + v, 0) / row.length;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / row.length;
    return row.map((v, j) => ((v - mean) / Math.sqrt(variance + 1e-5)) * w[j] + b[j]);
  });
}

const gelu = (v: number): number => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));

/**
 * nanoGPT's forward, written out in float64 from the weights alone (no tfjs op), returning each
 * layer's attention probabilities [nLayer][nHead][T][T].
 */
function referenceAttention(model: GPT, ids: number[]): Matrix[][] {
  const p = (name: string) => model.params[name].dataSync() as Float32Array;
  const { nEmbd: C, nHead: nh, nLayer } = model.config;
  const hs = C / nh;
  const T = ids.length;
  const wte = p('wte.weight');
  const wpe = p('wpe.weight');
  let x: Matrix = ids.map((id, t) => Array.from({ length: C }, (_, c) => wte[id * C + c] + wpe[t * C + c]));
  const maps: Matrix[][] = [];
  for (let l = 0; l < nLayer; l++) {
    const h = `h.${l}`;
    const qkv = linear(
      layerNorm(x, p(`${h}.ln_1.weight`), p(`${h}.ln_1.bias`)),
      p(`${h}.attn.c_attn.weight`),
      p(`${h}.attn.c_attn.bias`),
      3 * C,
    );
    const y = zeros(T, C);
    maps[l] = [];
    for (let head = 0; head < nh; head++) {
      const att = zeros(T, T);
      for (let i = 0; i < T; i++) {
        const scores = Array.from({ length: i + 1 }, (_, j) => {
          let s = 0;
          for (let d = 0; d < hs; d++) s += qkv[i][head * hs + d] * qkv[j][C + head * hs + d];
          return s / Math.sqrt(hs);
        });
        const max = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - max));
        const total = exps.reduce((a, b) => a + b, 0);
        exps.forEach((e, j) => (att[i][j] = e / total));
        for (let d = 0; d < hs; d++) {
          for (let j = 0; j <= i; j++) y[i][head * hs + d] += att[i][j] * qkv[j][2 * C + head * hs + d];
        }
      }
      maps[l][head] = att;
    }
    const proj = linear(y, p(`${h}.attn.c_proj.weight`), p(`${h}.attn.c_proj.bias`), C);
    x = x.map((row, i) => row.map((v, c) => v + proj[i][c]));
    const hidden = linear(
      layerNorm(x, p(`${h}.ln_2.weight`), p(`${h}.ln_2.bias`)),
      p(`${h}.mlp.c_fc.weight`),
      p(`${h}.mlp.c_fc.bias`),
      4 * C,
    ).map((r) => r.map(gelu));
    const mlp = linear(hidden, p(`${h}.mlp.c_proj.weight`), p(`${h}.mlp.c_proj.bias`), C);
    x = x.map((row, i) => row.map((v, c) => v + mlp[i][c]));
  }
  return maps;
}

describe('attentionProbs', () => {
  const ids = [3, 1, 4, 1, 5, 9, 2, 6, 5];

  it('has rows summing to 1 within 1e-5 and exactly 0 above the diagonal', () => {
    const model = sharpModel(1);
    const probs = attentionProbs(model, ids);
    expect(probs.shape).toEqual([2, 2, ids.length, ids.length]);
    const a = probs.arraySync();
    for (const layer of a)
      for (const head of layer)
        head.forEach((row, i) => {
          expect(Math.abs(row.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-5);
          row.forEach((v, j) => (j > i ? expect(v).toBe(0) : expect(v).toBeGreaterThan(0)));
        });
    probs.dispose();
    model.dispose();
  });

  it('equals a float64 recomputation of nanoGPT attention from the weights', () => {
    const model = sharpModel(2);
    const probs = attentionProbs(model, ids);
    const got = probs.arraySync();
    const want = referenceAttention(model, ids);
    let largest = 0;
    got.forEach((layer, l) =>
      layer.forEach((head, h) =>
        head.forEach((row, i) =>
          row.forEach((v, j) => {
            largest = Math.max(largest, Math.abs(v - want[l][h][i][j]));
          }),
        ),
      ),
    );
    expect(largest).toBeLessThan(1e-5);
    // The weights are sharp enough that a uniform map would fail: some head is far from 1/(i+1).
    const lastRow = got[1][0][ids.length - 1];
    expect(Math.max(...lastRow)).toBeGreaterThan(2 / ids.length);
    probs.dispose();
    model.dispose();
  });

  it('is the same whatever follows in the padded pass, and leaves logits and tensors as they were', () => {
    const model = sharpModel(3);
    const before = tf.memory().numTensors;
    const a = attentionProbs(model, ids);
    const b = attentionProbs(model, [...ids, 7, 7]);
    const corner = tf.slice(b, [0, 0, 0, 0], a.shape); // [nLayer, nHead, T, T] of the longer pass
    expect(corner.arraySync()).toEqual(a.arraySync());
    tf.dispose([a, b, corner]);
    expect(tf.memory().numTensors).toBe(before);
    const idx = tf.tensor2d([ids], [1, ids.length], 'int32');
    const plain = forward(model, idx);
    const tapped = forward(model, idx, () => undefined);
    expect(tapped.arraySync()).toEqual(plain.arraySync());
    tf.dispose([idx, plain, tapped]);
    model.dispose();
  });

  it('refuses no tokens or more than the context', () => {
    const model = sharpModel(4);
    expect(() => attentionProbs(model, [])).toThrow(/1\.\.12 tokens/);
    expect(() => attentionProbs(model, new Array<number>(13).fill(0))).toThrow(/got 13/);
    model.dispose();
  });
});

describe('attentionMaps', () => {
  it('reads the last tokens of a text, names skipped characters, and frees every tensor', async () => {
    const model = sharpModel(5);
    const before = tf.memory().numTensors;
    const maps = await attentionMaps(model, tokenizer, 'call me ishmael. Some years ago', 8);
    expect(tf.memory().numTensors).toBe(before);
    expect(maps.tokens).toEqual(['y', 'e', 'a', 'r', 's', '␣', 'a', 'g', 'o'].slice(-8));
    expect(maps.cropped).toBe(true);
    expect(maps.notices[0]).toMatch(/'S'.*skipped/);
    expect(maps.probs.length).toBe(2 * 2 * 8 * 8);
    // Row 0 attends only to itself.
    expect(maps.probs[attentionIndex(maps, 1, 1, 0, 0)]).toBeCloseTo(1, 6);
    model.dispose();
  });

  it('keeps a short text whole and says so', async () => {
    const model = sharpModel(6);
    const maps = await attentionMaps(model, tokenizer, 'abc');
    expect(maps.tokens).toEqual(['a', 'b', 'c']);
    expect(maps.cropped).toBeUndefined();
    expect(maps.notices).toEqual([]);
    model.dispose();
  });

  it('says what to do with a text the model has no token for', async () => {
    const model = sharpModel(7);
    await expect(attentionMaps(model, tokenizer, '')).rejects.toThrow(/empty.*Type some text/);
    await expect(attentionMaps(model, tokenizer, 'XYZ')).rejects.toThrow(/skipped.*Type some text/);
    model.dispose();
  });
});
