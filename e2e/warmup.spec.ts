// The shader warm-up (src/train/shaderWarmup.ts) on WebGPU (SwiftShader here): before the first
// step it compiles the step's pipelines in tfjs's compile-only mode, the page counts them
// ("compiling GPU kernels n/N"), it finishes, and it changes nothing: no read-back runs while
// nothing is computed, the weights and AdamW moments at the first step are bit for bit those
// before Train, and after one step they are those of a run without the warm-up (so no update,
// and no step of the optimizer's count, happened in it).
import type { Page, Worker } from '@playwright/test';
import { expect, open, runState, test, TINY } from './playground';

type Mode = 'on' | 'off';

/** Per variable (by name): a hash of its float32 bits, before Train and at the start of steps 0 and 1. */
interface Watched {
  before: Record<string, string>;
  atStep: Record<string, string>[];
  /** Per variable: its values at the start of step 1 (after one update). */
  afterOneStep: Record<string, number[]>;
  /** Back-end reads (readSync, read, getBufferData) made while compile-only was on. */
  readsWhileCompiling: string[];
  /** Pipelines the warm-up compiled, per its User Timing measure (none when it did not run). */
  warmups: number[];
}

/** A tensor as the worker's tfjs engine hands it out (types only: these functions run in the worker). */
interface TensorLike {
  data(): Promise<Float32Array>;
}
type AnyFunction = (...args: unknown[]) => unknown;
/** The parts of tfjs's engine (globalThis._tfengine in the worker) the watch uses. */
interface EngineLike {
  ENV: { getBool(flag: string): boolean };
  registeredVariables: Record<string, TensorLike>;
  backend: Record<string, AnyFunction>;
  gradients: AnyFunction;
  makeTensor(values: Float32Array, shape: number[], dtype: string): TensorLike;
  runKernel(name: string, inputs: Record<string, TensorLike>): TensorLike;
  keep(t: TensorLike): TensorLike;
}
interface WatchScope {
  _tfengine: EngineLike;
  __watch: { before: Record<string, TensorLike>; atStep: Record<string, TensorLike>[]; reads: string[] };
}

/** In the worker: copies every variable now and at each real step's start, and watches for reads in compile-only mode. */
function watchState(): void {
  const scope = globalThis as unknown as WatchScope;
  const engine = scope._tfengine;
  const compiling = () => engine.ENV.getBool('WEBGPU_ENGINE_COMPILE_ONLY');
  const one = engine.makeTensor(new Float32Array([1]), [], 'float32');
  // x·1 is an exact copy in a buffer of its own (the in-place AdamW writes the originals later)
  const copyAll = () =>
    Object.fromEntries(
      Object.entries(engine.registeredVariables).map(([name, v]) => [name, engine.keep(engine.runKernel('Multiply', { a: v, b: one }))]),
    );
  scope.__watch = { before: copyAll(), atStep: [], reads: [] };
  const gradients = engine.gradients;
  engine.gradients = function (this: unknown, ...args: unknown[]) {
    if (!compiling()) scope.__watch.atStep.push(copyAll());
    return gradients.apply(this, args);
  };
  for (const name of ['readSync', 'read', 'getBufferData']) {
    const f = engine.backend[name];
    engine.backend[name] = function (this: unknown, ...args: unknown[]) {
      if (compiling()) scope.__watch.reads.push(name);
      return f.apply(this, args);
    };
  }
}

/** In the worker: what watchState saw, each copy hashed (FNV-1a over its float32 bits). */
async function readWatched(): Promise<Watched> {
  const w = (globalThis as unknown as WatchScope).__watch;
  const hash = async (t: TensorLike) => {
    let h = 0x811c9dc5;
    for (const x of new Uint32Array((await t.data()).slice().buffer)) h = Math.imul(h ^ x, 0x01000193) >>> 0;
    return h.toString(16);
  };
  const hashAll = async (copies: Record<string, TensorLike>) =>
    Object.fromEntries(await Promise.all(Object.entries(copies).map(async ([n, t]) => [n, await hash(t)])));
  const warmups = performance.getEntriesByName('pp:shader-warmup').map((e) => Number((e as PerformanceMeasure).detail?.pipelines));
  const afterOneStep = Object.fromEntries(
    await Promise.all(Object.entries(w.atStep[1] ?? {}).map(async ([n, t]) => [n, Array.from(await t.data())])),
  );
  return {
    before: await hashAll(w.before),
    atStep: await Promise.all(w.atStep.map(hashAll)),
    afterOneStep,
    readsWhileCompiling: w.reads,
    warmups,
  };
}

/**
 * Trains 2 steps of a tiny model on WebGPU; what the worker saw and every text the run state showed.
 * @param pauseWhileCompiling Pause as soon as the count shows (answered within seconds, not at the
 *   end of the compiling), then Resume.
 */
