// GPT language model (nanoGPT's model.py) as plain tfjs ops: token + position embeddings,
// nLayer pre-LayerNorm transformer blocks, final LayerNorm, head tied to the token embedding.
// Parameters carry GPT-2 names and layout ([in, out] linears) so weights map onto PyTorch.
import * as tf from '@tensorflow/tfjs';
import { paramSpecs, sizeOf, validateGPTConfig, type GPTConfig } from './config';
import type { Rng } from '../data/rng';
import { layerNormFused } from '../kernels/layerNorm';
import { geluFused } from '../kernels/gelu';
import { causalAttentionFused } from '../kernels/attention';
import { attentionWasmServes, causalAttentionWasm } from '../kernels/attentionWasm';
import { layerNormWasm, layerNormWasmServes } from '../kernels/layerNormWasm';
import { crossEntropyFused } from '../kernels/crossEntropy';
import { linearPlain, oneHotTimesPlain, timesTransposedPlain } from '../kernels/plainMatMul';

/** Trainable weights keyed by GPT-2 names (`wte.weight`, `h.0.attn.c_attn.weight`, ...). */
export type GPTParams = Record<string, tf.Variable>;

export interface GPTOptions {
  /**
   * 'gather' (default) or 'onehot': one-hot × wte, for the WASM backend whose tf.gather
   * gradient throws (no UnsortedSegmentSum).
   */
  embedding?: 'gather' | 'onehot';
  /**
   * 'fused' (default): LayerNorm, GELU, attention and the loss as custom WebGPU programs
   * with hand-written backward passes (kernels/), same equations in tf ops on other backends;
   * 'cpu': the reference equations in forms that are fast on a CPU backend (WASM): attention and
   * LayerNorm as our WebAssembly SIMD kernels (kernels/*Wasm.ts; where a width is not a multiple
   * of 4, tf ops with q/k/v sliced from the weight), linears and the head with backward passes
   * that never set a transpose flag (kernels/plainMatMul.ts; those flags are 11–23× slower on
   * WASM), GELU through a sigmoid, and clipping with AdamW in one WebAssembly pass per parameter
   * (train/trainStep.ts);
   * 'reference': op by op, as nanoGPT writes them (the truth the other paths are tested against).
   */
  kernels?: ModelKernels;
}

/** How a model's step runs (GPTOptions.kernels). */
export type ModelKernels = 'reference' | 'fused' | 'cpu';

export interface GPT {
  readonly config: GPTConfig;
  readonly params: GPTParams;
  readonly options: GPTOptions;
  /** Additive causal mask [blockSize, blockSize]: 0 on and below the diagonal, MASK_VALUE above. */
  readonly causalMask: tf.Tensor2D;
  /** Frees the parameters and the causal mask. */
  dispose(): void;
}

/**
 * Sees each layer's attention probabilities, the softmax output [B, nh, T, T] (rows sum to 1, zero
 * above the diagonal), inside forward's tidy: tf.keep what must outlive the pass.
 */
export type AttentionTap = (layer: number, probs: tf.Tensor4D) => void;

const LN_EPS = 1e-5;
const INIT_STD = 0.02;
/** Added to masked attention scores; exp() of it is exactly 0 in float32. */
const MASK_VALUE = -1e9;

// tfjs variable names are global to the engine, so each model gets its own prefix.
let modelCounter = 0;

/**
 * Builds a GPT with GPT-2 init: weights N(0, 0.02), residual projections N(0, 0.02/√(2·nLayer))
 * (scaled init per GPT-2 paper), biases 0, LayerNorm gains 1. The numbers are drawn in JS from
 * `rng`, in paramSpecs order, so the same seed gives the same weights on every backend.
 * @throws Error listing what is wrong with an invalid config.
 */
export function createGPT(config: GPTConfig, rng: Rng, options: GPTOptions = {}): GPT {
  const errors = validateGPTConfig(config);
  if (errors.length > 0) throw new Error(`Invalid model config: ${errors.join('; ')}.`);
  const cfg: GPTConfig = { ...config };
  const prefix = `gpt${modelCounter++}/`;
  const residualStd = INIT_STD / Math.sqrt(2 * cfg.nLayer);

  const params: GPTParams = {};
  for (const { name, shape, init } of paramSpecs(cfg)) {
    const size = sizeOf(shape);
    const values = new Float32Array(size);
    if (init === 'ones') values.fill(1);
    else if (init === 'normal' || init === 'residual') {
      const std = init === 'normal' ? INIT_STD : residualStd;
      for (let j = 0; j < size; j++) values[j] = std * rng.normal();
    }
    const initial = tf.tensor(values, shape, 'float32');
    params[name] = tf.variable(initial, true, prefix + name);
    initial.dispose(); // the variable holds its own reference to the data
  }

  // Additive causal mask: 0 on and below the diagonal, MASK_VALUE above. One per model,
  // sliced to [T, T] per call, freed in dispose().
  const bs = cfg.blockSize;
  const maskValues = new Float32Array(bs * bs);
  for (let r = 0; r < bs; r++) for (let c = r + 1; c < bs; c++) maskValues[r * bs + c] = MASK_VALUE;
  const mask = tf.tensor2d(maskValues, [bs, bs]);

  let disposed = false;
  return {
    config: cfg,
    params,
    options: { embedding: options.embedding ?? 'gather', kernels: options.kernels ?? 'fused' },
    causalMask: mask,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const v of Object.values(params)) v.dispose();
      mask.dispose();
    },
  };
}

