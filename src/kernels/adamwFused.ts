// AdamW with global-norm gradient clipping over every parameter in a few dispatches, beside its
// reference formulation (the same arithmetic in tf ops, for the other backends and the tests).
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
// Arithmetic and order follow train/adamw.ts and train/trainStep.ts's clipByGlobalNorm exactly
// (torch.optim.AdamW, torch.nn.utils.clip_grad_norm_).
import * as tf from '@tensorflow/tfjs';
import { flatProgram, onWebGPU, runInPlace, runProgram, treeSumWGSL } from './webgpu';
import { runInPlaceMany, type InPlaceSpec } from './inPlace';

/** Grads read by one program: WebGPU's default 8 storage buffers, less the output. */
const CHUNK = 7;
/** Workgroups (of 256 threads) per chunk in the norm's first pass. */
const NORM_GROUPS = 64;

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

export interface AdamWStepConfig {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** The update's number, from 1 (bias corrections). */
  step: number;
  /** Global-norm clip; ≤ 0 for none. */
  gradClip: number;
  /** Per parameter: whether weight decay applies. */
  decayed: boolean[];
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
  layout: ArenaLayout,
  c: AdamWStepConfig,
  loss: tf.Scalar,
): tf.Scalar {
  if (grads.length !== params.length)
    throw new Error(`The fused AdamW step needs a gradient for each of the ${params.length} parameters (got ${grads.length}).`);
  return onWebGPU() ? stepWebGPU(params, grads, arena, layout, c, loss) : stepReference(params, grads, arena, layout, c, loss);
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

/** The reference formulation: tf ops, the same order of arithmetic as the programs. */
function stepReference(
  params: tf.Variable[],
  grads: tf.Tensor[],
  arena: tf.Variable,
  L: ArenaLayout,
  c: AdamWStepConfig,
  loss: tf.Scalar,
): tf.Scalar {
  const { decay, stepSize, sqrtBc2 } = paramUpdates(c);
  return tf.tidy(() => {
    const squares = grads.map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(tf.sum(tf.stack(squares))); // []
    const factor = c.gradClip > 0 ? tf.minimum(1, tf.div(c.gradClip, tf.add(norm, 1e-6))) : tf.scalar(1);
    const finite = tf.logicalAnd(tf.isFinite(loss), tf.isFinite(norm)); // [] bool
    const keep = (next: tf.Tensor, old: tf.Tensor) => tf.where(finite, next, old);
    const ms: tf.Tensor[] = [];
    const vs: tf.Tensor[] = [];
    params.forEach((p, i) => {
      const g = tf.mul(tf.reshape(grads[i], [-1]), factor); // [n]
      const m0 = tf.slice(arena, [L.offsets[i]], [L.sizes[i]]);
      const v0 = tf.slice(arena, [L.total + L.offsets[i]], [L.sizes[i]]);
      const m = tf.add(tf.mul(m0, c.beta1), tf.mul(g, 1 - c.beta1));
      const v = tf.add(tf.mul(v0, c.beta2), tf.mul(tf.square(g), 1 - c.beta2));
      ms.push(m);
      vs.push(v);
      const denom = tf.add(tf.div(tf.sqrt(v), sqrtBc2), c.eps);
      const flatP = tf.reshape(p, [-1]);
      const decayed = decay(i) === 1 ? flatP : tf.mul(flatP, decay(i));
      p.assign(keep(tf.reshape(tf.sub(decayed, tf.mul(tf.div(m, denom), stepSize)), p.shape), p));
    });
    const flags = [norm, factor, tf.cast(finite, 'float32')].map((t) => tf.reshape(t, [1]));
    const moments = keep(tf.concat([...ms, ...vs]), tf.slice(arena, [0], [2 * L.total]));
    arena.assign(tf.concat([moments, tf.zeros([L.normSlot - L.partialStart]), ...flags]));
    return tf.where(finite, loss, NaN) as tf.Scalar;
  });
}

function stepWebGPU(
  params: tf.Variable[],
  grads: tf.Tensor[],
  arena: tf.Variable,
  L: ArenaLayout,
  c: AdamWStepConfig,
  loss: tf.Scalar,
): tf.Scalar {
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

/** WGSL: whether x is a finite number (bits, as tfjs's isnan: fast-math may fold x == x). */
const IS_FINITE = `
    fn isFiniteF(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) < 0x7f800000u; }`;

/** The loss, or NaN when the step was skipped. */
function lossProgram() {
  return flatProgram({
    key: 'pp_adamw_loss',
    inputs: ['Loss', 'Arena'],
    outputShape: [1],
    uniforms: 'finiteSlot: i32,',
    code: `
    fn main(index: i32) {
      if (index == 0) { result[0] = select(uniforms.NAN, Loss[0], Arena[uniforms.finiteSlot] == 1.0); }
    }`,
  });
}

const ENDS_UNIFORMS = Array.from({ length: CHUNK }, (_, j) => `end${j}: i32,`).join(' ');

/** WGSL reading element e of the chunk's concatenated grads G0..G(k-1) into `g`. */
function readGrad(k: number): string {
  const lines = [`var g = 0.0;`, `if (e < uniforms.end0) { g = G0[e]; }`];
  for (let j = 1; j < k; j++) lines.push(`else if (e < uniforms.end${j}) { g = G${j}[e - uniforms.end${j - 1}]; }`);
  return lines.join('\n      ');
}

const names = (k: number) => Array.from({ length: k }, (_, j) => `G${j}`);

/** Σ g² over a chunk: workgroup w writes its partial sum to result[slot + w]. */
function normPartialsProgram(k: number) {
  return flatProgram({
    key: `pp_adamw_norm_partials_${k}`,
    inputs: names(k),
    outputShape: [1],
    uniforms: `${ENDS_UNIFORMS} slot: i32,`,
    workgroups: NORM_GROUPS,
    code: `
    var<workgroup> partial: array<f32, 256>;
    fn main(index: i32) {
      let count = uniforms.end${CHUNK - 1};
      var acc = 0.0;
      for (var e = index; e < count; e += ${256 * NORM_GROUPS}) {
        ${readGrad(k)}
        acc += g * g;
      }
      partial[localIndex] = acc;
      workgroupBarrier();
      ${treeSumWGSL(256)}
      if (localIndex == 0u) { result[uniforms.slot + i32(workgroupId.x)] = partial[0]; }
    }`,
  });
}

/**
 * The global norm √Σ partials, the clip factor min(1, clip / (norm + 1e-6)) (1 when clip ≤ 0) and
 * whether the loss and the norm are finite.
 */
function normFinishProgram() {
  return flatProgram({
    key: 'pp_adamw_norm_finish',
    inputs: ['Loss'],
    outputShape: [1],
    uniforms: 'start: i32, count: i32, normSlot: i32, clip: f32,',
    workgroups: 1,
    code: `${IS_FINITE}
    var<workgroup> partial: array<f32, 256>;
    fn main(index: i32) {
      var acc = 0.0;
      for (var e = index; e < uniforms.count; e += 256) { acc += result[uniforms.start + e]; }
      partial[localIndex] = acc;
      workgroupBarrier();
      ${treeSumWGSL(256)}
      if (localIndex == 0u) {
        let norm = sqrt(partial[0]);
        result[uniforms.normSlot] = norm;
        result[uniforms.normSlot + 1] = select(1.0, min(1.0, uniforms.clip / (norm + 1e-6)), uniforms.clip > 0.0);
        result[uniforms.normSlot + 2] = select(0.0, 1.0, isFiniteF(norm) && isFiniteF(Loss[0]));
      }
    }`,
  });
}

/** m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², g the clipped grad, for one chunk. */
function momentsProgram(k: number, sizes: number[], chunk: number[]) {
  const count = chunk.reduce((s, i) => s + sizes[i], 0);
  return flatProgram({
    key: `pp_adamw_moments_${k}`,
    inputs: names(k),
    outputShape: [count],
    uniforms: `${ENDS_UNIFORMS} start: i32, total: i32, factorSlot: i32, finiteSlot: i32, beta1: f32, beta2: f32,`,
    code: `
    fn main(index: i32) {
      let e = index;
      if (e >= uniforms.end${CHUNK - 1} || result[uniforms.finiteSlot] != 1.0) { return; }
      ${readGrad(k)}
      g = g * result[uniforms.factorSlot];
      let mi = uniforms.start + e;
      let vi = uniforms.total + mi;
      result[mi] = result[mi] * uniforms.beta1 + g * (1.0 - uniforms.beta1);
      result[vi] = result[vi] * uniforms.beta2 + (g * g) * (1.0 - uniforms.beta2);
    }`,
  });
}

/**
 * p' = p·decay − (m / (√v/√bc2 + eps))·stepSize for a chunk of k parameters P0..P(k-1), in place,
 * from the arena; nothing is written when the step is skipped.
 */
function paramsProgram(k: number): InPlaceSpec {
  const targets = names(k).map((g) => g.replace('G', 'P'));
  const write = (j: number) =>
    `${j ? 'else ' : ''}if (e < uniforms.end${j}) { let i = e${j ? ` - uniforms.end${j - 1}` : ''}; P${j}[i] = next(P${j}[i], mi, uniforms.decay${j}); }`;
  return {
    key: `pp_adamw_params_${k}`,
    targets,
    inputs: ['Arena'],
    uniforms: `${ENDS_UNIFORMS} start: i32, total: i32, finiteSlot: i32, ${Array.from({ length: CHUNK }, (_, j) => `decay${j}: f32,`).join(' ')} stepSize: f32, sqrtBc2: f32, eps: f32,`,
    code: `
    fn next(p: f32, mi: i32, decay: f32) -> f32 {
      let m = Arena[mi];
      let v = Arena[uniforms.total + mi];
      let denom = sqrt(v) / uniforms.sqrtBc2 + uniforms.eps;
      return p * decay - (m / denom) * uniforms.stepSize;
    }
    fn main(e: i32) {
      if (Arena[uniforms.finiteSlot] != 1.0) { return; }
      let mi = uniforms.start + e;
      ${targets.map((_, j) => write(j)).join('\n      ')}
    }`,
  };
}
