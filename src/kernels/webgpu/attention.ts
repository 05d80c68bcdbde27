// Causal multi-head self-attention from the fused qkv projection straight to the merged heads, as
// WebGPU programs: one forward, two backward. The reference (reference/ops.ts) is split, 4 head
// transposes, q·kᵀ, scale, mask, softmax, ·v (≈ 10 dispatches forward, ≈ 10 backward); here the
// heads are read in place from qkv [B·T, 3C] (no transposes: tfjs's int32 transpose on WebGPU is
// broken, issue 8638, and the float ones cost a dispatch each).
//   S = scale·q·kᵀ + mask,  P = softmax(S),  y = P·v                       per (batch, head)
//   dP = dy·vᵀ,  dS = scale·P⊙(dP − rowsum(dP⊙P)),  dq = dS·k,  dk = dSᵀ·q,  dv = Pᵀ·dy
// The backward recomputes P from q and k (nothing of the forward is kept but qkv).
import * as tf from '@tensorflow/tfjs';
import { withGradient } from '../customGrad';
import { flatProgram, runProgram } from './program';

const DIMS = 'B: i32, T: i32, nh: i32, hs: i32, scale: f32,';

/** WGSL: for head-row r = (b·nh + h)·T + i, the probabilities p[0..i] (later ones 0). */
const ROW_PROBS = (T: number) => `
    var<private> p: array<f32, ${T}>;
    struct Row { b: i32, h: i32, i: i32, C: i32 }
    fn rowOf(r: i32) -> Row {
      let T = uniforms.T;
      return Row(r / (T * uniforms.nh), (r / T) % uniforms.nh, r % T, uniforms.nh * uniforms.hs);
    }
    fn qkvAt(b: i32, t: i32, part: i32, h: i32, d: i32, C: i32) -> i32 {
      return (b * uniforms.T + t) * 3 * C + part * C + h * uniforms.hs + d;
    }
    fn probs(w: Row) {
      var mx = -3.402823e+38;
      for (var j = 0; j <= w.i; j++) {
        var s = 0.0;
        for (var d = 0; d < uniforms.hs; d++) { s += QKV[qkvAt(w.b, w.i, 0, w.h, d, w.C)] * QKV[qkvAt(w.b, j, 1, w.h, d, w.C)]; }
        p[j] = s * uniforms.scale;
        mx = max(mx, p[j]);
      }
      var sum = 0.0;
      for (var j = 0; j <= w.i; j++) { p[j] = exp(p[j] - mx); sum += p[j]; }
      for (var j = 0; j < uniforms.T; j++) { p[j] = select(0.0, p[j] / sum, j <= w.i); }
    }`;

/** y [B·T, C]: one thread per (batch, head, query). */
function forwardProgram(B: number, T: number, nh: number, C: number) {
  return flatProgram({
    key: `pp_attention_fwd_${T}`,
    inputs: ['QKV'],
    outputShape: [B * T, C],
    workgroups: Math.ceil((B * nh * T) / 64),
    workgroupSize: 64,
    uniforms: DIMS,
    code: `${ROW_PROBS(T)}
    fn main(r: i32) {
      if (r >= uniforms.B * uniforms.nh * uniforms.T) { return; }
      let w = rowOf(r);
      probs(w);
      for (var d = 0; d < uniforms.hs; d++) {
        var acc = 0.0;
        for (var j = 0; j <= w.i; j++) { acc += p[j] * QKV[qkvAt(w.b, j, 2, w.h, d, w.C)]; }
        result[(w.b * uniforms.T + w.i) * w.C + w.h * uniforms.hs + d] = acc;
      }
    }`,
  });
}