/** The causal mask cropped to T positions: [T, T]. */
function causalMask(model: GPT, T: number): tf.Tensor2D {
  return T === model.config.blockSize ? model.causalMask : tf.slice(model.causalMask, [0, 0], [T, T]);
}

const fused = (model: GPT): boolean => model.options.kernels === 'fused';
const plain = (model: GPT): boolean => model.options.kernels === 'cpu';

/** y = x @ W + b with x [N, in], W [in, out] → [N, out]; one fused matMul + bias when fused. */
function linear(model: GPT, x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (plain(model)) return linearPlain(x, w, b); // [N, out]
  if (fused(model)) return tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b }); // [N, out]
  return tf.add(tf.matMul(x, w), b); // [N, out]
}

/** LayerNorm over the last axis of x [N, C]. */
function layerNorm(model: GPT, x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (fused(model)) return layerNormFused(x as tf.Tensor2D, w as tf.Tensor1D, b as tf.Tensor1D, LN_EPS);
  if (plain(model) && layerNormWasmServes(x.shape[1] as number))
    return layerNormWasm(x as tf.Tensor2D, w as tf.Tensor1D, b as tf.Tensor1D, LN_EPS);
  const { mean, variance } = tf.moments(x, -1, true); // [N, 1] each
  const xhat = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LN_EPS)));
  return tf.add(tf.mul(xhat, w), b);
}

/** GELU, tanh approximation as in GPT-2. */
function gelu(model: GPT, x: tf.Tensor): tf.Tensor {
  if (fused(model)) return geluFused(x);
  if (plain(model)) {
    // ½x(1 + tanh u) = x·σ(2u): WASM's Sigmoid is vectorised, its Tanh and Pow are not
    const u2 = tf.mul(2 * Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.mul(x, tf.square(x)))));
    return tf.mul(x, tf.sigmoid(u2));
  }
  const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}

/** Causal multi-head self-attention on x [B*T, C] → [B*T, C]. */
function attention(model: GPT, i: number, x: tf.Tensor, B: number, T: number, tap?: AttentionTap): tf.Tensor {
  const p = model.params;
  const { nEmbd: C, nHead: nh } = model.config;
  const hs = C / nh;
  const w = p[`h.${i}.attn.c_attn.weight`]; // [C, 3C]
  const b = p[`h.${i}.attn.c_attn.bias`]; // [3C]
  if (fused(model) && !tap) {
    // one program from qkv to the merged heads, two backward (kernels/attention.ts)
    const merged = causalAttentionFused(linear(model, x, w, b) as tf.Tensor2D, B, T, nh); // [B*T, C]
    return linear(model, merged, p[`h.${i}.attn.c_proj.weight`], p[`h.${i}.attn.c_proj.bias`]);
  }
  if (plain(model) && !tap && attentionWasmServes(hs)) {
    // our WebAssembly SIMD kernel from qkv to the merged heads (kernels/attentionWasm.ts)
    const merged = causalAttentionWasm(linear(model, x, w, b) as tf.Tensor2D, B, T, nh); // [B*T, C]
    return linear(model, merged, p[`h.${i}.attn.c_proj.weight`], p[`h.${i}.attn.c_proj.bias`]);
  }
  // q, k, v each [B*T, C]; the CPU path splits the weight [C, 3C], not the activation [B*T, 3C]
  // (three smaller slices; measured faster on WASM)
  const parts = plain(model)
    ? [0, 1, 2].map((j) => linear(model, x, tf.slice(w, [0, j * C], [C, C]), tf.slice(b, [j * C], [C])))
    : tf.split(linear(model, x, w, b), 3, 1);
  const [q, k, v] = parts.map(
    (t) => tf.transpose(tf.reshape(t, [B, T, nh, hs]), [0, 2, 1, 3]), // [B, nh, T, hs]
  );
  let att = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hs)); // [B, nh, T, T]
  att = tf.add(att, causalMask(model, T)); // the future is masked out
  att = tf.softmax(att, -1);
  tap?.(i, att as tf.Tensor4D); // [B, nh, T, T]
  const y = tf.matMul(att, v); // [B, nh, T, hs]
  const merged = tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B * T, C]); // [B*T, C]
  return linear(model, merged, p[`h.${i}.attn.c_proj.weight`], p[`h.${i}.attn.c_proj.bias`]);
}

