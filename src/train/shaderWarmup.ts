// Shader warm-up on WebGPU: before the first step, every pipeline the step needs (and step 0's
// evaluation and progress sample) is compiled at once, in parallel, instead of one at a time as
// each op first runs. tfjs-backend-webgpu's compile-only mode (WEBGPU_ENGINE_COMPILE_ONLY) makes
// every op ask for its pipeline with createComputePipelineAsync and record nothing; we count the
// promises as they resolve, which the page shows ("compiling GPU kernels 37/52").
// Nothing such a pass computes is real (its outputs are never written), so it reads nothing back,
// the optimizer's step count is put back, and a variable the pass assigned (the reference path's
// p.assign) gets its old values back: weights and moments stay exactly as they were.
// tfjs's own checkCompileCompletionAsync leaves the promises in its pipeline cache until all have
// resolved, and an op that meets one meanwhile throws. A completion or a query may run while we
// wait, so the promises wait outside the cache and each pipeline goes in as it is ready (an op
// that needs one sooner compiles it itself, as it would without the warm-up). Pause or Reset end
// the wait, not the compiling. Our own in-place pipelines (kernels/inPlace.ts) are made
// synchronously during the pass and are not in the count.
// Off unless asked for (shaderWarmup=on): on SwiftShader it measured ~10 % slower to the end of
// the first step than compiling as each op first runs (README, Performance).
import * as tf from '@tensorflow/tfjs';
import { forward, type GPT } from '../model/gpt';
import type { Batch } from '../data/dataset';
import type { AdamW } from './adamw';
import { trainStep } from './trainStep';
import { chunkLosses, toTensors } from './evaluation';
import { errorMessage } from '../protocol/errors';

const COMPILE_ONLY = 'WEBGPU_ENGINE_COMPILE_ONLY';
/** Progress is reported at most this often (ms), and always at the end. */
const PROGRESS_EVERY_MS = 100;
/** How often a wait checks whether it was interrupted (ms). */
const POLL_MS = 100;
/** The User Timing measure each warm-up leaves (DevTools shows it; the bench reads it). */
export const WARMUP_MEASURE = 'pp:shader-warmup';

/** The part of tfjs's WebGPUBackend (4.22) we reach: its pipeline cache, keyed by shader key. */
interface PipelineCacheBackend {
  pipelineCache: Record<string, GPUComputePipeline | Promise<GPUComputePipeline>>;
  checkCompileCompletionAsync(): Promise<void>;
}

export interface CompileProgress {
  /** Pipelines compiled so far. */
  done: number;
  /** Pipelines the warm-up asked for (new ones: those compiled before are not counted). */
  total: number;
}

export interface WarmupResult extends CompileProgress {
  /** From the compile-only pass to the last pipeline (or to the interruption: then done < total), ms. */
  ms: number;
  /** Pipelines that failed to compile: left to compile when first used, where the error shows. */
  failed: number;
}

function pipelineBackend(): PipelineCacheBackend | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const backend = tf.backend() as unknown as Partial<PipelineCacheBackend>;
  return backend.pipelineCache && typeof backend.checkCompileCompletionAsync === 'function' ? (backend as PipelineCacheBackend) : null;
}

/**
 * One training step on batches[0], an evaluation chunk and a generation forward pass [1, T], with
 * nothing recorded: the pipelines are only asked for. Leaves every variable and the optimizer's
 * step count as they were.
 */
function compileOnlyPass(model: GPT, opt: AdamW, batches: readonly Batch[], lr: number, gradClip: number): void {
  // tf.clone shares the buffer: it keeps the old values alive should the pass reassign a variable.
  const kept = Object.values(tf.engine().registeredVariables).map((v) => ({ v, dataId: v.dataId, old: tf.clone(v) }));
  tf.env().set(COMPILE_ONLY, true);
  try {
    tf.tidy(() => {
      const [x, y] = toTensors(batches[0]); // [B, T] each
      opt.uncounted(() => trainStep(model, opt, x, y, lr, gradClip));
      chunkLosses(model, batches); // [T]
      const { blockSize: T, vocabSize: V } = model.config;
      const logits = forward(model, tf.zeros([1, T], 'int32')); // [1, T, V], generation's shape
      tf.slice(logits, [0, T - 1, 0], [1, 1, V]); // [1, 1, V], as model/generate.ts reads it
    });
  } finally {
    tf.env().set(COMPILE_ONLY, false);
    for (const { v, dataId, old } of kept) {
      if (v.dataId !== dataId) v.assign(old); // it holds unwritten buffers now
      old.dispose();
    }
  }
}

/** What the warm-up is given besides the model: the run's step settings and whom to tell. */
export interface WarmupOptions {
  /** The step's learning rate and gradient clip (uniforms: any value compiles the same pipelines). */
  lr: number;
  gradClip: number;
  /** Called as pipelines finish (throttled; with done === total at the end), only when there are some. */
  onProgress: (p: CompileProgress) => void;
  /** Checked every POLL_MS: true stops the wait (Pause, Reset); what is left still lands in the cache. */
  interrupted?: () => boolean;
}

/**
 * Compiles the pipelines of a training step at these shapes (batches: [B, T] each, as the run's),
 * in parallel, and waits for them. Does nothing off WebGPU.
 * @returns what was compiled and how long it took, or null off WebGPU.
 */
export async function warmUpShaders(model: GPT, opt: AdamW, batches: readonly Batch[], o: WarmupOptions): Promise<WarmupResult | null> {
  const backend = pipelineBackend();
  if (!backend || batches.length === 0) return null;
  const start = performance.now();
  const known = new Set(Object.keys(backend.pipelineCache));
  try {
    compileOnlyPass(model, opt, batches, o.lr, o.gradClip);
  } catch (e) {
    // Not fatal: the rest compiles as each op first runs; what the pass asked for is still awaited.
    console.warn(`The shader warm-up stopped early: ${errorMessage(e)}`);
  }
  const asked = Object.entries(backend.pipelineCache).filter(([key, p]) => !known.has(key) && p instanceof Promise);
  for (const [key] of asked) delete backend.pipelineCache[key]; // no promise waits in the cache (header)
  const progress: CompileProgress = { done: 0, total: asked.length };
  let failed = 0;
  let listening = true; // until the wait ends or is cut
  let saidAt = -Infinity;
  const say = () => {
    const now = performance.now();
    if (!listening || (progress.done < progress.total && now - saidAt < PROGRESS_EVERY_MS)) return;
    saidAt = now;
    o.onProgress({ ...progress });
  };
  if (progress.total > 0) say();
  const compiled = Promise.all(
    asked.map(async ([key, pending]) => {
      try {
        const pipeline = await pending;
        backend.pipelineCache[key] ??= pipeline; // an op may have compiled it meanwhile
      } catch {
        failed++;
      }
      progress.done++;
      say();
    }),
  );
  await new Promise<void>((resolve) => {
    const end = () => (clearInterval(poll), resolve());
    const poll = setInterval(() => o.interrupted?.() && end(), POLL_MS);
    void compiled.then(end);
  });
  listening = false;
  await backend.checkCompileCompletionAsync(); // tfjs's own check: no cached entry is a promise
  const end = performance.now();
  performance.measure(WARMUP_MEASURE, { start, end, detail: { pipelines: progress.total, done: progress.done, failed } });
  return { ...progress, ms: end - start, failed };
}
