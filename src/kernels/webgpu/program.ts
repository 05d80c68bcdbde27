// The plumbing every WebGPU program of ours shares: a flat-dispatch WebGPUProgram and running it
// through the backend's runWebGPUProgram (a new tensor, or written in place into an existing one). Programs follow tfjs-backend-webgpu's own
// (softmax_webgpu.ts, adam_webgpu.ts): tfjs writes the bindings and the `uniforms` struct; the
// program writes `fn main(index: i32)`. One output per program; inputs are read-only, the output
// (`result`) is read_write, which is what lets a program update a buffer in place. To write
// several variables in one dispatch, inPlace.ts runs a pipeline of its own on tfjs's encoder.
import * as tf from '@tensorflow/tfjs';
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

/**
 * Uniform values after tfjs's own (shapes, strides, size), in the order `uniforms` declares them:
 * each number is one scalar field (`n: i32,` or `lr: f32,`).
 */
export type Uniform = { type: 'int32' | 'float32'; data: number[] };

/** One entry per scalar: tfjs reads an entry of length k as a vec-k field. */
const scalars = (uniforms: Uniform[]): Uniform[] => uniforms.flatMap(({ type, data }) => data.map((x) => ({ type, data: [x] })));

/** The part of tfjs's WebGPUBackend we call (its public runWebGPUProgram and its tensor map). */
interface WebGPUBackendLike {
  runWebGPUProgram(
    program: WebGPUProgram,
    inputs: tf.TensorInfo[],
    dtype: tf.DataType,
    uniforms?: Uniform[],
    output?: tf.TensorInfo,
  ): tf.TensorInfo;
  tensorMap: { get(dataId: object): { values: unknown } | undefined };
}

function webgpuBackend(): WebGPUBackendLike {
  if (tf.getBackend() !== 'webgpu') throw new Error(`A WebGPU program was asked for on the ${tf.getBackend()} backend.`);
  return tf.backend() as unknown as WebGPUBackendLike;
}

export interface FlatProgramSpec {
  /** Unique per program text: pipelines are cached by it (plus input ranks and dtypes). */
  key: string;
  /** Input names, bound in order: `G0`, `X`, ... read as arrays in WGSL. */
  inputs: string[];
  outputShape: number[];
  /** Extra uniform fields, e.g. `n: i32, lr: f32,`; their values go in the same order. */
  uniforms?: string;
  /** WGSL: helpers and `fn main(index: i32) { ... }`. */
  code: string;
  /** Threads per workgroup (default 256). */
  workgroupSize?: number;
  /** Workgroups (default: one thread per output element). */
  workgroups?: number;
}

/**
 * A WebGPUProgram with a flat 1-D dispatch: `main(index)` gets the global thread index.
 * @throws Error when more inputs are asked for than WebGPU's default 8 storage buffers allow
 *   (the output takes one).
 */
export function flatProgram(spec: FlatProgramSpec): WebGPUProgram {
  if (spec.inputs.length > 7) throw new Error(`A program may read at most 7 buffers; ${spec.key} asks for ${spec.inputs.length}.`);
  const workgroupSize = spec.workgroupSize ?? 256;
  const size = spec.outputShape.reduce((a, b) => a * b, 1);
  const workgroups = spec.workgroups ?? Math.ceil(size / workgroupSize);
  return {
    variableNames: spec.inputs,
    outputShape: spec.outputShape,
    shaderKey: spec.key,
    dispatchLayout: { x: spec.outputShape.map((_, i) => i) },
    dispatch: [Math.max(1, workgroups), 1, 1],
    workgroupSize: [workgroupSize, 1, 1],
    uniforms: spec.uniforms,
    getUserCode: () => spec.code,
  };
}

/** Runs a program into a new float32 tensor of its output shape (tracked by tidy like any op). */
export function runProgram(program: WebGPUProgram, inputs: tf.Tensor[], uniforms: Uniform[] = []): tf.Tensor {
  const info = webgpuBackend().runWebGPUProgram(program, inputs, 'float32', scalars(uniforms));
  return tf.engine().makeTensorFromTensorInfo(info);
}

/**
 * Runs a program whose output is `target` itself: the program reads and writes `result` in place
 * (elements it does not write keep their values). No tensor is created. The target's CPU copy of
 * its values, kept by tfjs after a read, is dropped so the next read sees the new ones.
 */
export function runInPlace(program: WebGPUProgram, inputs: tf.Tensor[], target: tf.Tensor, uniforms: Uniform[] = []): void {
  const backend = webgpuBackend();
  backend.runWebGPUProgram(program, inputs, 'float32', scalars(uniforms), target);
  const data = backend.tensorMap.get(target.dataId);
  if (data) data.values = null;
}

/** WGSL that sums `partial[0..n)` in workgroup memory into partial[0] (n a power of two). */
export function treeSumWGSL(n: number): string {
  return `for (var s = ${n / 2}u; s > 0u; s = s >> 1u) {
      if (localIndex < s) { partial[localIndex] = partial[localIndex] + partial[localIndex + s]; }
      workgroupBarrier();
    }`;
}
