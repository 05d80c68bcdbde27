// A compute shader that writes several existing tensors in place in one dispatch. tfjs programs
// have one output, so updating n variables costs n dispatches; here up to 7 variables are bound
// read_write beside read-only inputs (WebGPU's default is 8 storage buffers per stage), in a
// pipeline of our own, recorded on tfjs's own command encoder and compute pass so it runs in order
// with every tfjs program and is submitted in tfjs's batches (WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE).
// tfjs's bookkeeping is kept: the uniform buffer comes from its buffer manager and is released at
// the submit, every bound tensor is marked as in use by the queue (its buffer is not reused before
// the submit), and the CPU copies tfjs keeps after a read are dropped from the written variables.
// A variable whose buffer another live tensor shares (a clone or reshape still held) is first
// given a copy of its own, so writing it never changes that other tensor. A read of a variable in
// flight while it is written would cache the old values on it when it resolves: read through a
// copy (model/weights.ts readVariable). Every field in `uniforms` must be used by the shader
// (the bind group layout is 'auto', which drops unused bindings).
import * as tf from '@tensorflow/tfjs';
import { flatProgram, runProgram, type Uniform } from './program';

/** Threads per workgroup. */
const WORKGROUP = 256;
/** Workgroups per dimension (WebGPU's default maxComputeWorkgroupsPerDimension). */
const MAX_GROUPS = 65535;
/** Storage buffers one shader stage may bind (WebGPU's default limit). */
const MAX_STORAGE = 8;

/** What we reach inside tfjs's WebGPUBackend (4.22): its device, encoder, pass and tensor map. */
interface TensorData {
  refCount: number;
  values: unknown;
  resource: unknown;
  external?: boolean;
}
interface WebGPUBackendInternals {
  device: GPUDevice;
  commandEncoder: GPUCommandEncoder | null;
  computePassEncoder: GPUComputePassEncoder | null;
  dispatchCountInPass: number;
  activeTimers: unknown;
  commandQueueOwnedIds: WeakSet<object>;
  tensorMap: { get(dataId: object): TensorData | undefined };
  uploadToGPU(dataId: object): void;
  tensorToBinding(t: tf.TensorInfo): GPUBindingResource;
  makeUniforms(uniforms: Uniform[]): GPUBindingResource;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

export interface InPlaceSpec {
  /** Unique per shader text (pipelines are cached by it); starts with `pp_` (the bench names dispatches by it). */
  key: string;
  /** WGSL names of the written variables, bound read_write in order: `P0`, `P1`, ... (array<f32>). */
  targets: string[];
  /** WGSL names of the read-only inputs, bound after the targets (array<f32>). */
  inputs: string[];
  /** Uniform fields, each one scalar: `n: i32, lr: f32,`; values go in the same order. */
  uniforms: string;
  /** WGSL: helpers and `fn main(index: i32)`, called once per thread (index < threads). */
  code: string;
}

/** The whole shader: bindings, the uniforms struct, and an entry point calling `main`. */
function shaderText(spec: InPlaceSpec): string {
  const fields = [
    ...spec.uniforms
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
    'threads: i32',
  ];
  const storage = [
    ...spec.targets.map((name) => `var<storage, read_write> ${name}: array<f32>;`),
    ...spec.inputs.map((name) => `var<storage, read> ${name}: array<f32>;`),
  ].map((decl, i) => `@group(0) @binding(${i}) ${decl}`);
  return `struct Uniforms { ${fields.join(', ')} };
${storage.join('\n')}
@group(0) @binding(${storage.length}) var<uniform> uniforms: Uniforms;
${spec.code}
@compute @workgroup_size(${WORKGROUP})
fn _start(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = i32(gid.y * groups.x * ${WORKGROUP}u + gid.x);
  if (index < uniforms.threads) { main(index); }
}`;
}

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

function pipelineFor(device: GPUDevice, spec: InPlaceSpec): GPUComputePipeline {
  let cache = pipelines.get(device);
  if (!cache) pipelines.set(device, (cache = new Map()));
  let pipeline = cache.get(spec.key);
  if (!pipeline) {
    const module = device.createShaderModule({ code: shaderText(spec), label: spec.key });
    pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: '_start' }, label: spec.key });
    cache.set(spec.key, pipeline);
  }
  return pipeline;
}

function backendInternals(): WebGPUBackendInternals {
  if (tf.getBackend() !== 'webgpu') throw new Error(`An in-place WebGPU program was asked for on the ${tf.getBackend()} backend.`);
  return tf.backend() as unknown as WebGPUBackendInternals;
}

