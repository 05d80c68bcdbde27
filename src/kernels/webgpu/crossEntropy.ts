// Mean next-token cross-entropy straight from logits: one program forward (row log-sum-exp and
// the batch mean in a single workgroup), one backward (softmax − one-hot). The reference
// (reference/ops.ts) is one-hot, logSoftmax, mul, sum, mean, neg and their gradients (~20 dispatches).
//   loss = mean_r (lse_r − x[r, t_r]),  lse_r = max_r + log Σ_c exp(x[r, c] − max_r)
//   dx[r, c] = dloss/N · (softmax(x_r)_c − [c = t_r])
import * as tf from '@tensorflow/tfjs';
import { withGradient } from '../customGrad';
import { flatProgram, runProgram, treeSumWGSL } from './program';

/** WGSL: max and log-sum-exp of row r of X [rows, V]. */
const ROW_LSE = `
    fn rowLse(r: i32) -> vec2<f32> {
      let V = uniforms.V;
      var mx = -3.402823e+38;
      for (var c = 0; c < V; c++) { mx = max(mx, X[r * V + c]); }
      var sum = 0.0;
      for (var c = 0; c < V; c++) { sum += exp(X[r * V + c] - mx); }
      return vec2<f32>(mx, mx + log(sum));
    }`;

function forwardProgram() {
  return flatProgram({
    key: 'pp_cross_entropy_fwd',
    inputs: ['X', 'Tg'],
    outputShape: [1],
    workgroups: 1,
    workgroupSize: 256,
    uniforms: 'rows: i32, V: i32,',
    code: `${ROW_LSE}
    var<workgroup> partial: array<f32, 256>;
    fn main(index: i32) {
      var acc = 0.0;
      for (var r = index; r < uniforms.rows; r += 256) {
        acc += rowLse(r).y - X[r * uniforms.V + Tg[r]];
      }
      partial[localIndex] = acc;
      workgroupBarrier();
      ${treeSumWGSL(256)}
      if (localIndex == 0u) { result[0] = partial[0] / f32(uniforms.rows); }
    }`,
  });
}

function backwardProgram(rows: number, V: number) {
  return flatProgram({
    key: 'pp_cross_entropy_bwd',
    inputs: ['X', 'Tg', 'DL'],
    outputShape: [rows, V],
    workgroups: Math.ceil(rows / 64),
    workgroupSize: 64,
    uniforms: 'rows: i32, V: i32,',
    code: `${ROW_LSE}
    fn main(r: i32) {
      if (r >= uniforms.rows) { return; }
      let lse = rowLse(r).y;
      let g = DL[0] / f32(uniforms.rows);
      let t = Tg[r];
      for (var c = 0; c < uniforms.V; c++) {
        let i = r * uniforms.V + c;
        result[i] = g * (exp(X[i] - lse) - select(0.0, 1.0, c == t));
      }
    }`,
  });
}

/**
 * Mean cross-entropy in nats of logits [N, V] against targets [N] (int32 token ids), as a scalar;
 * differentiable in the logits.
 */
export function crossEntropyFused(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  const [N, V] = logits.shape;
  const dims = [{ type: 'int32' as const, data: [N, V] }];
  const op = withGradient((save, x: tf.Tensor) => {
    save([x]);
    const value = tf.tidy(() => tf.reshape(runProgram(forwardProgram(), [x, targets], dims), [])); // []
    const gradFunc = (dy: tf.Tensor, [xs]: tf.Tensor[]) => runProgram(backwardProgram(N, V), [xs, targets, tf.reshape(dy, [1])], dims); // [N, V]
    return { value, gradFunc };
  });
  return op(logits) as tf.Scalar;
}
