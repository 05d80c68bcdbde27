// AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, as torch.optim.AdamW.
// tfjs-core has no AdamW. Decay applies to matrices only, never to LayerNorm gains or biases.
import * as tf from '@tensorflow/tfjs';
import type { GPTParams } from '../model/gpt';
import { assignVariables, readVariables, variablesMisfit, type NamedArrays } from '../model/weights';

export interface AdamWConfig {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

/** Whether a parameter gets weight decay: matrices (rank ≥ 2: wte, wpe, linear weights) only. */
export function isDecayed(_name: string, v: tf.Variable): boolean {
  return v.rank >= 2;
}

/** Everything AdamW carries from one step to the next: the step count and both moments. */
export interface AdamWState {
  step: number;
  /** First moments per parameter name. */
  m: NamedArrays;
  /** Second moments per parameter name. */
  v: NamedArrays;
}

export class AdamW {
  private readonly params: GPTParams;
  private readonly cfg: AdamWConfig;
  private readonly m: Record<string, tf.Variable> = {};
  private readonly v: Record<string, tf.Variable> = {};
  private readonly decayed: Record<string, boolean> = {};
  private step = 0;

  /** Creates zeroed first and second moments for every parameter. */
  constructor(params: GPTParams, cfg: AdamWConfig) {
    this.params = params;
    this.cfg = { ...cfg };
    for (const [name, p] of Object.entries(params)) {
      // tidy frees the zeros tensors; the variables keep their own reference to the data
      this.m[name] = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
      this.v[name] = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
      this.decayed[name] = isDecayed(name, p);
    }
  }

  /** Updates applied so far. */
  get stepCount(): number {
    return this.step;
  }

  /**
   * Applies one update in place with learning rate `lr`.
   * @param grads gradients keyed by parameter name, same shapes as the params (not disposed).
   * @param finite a bool scalar on the device: when false the update is skipped (parameters and
   *   moments keep their values; divergence.ts). The step count still advances: it lives here, on
   *   the CPU, and the device decides the skip.
   */
  applyGradients(grads: Record<string, tf.Tensor>, lr: number, finite?: tf.Scalar): void {
    this.step++;
    const { beta1, beta2, eps, weightDecay } = this.cfg;
    const bc1 = 1 - beta1 ** this.step; // bias corrections
    const bc2 = 1 - beta2 ** this.step;
    const stepSize = lr / bc1;
    tf.tidy(() => {
      for (const [name, p] of Object.entries(this.params)) {
        const g = grads[name];
        if (!g) continue; // no gradient: leave the parameter and its moments alone
        const keep = (next: tf.Tensor, old: tf.Tensor) => (finite ? tf.where(finite, next, old) : next);
        const m = tf.add(tf.mul(this.m[name], beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v[name], beta2), tf.mul(tf.square(g), 1 - beta2));
        // p ← p·(1 − lr·wd) − lr/bc1 · m / (√v/√bc2 + eps), as torch.optim.AdamW
        const decayedP = this.decayed[name] && weightDecay > 0 ? tf.mul(p, 1 - lr * weightDecay) : p;
        const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), eps);
        p.assign(keep(tf.sub(decayedP, tf.mul(tf.div(m, denom), stepSize)), p));
        this.m[name].assign(keep(m, this.m[name]));
        this.v[name].assign(keep(v, this.v[name]));
      }
    });
  }

  /** The step and moments read back from the device (awaited reads: call between steps). */
  async save(): Promise<AdamWState> {
    return { step: this.step, m: await readVariables(this.m), v: await readVariables(this.v) };
  }

  /**
   * Continues from a saved state: the next update is exactly the one the saved optimizer would
   * have made (bias corrections follow the saved step).
   * @throws Error naming the moment that does not fit these parameters; nothing changes then.
   */
  restore(state: AdamWState): void {
    if (!Number.isInteger(state.step) || state.step < 0) throw new Error(`The optimizer's saved step (${state.step}) is not a count.`);
    const misfit = variablesMisfit(this.m, state.m) ?? variablesMisfit(this.v, state.v); // both checked before either is written
    if (misfit) throw new Error(`The optimizer's saved moments do not fit the model: ${misfit}.`);
    assignVariables(this.m, state.m);
    assignVariables(this.v, state.v);
    this.step = state.step;
  }

  /** Frees the moment variables (not the parameters). */
  dispose(): void {
    for (const t of [...Object.values(this.m), ...Object.values(this.v)]) t.dispose();
  }
}
