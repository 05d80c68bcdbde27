// One optimisation step: loss, gradients, global-norm clipping, AdamW update. On a GPU everything
// stays on the device and the caller reads the returned loss with one awaited .data() when it
// logs; on the CPU path (WASM, CPU) the skip decision is read at once, which costs nothing there,
// and clipping with AdamW runs in our WebAssembly kernel (kernels/adamwWasm.ts).
import * as tf from '@tensorflow/tfjs';
import { lossFn } from '../model/gpt';
import type { GPT } from '../model/gpt';
import type { AdamW } from './adamw';
import { adamwWasmServes } from '../kernels/adamwWasm';
import type { Batch } from '../data/dataset';
import { toTensors } from './evaluation';

/** Global L2 norm of all grads (a scalar tensor): √Σ‖g‖². */
export function globalNorm(grads: Record<string, tf.Tensor>): tf.Scalar {
  return tf.tidy(() => {
    const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
    // stack, not addN: WebGPU's addN binds one buffer per input and fails past 8 (concat splits).
    return tf.sqrt(tf.sum(tf.stack(squares))) as tf.Scalar;
  });
}

/**
 * Global-norm gradient clipping (torch.nn.utils.clip_grad_norm_): scales every grad by
 * min(1, maxNorm / (norm + 1e-6)). All on the device, no CPU read.
 * @returns the scaled grads (new tensors) and the norm before clipping.
 */
export function clipByGlobalNorm(grads: Record<string, tf.Tensor>, maxNorm: number): { grads: Record<string, tf.Tensor>; norm: tf.Scalar } {
  return tf.tidy(() => {
    const norm = globalNorm(grads);
    const factor = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
    const clipped: Record<string, tf.Tensor> = {};
    for (const [name, g] of Object.entries(grads)) clipped[name] = tf.mul(g, factor);
    return { grads: clipped, norm };
  });
}

/**
 * One optimisation step on batch (x, y): loss, grads (tf.variableGrads), clip to gradClip
 * (skipped if ≤ 0), AdamW update with lr. Reads nothing back on the GPU paths; the 'cpu' path
 * (chosen only on CPU backends, kernelsOn) reads its finite flag synchronously. When the loss or the
 * gradients' norm is not finite, the update is skipped on the device and the returned loss is
 * NaN, which is how the loop learns of it (divergence.ts). The model's `kernels` option picks the
 * path: 'fused' clips and updates every parameter in a few dispatches (AdamW.applyGradientsFused,
 * with the model's fused ops), 'reference' op by op, 'cpu' in one WebAssembly pass per parameter
 * (AdamW.applyGradientsWasm; op by op with the skip read at once where WebAssembly SIMD is missing).
 * @param poison make this step's loss NaN (the fault-injection aid, fault=nan@N).
 * @param x inputs [B, T] int32 (not disposed).
 * @param y targets [B, T] int32 (not disposed).
 * @returns the loss scalar, the only tensor that outlives the call: read it with
 *   `await loss.data()` and dispose it.
 */
export function trainStep(model: GPT, opt: AdamW, x: tf.Tensor2D, y: tf.Tensor2D, lr: number, gradClip: number, poison = false): tf.Scalar {
  return tf.tidy(() => {
    const names = Object.keys(model.params);
    const vars = names.map((n) => model.params[n]);
    const { value, grads: byVarName } = tf.variableGrads(() => (poison ? tf.mul(lossFn(model, x, y), NaN) : lossFn(model, x, y)), vars);
    // variableGrads keys grads by the engine's variable names; map back to GPT-2 names.
    const grads: Record<string, tf.Tensor> = {};
    names.forEach((n, i) => (grads[n] = byVarName[vars[i].name]));
    if (model.options.kernels === 'fused') return opt.applyGradientsFused(grads, lr, gradClip, value);
    if (model.options.kernels === 'cpu' && adamwWasmServes()) return opt.applyGradientsWasm(grads, lr, gradClip, value);
    const clipped = gradClip > 0 ? clipByGlobalNorm(grads, gradClip) : { grads, norm: globalNorm(grads) };
    const finite = tf.logicalAnd(tf.isFinite(value), tf.isFinite(clipped.norm)) as tf.Scalar;
    if (model.options.kernels === 'cpu') {
      // On a CPU backend a read is a memory load, not a GPU round trip; skipping in JS saves the
      // per-element select (and WASM's slow Tile broadcasting the flag) over every parameter.
      opt.applyGradients(clipped.grads, lr, finite.dataSync()[0] === 1);
    } else opt.applyGradients(clipped.grads, lr, finite);
    return tf.where(finite, value, NaN) as tf.Scalar;
  });
}

/**
 * trainStep on a batch of token ids (x, y: [B, T] each), whose tensors are made for the step and
 * freed after it.
 * @returns the loss scalar, as trainStep.
 */
export function trainOnBatch(model: GPT, opt: AdamW, batch: Batch, lr: number, gradClip: number, poison = false): tf.Scalar {
  const [x, y] = toTensors(batch); // [B, T] each
  try {
    return trainStep(model, opt, x, y, lr, gradClip, poison);
  } finally {
    x.dispose();
    y.dispose();
  }
}
