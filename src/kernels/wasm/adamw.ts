// Global-norm clipping and AdamW for the CPU path (WASM, CPU backends) as our own WebAssembly
// SIMD kernel (adamw.as.ts): the gradients' norm in one pass over each, then each parameter's
// values, gradient and moments are copied into the kernel's memory, updated there in one pass and
// assigned back (the kernel holds one parameter at a time: 16 bytes per float of the largest). Op by op this is ~14 tfjs
// ops per parameter plus the norm's, ~900 ops a step for baby, each paying the engine's per-op
// cost. Same arithmetic as the reference (reference/adamw.ts), whose op-by-op step runs instead
// where the engine lacks WebAssembly SIMD. The moments are the reference's, one variable per
// parameter.
import * as tf from '@tensorflow/tfjs';
import wasmBytes from './adamw.as.ts?wasm';
import { copyInto, lay, lazyKernel, tensorFrom, type WasmKernel } from './module';
import type { AdamWStepConfig, Optimizer } from '../ops';
import { ParameterMoments, referenceStep } from '../reference/adamw';

/** Pointers are byte offsets into the kernel's memory; n is a count of floats (a multiple of 4). */
interface AdamWKernel extends WasmKernel {
  sumOfSquares(g: number, n: number): number;
  update(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    clip: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    eps: number,
    decay: number,
    stepSize: number,
    sqrtBc2: number,
  ): void;
}

const adamwKernel = lazyKernel<AdamWKernel>(wasmBytes);

/**
 * Arrays of one parameter's size, padded to whole 4-float vectors (the padding zeroed), with the
 * given tensors' values copied in: the kernel's memory holds one parameter at a time.
 */
function layOne(k: AdamWKernel, tensors: tf.Tensor[]): { at: number[]; views: Float32Array[]; padded: number } {
  const size = tensors[0].size;
  const padded = Math.ceil(size / 4) * 4;
  const laid = lay(
    k,
    tensors.map(() => padded),
  );
  laid.forEach(({ view }, i) => {
    copyInto(tensors[i], view.subarray(0, size));
    view.fill(0, size);
  });
  return { at: laid.map((l) => l.at), views: laid.map((l) => l.view), padded };
}

/**
 * One AdamW step with global-norm clipping, in place: params, m and v are assigned their new
 * values, unless the loss or the gradients' norm is not finite; then nothing changes.
 * @param params the parameters, in any order; the other arrays follow it.
 * @param grads one per parameter, same shapes (not disposed).
 * @param m first moments, one per parameter, same shapes. @param v second moments, likewise.
 * @param c learning rate, betas, eps, weight decay and which parameters take it, the update's
 *   number (bias corrections) and the clip (≤ 0: none).
 * @param lossFinite whether the step's loss is finite (read by the caller).
 * @returns whether the update was applied.
 * @throws Error when the kernel cannot run here (no WebAssembly SIMD).
 */
function adamwWasmStep(
  params: tf.Variable[],
  grads: tf.Tensor[],
  m: tf.Variable[],
  v: tf.Variable[],
  c: AdamWStepConfig,
  lossFinite: boolean,
): boolean {
  const k = adamwKernel.get();
  if (!k) throw new Error('The WebAssembly AdamW kernel cannot run in this engine (no WebAssembly SIMD).');
  let sumSq = 0;
  for (const g of grads) {
    const one = layOne(k, [g]);
    sumSq += k.sumOfSquares(one.at[0], one.padded);
  }
  // the reference sums in float32, where a huge but finite Σg² is already Infinity: skip as it does
  const norm = Math.sqrt(Math.fround(sumSq));
  if (!lossFinite || !Number.isFinite(norm)) return false;
  const clip = c.gradClip > 0 ? Math.min(1, c.gradClip / (norm + 1e-6)) : 1;
  const stepSize = c.lr / (1 - c.beta1 ** c.step); // bias corrections
  const sqrtBc2 = Math.sqrt(1 - c.beta2 ** c.step);
  tf.tidy(() => {
    params.forEach((x, i) => {
      const decay = c.decayed[i] && c.weightDecay > 0 ? 1 - c.lr * c.weightDecay : 1;
      const { at, views, padded } = layOne(k, [x, grads[i], m[i], v[i]]);
      k.update(at[0], at[1], at[2], at[3], padded, clip, c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.eps, decay, stepSize, sqrtBc2);
      const part = (a: Float32Array) => tensorFrom(a.subarray(0, x.size), x.shape);
      x.assign(part(views[0]));
      m[i].assign(part(views[2]));
      v[i].assign(part(views[3]));
    });
  });
  return true;
}

/**
 * The WebAssembly Optimizer: the loss is read at once (on a CPU backend a read is a memory load,
 * not a GPU round trip) and the update runs in the kernel; op by op where the kernel cannot run.
 */
export function wasmOptimizer(params: tf.Variable[]): Optimizer {
  const moments = new ParameterMoments(params);
  return {
    step(grads, loss, c) {
      if (!adamwKernel.get()) return referenceStep(params, moments, grads, loss, c);
      const applied = adamwWasmStep(params, grads, moments.m, moments.v, c, Number.isFinite(loss.dataSync()[0]));
      return applied ? tf.clone(loss) : tf.scalar(NaN);
    },
    save: () => moments.save(),
    restore: (state) => moments.restore(state),
    dispose: () => moments.dispose(),
  };
}
