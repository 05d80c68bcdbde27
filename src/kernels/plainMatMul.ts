// Matrix products whose backward passes never ask for a transposed operand: every transpose is
// its own op and the matMul itself is plain (a @ b). tfjs's WASM BatchMatMul is 11–23× slower with
// transposeA/transposeB set than a transpose followed by a plain matMul (best of 30 at baby's MLP
// shapes, [768, 128] and [768, 512]: 71 ms with transposeA against 3.1 ms, 34 against 3.2 ms
// with transposeB; Node, one thread), and autodiff of
// tf.matMul asks for exactly those flags (dA = dC·Bᵀ, dB = Aᵀ·dC). The arithmetic is the same
// products, so results equal tf.matMul's up to float32 summation order.
import * as tf from '@tensorflow/tfjs';
import { withGradient } from './webgpu';

/** x [M, K] → xᵀ [K, M]. */
const t = (x: tf.Tensor): tf.Tensor2D => tf.transpose(x as tf.Tensor2D);

/**
 * aᵀ·b for a [N, K] and b [N, M] → [K, M], transposing whichever operand is smaller (the
 * transpose costs a pass over its input; the product is the same).
 */
function transposedATimesB(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  if (a.size <= b.size) return tf.matMul(t(a), b); // [K, M]
  return t(tf.matMul(t(b), a)); // ([M, N] @ [N, K])ᵀ = [K, M]
}

/** Σ over rows of dy [N, M] → [M], as a [1, N] @ [N, M] product (WASM's Sum over axis 0 is ~20× slower). */
function sumRows(dy: tf.Tensor): tf.Tensor1D {
  const [n, m] = dy.shape as [number, number];
  return tf.reshape(tf.matMul(tf.ones([1, n]), dy), [m]); // [1, N] @ [N, M] → [M]
}

const linearOp = withGradient((save, x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
  save([x, w]);
  const value = tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b }); // [N, out]
  const gradFunc = (dy: tf.Tensor, [xs, ws]: tf.Tensor[]) =>
    tf.tidy(() => [
      tf.matMul(dy, t(ws)), // dx = dy·Wᵀ: [N, out] @ [out, in] → [N, in]
      transposedATimesB(xs, dy), // dW = xᵀ·dy: [in, out]
      sumRows(dy), // db: [out]
    ]);
  return { value, gradFunc };
});

/**
 * y = x @ W + b with a backward pass free of transposed matMuls (file header).
 * @param x [N, in]. @param w [in, out]. @param b [out].
 * @returns [N, out].
 */
export const linearPlain = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D => linearOp(x, w, b) as tf.Tensor2D;

const timesTransposedOp = withGradient((save, x: tf.Tensor, w: tf.Tensor) => {
  save([x, w]);
  const value = tf.matMul(x, t(w)); // [N, K] @ [K, V] → [N, V]
  const gradFunc = (dy: tf.Tensor, [xs, ws]: tf.Tensor[]) =>
    tf.tidy(() => [
      tf.matMul(dy, ws), // dx = dy·W: [N, V] @ [V, K] → [N, K]
      transposedATimesB(dy, xs), // dW = dyᵀ·x: [V, K]
    ]);
  return { value, gradFunc };
});

/**
 * x @ Wᵀ (the tied head: hidden states against the token embedding) with a plain backward.
 * @param x [N, K]. @param w [V, K].
 * @returns [N, V].
 */
export const timesTransposedPlain = (x: tf.Tensor, w: tf.Tensor): tf.Tensor2D => timesTransposedOp(x, w) as tf.Tensor2D;

const timesOp = withGradient((save, a: tf.Tensor, w: tf.Tensor) => {
  save([a, w]);
  const value = tf.matMul(a, w); // [N, K] @ [K, M] → [N, M]
  const gradFunc = (dy: tf.Tensor, [as, ws]: tf.Tensor[]) =>
    tf.tidy(() => [
      tf.matMul(dy, t(ws)), // da = dy·Wᵀ: [N, K]
      transposedATimesB(as, dy), // dW = aᵀ·dy: [K, M]
    ]);
  return { value, gradFunc };
});

/**
 * a @ W with a plain backward (the one-hot embedding: one-hot rows against wte).
 * @param a [N, K]. @param w [K, M].
 * @returns [N, M].
 */
export const timesPlain = (a: tf.Tensor, w: tf.Tensor): tf.Tensor2D => timesOp(a, w) as tf.Tensor2D;
