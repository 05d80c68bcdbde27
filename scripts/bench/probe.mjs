// What the bench runs inside the page's training worker (through Playwright's worker.evaluate),
// reaching tfjs through the engine it keeps on the worker's global (`globalThis._tfengine`, which
// tfjs-core sets up as its one engine). Each function is self-contained: Playwright sends its
// source to the worker, so it may use nothing from this module's scope.
//
// The probe counts, it never drives: the page's own Train button runs the real step.
// - A step begins when the step calls engine.gradients (tf.variableGrads does, once per step;
//   evaluation, samples and completions never do). Step times are the gaps between those calls.
// - The step ends when the scope stack empties after it began (trainStep is one top-level tidy);
//   what runs from then to the next step's start (loss read-back, evaluation, samples, the page's
//   queries such as attention maps) is "between steps", charged apart.
// - The shader warm-up (src/train/shaderWarmup.ts) runs the step once in tfjs's compile-only mode
//   (WEBGPU_ENGINE_COMPILE_ONLY) before step 0: nothing runs on the GPU then, so it is not a step
//   and its kernels are not counted; its wall time and pipeline count come from the User Timing
//   measure it leaves ('pp:shader-warmup'). Step 0 (the first-step time) starts after it.
// - Kernels per step: every engine.runKernelFunc (registered kernels and custom gradients).
// - WebGPU: GPUComputePassEncoder.dispatchWorkgroups and GPUQueue.submit, wrapped on their
//   prototypes, with each dispatch charged to the kernel that issued it: our own programs
//   (src/kernels, shader keys and pipeline labels starting `pp_`) by their key, tfjs's by the
//   kernel that ran them, and "between steps: " before the name when outside a step.
// - The counters and the per-kernel totals are marked when each step begins, so any window of
//   whole steps has its counts and its breakdown.
// - Memory (engine.memory(): numTensors, bytes, the backend's GPU bytes) when step 1 and step
//   1 + memorySteps begin: the same point of the loop both times.
// - One step under tfjs's own profiler (engine.state.profiling, as tf.profile sets it) when asked
//   at the end, so its cost stays out of the timed steps.

/**
 * Installs the counters; call once, after the backend is up and before Train.
 * @param {{ memorySteps: number, submitBatch?: number }} options submitBatch: on WebGPU, tfjs's
 *   WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE (dispatches per submit) from now on
 * @returns {{ ok: boolean, backend?: string, timestampQuery?: boolean, threads?: number|null,
 *   crossOriginIsolated?: boolean, submitBatch?: number|null, error?: string }}
 */
