// The reference optimizer: global-norm gradient clipping (torch.nn.utils.clip_grad_norm_) and
// AdamW (Loshchilov & Hutter, as torch.optim.AdamW: decoupled weight decay), op by op in tf ops,
// with a moment variable per parameter. Everything stays on the device: a step whose loss or
// gradient norm is not finite keeps every weight and moment through tf.where, with no read-back.
import * as tf from '@tensorflow/tfjs';
import type { AdamWStepConfig, Moments, Optimizer } from '../ops';

/** Global L2 norm of all grads (a scalar tensor): √Σ‖g‖². */
export function globalNorm(grads: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    const squares = grads.map((g) => tf.sum(tf.square(g)));
    // stack, not addN: WebGPU's addN binds one buffer per input and fails past 8 (concat splits).
    return tf.sqrt(tf.sum(tf.stack(squares))) as tf.Scalar;
  });
}

/**
 * Global-norm clipping: scales every grad by min(1, maxNorm / (norm + 1e-6)); none when
 * maxNorm ≤ 0. All on the device.
 * @returns the scaled grads (new tensors) and the norm before clipping.
 */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; norm: tf.Scalar } {
  return tf.tidy(() => {
    const norm = globalNorm(grads);
    if (maxNorm <= 0) return { grads: grads.map((g) => tf.clone(g)), norm };
    const factor = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
    return { grads: grads.map((g) => tf.mul(g, factor)), norm };
  });
}

/**
 * One AdamW update of p with moments m, v and clipped grad g, in place:
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  p ← p·(1 − lr·wd) − lr/bc1 · m / (√v/√bc2 + eps)
 * `keep(next, old)` chooses what is written (the skip of a non-finite step).
 */
function update(
  p: tf.Variable,
  m0: tf.Variable,
  v0: tf.Variable,
  g: tf.Tensor,
  decay: boolean,
  c: AdamWStepConfig,
  keep: (next: tf.Tensor, old: tf.Tensor) => tf.Tensor,
): void {
  const bc1 = 1 - c.beta1 ** c.step; // bias corrections
  const bc2 = 1 - c.beta2 ** c.step;
  const m = tf.add(tf.mul(m0, c.beta1), tf.mul(g, 1 - c.beta1));
  const v = tf.add(tf.mul(v0, c.beta2), tf.mul(tf.square(g), 1 - c.beta2));
  const decayedP = decay && c.weightDecay > 0 ? tf.mul(p, 1 - c.lr * c.weightDecay) : p;
  const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), c.eps);
  p.assign(keep(tf.sub(decayedP, tf.mul(tf.div(m, denom), c.lr / bc1)), p));
  m0.assign(keep(m, m0));
  v0.assign(keep(v, v0));
}

/** Per-parameter moment variables, zeroed, with save and restore (shared by the WebAssembly optimizer). */
export class ParameterMoments {
  readonly m: tf.Variable[];
  readonly v: tf.Variable[];

  constructor(params: tf.Variable[]) {
    // tidy frees the zeros tensors; the variables keep their own reference to the data
    this.m = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    this.v = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
  }

  /** Reads each moment through a copy (an in-flight write must not leave stale values cached). */
  async save(): Promise<Moments> {
    const read = async (t: tf.Variable) => {
      const copy = tf.mul(t, 1);
      const data = await copy.data();
      copy.dispose();
      return data instanceof Float32Array ? data : Float32Array.from(data);
    };
    return { m: await Promise.all(this.m.map(read)), v: await Promise.all(this.v.map(read)) };
  }

  restore({ m, v }: Moments): void {
    tf.tidy(() => {
      this.m.forEach((t, i) => t.assign(tf.tensor(m[i], t.shape, 'float32')));
      this.v.forEach((t, i) => t.assign(tf.tensor(v[i], t.shape, 'float32')));
    });
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}

/** One clipped AdamW step with these moments, op by op (Optimizer.step). */
export function referenceStep(
  params: tf.Variable[],
  moments: ParameterMoments,
  grads: tf.Tensor[],
  loss: tf.Scalar,
  c: AdamWStepConfig,
): tf.Scalar {
  return tf.tidy(() => {
    const clipped = clipByGlobalNorm(grads, c.gradClip);
    const finite = tf.logicalAnd(tf.isFinite(loss), tf.isFinite(clipped.norm)) as tf.Scalar; // [] bool
    const keep = (next: tf.Tensor, old: tf.Tensor) => tf.where(finite, next, old);
    params.forEach((p, i) => update(p, moments.m[i], moments.v[i], clipped.grads[i], c.decayed[i], c, keep));
    return tf.where(finite, loss, NaN) as tf.Scalar;
  });
}

/** The reference Optimizer: per-parameter moments, clipping and AdamW in tf ops. */
export function referenceOptimizer(params: tf.Variable[]): Optimizer {
  const moments = new ParameterMoments(params);
  return {
    step: (grads, loss, c) => referenceStep(params, moments, grads, loss, c),
    save: () => moments.save(),
    restore: (state) => moments.restore(state),
    dispose: () => moments.dispose(),
  };
}
