// AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, as torch.optim.AdamW, with
// global-norm clipping before it (torch.nn.utils.clip_grad_norm_). tfjs-core has no AdamW. Decay
// applies to matrices only, never to LayerNorm gains or biases. This class keeps what is the same
// for every implementation (the step count, which parameters decay, the saved state by GPT-2 name);
// the arithmetic and how the moments are held are the model's Ops' (kernels/ops.ts Optimizer).
// A run may ask for Muon for its hidden matrices instead (kernels/muon.ts): the same class then
// holds Muon's momentum where AdamW's first moment would be, behind the same interface.
import type * as tf from '@tensorflow/tfjs';
import type { GPTParams } from '../model/gpt';
import { muonOptimizer, referenceOps, type Ops, type Optimizer } from '../kernels/ops';
import { variablesMisfit, type NamedArrays } from '../model/weights';
import { MUON, type OptimizerName } from '../protocol/settings';

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

/** Whether Muon takes a parameter (when a run asks for Muon): the blocks' 2-D matrices, not embeddings. */
export function isHiddenMatrix(name: string, v: tf.Variable): boolean {
  return v.rank === 2 && name.startsWith('h.');
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
  private readonly names: string[];
  private readonly params: GPTParams;
  private readonly cfg: AdamWConfig;
  private readonly decayed: boolean[];
  private readonly impl: Optimizer;
  private readonly muon: boolean;
  private step = 0;

  /**
   * Zeroed first and second moments for every parameter, held as `ops` holds them (the model's
   * ops: `model.ops`; default the reference), so the tensor count stays the same from the first
   * step on.
   */
  constructor(params: GPTParams, cfg: AdamWConfig, ops: Ops = referenceOps(), optimizer: OptimizerName = 'adamw') {
    this.params = params;
    this.names = Object.keys(params);
    this.cfg = { ...cfg };
    this.decayed = this.names.map((n) => isDecayed(n, params[n]));
    const list = this.names.map((n) => params[n]);
    this.muon = optimizer === 'muon';
    this.impl = this.muon
      ? muonOptimizer(
          list,
          this.names.map((n) => isHiddenMatrix(n, params[n])),
          (rest) => ops.optimizer(rest),
        )
      : ops.optimizer(list);
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
   * Clips the grads to global norm `gradClip` (none if ≤ 0) and applies one update in place with
   * learning rate `lr`, unless the loss or the gradients' norm is not finite: then the weights and
   * moments keep their values (divergence.ts). The step count advances either way: it lives here,
   * and the device decides the skip. An update that throws is not counted.
   * @param grads one per parameter, keyed by name, same shapes (not disposed).
   * @param loss the step's loss (not disposed).
   * @returns the loss, NaN when the update was skipped (a new scalar).
   * @throws Error naming a parameter without a gradient.
   */
  update(grads: Record<string, tf.Tensor>, loss: tf.Scalar, lr: number, gradClip: number): tf.Scalar {
    const missing = this.names.find((n) => !grads[n]);
    if (missing) throw new Error(`The AdamW update needs every gradient; ${missing} has none.`);
    const step = this.step + 1;
    const out = this.impl.step(
      this.names.map((n) => grads[n]),
      loss,
      {
        ...{ ...this.cfg, lr, step, gradClip, decayed: this.decayed },
        ...(this.muon ? { muon: { lr: lr * MUON.lrRatio, momentum: MUON.momentum, nsSteps: MUON.nsSteps } } : {}),
      },
    );
    this.step = step;
    return out;
  }

  /** The step and moments read back from the device (awaited reads: call between steps). */
  async save(): Promise<AdamWState> {
    const { m, v } = await this.impl.save();
    const byName = (arrays: Float32Array[]): NamedArrays => Object.fromEntries(this.names.map((n, i) => [n, arrays[i]]));
    return { step: this.step, m: byName(m), v: byName(v) };
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
    this.impl.restore({ m: this.names.map((n) => state.m[n]), v: this.names.map((n) => state.v[n]) });
    this.step = state.step;
  }

  /** Frees the moments (not the parameters). */
  dispose(): void {
    this.impl.dispose();
  }
}
