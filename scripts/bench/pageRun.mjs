// One bench run: a preset on a backend with one kernel path, in the real page and its real
// training worker. The page's own Train button runs the real step; probe.mjs, installed in the
// worker first, times steps and counts kernels, WebGPU dispatches (by kernel; inside the step and
// between steps) and submits, and memory; the shader warm-up before step 0 (WebGPU) is timed
// apart from the first step, and Train to the end of step 0 is timed whole. Then
// tfjs's profiler records one more step, Pause, and a completion is timed through the page.
import { installProbe, measureCeiling, profileOneStep, readProbe } from './probe.mjs';
import { ceilingShapes, perKernelOfWindow, stepFigures, topKernels } from './stats.mjs';

const READY_TIMEOUT_MS = 180_000;
const num = (s) => Number(String(s).replace(/,/g, ''));

/** The page's training worker (named 'engine' by worker/client.ts), waiting for it to appear. */
async function engineWorker(page, workers) {
  for (let i = 0; i < 600; i++) {
    for (const w of workers) {
      if (/engine/.test(w.url()) && (await w.evaluate(() => Boolean(globalThis._tfengine)).catch(() => false))) return w;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`no training worker with a tfjs engine among ${workers.map((w) => w.url()).join(', ') || 'no workers'}`);
}

/**
 * Trains `preset` on `backend` with `kernels` and measures it.
 * @param {import('@playwright/test').Browser} browser
 * @param {object} run { preset, backend, kernels, settings: { batchSize, blockSize, nEmbd, nLayer } }
 * @param {object} opts { base, seconds, timeLimit, firstStepLimit, warmupSteps, memorySteps, genTokens,
 *   ceilingMs, flopsPerStep(vocabSize) }
 */
export async function benchRun(browser, run, opts) {
  const { preset, backend, kernels, settings } = run;
  const page = await browser.newPage();
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (window.__countLongTasks) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const params = new URLSearchParams({
    preset,
    backend,
    kernels,
    maxSteps: '100000',
    evalEvery: '10000',
    sampleEvery: '100000',
    sampleLength: '1',
  });
  if (run.shaderWarmup) params.set('shaderWarmup', run.shaderWarmup);
  await page.goto(`${opts.base}?${params}`);
  const train = page.getByRole('button', { name: 'Train', exact: true });
  await train.and(page.locator(':enabled')).waitFor({ timeout: READY_TIMEOUT_MS });
  const backendText = (await page.getByRole('region', { name: 'Backend' }).innerText()).split('\n').slice(1).join(' ').trim();
  const corpusText = await page.getByRole('region', { name: 'Corpus' }).innerText();
  const vocabSize = num(/vocabulary\s+([\d,]+)/.exec(corpusText)?.[1] ?? NaN);
  const kernelsHonoured = !(await page.getByText(`kernels is not a setting`).count());

  const worker = await engineWorker(page, workers);
  const installed = await worker.evaluate(installProbe, { memorySteps: opts.memorySteps, submitBatch: run.submitBatch ?? null });
  if (!installed.ok) throw new Error(installed.error);
  if (installed.backend !== backend) throw new Error(`asked for ${backend}, the worker runs ${installed.backend} (${backendText})`);

  const shapes = ceilingShapes({ ...settings, vocabSize });
  const ceiling = await worker.evaluate(measureCeiling, { shapes, minMs: opts.ceilingMs });
  const ceilingGflops = Math.max(...ceiling.map((c) => c.gflops));

  await page.evaluate(() => (window.__countLongTasks = true));
  const clickedInWorker = await worker.evaluate(() => performance.now()); // the worker's clock, as the step starts
  const clickedAt = Date.now();
  await train.click();
  // Train until `seconds` of training after the first step and `memorySteps` more steps, or
  // until timeLimit seconds after the click, whichever comes first; but past timeLimit, wait
  // for two finished steps (the first compiles shaders) up to firstStepLimit seconds.
  let snapshot = null;
  for (;;) {
    await page.waitForTimeout(1000);
    snapshot = await worker.evaluate(readProbe);
    const begun = snapshot.stepStarts.length;
    const trainedMs = begun >= 2 ? snapshot.stepStarts.at(-1) - snapshot.stepStarts[1] : 0;
    const enough = trainedMs >= opts.seconds * 1000 && begun > opts.memorySteps + 1;
    const waited = Date.now() - clickedAt;
    if (enough || (waited > opts.timeLimit * 1000 && (begun >= 3 || waited > opts.firstStepLimit * 1000))) break;
    const state = await page.getByRole('status', { name: 'Run state' }).innerText();
    if (/fail|stopped/i.test(state)) throw new Error(`the run ended: ${state}`);
  }
  const longTasks = await page.evaluate(() => ((window.__countLongTasks = false), window.__longTasks));
  const trainingSeconds = (Date.now() - clickedAt) / 1000;
  const tokensPerStep = settings.batchSize * settings.blockSize;
  const figures = stepFigures(snapshot.stepStarts, snapshot.marks, { warmupSteps: opts.warmupSteps, tokensPerStep });
  // Before step 0: the shader warm-up (WebGPU), then step 0's evaluation and sample. Train to step 1
  // is all of that plus the first step: what a person waits for the first trained step.
  const warmup = snapshot.warmups?.[0] ?? null;
  const trainToStep1Ms = snapshot.stepStarts.length >= 2 ? snapshot.stepStarts[1] - clickedInWorker : null;

  // One step under tfjs's profiler, after the timed ones (profiling slows the step it records).
  const profileTimeoutMs = Math.max(120_000, 4 * (figures.medianStepMs ?? 30_000));
  const profiled =
    backend === 'webgpu' && !installed.timestampQuery
      ? { kernels: [], note: 'no timestamp-query on this adapter: counts only' }
      : await worker.evaluate(profileOneStep, { timeoutMs: profileTimeoutMs });

  // Pause (at the step's end), then a completion; a step too slow to end here costs only these.
  let stepsOnPage = null;
  let probeSteps = null;
  let generation;
  try {
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('button', { name: 'Resume', exact: true }).and(page.locator(':enabled')).waitFor({ timeout: profileTimeoutMs });
    stepsOnPage = num(await page.getByTestId('stat-step').locator('dd').innerText());
    probeSteps = (await worker.evaluate(readProbe)).stepStarts.length; // should equal stepsOnPage
    generation = await benchGeneration(page, opts.genTokens);
  } catch (e) {
    generation = { error: String(e?.message ?? e).split('\n')[0] };
  }
  await page.close();

  const memoryAt = { ...snapshot.memory };
  const lastStep = snapshot.stepStarts.length - 1;
  if (Object.keys(memoryAt).length < 2 && lastStep > 1) memoryAt[lastStep] = snapshot.memoryNow; // ended early
  const memSteps = Object.keys(memoryAt)
    .map(Number)
    .sort((a, b) => a - b);
  const memory = {
    atStep: memSteps,
    numTensors: memSteps.map((k) => memoryAt[k].numTensors),
    bytes: memSteps.map((k) => memoryAt[k].numBytes),
    gpuBytes: memSteps.map((k) => memoryAt[k].numBytesInGPU ?? null),
  };
  // Step 0's counts: on WebGPU the step is recorded (every dispatch issued) long before the GPU
  // finishes it, so these exist even when no step finished within the time limit.
  const m0 = snapshot.marks[0];
  const m1 = snapshot.marks[1] ?? snapshot.counters;
  const step0 = m0
    ? {
        kernels: m1.kernels - m0.kernels,
        dispatches: m1.dispatches - m0.dispatches,
        submits: m1.submits - m0.submits,
        complete: Boolean(snapshot.marks[1]),
      }
    : null;
  return {
    preset,
    backend,
    kernels,
    kernelsHonoured,
    submitBatch: installed.submitBatch, // dispatches per submit (WebGPU), as tfjs ran with it
    submitBatchAsked: run.submitBatch ?? null,
    adapter: backendText,
    wasmThreads: installed.threads,
    crossOriginIsolated: installed.crossOriginIsolated,
    settings: { ...settings, vocabSize },
    flopsPerStep: opts.flopsPerStep(vocabSize),
    trainingSeconds: +trainingSeconds.toFixed(1),
    stepsOnPage,
    probeSteps,
    ...figures,
    shaderWarmup: run.shaderWarmup ?? null, // as asked (URL parameter); null: the page's default
    warmupMs: warmup ? Math.round(warmup.ms) : null,
    warmupPipelines: warmup?.pipelines ?? null,
    trainToStep1Ms,
    step0,
    ceiling: { gflops: ceilingGflops, shapes: ceiling.map((c) => ({ ...c, gflops: +c.gflops.toFixed(3) })) },
    memory,
    longTasks: {
      count: longTasks.length,
      maxMs: longTasks.length ? Math.round(Math.max(...longTasks)) : 0,
      seconds: +trainingSeconds.toFixed(1),
    },
    // the same steps as dispatchesPerStep (the per-kernel totals are marked at every step start)
    perKernel: perKernelOfWindow(snapshot.marks, opts.warmupSteps),
    profile: profiled.error ? { error: profiled.error } : { note: profiled.note, top: topKernels(profiled.kernels) },
    generation,
  };
}

/**
 * A completion through the page, paused: n side-by-side completions of `maxNewTokens` each,
 * from Generate to the button coming back; tokens/s counts every column's characters.
 */
async function benchGeneration(page, maxNewTokens) {
  await page.getByLabel('Max new tokens').fill(String(maxNewTokens));
  const prompt = page.getByLabel('Prompt', { exact: true });
  await prompt.fill('Call me Ishmael. ');
  const generate = page.getByRole('button', { name: 'Generate' });
  const start = Date.now();
  await generate.click();
  await page
    .getByRole('button', { name: 'Stop' })
    .waitFor({ timeout: 10_000 })
    .catch(() => undefined);
  await generate.and(page.locator(':enabled')).waitFor({ timeout: 600_000 });
  const seconds = (Date.now() - start) / 1000;
  const columns = await page.getByTestId('completion-text').allInnerTexts();
  const tokens = columns.reduce((s, t) => s + [...t].length, 0);
  return { completions: columns.length, tokens, seconds: +seconds.toFixed(2), tokensPerSecond: +(tokens / seconds).toFixed(1) };
}
