// What a GPT training step needs from the device, behind one interface, with the implementations
// side by side: `reference` (nanoGPT's equations in tf ops, written once: the truth), `webgpu/`
// (our WGSL programs) and `wasm/` (our AssemblyScript kernels and flag-free matMuls). A run picks
// one with opsFor, once; model/ and train/ call the interface and never ask which one they hold
// (lint says so: eslint.config.js, "one compute path"). Shapes follow model/gpt.ts: rows are
// B·T positions, C the width, V the vocabulary, nh heads of hs = C/nh.
import type * as tf from '@tensorflow/tfjs';
import type { BackendName, KernelPath } from '../protocol/settings';
import { referenceOps } from './reference/ops';
import type { MuonStepConfig } from './muon';

export { causalMask, referenceOps, tokenLosses } from './reference/ops';
export { clipByGlobalNorm, globalNorm } from './reference/adamw';
export { muonOptimizer } from './muon';
import { webgpuOps } from './webgpu/ops';
import { wasmOps } from './wasm/ops';

/** The implementations, as the bench and tests name them. */
export const OPS_NAMES = ['reference', 'webgpu', 'wasm'] as const;
export type OpsName = (typeof OPS_NAMES)[number];

/** Each implementation in plain words, as the page and the bench say it. */
export const OPS_LABELS: Record<OpsName, string> = {
  reference: 'reference ops',
  webgpu: 'WebGPU kernels',
  wasm: 'WebAssembly kernels',
};

/** What causal attention needs besides qkv. */
export interface AttentionArgs {
  B: number;
  T: number;
  nHead: number;
  /** Additive causal mask [T, T]: 0 on and below the diagonal, −1e9 above (used where scores are built op by op). */
  mask: tf.Tensor2D;
  /**
   * Sees the probabilities [B, nh, T, T] (rows sum to 1, 0 above the diagonal) inside the
   * caller's tidy; an implementation that never forms them runs the reference when this is given.
   */
  onProbs?: (probs: tf.Tensor4D) => void;
}

/** One AdamW update's numbers (torch.optim.AdamW with clip_grad_norm_ before it). */
export interface AdamWStepConfig {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** The update's number, from 1 (bias corrections). */
  step: number;
  /** Global-norm clip; ≤ 0 for none. */
  gradClip: number;
  /** Per parameter: whether weight decay applies. */
  decayed: boolean[];
  /** Muon's numbers, for an optimizer made with Muon for some parameters (muon.ts); absent for AdamW alone. */
  muon?: MuonStepConfig;
}

/** Both moments of every parameter, in parameter order, each of its parameter's size. */
export interface Moments {
  m: Float32Array[];
  v: Float32Array[];
}

/** AdamW's moments for a fixed list of parameters and the update that uses them. */
export interface Optimizer {
  /**
   * Clips the grads to global norm c.gradClip and applies one AdamW update to every parameter in
   * place, unless the loss or the gradients' norm is not finite: then nothing changes.
   * @param grads one per parameter, in parameter order, same shapes (not disposed).
   * @param loss the step's loss (not disposed).
   * @returns the loss, or NaN when the update was skipped (a new scalar).
   */
  step(grads: tf.Tensor[], loss: tf.Scalar, c: AdamWStepConfig): tf.Scalar;
  /** The moments read back (awaited reads: call between steps). */
  save(): Promise<Moments>;
  /** Writes moments (sizes checked by the caller). */
  restore(moments: Moments): void;
  /** Frees the moments (not the parameters). */
  dispose(): void;
}

/**
 * The operations of a GPT step. Every tensor op is differentiable in its float inputs and tracked
 * by tf.tidy like any op. Inputs are not disposed.
 */
export interface Ops {
  readonly name: OpsName;
  /** In plain words: "WebGPU kernels", "WebAssembly kernels", "reference ops". */
  readonly label: string;
  /** Token embeddings: ids [N] int32, wte [V, C] → [N, C]. */
  embed(ids: tf.Tensor1D, wte: tf.Tensor): tf.Tensor2D;
  /** x [N, in] @ w [in, out] + b [out] → [N, out]. */
  linear(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D;
  /** LayerNorm over the last axis of x [N, C], gain w [C], bias b [C], eps 1e-5 → [N, C]. */
  layerNorm(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D;
  /** GELU, tanh approximation as in GPT-2; any shape. */
  gelu(x: tf.Tensor): tf.Tensor;
  /** Causal self-attention: qkv [B·T, 3C] (q | k | v, heads side by side) → merged heads [B·T, C]. */
  causalAttention(qkv: tf.Tensor, a: AttentionArgs): tf.Tensor2D;
  /** The head tied to the token embedding: x [N, C] @ wteᵀ [C, V] → logits [N, V]. */
  head(x: tf.Tensor, wte: tf.Tensor): tf.Tensor2D;
  /** Mean next-token cross-entropy in nats: logits [N, V], targets [N] int32 → scalar. */
  crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar;
  /** Zeroed AdamW moments for these parameters (fixed order) and their update. */
  optimizer(params: tf.Variable[]): Optimizer;
}

/**
 * The implementation a run on `backend` uses when the settings ask for `asked` (absent: 'fused',
 * the fast one for the backend): our WGSL programs on WebGPU (7× fewer dispatches per step); on
 * WASM and tfjs's CPU backend our WebAssembly kernels (baby on WASM 6.8× the reference's tokens/s,
 * README Performance); on WebGL the reference, the fastest measured there. 'reference' always
 * gives the reference. WASM's embedding is one-hot × wte: its tf.gather has no gradient.
 */
export function opsFor(backend: BackendName, asked: KernelPath | undefined): Ops {
  const embedding = backend === 'wasm' ? 'onehot' : 'gather';
  if (asked === 'reference') return referenceOps(embedding);
  if (backend === 'webgpu') return webgpuOps;
  if (backend === 'wasm' || backend === 'cpu') return wasmOps(embedding);
  return referenceOps(embedding);
}