async function train(
  page: Page,
  kernels: 'fused' | 'reference',
  shaderWarmup: Mode,
  pauseWhileCompiling = false,
): Promise<Watched & { shown: string[] }> {
  await open(page, {
    ...TINY,
    backend: 'webgpu',
    kernels,
    shaderWarmup,
    maxSteps: '2',
    warmupSteps: '0',
    evalEvery: '1000',
    evalBatches: '1',
    sampleEvery: '1000',
    sampleLength: '1',
  });
  const worker: Worker = page.workers()[0];
  await worker.evaluate(watchState);
  await runState(page).evaluate((el) => {
    const shown: string[] = [];
    (window as unknown as { __shown: string[] }).__shown = shown;
    const record = () => shown.at(-1) !== el.textContent && shown.push(el.textContent ?? '');
    new MutationObserver(record).observe(el, { childList: true, characterData: true, subtree: true });
  });
  await page.getByRole('button', { name: 'Train' }).click();
  if (pauseWhileCompiling) {
    await expect(runState(page)).toHaveText(/compiling GPU kernels/);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(runState(page)).toHaveText('Paused', { timeout: 5_000 });
    await page.getByRole('button', { name: 'Resume' }).click();
    // else the wait below can match this 'Paused' before Resume lands, and the state read after it is 'Starting…'
    await expect(runState(page)).not.toHaveText('Paused');
  }
  // "never finishes" fails here: the run must reach Done (a run broken by the warm-up pauses or stops)
  await expect(runState(page)).toHaveText(/Done|Paused|Stopped/, { timeout: 240_000 });
  expect(await runState(page).innerText()).toMatch(/Done/);
  const shown = await page.evaluate(() => (window as unknown as { __shown: string[] }).__shown);
  return { ...(await worker.evaluate(readWatched)), shown };
}

const maxDiff = (a: number[], b: number[]) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

const progressOf = (shown: string[]) =>
  shown.flatMap((t) => {
    const m = /compiling GPU kernels (\d+)\/(\d+)/.exec(t);
    return m ? [{ done: Number(m[1]), total: Number(m[2]) }] : [];
  });

test('the shader warm-up compiles, counts on the page, finishes, and leaves weights, moments and step count as they were', async ({
  page,
  watch,
}) => {
  void watch;
  test.setTimeout(600_000);
  const without = await train(page, 'fused', 'off');
  const warmed = await train(page, 'fused', 'on');

  expect(without.warmups).toEqual([]);
  expect(progressOf(without.shown)).toEqual([]);
  expect(warmed.warmups).toHaveLength(1);
  const pipelines = warmed.warmups[0];
  expect(pipelines).toBeGreaterThan(10);
  const progress = progressOf(warmed.shown);
  console.log(`warm-up: ${pipelines} pipelines; the page showed ${progress.map((p) => `${p.done}/${p.total}`).join(', ')}`);
  expect(progress.length).toBeGreaterThan(0);
  for (const p of progress) expect(p).toEqual({ done: expect.any(Number), total: pipelines });
  for (const [a, b] of progress.slice(1).map((p, i) => [progress[i], p])) expect(b.done).toBeGreaterThanOrEqual(a.done);
  expect(warmed.readsWhileCompiling).toEqual([]);

  // Nothing changed in the warm-up: step 0 starts from the state before Train...
  expect(warmed.atStep).toHaveLength(2);
  expect(Object.keys(warmed.before).length).toBeGreaterThan(3);
  expect(warmed.atStep[0]).toEqual(warmed.before);
  // ...and the same seed without a warm-up starts from it too, and one step later both agree:
  // bit for bit, but for wte (tfjs's gather gradient adds with float atomics, whose order varies
  // run to run, warm-up or not: a few last bits) and the moments (the arena, unnamed), which hold
  // wte's. Had the warm-up counted an update, AdamW's bias corrections would move every parameter
  // by ~2.6e-4 of a 1e-3 step.
  expect(without.before).toEqual(warmed.before);
  expect(Object.keys(warmed.afterOneStep).sort()).toEqual(Object.keys(without.afterOneStep).sort());
  for (const [name, values] of Object.entries(without.afterOneStep)) {
    const bound = name.endsWith('/wte.weight') || !name.includes('/') ? 1e-6 : 0;
    expect(maxDiff(warmed.afterOneStep[name], values), name).toBeLessThanOrEqual(bound);
  }
  expect(warmed.atStep[1]).not.toEqual(warmed.before);
});

test('on the reference path, whose update assigns new tensors, the warm-up also leaves every variable as it was; Pause cuts its wait', async ({
  page,
  watch,
}) => {
  void watch;
  test.setTimeout(300_000);
  const warmed = await train(page, 'reference', 'on', true);
  expect(warmed.warmups).toHaveLength(1);
  expect(warmed.readsWhileCompiling).toEqual([]);
  expect(warmed.atStep[0]).toEqual(warmed.before);
  expect(warmed.atStep[1]).not.toEqual(warmed.before);
});
