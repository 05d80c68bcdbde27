// What our WebAssembly kernels (*.as.ts, compiled by vite.config.ts's assemblyscript plugin)
// share: a synchronous compile on first use, remembered (null where the engine lacks WebAssembly
// SIMD, so callers fall back to tf ops), and laying float32 arrays out in the module's memory.

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
