// AdamW with global-norm gradient clipping over every parameter in a few WebGPU dispatches (the
// programs: adamwPrograms.ts).
// Both moments of all parameters live in one flat buffer, the "arena":
//   [ m (N) | v (N) | norm partial sums (P) | global norm | clip factor | finite flag ]
// with parameters in a fixed order at fixed offsets. A step on WebGPU is:
//   1. per chunk of ≤ 7 grads, 64 workgroups sum g² into the partials (in place);
//   2. one workgroup adds the partials: norm, clip factor, and whether loss and norm are finite;
//   3. per chunk, m and v updated in place from the clipped grads;
//   4. per chunk, p' from p and the new moments, the chunk's ≤ 7 parameters written in place in
//      one dispatch (inPlace.ts: tfjs programs have one output, and each parameter is its own
//      variable, so a tfjs program would take one dispatch per parameter);
//   5. the loss handed back, NaN when the step was skipped.
// A step whose loss or gradient norm is not finite changes nothing (train/divergence.ts).
// That is 3·⌈n/7⌉ + 2 dispatches for n parameters (26 for baby's 52), where the op-by-op update
// takes ~17·n.
// Arithmetic and order follow the reference (reference/adamw.ts: torch.optim.AdamW after
// torch.nn.utils.clip_grad_norm_).
import * as tf from '@tensorflow/tfjs';
import type { AdamWStepConfig, Moments, Optimizer } from '../ops';
import { runInPlace, runProgram } from './program';
import { runInPlaceMany } from './inPlace';
import { CHUNK, NORM_GROUPS, lossProgram, momentsProgram, normFinishProgram, normPartialsProgram, paramsProgram } from './adamwPrograms';

/** Where each parameter's moments sit in the arena. */
export interface ArenaLayout {
  /** Elements per parameter, in parameter order. */
  sizes: number[];
  /** Offset of each parameter's moments within m (and within v, after N). */
  offsets: number[];
  /** N: elements in all parameters. */
  total: number;
  /** Parameter indices per program, consecutive, ≤ 7 each. */
  chunks: number[][];
  partialStart: number;
  normSlot: number;
  factorSlot: number;
  /** 1 when the step's loss and gradient norm are finite, else 0 (the step is skipped). */
  finiteSlot: number;
  /** Elements in the arena. */
  size: number;
}

/** The arena's layout for parameters of these sizes (in the order the step will pass them). */
export function arenaLayout(sizes: number[]): ArenaLayout {
  const offsets: number[] = [];
  let total = 0;
  for (const n of sizes) {
    offsets.push(total);
    total += n;
  }
  const chunks: number[][] = [];
  for (let i = 0; i < sizes.length; i += CHUNK) chunks.push(sizes.slice(i, i + CHUNK).map((_, j) => i + j));
  const partialStart = 2 * total;
  const normSlot = partialStart + chunks.length * NORM_GROUPS;
  return { sizes, offsets, total, chunks, partialStart, normSlot, factorSlot: normSlot + 1, finiteSlot: normSlot + 2, size: normSlot + 3 };
}

/** The new parameter from the new moments: p·decay − stepSize · m / (√v/√bc2 + eps). */
function paramUpdates(c: AdamWStepConfig): { decay: (i: number) => number; stepSize: number; sqrtBc2: number } {
  const bc1 = 1 - c.beta1 ** c.step;
  const bc2 = 1 - c.beta2 ** c.step;
  return {
    decay: (i) => (c.decayed[i] && c.weightDecay > 0 ? 1 - c.lr * c.weightDecay : 1),
    stepSize: c.lr / bc1,
    sqrtBc2: Math.sqrt(bc2),
  };
}

/**
 * One AdamW step with clipping: updates `params` and `arena` (m, v, norm, factor) in place,
 * unless the loss or the gradients' norm is not finite: then nothing changes. On WebGPU a
 * parameter whose buffer another live tensor shares gets its own copy first (inPlace.ts ownBuffer),
 * so that tensor keeps the old values.
 * @param grads one per parameter, same shapes (not disposed).
 * @param arena float32 [layout.size] (see the file header).
 * @param loss the step's loss (not disposed).
 * @returns the loss, or NaN when the step was skipped (a new scalar).
 */