export function installProbe({ memorySteps, submitBatch }) {
  const engine = globalThis._tfengine;
  if (!engine) return { ok: false, error: 'no tfjs engine on this worker (globalThis._tfengine)' };
  if (globalThis.__bench) return { ok: true, backend: engine.backendName };
  const submitFlag = 'WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE';
  if (submitBatch && engine.backendName === 'webgpu') engine.ENV.set(submitFlag, submitBatch);
  const probe = {
    stepStarts: [], // performance.now() when each step began, ms
    marks: [], // counters (and byKernel, copied) when each step began
    kernels: 0,
    dispatches: 0,
    submits: 0,
    stepDispatches: 0, // inside a step (engine.gradients to the end of its top-level tidy)
    inStep: false,
    byKernel: {}, // kernel name -> { runs, dispatches } over every step
    kernelStack: [],
    programKey: null, // our program being recorded (runWebGPUProgram) or bound (setPipeline)
    memory: {}, // step index -> engine.memory()
    profileAt: -1, // step index whose kernels the profiler records
    profile: null,
  };
  globalThis.__bench = probe;
  const snapshotMemory = () => {
    const m = engine.memory();
    return Object.fromEntries(Object.entries(m).filter(([, v]) => typeof v === 'number' || typeof v === 'boolean'));
  };
  // the warm-up's pass: flag registered only where the WebGPU backend is loaded
  const compileOnly = () => engine.backendName === 'webgpu' && engine.ENV.getBool('WEBGPU_ENGINE_COMPILE_ONLY');
  const gradients = engine.gradients;
  engine.gradients = function (...args) {
    if (compileOnly()) return gradients.apply(this, args);
    const k = probe.stepStarts.length; // the step beginning now
    probe.stepStarts.push(performance.now());
    probe.inStep = true;
    const byKernel = Object.fromEntries(Object.entries(probe.byKernel).map(([name, e]) => [name, { ...e }]));
    probe.marks.push({
      kernels: probe.kernels,
      dispatches: probe.dispatches,
      submits: probe.submits,
      stepDispatches: probe.stepDispatches,
      byKernel,
    });
    if (k === 1 || k === 1 + memorySteps) probe.memory[k] = snapshotMemory();
    if (k === probe.profileAt) {
      engine.state.profiling = true;
      engine.state.activeProfile.kernels = [];
    } else if (k === probe.profileAt + 1 && engine.state.profiling) {
      engine.state.profiling = false;
      probe.profile = engine.state.activeProfile.kernels;
    }
    return gradients.apply(this, args);
  };
  const endScope = engine.endScope;
  engine.endScope = function (...args) {
    const out = endScope.apply(this, args);
    if (probe.inStep && engine.state.scopeStack.length === 0) probe.inStep = false;
    return out;
  };
  const runKernelFunc = engine.runKernelFunc;
  engine.runKernelFunc = function (params) {
    if (compileOnly()) return runKernelFunc.call(this, params);
    const name = params.kernelName ?? (engine.state.activeScope?.name || 'custom');
    probe.kernels++;
    const entry = (probe.byKernel[probe.inStep ? name : `between steps: ${name}`] ??= { runs: 0, dispatches: 0 });
    entry.runs++;
    probe.kernelStack.push(name);
    try {
      return runKernelFunc.call(this, params);
    } finally {
      probe.kernelStack.pop();
    }
  };
  let timestampQuery = false;
  const { GPUComputePassEncoder: PassEncoder, GPUQueue: Queue } = globalThis; // the worker's WebGPU
  if (engine.backendName === 'webgpu' && PassEncoder && Queue) {
    const ours = (key) => (typeof key === 'string' && key.startsWith('pp_') ? key : null);
    const backend = engine.backend;
    const runProgram = backend.runWebGPUProgram;
    backend.runWebGPUProgram = function (program, ...args) {
      const outer = probe.programKey;
      probe.programKey = ours(program.shaderKey);
      try {
        return runProgram.call(this, program, ...args);
      } finally {
        probe.programKey = outer;
      }
    };
    const setPipeline = PassEncoder.prototype.setPipeline;
    let boundLabel = null;
    PassEncoder.prototype.setPipeline = function (pipeline) {
      boundLabel = ours(pipeline?.label);
      return setPipeline.call(this, pipeline);
    };
    const dispatch = PassEncoder.prototype.dispatchWorkgroups;
    PassEncoder.prototype.dispatchWorkgroups = function (...args) {
      probe.dispatches++;
      if (probe.inStep) probe.stepDispatches++;
      const kernel = probe.programKey ?? boundLabel ?? probe.kernelStack.at(-1) ?? '(outside a kernel)';
      const name = probe.inStep ? kernel : `between steps: ${kernel}`;
      (probe.byKernel[name] ??= { runs: 0, dispatches: 0 }).dispatches++;
      return dispatch.apply(this, args);
    };
    const submit = Queue.prototype.submit;
    Queue.prototype.submit = function (...args) {
      probe.submits++;
      return submit.apply(this, args);
    };
    timestampQuery = Boolean(engine.backend.supportTimestampQuery);
  }
  // WASM: the threaded build runs where the flag is on (backend.ts: cross-origin isolated); its
  // getThreadsCount() says 1 here even when matMul runs twice as fast as the single-thread build.
  const threaded = engine.backendName === 'wasm' ? Boolean(engine.ENV.flags.WASM_HAS_MULTITHREAD_SUPPORT) : null;
  const threads = threaded ? globalThis.navigator.hardwareConcurrency : threaded === false ? 1 : null;
  const batch = engine.backendName === 'webgpu' ? engine.ENV.getNumber(submitFlag) : null;
  return {
    ok: true,
    backend: engine.backendName,
    timestampQuery,
    threads,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    submitBatch: batch,
  };
}

