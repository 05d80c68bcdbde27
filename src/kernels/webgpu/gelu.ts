// GELU, tanh approximation as in GPT-2, as one WebGPU program forward and one backward (the
// reference, reference/ops.ts, takes ~8 dispatches forward and ~15 backward).
//   y  = ½x(1 + t),  t = tanh(u),  u = √(2/π)(x + 0.044715x³)
//   dy/dx = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)
import * as tf from '@tensorflow/tfjs';
import { withGradient } from '../customGrad';
import { flatProgram, runProgram } from './program';

const K = Math.sqrt(2 / Math.PI);
const A = 0.044715;

// tanh as tfjs-backend-webgpu writes it: the built-in can return NaN for large |u| on some GPUs.
const TANH = `
    fn tanhStable(u: f32) -> f32 {
      let e = exp(-2.0 * abs(u));
      return sign(u) * (1.0 - e) / (1.0 + e);
    }`;

function program(size: number, backward: boolean) {
  return flatProgram({
    key: backward ? 'pp_gelu_bwd' : 'pp_gelu_fwd',
    inputs: backward ? ['X', 'DY'] : ['X'],
    outputShape: [size],
    uniforms: 'n: i32,',
    code: `${TANH}
    fn main(i: i32) {
      if (i >= uniforms.n) { return; }
      let x = X[i];
      let t = tanhStable(${K} * (x + ${A} * (x * x * x)));
      ${
        backward
          ? `result[i] = DY[i] * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * ${K} * (1.0 + ${3 * A} * x * x));`
          : 'result[i] = 0.5 * x * (1.0 + t);'
      }
    }`,
  });
}

/** GELU of x (any shape) → same shape, with its derivative written out for the backward pass. */
export function geluFused(x: tf.Tensor): tf.Tensor {
  const op = withGradient((save, x: tf.Tensor) => {
    save([x]);
    const n = { type: 'int32' as const, data: [x.size] };
    const value = tf.tidy(() => tf.reshape(runProgram(program(x.size, false), [tf.reshape(x, [-1])], [n]), x.shape)); // x's shape
    const gradFunc = (dy: tf.Tensor, [xs]: tf.Tensor[]) =>
      tf.tidy(() => tf.reshape(runProgram(program(xs.size, true), [tf.reshape(xs, [-1]), tf.reshape(dy, [-1])], [n]), xs.shape));
    return { value, gradFunc };
  });
  return op(x);
}
