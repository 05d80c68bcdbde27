// What our WebAssembly kernels (*.as.ts, compiled by vite.config.ts's assemblyscript plugin)
// share: a synchronous compile on first use, remembered (null where the engine lacks WebAssembly
// SIMD, so callers fall back to tf ops), laying float32 arrays out in the module's memory, and
// moving tensors' values in and out of it without allocating.
import * as tf from '@tensorflow/tfjs';

/** The exports every kernel module has besides its functions. */
export interface WasmKernel {
  memory: WebAssembly.Memory;
  /** First free byte after the module's static data. */
  heapBase(): number;
}

/**
 * A lazily compiled module: `get()` compiles it on first call (synchronously: our modules are a
 * few KB and run in the worker or in Node) and returns its exports, or null where the engine
 * cannot compile it (no WebAssembly, or no SIMD: a CompileError).
 * @throws whatever else instantiation throws (a module asking for imports is a build mistake).
 */
export function lazyKernel<K extends WasmKernel>(bytes: Uint8Array<ArrayBuffer>): { get(): K | null } {
  let compiled: K | null | undefined;
  return {
    get() {
      if (compiled === undefined && typeof WebAssembly === 'undefined') compiled = null;
      if (compiled === undefined) {
        try {
          compiled = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as K;
        } catch (e) {
          // only an engine that cannot compile it (no SIMD) falls back; anything else is our bug
          if (!(e instanceof WebAssembly.CompileError)) throw e;
          compiled = null;
        }
      }
      return compiled;
    },
  };
}

/** One array in a kernel's memory: its byte offset (what the kernel's pointers are) and a view. */
export interface Laid {
  at: number;
  view: Float32Array;
}

/**
 * Float32 arrays of the given lengths laid out one after another (16-byte aligned) in the kernel's
 * memory from its heap base; the memory grows to fit. Views are made after growing, which detaches
 * older ones, so take views from the latest call only.
 */
export function lay(k: WasmKernel, lengths: number[]): Laid[] {
  const at: number[] = [];
  let end = Math.ceil(k.heapBase() / 16) * 16;
  for (const n of lengths) {
    at.push(end);
    end += Math.ceil((n * 4) / 16) * 16;
  }
  const short = end - k.memory.buffer.byteLength;
  if (short > 0) k.memory.grow(Math.ceil(short / 65536));
  return at.map((a, i) => ({ at: a, view: new Float32Array(k.memory.buffer, a, lengths[i]) }));
}

/** tfjs-wasm's backend: a tensor's values as a view into its heap (no copy). */
interface WasmHeapBackend {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

/**
 * Copies a float32 tensor's values into `into` (same length) without allocating: on WASM from a
 * view of tfjs's heap, on the CPU backend from its own array (its dataSync does not copy). A fresh
 * buffer per read (tfjs-wasm's dataSync slices its heap) costs page faults: 4–8 ms per MB here, more
 * than the kernels themselves.
 */
export function copyInto(t: tf.Tensor, into: Float32Array): void {
  if (t.dtype !== 'float32') throw new Error(`Our WebAssembly kernels read float32 tensors; got ${t.dtype}.`);
  into.set(tf.getBackend() === 'wasm' ? (tf.backend() as unknown as WasmHeapBackend).typedArrayFromHeap(t) : t.dataSync());
}

/**
 * A float32 tensor of `shape` with a copy of `values` (a view into a kernel's memory): WASM's
 * backend copies into its heap as the tensor is made; other backends may keep the array they are
 * given, so they get their own.
 */
export function tensorFrom(values: Float32Array, shape: number[]): tf.Tensor {
  return tf.tensor(tf.getBackend() === 'wasm' ? values : values.slice(), shape, 'float32');
}
