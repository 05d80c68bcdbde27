// Each fused op against its op-by-op formulation on the CPU backend: the same value, and the
// hand-written backward equal to tfjs's autodiff of the reference within 1e-5.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerNormFused } from './layerNorm';
import { layerNormWasm } from './layerNormWasm';
import { geluFused, geluReference } from './gelu';
import { causalAttentionFused } from './attention';
import { causalAttentionWasm } from './attentionWasm';
import { crossEntropyFused } from './crossEntropy';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Seeded N(0, scale²) values (the CPU backend's generator is deterministic for a seed). */
const randn = (shape: number[], seed: number, scale = 1): tf.Tensor => tf.randomNormal(shape, 0, scale, 'float32', seed);

/** Largest |a − b| over two tensors of one shape. */
function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/** Value and grads of sum(f(...xs) · weights), fused and reference, compared. */
function expectSame(fused: (...xs: tf.Tensor[]) => tf.Tensor, reference: (...xs: tf.Tensor[]) => tf.Tensor, xs: tf.Tensor[]): void {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const w = randn(fused(...xs).shape, 99);
    const run = (f: (...xs: tf.Tensor[]) => tf.Tensor) => tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(...a), w)))(xs);
    expect(maxDiff(fused(...xs), reference(...xs))).toBeLessThan(1e-5);
    const [gf, gr] = [run(fused), run(reference)];
    gf.forEach((g, i) => expect(maxDiff(g, gr[i])).toBeLessThan(1e-5));
  });
  expect(tf.memory().numTensors).toBe(before);
}

describe('fused ops match their reference on the CPU', () => {
  const layerNorms = { 'tf ops off WebGPU': layerNormFused, 'the WebAssembly SIMD kernel': layerNormWasm };
  for (const [name, layerNorm] of Object.entries(layerNorms)) {
    it(`LayerNorm (${name}): value and grads in x, gain and bias`, () => {
      const x = randn([6, 8], 1, 3);
      const w = randn([8], 2);
      const b = randn([8], 3);
      const reference = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
        const { mean, variance } = tf.moments(x, -1, true);
        return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), w), b);
      };
      expectSame((x, w, b) => layerNorm(x as tf.Tensor2D, w as tf.Tensor1D, b as tf.Tensor1D, 1e-5), reference, [x, w, b]);
      tf.dispose([x, w, b]);
    });
  }

  it('GELU: value and grad', () => {
    const x = randn([5, 7], 4, 3);
    expectSame(geluFused, geluReference, [x]);
    x.dispose();
  });

  /** Op-by-op causal attention of qkv [B·T, 3C] → [B·T, C]. */
  const attentionReference = (B: number, T: number, nh: number, C: number) => (x: tf.Tensor) => {
    const [q, k, v] = tf.split(x, 3, 1).map((t) => tf.transpose(tf.reshape(t, [B, T, nh, C / nh]), [0, 2, 1, 3]));
    const mask = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9);
    const att = tf.softmax(tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(C / nh)), mask), -1);
    return tf.reshape(tf.transpose(tf.matMul(att, v), [0, 2, 1, 3]), [B * T, C]);
  };

  const attentionKernels = { 'tf ops off WebGPU': causalAttentionFused, 'the WebAssembly SIMD kernel': causalAttentionWasm };
  for (const [name, attention] of Object.entries(attentionKernels)) {
    it(`causal attention from qkv (${name}): value and grad; no query sees a later key`, () => {
      const [B, T, nh, C] = [2, 5, 2, 8];
      const qkv = randn([B * T, 3 * C], 5, 2);
      expectSame((x) => attention(x as tf.Tensor2D, B, T, nh), attentionReference(B, T, nh, C), [qkv]);
      // changing the last position's k and v leaves every earlier output alone
      const later = tf.tidy(() => tf.add(qkv, tf.mul(tf.oneHot([T - 1], B * T, 1, 0, 'float32').reshape([B * T, 1]), 5)));
      const [a, b] = [attention(qkv as tf.Tensor2D, B, T, nh), attention(later as tf.Tensor2D, B, T, nh)];
      expect(maxDiff(tf.slice(a, [0, 0], [T - 1, C]), tf.slice(b, [0, 0], [T - 1, C]))).toBe(0);
      expect(maxDiff(a, b)).toBeGreaterThan(1e-3);
      tf.dispose([qkv, later, a, b]);
    });
  }

  it('the WebAssembly attention kernel at a model-like shape (3 heads of 12, T 16)', () => {
    const [B, T, nh, C] = [3, 16, 3, 36];
    const qkv = randn([B * T, 3 * C], 7, 1.5);
    expectSame((x) => causalAttentionWasm(x as tf.Tensor2D, B, T, nh), attentionReference(B, T, nh, C), [qkv]);
    qkv.dispose();
  });

  it('cross-entropy: value and grad, as one-hot · logSoftmax', () => {
    const logits = randn([6, 9], 6, 2);
    const targets = tf.tensor1d([0, 8, 3, 3, 5, 1], 'int32');
    const reference = (x: tf.Tensor) => tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(targets, 9, 1, 0, 'float32'), tf.logSoftmax(x, -1)), -1)));
    expectSame((x) => crossEntropyFused(x as tf.Tensor2D, targets), reference, [logits]);
    tf.dispose([logits, targets]);
  });
});
