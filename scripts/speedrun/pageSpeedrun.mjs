// One speedrun in the real page: open it with a recipe's URL parameters, choose the text, click
// Train, and watch the training worker's own events (every evaluation and progress sample, timed
// in the worker from the click) until every target is reached or the time is up; then Pause.
// The probe only listens: it wraps the worker's postMessage, so what it sees is what the page got.
import { crossings, allReached } from './crossings.mjs';

const READY_TIMEOUT_MS = 180_000;

/** Installed in the training worker: records evaluations, samples and the last step, timed. */
function installListener() {
  if (globalThis.__speedrun) return { ok: true };
  const rec = { evals: [], samples: [], lastStep: 0, lastStepAt: 0, firstStepAt: null, inStepMs: 0, stepsTimed: 0 };
  globalThis.__speedrun = rec;
  // Time inside training steps (engine.gradients begins one; the scope stack empties at its end,
  // as scripts/bench/probe.mjs reads them): the rest of the wall time is between steps
  // (evaluations, samples, loss reads, saves, the page's queries).
  const engine = globalThis._tfengine;
  let stepStart = null;
  const gradients = engine.gradients;
  engine.gradients = function (...args) {
    stepStart = performance.now();
    return gradients.apply(this, args);
  };
  const endScope = engine.endScope;
  engine.endScope = function (...args) {
    const out = endScope.apply(this, args);
    if (stepStart !== null && engine.state.scopeStack.length === 0) {
      rec.inStepMs += performance.now() - stepStart;
      rec.stepsTimed++;
      stepStart = null;
    }
    return out;
  };
  const post = globalThis.postMessage.bind(globalThis); // the worker's own (globalThis is its self)
  globalThis.postMessage = (msg, transfer) => {
    try {
      const t = performance.now();
      if (msg?.type === 'run.metrics') {
        for (const e of msg.evals ?? []) rec.evals.push({ step: e.step, valLoss: e.valLoss, t });
        const last = msg.points?.at(-1);
        if (last) {
          rec.lastStep = last.step;
          rec.lastStepAt = t;
          if (rec.firstStepAt === null) rec.firstStepAt = t;
        }
      } else if (msg?.type === 'run.sample' && !msg.sample?.cut) {
        rec.samples.push({ step: msg.sample.step, realWordShare: msg.sample.realWordShare ?? null, text: msg.sample.text, t });
      }
    } catch {
      // listening must never break the page
    }
    return post(msg, transfer);
  };
  // WASM: the threaded build runs where the flag is on (as scripts/bench/probe.mjs reads it).
  const threaded = engine?.backendName === 'wasm' ? Boolean(engine.ENV.flags.WASM_HAS_MULTITHREAD_SUPPORT) : null;
  return { ok: true, threads: threaded ? globalThis.navigator.hardwareConcurrency : threaded === false ? 1 : null };
}

const readListener = () => globalThis.__speedrun;

async function engineWorker(page, workers) {
  for (let i = 0; i < 1200; i++) {
    for (const w of workers)
      if (/engine/.test(w.url()) && (await w.evaluate(() => Boolean(globalThis._tfengine)).catch(() => false))) return w;
    await page.waitForTimeout(100);
  }
  throw new Error('no training worker with a tfjs engine');
}

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {{ base: string, params: Record<string,string>, text: string, targets: number[], maxSeconds: number,
 *   onProgress?: (line: string) => void }} o
 */
export async function pageSpeedrun(browser, o) {
  const page = await browser.newPage();
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  try {
    await page.goto(`${o.base}?${new URLSearchParams(o.params)}`);
    const train = page.getByRole('button', { name: 'Train', exact: true });
    await train.and(page.locator(':enabled')).waitFor({ timeout: READY_TIMEOUT_MS });
    if (o.text !== 'moby-dick') {
      await page.getByLabel('Text to learn').selectOption(o.text);
      // the corpus card's facts, not the menu: a hidden <option> with the same words never becomes visible
      await page
        .getByRole('region', { name: 'Corpus' })
        .locator('dd')
        .filter({ hasText: o.textName })
        .first()
        .waitFor({ timeout: READY_TIMEOUT_MS });
      await train.and(page.locator(':enabled')).waitFor({ timeout: READY_TIMEOUT_MS });
    }
    const backendText = (await page.getByRole('region', { name: 'Backend' }).innerText()).split('\n').slice(1).join(' ').trim();
    const modelText = await page
      .getByRole('region', { name: 'Model' })
      .innerText()
      .catch(() => '');
    const worker = await engineWorker(page, workers);
    const installed = await worker.evaluate(installListener);
    const facts = await worker.evaluate(() => ({
      backend: globalThis._tfengine.backendName,
      isolated: globalThis.crossOriginIsolated === true,
      hardwareConcurrency: globalThis.navigator.hardwareConcurrency,
    }));
    const clickedAt = await worker.evaluate(() => performance.now());
    await train.click();
    const started = Date.now();
    let rec;
    let result;
    for (;;) {
      await page.waitForTimeout(1000);
      rec = await worker.evaluate(readListener);
      const seconds = (t) => (t - clickedAt) / 1000;
      const evals = rec.evals.map((e) => ({ step: e.step, valLoss: e.valLoss, seconds: seconds(e.t) }));
      const samples = rec.samples.map((s) => ({ ...s, seconds: seconds(s.t) }));
      result = {
        evals,
        samples,
        lastStep: rec.lastStep,
        lastStepSeconds: seconds(rec.lastStepAt),
        firstStepSeconds: rec.firstStepAt && seconds(rec.firstStepAt),
      };
      const c = crossings(evals, samples, o.targets, 1);
      const last = evals.at(-1);
      o.onProgress?.(
        `step ${rec.lastStep}, ${Math.round((Date.now() - started) / 1000)} s${last ? `, val ${last.valLoss.toFixed(3)} at ${last.step}` : ''}`,
      );
      if (allReached(c) || Date.now() - started > o.maxSeconds * 1000) break;
      const state = await page.getByRole('status', { name: 'Run state' }).innerText();
      if (/fail|stopped|done/i.test(state)) break;
    }
    await page
      .getByRole('button', { name: 'Pause', exact: true })
      .click()
      .catch(() => undefined);
    return {
      backend: facts.backend,
      backendText,
      modelText,
      crossOriginIsolated: facts.isolated,
      hardwareConcurrency: facts.hardwareConcurrency,
      threads: installed.threads,
      ...result,
    };
  } finally {
    await page.close();
  }
}