/** MLP: C → 4C (GELU) → C on x [B*T, C]. */
function mlp(model: GPT, i: number, x: tf.Tensor): tf.Tensor {
  const p = model.params;
  const hidden = gelu(model, linear(model, x, p[`h.${i}.mlp.c_fc.weight`], p[`h.${i}.mlp.c_fc.bias`])); // [B*T, 4C]
  return linear(model, hidden, p[`h.${i}.mlp.c_proj.weight`], p[`h.${i}.mlp.c_proj.bias`]); // [B*T, C]
}

/** Token embeddings for idx [B, T] → [B*T, C]. */
function embedTokens(model: GPT, idx: tf.Tensor2D): tf.Tensor {
  const wte = model.params['wte.weight'];
  const flat = tf.reshape(idx, [-1]); // [B*T]
  if (model.options.embedding === 'onehot') {
    const oneHot = tf.cast(tf.oneHot(flat, model.config.vocabSize), 'float32'); // [B*T, V]
    return plain(model) ? oneHotTimesPlain(oneHot, wte) : tf.matMul(oneHot, wte); // [B*T, C]
  }
  return tf.gather(wte, flat); // [B*T, C]
}

/**
 * Forward pass.
 * @param idx token ids [B, T] int32, 1 ≤ T ≤ blockSize (not disposed).
 * @param tap sees each layer's attention probabilities (model/attentionMaps.ts).
 * @returns logits [B, T, V].
 */
export function forward(model: GPT, idx: tf.Tensor2D, tap?: AttentionTap): tf.Tensor3D {
  const [B, T] = idx.shape;
  const { blockSize, nEmbd: C, vocabSize: V, nLayer } = model.config;
  if (T < 1 || T > blockSize) {
    throw new Error(`Sequence length ${T} is outside 1..${blockSize} (the model's blockSize).`);
  }
  return tf.tidy(() => {
    const p = model.params;
    const pos = tf.slice(p['wpe.weight'], [0, 0], [T, C]); // [T, C]
    let x: tf.Tensor = tf.reshape(
      tf.add(tf.reshape(embedTokens(model, idx), [B, T, C]), pos), // [B, T, C]
      [B * T, C],
    ); // [B*T, C]
    for (let i = 0; i < nLayer; i++) {
      const h = `h.${i}`;
      // pre-LN residual block: x + attn(ln_1(x)), then x + mlp(ln_2(x))
      x = tf.add(x, attention(model, i, layerNorm(model, x, p[`${h}.ln_1.weight`], p[`${h}.ln_1.bias`]), B, T, tap));
      x = tf.add(x, mlp(model, i, layerNorm(model, x, p[`${h}.ln_2.weight`], p[`${h}.ln_2.bias`])));
    }
    x = layerNorm(model, x, p['ln_f.weight'], p['ln_f.bias']);
    const wte = p['wte.weight'];
    const logits = plain(model) ? timesTransposedPlain(x, wte) : tf.matMul(x, wte, false, true); // [B*T, V], tied head
    return tf.reshape(logits, [B, T, V]); // [B, T, V]
  });
}

/**
 * Mean next-token cross-entropy in nats.
 * @param idx inputs [B, T] int32.
 * @param targets next tokens [B, T] int32.
 * @returns scalar loss.
 */
export function lossFn(model: GPT, idx: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const V = model.config.vocabSize;
    const logits = tf.reshape(forward(model, idx), [-1, V]); // [B*T, V]
    if (fused(model)) return crossEntropyFused(logits as tf.Tensor2D, tf.reshape(targets, [-1]) as tf.Tensor1D);
    // One-hot × log-probs instead of gather: its gradient works on every backend.
    const oneHot = tf.cast(tf.oneHot(tf.reshape(targets, [-1]), V), 'float32'); // [B*T, V]
    const logProbs = tf.logSoftmax(logits, -1); // [B*T, V]
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logProbs), -1))) as tf.Scalar;
  });
}

/**
 * Next-token cross-entropy at each position, averaged over the batch, in nats: the loss as a
 * function of how much context the model had (position t has seen t + 1 tokens). Its mean is
 * lossFn's loss; the in-context score (protocol/inContext.ts) compares its late and early positions.
 * @param idx inputs [B, T] int32.
 * @param targets next tokens [B, T] int32.
 * @returns losses [T].
 */
export function positionLosses(model: GPT, idx: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const V = model.config.vocabSize;
    const logProbs = tf.logSoftmax(forward(model, idx), -1); // [B, T, V]
    const oneHot = tf.cast(tf.oneHot(targets, V), 'float32'); // [B, T, V], as in lossFn
    const nll = tf.neg(tf.sum(tf.mul(oneHot, logProbs), -1)); // [B, T]
    return tf.mean(nll, 0) as tf.Tensor1D; // [T]
  });
}
