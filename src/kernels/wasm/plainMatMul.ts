// Matrix products whose backward passes never ask for a transposed operand: every transpose is
// its own op and the matMul itself is plain (a @ b). tfjs's WASM BatchMatMul is 11–23× slower with
// transposeA/transposeB set than a transpose followed by a plain matMul (best of 30 at baby's MLP
// shapes, [768, 128] and [768, 512]: 71 ms with transposeA against 3.1 ms, 34 against 3.2 ms with
// transposeB; Node, one thread): only a plain product reaches XNNPACK, anything else runs a
// scalar loop. Autodiff of tf.matMul asks for exactly those flags (dA = dC·Bᵀ, dB = Aᵀ·dC). The
// arithmetic is the same products, so results equal tf.matMul's up to float32 summation order.
import * as tf from '@tensorflow/tfjs';
import { withGradient } from '../customGrad';

/** x [M, K] → xᵀ [K, M]. */
const t = (x: tf.Tensor): tf.Tensor2D => tf.transpose(x as tf.Tensor2D);

/**
 * aᵀ·b for a [N, K] and b [N, M] → [K, M]: aᵀ·b when a is the smaller, else (bᵀ·a)ᵀ, whose
 * transposes (b and the [M, K] result) move less than transposing a large a would.
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

const oneHotTimesOp = withGradient((save, a: tf.Tensor, w: tf.Tensor) => {
  save([a]);
  const value = tf.matMul(a, w); // [N, V] @ [V, C] → [N, C]
  const gradFunc = (dy: tf.Tensor, [as]: tf.Tensor[]) =>
    tf.tidy(() => [
      tf.zerosLike(as), // the one-hot rows come from token ids: nothing upstream to differentiate
      transposedATimesB(as, dy), // dW = aᵀ·dy: [V, C]
    ]);
  return { value, gradFunc };
});

/**
 * One-hot rows against a weight (the token embedding on WASM, where tf.gather has no gradient)
 * with a plain backward. The one-hot input gets a zero gradient: it is not a parameter.
 * @param oneHot [N, V]. @param w [V, C].
 * @returns [N, C].
 */
export const oneHotTimesPlain = (oneHot: tf.Tensor, w: tf.Tensor): tf.Tensor2D => oneHotTimesOp(oneHot, w) as tf.Tensor2D;
