// The WGSL programs of the WebGPU AdamW step (adamw.ts says the order they run in): the norm's
// partial sums and its finish (norm, clip factor, finite flag), the moments, the parameters
// (several variables written in one dispatch, inPlace.ts), and the loss handed back. Arithmetic
// and order follow the reference (reference/adamw.ts: torch.optim.AdamW after clip_grad_norm_).
import { flatProgram, treeSumWGSL } from './program';
import type { InPlaceSpec } from './inPlace';

/** Grads read by one program: WebGPU's default 8 storage buffers, less the output. */
export const CHUNK = 7;
/** Workgroups (of 256 threads) per chunk in the norm's first pass. */
export const NORM_GROUPS = 64;

/** WGSL: whether x is a finite number (bits, as tfjs's isnan: fast-math may fold x == x). */
const IS_FINITE = `
    fn isFiniteF(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) < 0x7f800000u; }`;

/** The loss, or NaN when the step was skipped. */
export function lossProgram() {
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
export function normPartialsProgram(k: number) {
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
export function normFinishProgram() {
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
export function momentsProgram(k: number, sizes: number[], chunk: number[]) {
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
export function paramsProgram(k: number): InPlaceSpec {
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
