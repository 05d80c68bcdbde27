// One optimisation step: loss, gradients, global-norm clipping, AdamW update, with the model's
// Ops throughout (kernels/ops.ts). Nothing is read back: the caller reads the returned loss with one
// awaited .data() when it logs (the WebAssembly optimizer reads its finite flag at once, which
// costs nothing on a CPU backend).
import * as tf from '@tensorflow/tfjs';
import { lossFn } from '../model/gpt';
import type { GPT } from '../model/gpt';
import type { AdamW } from './adamw';
import type { Batch } from '../data/dataset';
import { toTensors } from './evaluation';

/**
 * One optimisation step on batch (x, y): loss, grads (tf.variableGrads), clip to gradClip
 * (skipped if ≤ 0), AdamW update with lr (AdamW.update). When the loss or the gradients' norm is
 * not finite, the update is skipped on the device and the returned loss is NaN, which is how the
 * loop learns of it (divergence.ts).
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
    return opt.update(grads, value, lr, gradClip);
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
