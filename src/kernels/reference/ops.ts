// The reference implementation of Ops: nanoGPT's equations (model.py), op by op in tf ops, written
// once. Autodiff gives every gradient. It is the truth the WebGPU and WebAssembly implementations
// are tested against (train/parity*.ts), and the path WebGL runs (the fastest measured there).
//   LayerNorm: x̂ = (x − μ)/√(σ² + 1e-5), y = x̂·γ + β        (μ, σ² over the last axis, as tf.moments)
//   GELU:      ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
//   attention: softmax(q·kᵀ/√hs + mask)·v, per (batch, head)
//   loss:      mean over rows of −log softmax(logits)[target]
import * as tf from '@tensorflow/tfjs';
import type { AttentionArgs, Ops } from '../ops';
import { referenceOptimizer } from './adamw';

export const LN_EPS = 1e-5;
const GELU_K = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;
/** Added to masked attention scores; exp() of it is exactly 0 in float32. */
export const MASK_VALUE = -1e9;

/** The additive causal mask [T, T]: 0 on and below the diagonal, MASK_VALUE above. */
export function causalMask(T: number): tf.Tensor2D {
  const values = new Float32Array(T * T);
  for (let r = 0; r < T; r++) for (let c = r + 1; c < T; c++) values[r * T + c] = MASK_VALUE;
  return tf.tensor2d(values, [T, T]);
}

/** LayerNorm of x [N, C] with gain w [C] and bias b [C] → [N, C]. */
export function layerNorm(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true); // [N, 1] each
  const xhat = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LN_EPS))); // [N, C]
  return tf.add(tf.mul(xhat, w), b) as tf.Tensor2D;
}

/** GELU, tanh approximation as in GPT-2. */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(GELU_K, tf.add(x, tf.mul(GELU_A, tf.pow(x, 3))));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}

/** Causal self-attention of qkv [B·T, 3C] → [B·T, C]: split, heads, masked softmax, merge. */
export function causalAttention(qkv: tf.Tensor, { B, T, nHead: nh, mask, onProbs }: AttentionArgs): tf.Tensor2D {
  const C = (qkv.shape[1] as number) / 3;
  const hs = C / nh;
  const [q, k, v] = tf.split(qkv, 3, 1).map(
    (t) => tf.transpose(tf.reshape(t, [B, T, nh, hs]), [0, 2, 1, 3]), // [B, nh, T, hs]
  );
  const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hs)), mask); // [B, nh, T, T]; the future masked
  const probs = tf.softmax(scores, -1) as tf.Tensor4D; // [B, nh, T, T]
  onProbs?.(probs);
  const y = tf.matMul(probs, v); // [B, nh, T, hs]
  return tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B * T, C]); // [B·T, C]
}

/** −log p(target) at every position: logits [..., V], targets [...] int32 → [...]. */
export function tokenLosses(logits: tf.Tensor, targets: tf.Tensor): tf.Tensor {
  const V = logits.shape[logits.rank - 1] as number;
  // One-hot × log-probs rather than gather: its gradient works on every backend. WASM's OneHot
  // writes int32 whatever dtype is asked for, hence the cast.
  const oneHot = tf.cast(tf.oneHot(targets, V), 'float32'); // [..., V]
  return tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits, -1)), -1)); // [...]
}

/** Token embeddings by gather (wte rows), or one-hot × wte where gather has no gradient (WASM). */
export type Embedding = 'gather' | 'onehot';

function build(embedding: Embedding): Ops {
  return {
    name: 'reference',
    label: 'reference ops',
    embed: (ids, wte) =>
      (embedding === 'gather'
        ? tf.gather(wte, ids) // [N, C]
        : tf.matMul(tf.cast(tf.oneHot(ids, wte.shape[0] as number), 'float32'), wte)) as tf.Tensor2D, // [N, V] @ [V, C]
    linear: (x, w, b) => tf.add(tf.matMul(x, w), b) as tf.Tensor2D, // [N, out]
    layerNorm,
    gelu,
    causalAttention,
    head: (x, wte) => tf.matMul(x, wte, false, true), // [N, C] @ [C, V]
    crossEntropy: (logits, targets) => tf.mean(tokenLosses(logits, targets)) as tf.Scalar,
    optimizer: referenceOptimizer,
  };
}

const BY_EMBEDDING: Record<Embedding, Ops> = { gather: build('gather'), onehot: build('onehot') };

/** The reference ops; `embedding` says how token ids become rows of wte (default gather). */
export const referenceOps = (embedding: Embedding = 'gather'): Ops => BY_EMBEDDING[embedding];
