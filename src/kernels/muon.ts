// Muon (K. Jordan et al. 2024, modded-nanogpt): for the 2-D hidden matrices, SGD momentum
// (Nesterov) whose update is orthogonalised by a quintic Newton–Schulz iteration, so every
// direction of the matrix moves by about the same amount; AdamW for everything else (embeddings,
// LayerNorm gains, biases). Behind the same Optimizer interface as AdamW (ops.ts): clipping by
// the global norm of every gradient first, and a step whose loss or norm is not finite changes
// nothing. Muon's arithmetic is written once, in tf ops (matMuls with no transpose flag: WASM runs
// flagged ones as a scalar loop, kernels/wasm/plainMatMul.ts); the AdamW half is the backend's own
// optimizer (ops.optimizer), handed gradients already clipped.
import * as tf from '@tensorflow/tfjs';
import type { AdamWStepConfig, Moments, Optimizer } from './ops';
import { globalNorm } from './reference/adamw';

/** The quintic's coefficients (modded-nanogpt's zeropower_via_newtonschulz5): fast, not exact, convergence. */
export const NS_COEFFICIENTS = [3.4445, -4.775, 2.0315] as const;

/** Muon's numbers for one step. */
export interface MuonStepConfig {
  /** Muon's learning rate (scheduled as AdamW's). */
  lr: number;
  /** Momentum μ (Nesterov). */
  momentum: number;
  /** Newton–Schulz iterations. */
  nsSteps: number;
}

/**
 * The Newton–Schulz orthogonalisation of g [r, c]: about U·Vᵀ of g = U·S·Vᵀ (singular values
 * pushed into roughly [0.7, 1.2], not exactly 1: the coefficients trade accuracy for speed).
 * Works on the wide orientation (rows ≤ columns), so X·Xᵀ is the small Gram matrix.
 * @returns [r, c], a new tensor.
 */
export function newtonSchulz(g: tf.Tensor2D, steps: number): tf.Tensor2D {
  const [a, b, c] = NS_COEFFICIENTS;
  return tf.tidy(() => {
    const tall = g.shape[0] > g.shape[1];
    let x: tf.Tensor2D = tall ? tf.transpose(g) : g; // [m, n], m ≤ n
    x = tf.div(x, tf.add(tf.norm(x), 1e-7)); // spectral norm ≤ Frobenius norm ≤ 1
    for (let i = 0; i < steps; i++) {
      const gram = tf.matMul(x, tf.transpose(x)); // [m, n] @ [n, m] → [m, m]
      const poly = tf.add(tf.mul(gram, b), tf.mul(tf.matMul(gram, gram), c)); // b·A + c·A² [m, m]
      x = tf.add(tf.mul(x, a), tf.matMul(poly, x)); // a·X + (b·A + c·A²)·X  [m, n]
    }
    return tall ? tf.transpose(x) : x; // [r, c]
  });
}

/**
 * Muon's step scale for a weight stored [in, out] (x @ W): √max(1, out/in), modded-nanogpt's
 * √max(1, rows/cols) for torch's [out, in], so a wide output moves as much per unit as a square one.
 */
export const muonScale = (shape: readonly number[]): number => Math.sqrt(Math.max(1, shape[1] / shape[0]));

/**
 * Muon for the parameters marked `hidden` (each 2-D), and `adamw` (the backend's AdamW) for the rest.
 * The moments saved are AdamW's for its parameters; for a Muon parameter, m is its momentum and v zeros.
 */
export function muonOptimizer(params: tf.Variable[], hidden: boolean[], adamw: (params: tf.Variable[]) => Optimizer): Optimizer {
  const bad = params.find((p, i) => hidden[i] && p.rank !== 2);
  if (bad) throw new Error(`Muon updates 2-D matrices only; ${bad.name} has shape [${bad.shape.join(', ')}].`);
  const muonAt = params.flatMap((_, i) => (hidden[i] ? [i] : []));
  const adamAt = params.flatMap((_, i) => (hidden[i] ? [] : [i]));
  const inner = adamw(adamAt.map((i) => params[i]));
  const momentum = muonAt.map((i) => tf.tidy(() => tf.variable(tf.zerosLike(params[i]), false)));
  return {
    step(grads, loss, c: AdamWStepConfig) {
      const muon = c.muon;
      if (!muon) throw new Error('A Muon step needs its numbers (AdamWStepConfig.muon).');
      return tf.tidy(() => {
        // global norm over every gradient, as clip_grad_norm_ over all parameters
        const norm = globalNorm(grads);
        const finite = tf.logicalAnd(tf.isFinite(loss), tf.isFinite(norm)) as tf.Scalar;
        const factor = c.gradClip > 0 ? tf.minimum(1, tf.div(c.gradClip, tf.add(norm, 1e-6))) : tf.scalar(1);
        const keep = (next: tf.Tensor, old: tf.Tensor) => tf.where(finite, next, old);
        muonAt.forEach((i, k) => {
          const p = params[i];
          const g = tf.mul(grads[i], factor); // clipped
          const buf = tf.add(tf.mul(momentum[k], muon.momentum), g); // μ·buf + g
          const update = newtonSchulz(tf.add(g, tf.mul(buf, muon.momentum)) as tf.Tensor2D, muon.nsSteps); // Nesterov: g + μ·buf
          // Decayed at AdamW's scheduled lr, not Muon's (MUON.lrRatio = 10/3 × it), on purpose: Keller
          // Jordan's Muon (github.com/KellerJordan/Muon) decays at its own, p·(1 − lr_muon·wd), 10/3 × as
          // strong. Ours keeps the AdamW recipe's decay, so switching the optimizer changes the update,
          // not the regularisation with it. Not measured against his.
          const decayed = c.decayed[i] && c.weightDecay > 0 ? tf.mul(p, 1 - c.lr * c.weightDecay) : p;
          p.assign(keep(tf.sub(decayed, tf.mul(update, muon.lr * muonScale(p.shape))), p));
          momentum[k].assign(keep(buf, momentum[k]));
        });
        // AdamW's half, clipped already; a NaN loss makes it skip as we do
        const adamGrads = adamAt.map((i) => tf.mul(grads[i], factor));
        const innerLoss = tf.where(finite, loss, tf.scalar(NaN)) as tf.Scalar;
        const out = inner.step(adamGrads, innerLoss, { ...c, gradClip: 0, decayed: adamAt.map((i) => c.decayed[i]) });
        return out;
      });
    },
    async save(): Promise<Moments> {
      const adam = await inner.save();
      const m: Float32Array[] = new Array<Float32Array>(params.length);
      const v: Float32Array[] = new Array<Float32Array>(params.length);
      adamAt.forEach((i, k) => ((m[i] = adam.m[k]), (v[i] = adam.v[k])));
      for (const [k, i] of muonAt.entries()) {
        const copy = tf.mul(momentum[k], 1); // the read's cache lands on the copy (model/weights.ts readVariable)
        const data = await copy.data();
        copy.dispose();
        m[i] = data instanceof Float32Array ? data : Float32Array.from(data);
        v[i] = new Float32Array(params[i].size);
      }
      return { m, v };
    },
    restore({ m, v }: Moments): void {
      inner.restore({ m: adamAt.map((i) => m[i]), v: adamAt.map((i) => v[i]) });
      tf.tidy(() => muonAt.forEach((i, k) => momentum[k].assign(tf.tensor(m[i], params[i].shape, 'float32'))));
    },
    dispose(): void {
      inner.dispose();
      tf.dispose(momentum);
    },
  };
}