/** [2, B, nh, T, T]: dS (scale included) then P, one thread per (batch, head, query). */
function scoresGradProgram(B: number, T: number, nh: number) {
  return flatProgram({
    key: `pp_attention_dscores_${T}`,
    inputs: ['QKV', 'DY'],
    outputShape: [2 * B * nh * T * T],
    workgroups: Math.ceil((B * nh * T) / 64),
    workgroupSize: 64,
    uniforms: DIMS,
    code: `${ROW_PROBS(T)}
    var<private> dp: array<f32, ${T}>;
    fn main(r: i32) {
      let rows = uniforms.B * uniforms.nh * uniforms.T;
      if (r >= rows) { return; }
      let w = rowOf(r);
      probs(w);
      var dot = 0.0;
      for (var j = 0; j <= w.i; j++) {
        var s = 0.0;
        for (var d = 0; d < uniforms.hs; d++) { s += DY[(w.b * uniforms.T + w.i) * w.C + w.h * uniforms.hs + d] * QKV[qkvAt(w.b, j, 2, w.h, d, w.C)]; }
        dp[j] = s;
        dot += s * p[j];
      }
      let T = uniforms.T;
      for (var j = 0; j < T; j++) {
        result[r * T + j] = select(0.0, uniforms.scale * p[j] * (dp[j] - dot), j <= w.i);
        result[rows * T + r * T + j] = p[j];
      }
    }`,
  });
}

/** dqkv [B·T, 3C]: one thread per element, from dS, P, q, k and dy. */
function qkvGradProgram(B: number, T: number, C: number) {
  return flatProgram({
    key: 'pp_attention_dqkv',
    inputs: ['QKV', 'SP', 'DY'],
    outputShape: [B * T, 3 * C],
    workgroupSize: 64,
    uniforms: DIMS,
    code: `
    fn main(e: i32) {
      let T = uniforms.T;
      let hs = uniforms.hs;
      let C = uniforms.nh * hs;
      if (e >= uniforms.B * T * 3 * C) { return; }
      let row = e / (3 * C);
      let part = (e % (3 * C)) / C;
      let h = (e % C) / hs;
      let d = e % hs;
      let b = row / T;
      let t = row % T;
      let headRow = (b * uniforms.nh + h) * T; // + query index: a row of dS or P
      let pOffset = uniforms.B * uniforms.nh * T * T;
      var acc = 0.0;
      if (part == 0) { // dq[t] = Σ_{j ≤ t} dS[t, j]·k[j]
        for (var j = 0; j <= t; j++) { acc += SP[(headRow + t) * T + j] * QKV[(b * T + j) * 3 * C + C + h * hs + d]; }
      } else if (part == 1) { // dk[t] = Σ_{i ≥ t} dS[i, t]·q[i]
        for (var i = t; i < T; i++) { acc += SP[(headRow + i) * T + t] * QKV[(b * T + i) * 3 * C + h * hs + d]; }
      } else { // dv[t] = Σ_{i ≥ t} P[i, t]·dy[i]
        for (var i = t; i < T; i++) { acc += SP[pOffset + (headRow + i) * T + t] * DY[(b * T + i) * C + h * hs + d]; }
      }
      result[e] = acc;
    }`,
  });
}

/**
 * Causal self-attention of qkv [B·T, 3C] (q | k | v, heads of size C/nh side by side, as
 * GPT-2's c_attn writes them) → the merged heads [B·T, C], before c_proj. Scores are scaled by
 * 1/√headSize. Differentiable in qkv.
 */
export function causalAttentionFused(qkv: tf.Tensor2D, B: number, T: number, nh: number): tf.Tensor2D {
  const C = qkv.shape[1] / 3;
  const hs = C / nh;
  if (!Number.isInteger(hs) || qkv.shape[0] !== B * T)
    throw new Error(`Attention needs qkv [B·T, 3C] with C divisible by ${nh} heads; got [${qkv.shape.join(', ')}].`);
  const scale = 1 / Math.sqrt(hs);
  const uniforms = [
    { type: 'int32' as const, data: [B, T, nh, hs] },
    { type: 'float32' as const, data: [scale] },
  ];
  const op = withGradient((save, qkv: tf.Tensor) => {
    save([qkv]);
    const value = runProgram(forwardProgram(B, T, nh, C), [qkv], uniforms); // [B·T, C]
    const gradFunc = (dy: tf.Tensor, [x]: tf.Tensor[]) =>
      tf.tidy(() => {
        const sp = runProgram(scoresGradProgram(B, T, nh), [x, dy], uniforms); // [2, B, nh, T, T]: dS | P
        return runProgram(qkvGradProgram(B, T, C), [x, sp, dy], uniforms); // [B·T, 3C]
      });
    return { value, gradFunc };
  });
  return op(qkv) as tf.Tensor2D;
}