/** Steps begun so far and the step times, for polling while the run trains. */
export function readProbe() {
  const p = globalThis.__bench;
  if (!p) return null;
  return {
    stepStarts: p.stepStarts,
    marks: p.marks,
    memory: p.memory,
    byKernel: p.byKernel,
    counters: { kernels: p.kernels, dispatches: p.dispatches, submits: p.submits, stepDispatches: p.stepDispatches, byKernel: p.byKernel },
    // Now, between two steps (this runs only where the loop yields): the last memory reading
    // when the run ends before step 1 + memorySteps.
    memoryNow: Object.fromEntries(Object.entries(globalThis._tfengine.memory()).filter(([, v]) => typeof v === 'number')),
    // shader warm-ups so far (src/train/shaderWarmup.ts): start (this clock), ms, pipelines compiled
    warmups: performance
      .getEntriesByName('pp:shader-warmup')
      .map((e) => ({ startMs: e.startTime, ms: e.duration, pipelines: e.detail?.pipelines ?? null })),
  };
}

/**
 * Asks tfjs's profiler to record the step after next (so it starts at a step boundary), waits
 * for it, and returns its kernels: name, time (ms; 0 where the backend cannot time), output shapes.
 * CPU/WASM time each kernel by the wall clock; WebGL with its timer query or a read after each
 * kernel; WebGPU only with timestamp queries (else every time is 0, and the counts tell).
 * @param {{ timeoutMs: number }} options
 */
export async function profileOneStep({ timeoutMs }) {
  const p = globalThis.__bench;
  p.profile = null;
  p.profileAt = p.stepStarts.length + 1;
  const deadline = performance.now() + timeoutMs;
  while (!p.profile && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (!p.profile) {
    globalThis._tfengine.state.profiling = false;
    return { error: `no step finished within ${timeoutMs / 1000} s` };
  }
  const kernels = [];
  for (const k of p.profile) {
    kernels.push({ name: k.name, ms: Number(await k.kernelTimeMs) || 0, outputShapes: k.outputShapes });
  }
  return { kernels };
}

/**
 * The backend's ceiling: GFLOP/s of a plain matMul, [m, k] × [k, n] (transposeA when asked: the
 * weight-gradient shape), on random data, in this worker, timed after two warm-up runs until
 * at least `minMs` passed; one awaited read per timed batch, as training reads its losses.
 * @param {{ shapes: { m: number, k: number, n: number, transposeA: boolean }[], minMs: number }} options
 * @returns {{ m: number, k: number, n: number, transposeA: boolean, gflops: number, runs: number }[]}
 */
export async function measureCeiling({ shapes, minMs }) {
  const engine = globalThis._tfengine;
  const random = (n) => Float32Array.from({ length: n }, () => Math.random() - 0.5);
  const results = [];
  for (const { m, k, n, transposeA } of shapes) {
    const a = engine.makeTensor(random(m * k), transposeA ? [1, k, m] : [1, m, k], 'float32');
    const b = engine.makeTensor(random(k * n), [1, k, n], 'float32');
    const run = () => engine.runKernel('BatchMatMul', { a, b }, { transposeA, transposeB: false });
    for (let i = 0; i < 2; i++) {
      const c = run();
      await c.data();
      c.dispose();
    }
    let runs = 0;
    const start = performance.now();
    let batch = 1;
    while (performance.now() - start < minMs) {
      const outs = [];
      for (let i = 0; i < batch; i++) outs.push(run());
      await outs.at(-1).data(); // sync point: the queue has run
      for (const c of outs) c.dispose();
      runs += batch;
      batch = Math.min(batch * 2, 64);
    }
    const seconds = (performance.now() - start) / 1000;
    a.dispose();
    b.dispose();
    results.push({ m, k, n, transposeA, runs, gflops: (2 * m * k * n * runs) / seconds / 1e9 });
  }
  return results;
}
