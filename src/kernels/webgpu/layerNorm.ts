// LayerNorm over the last axis as WebGPU programs with the backward written out: one program
// forward, four backward (row statistics, dx, dγ, dβ), where the reference (reference/ops.ts) takes
// ~10 dispatches forward and ~25 backward. One thread per row (or per column for dγ, dβ).
//   forward:  x̂ = (x − μ)·r, r = 1/√(σ² + eps), y = x̂·γ + β   (μ, σ² two-pass, as tf.moments)
//   backward: g = dy·γ;  dx = r·(g − mean(g) − x̂·mean(g·x̂));  dγ = Σ_rows dy·x̂;  dβ = Σ_rows dy
import * as tf from '@tensorflow/tfjs';
import { withGradient } from '../customGrad';
import { flatProgram, runProgram } from './program';

/** Row statistics in WGSL: `mean` and `rstd` of row `row` of X [rows, C] (two-pass). */
const ROW_STATS = `
    fn rowStats(row: i32) -> vec2<f32> {
      let C = uniforms.C;
      var s = 0.0;
      for (var c = 0; c < C; c++) { s += X[row * C + c]; }
      let mean = s / f32(C);
      var q = 0.0;
      for (var c = 0; c < C; c++) { let d = X[row * C + c] - mean; q += d * d; }
      return vec2<f32>(mean, inverseSqrt(q / f32(C) + uniforms.eps));
    }`;

function forwardProgram(rows: number, C: number) {
  return flatProgram({
    key: 'pp_layernorm_fwd',
    inputs: ['X', 'W', 'B'],
    outputShape: [rows, C],
    workgroups: Math.ceil(rows / 64),
    workgroupSize: 64,
    uniforms: 'rows: i32, C: i32, eps: f32,',
    code: `${ROW_STATS}
    fn main(row: i32) {
      if (row >= uniforms.rows) { return; }
      let st = rowStats(row);
      for (var c = 0; c < uniforms.C; c++) {
        let i = row * uniforms.C + c;
        result[i] = (X[i] - st.x) * st.y * W[c] + B[c];
      }
    }`,
  });
}

/** [rows, 2]: mean and rstd per row. */
function statsProgram(rows: number) {
  return flatProgram({
    key: 'pp_layernorm_stats',
    inputs: ['X'],
    outputShape: [rows, 2],
    workgroups: Math.ceil(rows / 64),
    workgroupSize: 64,
    uniforms: 'rows: i32, C: i32, eps: f32,',
    code: `${ROW_STATS}
    fn main(row: i32) {
      if (row >= uniforms.rows) { return; }
      let st = rowStats(row);
      result[2 * row] = st.x;
      result[2 * row + 1] = st.y;
    }`,
  });
}

function dxProgram(rows: number, C: number) {
  return flatProgram({
    key: 'pp_layernorm_dx',
    inputs: ['X', 'DY', 'W', 'S'],
    outputShape: [rows, C],
    workgroups: Math.ceil(rows / 64),
    workgroupSize: 64,
    uniforms: 'rows: i32, C: i32,',
    code: `
    fn main(row: i32) {
      if (row >= uniforms.rows) { return; }
      let C = uniforms.C;
      let mean = S[2 * row];
      let r = S[2 * row + 1];
      var sg = 0.0;
      var sgx = 0.0;
      for (var c = 0; c < C; c++) {
        let i = row * C + c;
        let g = DY[i] * W[c];
        sg += g;
        sgx += g * (X[i] - mean) * r;
      }
      let mg = sg / f32(C);
      let mgx = sgx / f32(C);
      for (var c = 0; c < C; c++) {
        let i = row * C + c;
        result[i] = r * (DY[i] * W[c] - mg - (X[i] - mean) * r * mgx);
      }
    }`,
  });
}

/** dγ (withXhat) or dβ: one thread per column, summing over rows. */
function columnSumProgram(C: number, withXhat: boolean) {
  return flatProgram({
    key: `pp_layernorm_${withXhat ? 'dw' : 'db'}`,
    inputs: withXhat ? ['X', 'DY', 'S'] : ['DY'],
    outputShape: [C],
    workgroupSize: 64,
    uniforms: 'rows: i32, C: i32,',
    code: `
    fn main(c: i32) {
      if (c >= uniforms.C) { return; }
      var acc = 0.0;
      for (var row = 0; row < uniforms.rows; row++) {
        let i = row * uniforms.C + c;
        acc += ${withXhat ? 'DY[i] * (X[i] - S[2 * row]) * S[2 * row + 1]' : 'DY[i]'};
      }
      result[c] = acc;
    }`,
  });
}

/**
 * LayerNorm of x [N, C] with gain w [C] and bias b [C] → [N, C], differentiable in all three.
 * @param eps added to the variance (GPT-2: 1e-5).
 */
export function layerNormFused(x: tf.Tensor2D, w: tf.Tensor1D, b: tf.Tensor1D, eps: number): tf.Tensor2D {
  const [N, C] = x.shape;
  const op = withGradient((save, x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
    save([x, w]);
    const value = runProgram(
      forwardProgram(N, C),
      [x, w, b],
      [
        { type: 'int32', data: [N, C] },
        { type: 'float32', data: [eps] },
      ],
    ); // [N, C]
    const gradFunc = (dy: tf.Tensor, [xs, ws]: tf.Tensor[]) =>
      tf.tidy(() => {
        const dims = { type: 'int32' as const, data: [N, C] };
        const stats = runProgram(statsProgram(N), [xs], [dims, { type: 'float32', data: [eps] }]); // [N, 2]
        return [
          runProgram(dxProgram(N, C), [xs, dy, ws, stats], [dims]), // [N, C]
          runProgram(columnSumProgram(C, true), [xs, dy, stats], [dims]), // [C]
          runProgram(columnSumProgram(C, false), [dy], [dims]), // [C]; every input must be read: pipelines use layout 'auto'
        ];
      });
    return { value, gradFunc };
  });
  return op(x, w, b) as tf.Tensor2D;
}
