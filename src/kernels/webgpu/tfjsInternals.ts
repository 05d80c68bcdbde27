// The private members of tfjs-backend-webgpu's WebGPUBackend (4.22) that our code reaches: the
// in-place programs (inPlace.ts) record on tfjs's own encoder and pass, program.ts drops a stale CPU
// copy, train/shaderWarmup.ts waits on the pipeline cache. They are not tfjs's API, so the
// @tensorflow/* packages are pinned exactly (package.json), and tfjsInternals.test.ts (Node, no GPU:
// the class's own text) and scripts/gpu/parity-entry.mjs (a live backend on Dawn) fail, naming the
// member, if an upgrade drops one.

/** Fields the backend's constructor sets. */
export const WEBGPU_BACKEND_FIELDS = [
  'device',
  'commandEncoder',
  'computePassEncoder',
  'dispatchCountInPass',
  'commandQueueOwnedIds',
  'tensorMap',
  'pipelineCache',
] as const;

/** Fields a method sets later (time() sets activeTimers while tf.profile runs). */
export const WEBGPU_BACKEND_LATER_FIELDS = ['activeTimers'] as const;

/** Methods on its prototype. */
export const WEBGPU_BACKEND_METHODS = [
  'uploadToGPU',
  'tensorToBinding',
  'makeUniforms',
  'ensureCommandEncoderReady',
  'endComputePassEncoder',
  'submitQueue',
  'runWebGPUProgram',
  'checkCompileCompletionAsync',
] as const;

/**
 * What a live backend lacks of the members above, in words (empty when all are there).
 * @param backend tfjs's WebGPU backend object (tf.backend() on 'webgpu').
 */
export function missingInternals(backend: object): string[] {
  const b = backend as Record<string, unknown>;
  return [
    ...WEBGPU_BACKEND_FIELDS.filter((f) => !(f in b)).map((f) => `field ${f}`),
    ...WEBGPU_BACKEND_METHODS.filter((m) => typeof b[m] !== 'function').map((m) => `method ${m}()`),
  ];
}
