// Global-norm clipping and AdamW for the CPU path (WASM, CPU backends) as our own WebAssembly
// SIMD kernel (adamw.as.ts): the gradients, parameters and moments are copied into the kernel's
// memory, updated there in one pass per parameter, and assigned back. Op by op this is ~14 tfjs
// ops per parameter plus the norm's, ~900 ops a step for baby, each paying the engine's per-op
// cost. Same arithmetic as trainStep.ts's clipByGlobalNorm followed by AdamW.applyGradients.
import * as tf from '@tensorflow/tfjs';
import wasmBytes from './adamw.as.ts?wasm';
import { lay, lazyKernel, type WasmKernel } from './wasmModule';
import type { AdamWStepConfig } from './adamwFused';

interface AdamWKernel extends WasmKernel {
  sumOfSquares(g: number, n: number): number;
  update(p: number, g: number, m: number, v: number, n: number, clip: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, eps: number, decay: number, stepSize: number, sqrtBc2: number): void;
}

const adamwKernel = lazyKernel<AdamWKernel>(wasmBytes);

/** Whether this engine runs the WebAssembly AdamW (it needs WebAssembly SIMD). */
export function adamwWasmServes(): boolean {
  return adamwKernel.get() !== null;
}

/**
 * One AdamW step with global-norm clipping, in place: params, m and v are assigned their new
 * values, unless the loss or the gradients' norm is not finite; then nothing changes.
 * @param grads one per parameter, same order and shapes (not disposed).
 * @param m first moments, one per parameter, same shapes. @param v second moments, likewise.
 * @param lossFinite whether the step's loss is finite (read by the caller).
 * @returns whether the update was applied.
 * @throws Error when the kernel cannot run here (adamwWasmServes).
 */
export function adamwWasmStep(params: tf.Variable[], grads: tf.Tensor[], m: tf.Variable[], v: tf.Variable[], c: AdamWStepConfig, lossFinite: boolean): boolean {
  const k = adamwKernel.get();
  if (!k) throw new Error('The WebAssembly AdamW kernel cannot run in this engine (no WebAssembly SIMD).');
  // each parameter padded to a multiple of 4 floats: whole vectors, no tail loop
  const padded = params.map((p) => Math.ceil(p.size / 4) * 4);
  const offsets = padded.map((_, i) => padded.slice(0, i).reduce((a, b) => a + b, 0));
  const total = padded.reduce((a, b) => a + b, 0);
  const [g, p, mm, vv] = lay(k, [total, total, total, total]);
  params.forEach((x, i) => {
    const [from, to, end] = [offsets[i], offsets[i] + x.size, offsets[i] + padded[i]];
    g.view.set(grads[i].dataSync(), from);
    g.view.fill(0, to, end); // the padding adds nothing to the norm
    p.view.set(x.dataSync(), from);
    mm.view.set(m[i].dataSync(), from);
    vv.view.set(v[i].dataSync(), from);
  });
  const norm = Math.sqrt(k.sumOfSquares(g.at, total));
  if (!lossFinite || !Number.isFinite(norm)) return false;
  const clip = c.gradClip > 0 ? Math.min(1, c.gradClip / (norm + 1e-6)) : 1;
  const stepSize = c.lr / (1 - c.beta1 ** c.step); // bias corrections
  const sqrtBc2 = Math.sqrt(1 - c.beta2 ** c.step);
  params.forEach((_, i) => {
    const decay = c.decayed[i] && c.weightDecay > 0 ? 1 - c.lr * c.weightDecay : 1;
    const o = offsets[i] * 4;
    k.update(p.at + o, g.at + o, mm.at + o, vv.at + o, padded[i], clip, c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.eps, decay, stepSize, sqrtBc2);
  });
  tf.tidy(() => {
    params.forEach((x, i) => {
      const part = (a: Float32Array) => tf.tensor(a.slice(offsets[i], offsets[i] + x.size), x.shape);
      x.assign(part(p.view));
      m[i].assign(part(mm.view));
      v[i].assign(part(vv.view));
    });
  });
  return true;
}