/** x, copied into a buffer of its own: result[i] = X[i]. */
function copyProgram(n: number) {
  return flatProgram({
    key: 'pp_copy',
    inputs: ['X'],
    outputShape: [n],
    uniforms: 'n: i32,',
    code: `
    fn main(index: i32) {
      if (index < uniforms.n) { result[index] = X[index]; }
    }`,
  });
}

/**
 * Makes `v`'s buffer its own before it is written in place: when another live tensor shares it
 * (tfjs shares buffers between a tensor, its clones and reshapes, and a variable and the tensor
 * it was assigned), `v` is assigned a copy (one dispatch). Elsewhere nothing happens.
 * @returns whether a copy was made.
 */
export function ownBuffer(v: tf.Variable): boolean {
  const data = backendInternals().tensorMap.get(v.dataId);
  if (!data) throw new Error(`Variable ${v.name} has no data on the WebGPU backend (was it disposed?).`);
  if (data.refCount <= 1 && !data.external) return false;
  const copy = tf.tidy(() =>
    tf.reshape(runProgram(copyProgram(v.size), [tf.reshape(v, [-1])], [{ type: 'int32', data: [v.size] }]), v.shape),
  );
  v.assign(copy);
  copy.dispose();
  return true;
}

/**
 * Runs `spec` once per index in [0, threads): it reads `inputs` and reads and writes `targets`
 * (float32 variables, written in place; shapes are the caller's business: every binding is a
 * flat array). Each target is given its own buffer first (ownBuffer).
 * @param uniforms values of spec.uniforms' fields, in order (one number per field).
 * @throws Error off WebGPU, with more than 8 buffers to bind, with a name missing its tensor, a
 *   uniform value count that differs from spec.uniforms' fields, or a non-float32 tensor.
 */
export function runInPlaceMany(spec: InPlaceSpec, targets: tf.Variable[], inputs: tf.Tensor[], threads: number, uniforms: Uniform[]): void {
  const backend = backendInternals();
  if (targets.length + inputs.length > MAX_STORAGE)
    throw new Error(`${spec.key} binds ${targets.length + inputs.length} buffers; WebGPU allows ${MAX_STORAGE}.`);
  if (targets.length !== spec.targets.length || inputs.length !== spec.inputs.length)
    throw new Error(
      `${spec.key} names ${spec.targets.length} targets and ${spec.inputs.length} inputs; it was given ${targets.length} and ${inputs.length}.`,
    );
  const tensors = [...targets, ...inputs];
  if (tensors.some((t) => t.dtype !== 'float32')) throw new Error(`${spec.key} reads and writes float32 tensors only.`);
  const fields = spec.uniforms.split(',').filter((f) => f.trim() !== '').length;
  const values = uniforms.reduce((n, u) => n + u.data.length, 0);
  if (values !== fields) throw new Error(`${spec.key} declares ${fields} uniform fields; it was given ${values} values.`);
  const pipeline = pipelineFor(backend.device, spec);
  // Compile-only: tfjs records nothing then, so neither may we (ownBuffer's copy would not run).
  if (tf.env().getBool('WEBGPU_ENGINE_COMPILE_ONLY') || threads <= 0) return;
  targets.forEach(ownBuffer);
  tensors.forEach((t) => backend.uploadToGPU(t.dataId));
  const uniform = backend.makeUniforms([
    ...uniforms.flatMap(({ type, data }) => data.map((x) => ({ type, data: [x] }))),
    { type: 'int32', data: [threads] },
  ]);
  const bindGroup = backend.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [...tensors.map((t) => backend.tensorToBinding(t)), uniform].map((resource, binding) => ({ binding, resource })),
  });
  tensors.forEach((t) => backend.commandQueueOwnedIds.add(t.dataId)); // freed only after the submit
  // As tfjs's recordAndSubmit: the open compute pass, or a new one on its command encoder.
  backend.ensureCommandEncoderReady();
  if (!backend.computePassEncoder) backend.computePassEncoder = (backend.commandEncoder as GPUCommandEncoder).beginComputePass({});
  const pass = backend.computePassEncoder;
  const groups = Math.ceil(threads / WORKGROUP);
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(Math.min(groups, MAX_GROUPS), Math.ceil(groups / MAX_GROUPS), 1);
  backend.dispatchCountInPass++;
  const timed = backend.activeTimers != null; // under tf.profile: tfjs ends the pass after each program
  if (timed || tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE') <= backend.dispatchCountInPass) {
    backend.endComputePassEncoder();
    if (!timed) backend.submitQueue();
  }
  for (const t of targets) {
    const data = backend.tensorMap.get(t.dataId);
    if (data) data.values = null; // tfjs's CPU copy of the old values
  }
}
