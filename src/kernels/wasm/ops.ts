// The WebAssembly implementation of Ops, for tfjs's WASM and CPU backends: the reference's
// equations in forms that are fast on a CPU. Causal attention and LayerNorm are our WebAssembly
// SIMD kernels (attention.ts, layerNorm.ts; where a width or head size is not a multiple of 4 they
// run the reference), linears, the embedding and the head are matMuls whose backward passes never
// set a transpose flag (plainMatMul.ts: those flags are 11–23× slower on WASM), GELU goes through
// a sigmoid, and clipping with AdamW is one WebAssembly pass per parameter (adamw.ts).
import * as tf from '@tensorflow/tfjs';
import type { Ops } from '../ops';
import { causalAttention, layerNorm, LN_EPS, referenceOps, type Embedding } from '../reference/ops';
import { attentionWasmServes, causalAttentionWasm } from './attention';
import { layerNormWasm, layerNormWasmServes } from './layerNorm';
import { linearPlain, oneHotTimesPlain, timesTransposedPlain } from './plainMatMul';
import { wasmOptimizer } from './adamw';

const GELU_2K = 2 * Math.sqrt(2 / Math.PI);

function build(embedding: Embedding): Ops {
  const reference = referenceOps(embedding);
  return {
    name: 'wasm',
    label: 'WebAssembly kernels',
    embed: (ids, wte) =>
      embedding === 'gather'
        ? reference.embed(ids, wte)
        : oneHotTimesPlain(tf.cast(tf.oneHot(ids, wte.shape[0] as number), 'float32'), wte), // [N, V] @ [V, C]
    linear: linearPlain, // [N, out]
    layerNorm: (x, w, b) =>
      layerNormWasmServes(x.shape[1] as number)
        ? layerNormWasm(x as tf.Tensor2D, w as tf.Tensor1D, b as tf.Tensor1D, LN_EPS)
        : layerNorm(x, w, b),
    // ½x(1 + tanh u) = x·σ(2u): WASM's Sigmoid is vectorised, its Tanh and Pow are not
    gelu: (x) => tf.mul(x, tf.sigmoid(tf.mul(GELU_2K, tf.add(x, tf.mul(0.044715, tf.mul(x, tf.square(x))))))),
    causalAttention: (qkv, a) =>
      !a.onProbs && attentionWasmServes((qkv.shape[1] as number) / 3 / a.nHead)
        ? causalAttentionWasm(qkv as tf.Tensor2D, a.B, a.T, a.nHead)
        : causalAttention(qkv, a),
    head: timesTransposedPlain, // [N, C] @ [C, V]
    crossEntropy: reference.crossEntropy,
    optimizer: wasmOptimizer,
  };
}

const BY_EMBEDDING: Record<Embedding, Ops> = { gather: build('gather'), onehot: build('onehot') };

/** The WebAssembly ops; `embedding` 'onehot' on WASM, whose tf.gather has no gradient. */
export const wasmOps = (embedding: Embedding = 'gather'): Ops => BY_EMBEDDING[embedding];
