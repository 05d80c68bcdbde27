// AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, as torch.optim.AdamW.
// tfjs-core has no AdamW. Decay applies to matrices only, never to LayerNorm gains or biases.
// Two ways to hold the moments, one at a time: per parameter (the reference update, op by op) or
// packed into one flat buffer with clipping fused in (kernels/adamwFused.ts, a few dispatches).
// The first update picks the layout; save and restore read and write whichever is held.
import * as tf from '@tensorflow/tfjs';
import type { GPTParams, ModelKernels } from '../model/gpt';
import { arenaLayout, fusedAdamWStep, type ArenaLayout } from '../kernels/adamwFused';
import { adamwWasmStep } from '../kernels/adamwWasm';
import { assignVariables, readVariable, readVariables, variablesMisfit, type NamedArrays } from '../model/weights';

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
  private m: Record<string, tf.Variable> = {};
  private v: Record<string, tf.Variable> = {};
  /** The packed moments [m | v | scratch] once the fused update has run (m and v are empty then). */
  private arena: tf.Variable | null = null;
  private readonly layout: ArenaLayout;
  private readonly decayed: Record<string, boolean> = {};
  private step = 0;

  /**
   * Creates zeroed first and second moments for every parameter, held as the `kernels` path's
   * update wants them (per parameter for 'reference', packed for 'fused'), so the tensor count
   * stays the same from the first step on. Either update works with either; the other converts once.
   */
  constructor(params: GPTParams, cfg: AdamWConfig, kernels: ModelKernels = 'reference') {
    this.params = params;
    this.cfg = { ...cfg };
    for (const [name, p] of Object.entries(params)) {
      // tidy frees the zeros tensors; the variables keep their own reference to the data
      this.m[name] = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
      this.v[name] = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
      this.decayed[name] = isDecayed(name, p);
    }
    this.layout = arenaLayout(Object.values(params).map((p) => p.size));
    if (kernels === 'fused') this.pack();
  }

  /** Updates applied so far. */
  get stepCount(): number {
    return this.step;
  }

  /**
   * Runs `f` and puts the step count back as it was: for a pass that records no GPU work (the
   * compile-only shader warm-up, shaderWarmup.ts), so no update is counted that never ran.
   */
  uncounted<T>(f: () => T): T {
    const step = this.step;
    try {
      return f();
    } finally {
      this.step = step;
    }
  }

  /**
   * Applies one update in place with learning rate `lr`.
   * @param grads gradients keyed by parameter name, same shapes as the params (not disposed).
   * @param finite a bool scalar on the device: when false the update is skipped (parameters and
   *   moments keep their values; divergence.ts). The step count still advances: it lives here, on
   *   the CPU, and the device decides the skip. A boolean is the decision already read (CPU
   *   backends, where a read costs nothing): false only advances the count.
   */
  applyGradients(grads: Record<string, tf.Tensor>, lr: number, finite?: tf.Scalar | boolean): void {
    this.unpack();
    this.step++;
    if (finite === false) return;
    const onDevice = typeof finite === 'boolean' ? undefined : finite;
    const { beta1, beta2, eps, weightDecay } = this.cfg;
    const bc1 = 1 - beta1 ** this.step; // bias corrections
    const bc2 = 1 - beta2 ** this.step;
    const stepSize = lr / bc1;
    tf.tidy(() => {
      for (const [name, p] of Object.entries(this.params)) {
        const g = grads[name];
        if (!g) continue; // no gradient: leave the parameter and its moments alone
        const keep = (next: tf.Tensor, old: tf.Tensor) => (onDevice ? tf.where(onDevice, next, old) : next);
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

  /**
   * Clips the grads to global norm `gradClip` (none if ≤ 0) and applies one update in place, in a
   * few dispatches on WebGPU (kernels/adamwFused.ts). Same arithmetic as clipByGlobalNorm followed
   * by applyGradients, and the same skip when the loss or the norm is not finite.
   * @param grads one per parameter, keyed by name, same shapes (not disposed).
   * @param loss the step's loss (not disposed).
   * @returns the loss, NaN when the update was skipped (a new scalar).
   * @throws Error naming a parameter without a gradient.
   */
  applyGradientsFused(grads: Record<string, tf.Tensor>, lr: number, gradClip: number, loss: tf.Scalar): tf.Scalar {
    const names = Object.keys(this.params);
    const missing = names.find((n) => !grads[n]);
    if (missing) throw new Error(`The fused AdamW update needs every gradient; ${missing} has none.`);
    const arena = this.pack();
    this.step++;
    const { beta1, beta2, eps, weightDecay } = this.cfg;
    return fusedAdamWStep(
      names.map((n) => this.params[n]),
      names.map((n) => grads[n]),
      arena,
      this.layout,
      {
        lr,
        beta1,
        beta2,
        eps,
        weightDecay,
        step: this.step,
        gradClip,
        decayed: names.map((n) => this.decayed[n]),
      },
      loss,
    );
  }

  /**
   * The CPU path's update (kernels/adamwWasm.ts): clips the grads to global norm `gradClip` (none
   * if ≤ 0) and applies one update in place in our WebAssembly kernel. Same arithmetic and the same
   * skip as clipByGlobalNorm followed by applyGradients.
   * @param grads one per parameter, keyed by name, same shapes (not disposed).
   * @param loss the step's loss (not disposed; read here: a CPU backend's read is a memory load).
   * @returns the loss, NaN when the update was skipped (a new scalar).
   * @throws Error naming a parameter without a gradient.
   */
  applyGradientsWasm(grads: Record<string, tf.Tensor>, lr: number, gradClip: number, loss: tf.Scalar): tf.Scalar {
    const names = Object.keys(this.params);
    const missing = names.find((n) => !grads[n]);
    if (missing) throw new Error(`The WebAssembly AdamW update needs every gradient; ${missing} has none.`);
    this.unpack();
    const { beta1, beta2, eps, weightDecay } = this.cfg;
    const applied = adamwWasmStep(
      names.map((n) => this.params[n]),
      names.map((n) => grads[n]),
      names.map((n) => this.m[n]),
      names.map((n) => this.v[n]),
      {
        lr,
        beta1,
        beta2,
        eps,
        weightDecay,
        step: this.step + 1,
        gradClip,
        decayed: names.map((n) => this.decayed[n]),
      },
      Number.isFinite(loss.dataSync()[0]),
    );
    this.step++; // after the kernel: an update that threw is not counted
    return applied ? tf.clone(loss) : tf.scalar(NaN);
  }

  /** The packed moments, packing the per-parameter ones first if they are what is held. */
  private pack(): tf.Variable {
    if (this.arena) return this.arena;
    const L = this.layout;
    const names = Object.keys(this.params);
    this.arena = tf.tidy(() =>
      tf.variable(
        tf.concat([
          ...names.map((n) => tf.reshape(this.m[n], [-1])),
          ...names.map((n) => tf.reshape(this.v[n], [-1])),
          tf.zeros([L.size - 2 * L.total]),
        ]),
        false,
      ),
    );
    this.disposeMoments();
    return this.arena;
  }

  /** Per-parameter moments again, if the packed ones are held. */
  private unpack(): void {
    const arena = this.arena;
    if (!arena) return;
    const L = this.layout;
    Object.entries(this.params).forEach(([n, p], i) => {
      this.m[n] = tf.tidy(() => tf.variable(tf.reshape(tf.slice(arena, [L.offsets[i]], [p.size]), p.shape), false));
      this.v[n] = tf.tidy(() => tf.variable(tf.reshape(tf.slice(arena, [L.total + L.offsets[i]], [p.size]), p.shape), false));
    });
    arena.dispose();
    this.arena = null;
  }

  /** The step and moments read back from the device (awaited reads: call between steps). */
  async save(): Promise<AdamWState> {
    if (!this.arena) return { step: this.step, m: await readVariables(this.m), v: await readVariables(this.v) };
    const values = await readVariable(this.arena); // one read for both moments of every parameter
    const L = this.layout;
    const m: NamedArrays = {};
    const v: NamedArrays = {};
    Object.keys(this.params).forEach((n, i) => {
      m[n] = Float32Array.from(values.subarray(L.offsets[i], L.offsets[i] + L.sizes[i]));
      v[n] = Float32Array.from(values.subarray(L.total + L.offsets[i], L.total + L.offsets[i] + L.sizes[i]));
    });
    return { step: this.step, m, v };
  }

  /**
   * Continues from a saved state: the next update is exactly the one the saved optimizer would
   * have made (bias corrections follow the saved step).
   * @throws Error naming the moment that does not fit these parameters; nothing changes then.
   */
  restore(state: AdamWState): void {
    if (!Number.isInteger(state.step) || state.step < 0) throw new Error(`The optimizer's saved step (${state.step}) is not a count.`);
    // Moments have their parameters' shapes; both checked before either is written.
    const misfit = variablesMisfit(this.params, state.m) ?? variablesMisfit(this.params, state.v);
    if (misfit) throw new Error(`The optimizer's saved moments do not fit the model: ${misfit}.`);
    if (this.arena) {
      const L = this.layout;
      const values = new Float32Array(L.size);
      Object.keys(this.params).forEach((n, i) => {
        values.set(state.m[n], L.offsets[i]);
        values.set(state.v[n], L.total + L.offsets[i]);
      });
      const arena = this.arena;
      tf.tidy(() => arena.assign(tf.tensor1d(values)));
    } else {
      assignVariables(this.m, state.m);
      assignVariables(this.v, state.v);
    }
    this.step = state.step;
  }

  /** Frees the moment variables (not the parameters). */
  dispose(): void {
    this.disposeMoments();
    this.arena?.dispose();
    this.arena = null;
  }

  private disposeMoments(): void {
    for (const t of [...Object.values(this.m), ...Object.values(this.v)]) t.dispose();
    this.m = {};
    this.v = {};
  }
}
