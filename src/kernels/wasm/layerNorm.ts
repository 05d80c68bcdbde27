// LayerNorm on the CPU path (WASM, CPU backends) as our own WebAssembly SIMD kernel
// (layerNorm.as.ts): forward and backward one call each, where op by op tfjs runs ~8 ops forward
// and ~15 backward, each paying the engine's per-op cost. Data crosses by one memcpy each way (wasmModule.ts).
// Same equations as the reference (reference/ops.ts), against which train/parity*.ts tests it.
import type * as tf from '@tensorflow/tfjs';
import wasmBytes from './layerNorm.as.ts?wasm';
import { withGradient } from '../customGrad';
import { copyInto, lay, lazyKernel, tensorFrom, type WasmKernel } from './module';

/** Pointers are byte offsets into the kernel's memory; N, C are counts. */
interface LayerNormKernel extends WasmKernel {
  forward(x: number, w: number, b: number, y: number, stats: number, N: number, C: number, eps: number): void;
  backward(x: number, w: number, stats: number, dy: number, dx: number, dw: number, db: number, N: number, C: number): void;
}

const layerNormKernel = lazyKernel<LayerNormKernel>(wasmBytes);

/** Whether the WebAssembly kernel serves rows of C channels (4-wide vectors need C % 4 = 0). */
export function layerNormWasmServes(C: number): boolean {
  return C % 4 === 0 && layerNormKernel.get() !== null;
}

/**
 * LayerNorm of x [N, C] with gain w [C] and bias b [C] → [N, C], differentiable in all three;
 * the per-row mean and 1/σ [N, 2] are kept for the backward pass.
 * @param eps added to the variance (GPT-2: 1e-5).
 * @throws Error when the kernel cannot serve C here (layerNormWasmServes).
 */
export function layerNormWasm(x: tf.Tensor2D, w: tf.Tensor1D, b: tf.Tensor1D, eps: number): tf.Tensor2D {
  const [N, C] = x.shape;
  const k = layerNormKernel.get();
  if (!k || !layerNormWasmServes(C)) throw new Error(`The WebAssembly LayerNorm kernel cannot serve rows of ${C} here.`);
  const op = withGradient((save, x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
    const [xIn, wIn, bIn, y, stats] = lay(k, [N * C, C, C, N * C, 2 * N]);
    copyInto(x, xIn.view);
    copyInto(w, wIn.view);
    copyInto(b, bIn.view);
    k.forward(xIn.at, wIn.at, bIn.at, y.at, stats.at, N, C, eps);
    save([x, w, tensorFrom(stats.view, [N, 2])]);
    const gradFunc = (dy: tf.Tensor, [xs, ws, ss]: tf.Tensor[]) => {
      const [xb, wb, sb, dyb, dx, dw, db] = lay(k, [N * C, C, 2 * N, N * C, N * C, C, C]);
      copyInto(xs, xb.view);
      copyInto(ws, wb.view);
      copyInto(ss, sb.view);
      copyInto(dy, dyb.view);
      k.backward(xb.at, wb.at, sb.at, dyb.at, dx.at, dw.at, db.at, N, C);
      return [tensorFrom(dx.view, [N, C]), tensorFrom(dw.view, [C]), tensorFrom(db.view, [C])];
    };
    return { value: tensorFrom(y.view, [N, C]), gradFunc };
  });
  return op(x, w, b) as tf.Tensor2D;
}