export function fusedAdamWStep(
  params: tf.Variable[],
  grads: tf.Tensor[],
  arena: tf.Variable,
  L: ArenaLayout,
  c: AdamWStepConfig,
  loss: tf.Scalar,
): tf.Scalar {
  if (grads.length !== params.length)
    throw new Error(`The WebGPU AdamW step needs a gradient for each of the ${params.length} parameters (got ${grads.length}).`);

  const { decay, stepSize, sqrtBc2 } = paramUpdates(c);
  // Each chunk's grads, and where its elements end (cumulative, within the chunk).
  const chunkEnds = (chunk: number[]) => {
    let end = 0;
    const ends = chunk.map((i) => (end += L.sizes[i]));
    while (ends.length < CHUNK) ends.push(end); // unused slots: empty ranges
    return ends;
  };
  L.chunks.forEach((chunk, k) => {
    runInPlace(
      normPartialsProgram(chunk.length),
      chunk.map((i) => grads[i]),
      arena,
      [{ type: 'int32', data: [...chunkEnds(chunk), L.partialStart + k * NORM_GROUPS] }],
    );
  });
  const lossFlat = tf.reshape(loss, [1]);
  runInPlace(normFinishProgram(), [lossFlat], arena, [
    { type: 'int32', data: [L.partialStart, L.chunks.length * NORM_GROUPS, L.normSlot] },
    { type: 'float32', data: [c.gradClip] },
  ]);
  L.chunks.forEach((chunk) => {
    runInPlace(
      momentsProgram(chunk.length, L.sizes, chunk),
      chunk.map((i) => grads[i]),
      arena,
      [
        { type: 'int32', data: [...chunkEnds(chunk), L.offsets[chunk[0]], L.total, L.factorSlot, L.finiteSlot] },
        { type: 'float32', data: [c.beta1, c.beta2] },
      ],
    );
  });
  L.chunks.forEach((chunk) => {
    const ends = chunkEnds(chunk);
    const decays = chunk.map(decay);
    while (decays.length < CHUNK) decays.push(1); // unused slots
    runInPlaceMany(
      paramsProgram(chunk.length),
      chunk.map((i) => params[i]),
      [arena],
      ends[CHUNK - 1],
      [
        { type: 'int32', data: [...ends, L.offsets[chunk[0]], L.total, L.finiteSlot] },
        { type: 'float32', data: [...decays, stepSize, sqrtBc2, c.eps] },
      ],
    );
  });
  const checked = tf.tidy(() => tf.reshape(runProgram(lossProgram(), [lossFlat, arena], [{ type: 'int32', data: [L.finiteSlot] }]), []));
  lossFlat.dispose();
  return checked as tf.Scalar;
}

/**
 * The WebGPU Optimizer: both moments of every parameter packed in one arena variable
 * [layout.size], read and written in one piece by save and restore.
 */
export function webgpuOptimizer(params: tf.Variable[]): Optimizer {
  const layout = arenaLayout(params.map((p) => p.size));
  const arena = tf.tidy(() => tf.variable(tf.zeros([layout.size]), false));
  return {
    step: (grads, loss, c) => fusedAdamWStep(params, grads, arena, layout, c, loss),
    async save(): Promise<Moments> {
      const copy = tf.mul(arena, 1); // a read lands on the copy: an in-place write must not leave stale values cached
      const values = (await copy.data()) as Float32Array;
      copy.dispose();
      const part = (start: number, i: number) => values.slice(start + layout.offsets[i], start + layout.offsets[i] + layout.sizes[i]);
      return { m: params.map((_, i) => part(0, i)), v: params.map((_, i) => part(layout.total, i)) };
    },
    restore({ m, v }: Moments) {
      const values = new Float32Array(layout.size);
      params.forEach((_, i) => {
        values.set(m[i], layout.offsets[i]);
        values.set(v[i], layout.total + layout.offsets[i]);
      });
      tf.tidy(() => arena.assign(tf.tensor1d(values)));
    },
    dispose: () => arena.dispose(),
  };
}
