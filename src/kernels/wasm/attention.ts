// Causal self-attention on the CPU path (WASM and CPU backends) as our own WebAssembly SIMD
// kernel (causalAttention.as.ts): forward and backward each one call, reading the heads in place
// from qkv [B·T, 3C]. Op by op, tfjs-wasm runs the six batched products of this block as a scalar
// loop and adds four head transposes, the mask and the softmax around them. Data crosses into the
// kernel's own memory (tfjs's heap belongs to another module) by one memcpy each way (copyInto,
// tensorFrom). Calls without a gradient tape (generation, evaluation) still copy the probabilities
// out once; tfjs keeps them only when a tape records. Same equations as the reference
// (reference/ops.ts), against which train/parity*.ts tests it.
import type * as tf from '@tensorflow/tfjs';
import wasmBytes from './causalAttention.as.ts?wasm';
import { withGradient } from '../customGrad';
import { copyInto, lay, lazyKernel, tensorFrom, type WasmKernel } from './module';

/** Pointers are byte offsets into the kernel's memory; B, T, nh, hs are counts. */
interface AttentionKernel extends WasmKernel {
  forward(qkv: number, y: number, p: number, B: number, T: number, nh: number, hs: number, scale: number): void;
  backward(qkv: number, p: number, dy: number, dqkv: number, dP: number, B: number, T: number, nh: number, hs: number, scale: number): void;
}

const attentionKernel = lazyKernel<AttentionKernel>(wasmBytes);

/** Whether the WebAssembly kernel serves heads of this size (4-wide vectors need hs % 4 = 0). */
export function attentionWasmServes(headSize: number): boolean {
  return headSize % 4 === 0 && attentionKernel.get() !== null;
}

/**
 * Causal self-attention of qkv [B·T, 3C] (q | k | v, heads of size C/nh side by side, as GPT-2's
 * c_attn writes them) → the merged heads [B·T, C], before c_proj; scores scaled by 1/√headSize.
 * Differentiable in qkv; the probabilities [B, nh, T, T] are kept for the backward pass.
 * @throws Error when the shapes disagree or the kernel cannot serve them (attentionWasmServes).
 */
export function causalAttentionWasm(qkv: tf.Tensor2D, B: number, T: number, nh: number): tf.Tensor2D {
  const C = qkv.shape[1] / 3;
  const hs = C / nh;
  if (!Number.isInteger(hs) || qkv.shape[0] !== B * T)
    throw new Error(`Attention needs qkv [B·T, 3C] with C divisible by ${nh} heads; got [${qkv.shape.join(', ')}].`);
  const k = attentionKernel.get();
  if (!k || !attentionWasmServes(hs)) throw new Error(`The WebAssembly attention kernel cannot serve heads of size ${hs} here.`);
  const scale = 1 / Math.sqrt(hs);
  const op = withGradient((save, x: tf.Tensor) => {
    const [q, y, p] = lay(k, [B * T * 3 * C, B * T * C, B * nh * T * T]);
    copyInto(x, q.view);
    k.forward(q.at, y.at, p.at, B, T, nh, hs, scale);
    const probs = tensorFrom(p.view, [B, nh, T, T]);
    save([x, probs]);
    const value = tensorFrom(y.view, [B * T, C]);
    const gradFunc = (dy: tf.Tensor, [xs, ps]: tf.Tensor[]) => {
      const [qIn, pIn, dyIn, dqkv, dP] = lay(k, [B * T * 3 * C, B * nh * T * T, B * T * C, B * T * 3 * C, T]);
      copyInto(xs, qIn.view);
      copyInto(ps, pIn.view);
      copyInto(dy, dyIn.view);
      k.backward(qIn.at, pIn.at, dyIn.at, dqkv.at, dP.at, B, T, nh, hs, scale);
      return tensorFrom(dqkv.view, [B * T, 3 * C]);
    };
    return { value, gradFunc };
  });
  return op(qkv) as tf.Tensor2D;
}
