// The WebGPU implementation of Ops: our WGSL programs with hand-written backward passes where
// they cut dispatches (LayerNorm, GELU, attention straight from qkv, cross-entropy, AdamW with
// clipping over every parameter in a few dispatches), tfjs's own for the rest (matMuls, the
// embedding). Only on tfjs's WebGPU backend: each program throws elsewhere. Tested against the
// reference on WebGPU itself, in Node through Dawn (train/parity*.ts).
import * as tf from '@tensorflow/tfjs';
import type { Ops } from '../ops';
import { causalAttention, LN_EPS, referenceOps } from '../reference/ops';
import { layerNormFused } from './layerNorm';
import { geluFused } from './gelu';
import { causalAttentionFused } from './attention';
import { crossEntropyFused } from './crossEntropy';
import { webgpuOptimizer } from './adamw';

const reference = referenceOps('gather');

export const webgpuOps: Ops = {
  name: 'webgpu',
  label: 'WebGPU kernels',
  embed: reference.embed, // [N, C]
  linear: (x, w, b) => tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b }) as tf.Tensor2D, // [N, out], bias in the product's program
  layerNorm: (x, w, b) => layerNormFused(x as tf.Tensor2D, w as tf.Tensor1D, b as tf.Tensor1D, LN_EPS),
  gelu: geluFused,
  // the probabilities are never formed here: a caller that wants them gets the reference
  causalAttention: (qkv, a) => (a.onProbs ? causalAttention(qkv, a) : causalAttentionFused(qkv as tf.Tensor2D, a.B, a.T, a.nHead)),
  head: reference.head, // [N, V]
  crossEntropy: crossEntropyFused,
  optimizer: webgpuOptimizer,
};
