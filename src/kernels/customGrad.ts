// tf.customGrad with typed tensor inputs: how every hand-written backward pass here (WebGPU
// programs, WebAssembly kernels, flag-free matMuls) becomes an op that autodiff sees.
import * as tf from '@tensorflow/tfjs';

/** What a custom op's forward returns: its value and the backward pass (grads per input). */
export interface CustomForward {
  value: tf.Tensor;
  gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
}

/**
 * `f(save, ...inputs)` runs the forward, saves what the backward needs and returns both. The
 * result is an op differentiable in every input.
 */
export function withGradient<A extends tf.Tensor[]>(
  f: (save: tf.GradSaveFunc, ...inputs: A) => CustomForward,
): (...inputs: A) => tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    return f(save, ...(args.slice(0, -1) as A));
  });
  return (...inputs: A) => op(...inputs);
}
