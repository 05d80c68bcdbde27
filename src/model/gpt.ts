// GPT language model (nanoGPT's model.py): token + position embeddings, nLayer pre-LayerNorm
// transformer blocks, final LayerNorm, head tied to the token embedding. Every operation goes
// through the model's Ops (kernels/ops.ts), chosen once per run; this file never asks which.
// Parameters carry GPT-2 names and layout ([in, out] linears) so weights map onto PyTorch.
import * as tf from '@tensorflow/tfjs';
import { paramSpecs, sizeOf, validateGPTConfig, type GPTConfig } from './config';
import type { Rng } from '../data/rng';
import { causalMask as causalMaskOf, referenceOps, tokenLosses, type Ops } from '../kernels/ops';

/** Trainable weights keyed by GPT-2 names (`wte.weight`, `h.0.attn.c_attn.weight`, ...). */
export type GPTParams = Record<string, tf.Variable>;

export interface GPTOptions {
  /**
   * The step's operations (kernels/ops.ts opsFor: WebGPU kernels, WebAssembly kernels or the
   * reference); default the reference ops with a gather embedding.
   */
  ops?: Ops;
}

export interface GPT {
  readonly config: GPTConfig;
  readonly params: GPTParams;
  /** The operations every pass of this model runs (kernels/ops.ts). */
  readonly ops: Ops;
  /** Additive causal mask [blockSize, blockSize]: 0 on and below the diagonal, −1e9 above. */
  readonly causalMask: tf.Tensor2D;
  /** Frees the parameters and the causal mask. */
  dispose(): void;
}

/**
 * Sees each layer's attention probabilities, the softmax output [B, nh, T, T] (rows sum to 1, zero
 * above the diagonal), inside forward's tidy: tf.keep what must outlive the pass.
 */
export type AttentionTap = (layer: number, probs: tf.Tensor4D) => void;

const INIT_STD = 0.02;

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

  // One causal mask per model, sliced to [T, T] per call, freed in dispose().
  const mask = causalMaskOf(cfg.blockSize); // [blockSize, blockSize]

  let disposed = false;
  return {
    config: cfg,
    params,
    ops: options.ops ?? referenceOps(),
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

/** Causal multi-head self-attention on x [B*T, C] → [B*T, C], c_attn to c_proj. */
function attention(model: GPT, i: number, x: tf.Tensor, B: number, T: number, tap?: AttentionTap): tf.Tensor {
  const { ops, params: p } = model;
  const qkv = ops.linear(x, p[`h.${i}.attn.c_attn.weight`], p[`h.${i}.attn.c_attn.bias`]); // [B*T, 3C]
  const onProbs = tap && ((probs: tf.Tensor4D) => tap(i, probs)); // [B, nh, T, T]
  const merged = ops.causalAttention(qkv, { B, T, nHead: model.config.nHead, mask: causalMask(model, T), onProbs }); // [B*T, C]
  return ops.linear(merged, p[`h.${i}.attn.c_proj.weight`], p[`h.${i}.attn.c_proj.bias`]); // [B*T, C]
}

/** MLP: C → 4C (GELU) → C on x [B*T, C]. */
function mlp(model: GPT, i: number, x: tf.Tensor): tf.Tensor {
  const { ops, params: p } = model;
  const hidden = ops.gelu(ops.linear(x, p[`h.${i}.mlp.c_fc.weight`], p[`h.${i}.mlp.c_fc.bias`])); // [B*T, 4C]
  return ops.linear(hidden, p[`h.${i}.mlp.c_proj.weight`], p[`h.${i}.mlp.c_proj.bias`]); // [B*T, C]
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
    const { ops, params: p } = model;
    const pos = tf.slice(p['wpe.weight'], [0, 0], [T, C]); // [T, C]
    const tokens = ops.embed(tf.reshape(idx, [-1]) as tf.Tensor1D, p['wte.weight']); // [B*T, C]
    let x: tf.Tensor = tf.reshape(tf.add(tf.reshape(tokens, [B, T, C]), pos), [B * T, C]); // [B*T, C]
    for (let i = 0; i < nLayer; i++) {
      const h = `h.${i}`;
      // pre-LN residual block: x + attn(ln_1(x)), then x + mlp(ln_2(x))
      x = tf.add(x, attention(model, i, ops.layerNorm(x, p[`${h}.ln_1.weight`], p[`${h}.ln_1.bias`]), B, T, tap));
      x = tf.add(x, mlp(model, i, ops.layerNorm(x, p[`${h}.ln_2.weight`], p[`${h}.ln_2.bias`])));
    }
    x = ops.layerNorm(x, p['ln_f.weight'], p['ln_f.bias']); // [B*T, C]
    const logits = ops.head(x, p['wte.weight']); // [B*T, V], tied head
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
    const logits = tf.reshape(forward(model, idx), [-1, model.config.vocabSize]) as tf.Tensor2D; // [B*T, V]
    return model.ops.crossEntropy(logits, tf.reshape(targets, [-1]) as tf.Tensor1D);
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
    const nll = tokenLosses(forward(model, idx), targets); // [B, T]: the reference's, whatever the model's ops
    return tf.mean(nll, 0) as tf.Tensor1D; // [T]
  });
}
