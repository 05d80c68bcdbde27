// The scale lab's budget arithmetic and its state machine, against a fake playground store that
// answers like the worker: each preset is timed, then started as a lab run (the person's run kept
// aside), trained, evaluated, done; the lab's end gives the person's run back.
import { beforeEach, describe, expect, it } from 'vitest';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StateStorage } from 'zustand/middleware';
import { DEFAULT_SETTINGS, PRESETS, type RunSettings } from '../protocol/settings';
import { flopsPerToken } from '../protocol/flops';
import type { CorpusSummary, EvalPoint, ModelSummary } from '../protocol/reports';
import { createScaleLab, labEstimate, type LabView } from './scaleLab';
import {
  budgetProblem,
  computePoints,
  defaultBudget,
  EVALS_PER_RUN,
  evaluationsIn,
  FEW_STEPS,
  fewStepsWarning,
  planMs,
  planRun,
  type ScaleRunPlan,
} from './scaleLabPlan';
import { describeRun } from '../protocol/fixtures/run';
import type { StepTimes } from '../protocol/run';

const V = 65;
const corpus: CorpusSummary = {
  name: 'Moby Dick',
  origin: { kind: 'book', id: 'moby-dick' },
  names: ['Moby Dick'],
  bytes: 1000,
  characters: 1000,
  tokenizer: { kind: 'char' },
  vocabSize: V,
  tokens: 1000,
  trainTokens: 900,
  valTokens: 100,
  preview: '',
  notices: [],
  firstMerges: [],
};

describe('planRun', () => {
  it('gives each preset the whole steps its budget pays for, never more', () => {
    const budget = 1e11;
    for (const preset of ['tiny', 'baby', 'small'] as const) {
      const plan = planRun(DEFAULT_SETTINGS, preset, V, budget) as ScaleRunPlan;
      const { nLayer, nEmbd, blockSize, batchSize } = PRESETS[preset];
      const perStep = flopsPerToken({ nLayer, nEmbd, blockSize, vocabSize: V }) * blockSize * batchSize;
      expect(plan.steps).toBe(Math.floor(budget / perStep));
      expect(plan.flops).toBeLessThanOrEqual(budget);
      expect(plan.flops + perStep).toBeGreaterThan(budget);
      expect(plan.settings).toMatchObject({
        preset,
        ...PRESETS[preset],
        maxSteps: plan.steps,
        seed: DEFAULT_SETTINGS.seed,
        sampleEvery: plan.steps,
      });
      // Evaluated often enough for a curve: EVALS_PER_RUN times in the run, plus the end.
      expect(Math.ceil(plan.steps / plan.settings.evalEvery)).toBeLessThanOrEqual(EVALS_PER_RUN);
      expect(Math.ceil(plan.steps / plan.settings.evalEvery)).toBeGreaterThanOrEqual(Math.min(plan.steps, EVALS_PER_RUN - 1));
      expect(plan.settings.warmupSteps).toBeLessThanOrEqual(Math.floor(plan.steps / 10));
    }
  });

  it("uses the numbers of nanoGPT's estimate_mfu: tiny at 1e10 FLOPs", () => {
    // tiny: L 2, d 64, T 32, V 65: N = 65·64 + 2·(12·64² + 13·64) + 2·64 = 104,256; 6N + 12·L·d·T = 674,688 FLOPs/token.
    const plan = planRun(DEFAULT_SETTINGS, 'tiny', V, 1e10) as ScaleRunPlan;
    expect(plan.flopsPerToken).toBe(674_688);
    expect(plan.tokensPerStep).toBe(256);
    expect(plan.steps).toBe(57); // 1e10 / (674,688 · 256) = 57.9
    expect(plan.settings.evalEvery).toBe(8);
    expect(plan.settings.warmupSteps).toBe(5);
  });

  it('says when the budget does not pay for one step, and refuses budgets out of range', () => {
    expect(planRun(DEFAULT_SETTINGS, 'small', V, 1e8)).toMatch(/does not pay for one training step of small/);
    expect(budgetProblem(1e11)).toBeNull();
    expect(budgetProblem(NaN)).toMatch(/no number/);
    expect(budgetProblem(1e3)).toMatch(/between 1e8 and 1e18/);
  });

  it('puts each evaluation at the FLOPs spent before it', () => {
    const points = computePoints({ tokensPerStep: 256, flopsPerToken: 1000 }, [
      { step: 0, valLoss: 4.2 },
      { step: 10, valLoss: 3 },
    ]);
    expect(points).toEqual([
      { step: 0, flops: 0, valLoss: 4.2 },
      { step: 10, flops: 2_560_000, valLoss: 3 },
    ]);
  });
});

/**
 * A fake playground: a lab run starts when `answer()` is called (with the run the worker would
 * describe), the presets are timed when `timed()` is; Train and Pause flip the state.
 */
function fakePlayground() {
  const calls = { started: [] as RunSettings[], measured: [] as RunSettings[][], trains: 0, pauses: 0, ends: 0 };
  const person = { ...DEFAULT_SETTINGS, seed: 42, evalBatches: 3 };
  let answerStart: (runId: number | null) => void = () => undefined;
  let answerTimes: (times: StepTimes[] | null) => void = () => undefined;
  const store: StoreApi<LabView> = createStore<LabView>()((set) => ({
    run: describeRun({ settings: person, corpus }),
    backend: { name: 'wasm', tensorLimit: { elements: 1e9, source: 'test' } },
    runId: 1,
    runState: 'paused',
    settings: person,
    evals: [],
    errors: [],
    startScaleRun(settings) {
      calls.started.push(settings);
      return new Promise((resolve) => (answerStart = resolve));
    },
    measureRuns(runs) {
      calls.measured.push(runs);
      return new Promise((resolve) => (answerTimes = resolve));
    },
    async endLab() {
      calls.ends++;
      set({ run: describeRun({ settings: person, corpus, step: 340 }), runId: 1, runState: 'paused', evals: [] });
    },
    train() {
      calls.trains++;
      set({ runState: 'running' });
    },
    pause() {
      calls.pauses++;
      set({ runState: 'paused' });
    },
  }));
  /** The worker built the lab run of the last preset asked for. */
  const answer = async () => {
    const settings = calls.started.at(-1)!;
    const runId = get().runId + 1;
    const model: ModelSummary = { ...settings, vocabSize: V, preset: settings.preset, params: 1000 * runId, flopsPerToken: 1 };
    const kept = { runId: 1, settings: person, corpus, step: 340, savedId: 's', saved: null };
    store.setState({
      run: describeRun({ runId, settings, corpus, model, lab: 'scale', kept }),
      runId,
      settings,
      runState: 'idle',
      evals: [],
    });
    answerStart(runId);
    await flush();
  };
  const get = () => store.getState();
  const timed = async (times: StepTimes = { stepMs: 10, evalMs: 100, sampleMs: 50, overheadMs: 500 }) => {
    answerTimes(calls.measured.at(-1)!.map(() => times));
    await flush();
  };
  const refuse = async (message: string) => {
    store.setState({ errors: [{ id: 1, message }] });
    answerStart(null);
    await flush();
  };
  const evaluate = (...evals: EvalPoint[]) => store.setState((s) => ({ evals: [...s.evals, ...evals] }));
  return { store, calls, person, answer, timed, refuse, evaluate };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function memoryStorage(): StateStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('fewStepsWarning', () => {
  it('warns below FEW_STEPS steps (and below one), naming a budget that gives FEW_STEPS, and is quiet from there on', () => {
    const one =
      (planRun(DEFAULT_SETTINGS, 'baby', V, 1e15) as ScaleRunPlan).flops /
      (planRun(DEFAULT_SETTINGS, 'baby', V, 1e15) as ScaleRunPlan).steps;
    expect(fewStepsWarning('baby', V, 2.5 * one)).toMatch(/^baby gets only 2 steps at this budget/);
    const named = Number(/(\S+) FLOPs\.$/.exec(fewStepsWarning('baby', V, 2.5 * one) ?? '')?.[1]);
    expect((planRun(DEFAULT_SETTINGS, 'baby', V, named) as ScaleRunPlan).steps).toBeGreaterThanOrEqual(FEW_STEPS);
    expect(fewStepsWarning('baby', V, FEW_STEPS * one)).toBeNull();
    expect(fewStepsWarning('baby', V, 0.5 * one)).toMatch(/^baby does not get one step at this budget/);
  });
});

describe('the scale lab', () => {
  let storage: ReturnType<typeof memoryStorage>;
  beforeEach(() => {
    storage = memoryStorage();
  });

  it('times the presets, trains each in turn as a lab run with the same seed, records loss against compute, and gives the person their run back', async () => {
    const fake = fakePlayground();
    const lab = createScaleLab(fake.store, () => storage);
    lab.getState().setBudget(1e10);
    lab.getState().togglePreset('small'); // tiny and baby
    expect(lab.getState().presets).toEqual(['tiny', 'baby']);
    const started = lab.getState().start();
    expect(lab.getState().active?.phase).toBe('measuring');
    expect(fake.calls.measured[0].map((s) => s.preset)).toEqual(['tiny', 'baby']);
    await fake.timed();
    expect(fake.calls.started.map((s) => [s.preset, s.seed, s.evalBatches])).toEqual([['tiny', 42, 3]]);
    expect(lab.getState().active?.phase).toBe('starting');
    await fake.answer();
    await started;
    expect(fake.calls.trains).toBe(1);
    const tiny = planRun({ ...DEFAULT_SETTINGS, seed: 42, evalBatches: 3 }, 'tiny', V, 1e10) as ScaleRunPlan;
    expect(lab.getState().runs[0].estimatedMs).toBe(planMs(tiny, { stepMs: 10, evalMs: 100, sampleMs: 50, overheadMs: 500 }));
    fake.evaluate({ step: 0, valLoss: 4.17 }, { step: 8, valLoss: 3.5 });
    expect(lab.getState().runs[0].points).toEqual(
      computePoints(tiny, [
        { step: 0, valLoss: 4.17 },
        { step: 8, valLoss: 3.5 },
      ]),
    );
    fake.evaluate({ step: tiny.steps, valLoss: 3.1 });
    fake.store.setState({ runState: 'done' });
    expect(lab.getState().runs[0]).toMatchObject({
      preset: 'tiny',
      status: 'done',
      steps: tiny.steps,
      seed: 42,
      budget: 1e10,
      corpus: 'Moby Dick',
    });
    expect(lab.getState().runs[0].tookMs).toBeGreaterThanOrEqual(0);
    await flush();
    expect(fake.calls.started.map((s) => s.preset)).toEqual(['tiny', 'baby']);
    await fake.answer();
    fake.evaluate({ step: 0, valLoss: 4.2 });
    fake.store.setState({ runState: 'done' });
    expect(lab.getState().active).toBeNull();
    expect(fake.calls.ends).toBe(1);
    expect(lab.getState().message).toBe('Done. Your own run is back as it was: Moby Dick, paused at step 340.');
    fake.store.setState({ evals: [] }); // the person's run back: the message stays with it…
    expect(lab.getState().message).toMatch(/^Done/);
    fake.store.setState({ runId: 77, run: describeRun({ runId: 77, corpus, settings: fake.person }) }); // …until another run replaces it
    expect(lab.getState().message).toBeNull();
    expect(lab.getState().runs.map((r) => [r.preset, r.status])).toEqual([
      ['tiny', 'done'],
      ['baby', 'done'],
    ]);
    // Timed once: a second lab at the same sizes asks for no trial.
    void lab.getState().start();
    await flush();
    expect(fake.calls.measured).toHaveLength(1);
  });

  it('Stop pauses the run, keeps it marked stopped, ends the lab and starts nothing more', async () => {
    const fake = fakePlayground();
    const lab = createScaleLab(fake.store, () => storage);
    void lab.getState().start();
    await fake.timed();
    await fake.answer();
    lab.getState().stop();
    expect(fake.calls.pauses).toBe(1);
    expect(fake.calls.ends).toBe(1);
    expect(lab.getState()).toMatchObject({
      active: null,
      message: expect.stringMatching(/^Stopped.*your own run is back as it was, paused at step 340/),
    });
    expect(lab.getState().runs.map((r) => r.status)).toEqual(['stopped']);
    fake.store.setState({ runState: 'done' });
    expect(fake.calls.started).toHaveLength(1);
  });

  it('stops when its run is replaced or fails, and says why; a refused run starts nothing', async () => {
    const fake = fakePlayground();
    const lab = createScaleLab(fake.store, () => storage);
    void lab.getState().start();
    await fake.timed();
    await fake.answer();
    fake.store.setState({ runId: 50, run: describeRun({ runId: 50, corpus, settings: fake.person }) }); // the person loaded a run
    expect(lab.getState().message).toMatch(/replaced/);
    expect(lab.getState().runs.at(-1)?.status).toBe('stopped');

    void lab.getState().start();
    await flush();
    await fake.refuse('Context 128 is longer than this text allows.');
    expect(lab.getState().message).toBe('The tiny run was refused: Context 128 is longer than this text allows.');
    expect(fake.calls.trains).toBe(1);

    void lab.getState().start();
    await flush();
    await fake.answer();
    fake.store.setState({ runState: 'failed', errors: [{ id: 2, message: 'Out of memory.' }] });
    expect(lab.getState()).toMatchObject({ active: null, message: 'The tiny run failed: Out of memory.' });
    expect(lab.getState().runs.at(-1)?.status).toBe('failed');
  });

  it('refuses a bad budget or no preset before touching the run', async () => {
    const fake = fakePlayground();
    const lab = createScaleLab(fake.store, () => storage);
    lab.getState().setBudget(5);
    await lab.getState().start();
    expect(lab.getState().message).toMatch(/between 1e8 and 1e18/);
    lab.getState().setBudget(1e9);
    await lab.getState().start();
    expect(lab.getState().message).toMatch(/does not pay for one training step of baby/);
    lab.getState().setBudget(null);
    for (const p of ['tiny', 'baby', 'small'] as const) lab.getState().togglePreset(p);
    await lab.getState().start();
    expect(lab.getState().message).toMatch(/at least one preset/);
    expect(fake.calls.started).toHaveLength(0);
    expect(fake.calls.measured).toHaveLength(0);
  });

  it("by default gives every ticked preset at least FEW_STEPS steps, and estimates from each preset's own times", async () => {
    const budget = defaultBudget(['tiny', 'baby', 'small'], V);
    for (const p of ['tiny', 'baby', 'small'] as const)
      expect((planRun(DEFAULT_SETTINGS, p, V, budget) as ScaleRunPlan).steps).toBeGreaterThanOrEqual(FEW_STEPS);
    expect((planRun(DEFAULT_SETTINGS, 'small', V, budget / 1.1) as ScaleRunPlan).steps).toBeLessThan(FEW_STEPS);
    const fake = fakePlayground();
    const lab = createScaleLab(fake.store, () => storage);
    expect(labEstimate(lab.getState(), fake.store.getState())).toBeNull(); // not timed yet
    const measuring = lab.getState().measure();
    await fake.timed({ stepMs: 20, evalMs: 200, sampleMs: 100, overheadMs: 400 });
    await measuring;
    const plan = planRun({ ...DEFAULT_SETTINGS, seed: 42, evalBatches: 3 }, 'tiny', V, budget) as ScaleRunPlan;
    expect(planMs(plan, { stepMs: 20, evalMs: 200, sampleMs: 100, overheadMs: 400 })).toBe(
      400 + plan.steps * 20 + evaluationsIn(plan) * 200 + 2 * 100,
    );
    expect(labEstimate(lab.getState(), fake.store.getState())).toMatch(
      /^≈ .+ here: tiny .+, baby .+, small .+ \(each timed on this device\)$/,
    );
    expect(fake.calls.started).toHaveLength(0);
  });

  it('keeps runs, budget, presets and times for the next visit; a run left running was cut short; Clear forgets', async () => {
    const fake = fakePlayground();
    const lab = createScaleLab(fake.store, () => storage);
    lab.getState().setBudget(5e10);
    void lab.getState().start();
    await fake.timed();
    await fake.answer();
    fake.evaluate({ step: 0, valLoss: 4.1 });
    const again = createScaleLab(fakePlayground().store, () => storage);
    await again.persist.rehydrate();
    expect(again.getState().budget).toBe(5e10);
    expect(Object.keys(again.getState().times)).toHaveLength(3);
    expect(again.getState().runs.map((r) => [r.preset, r.status, r.points.length])).toEqual([['tiny', 'stopped', 1]]);
    again.getState().clear();
    const third = createScaleLab(fakePlayground().store, () => storage);
    await third.persist.rehydrate();
    expect(third.getState().runs).toEqual([]);
    storage.data.set('pretrain-playground.scale-lab', JSON.stringify({ state: { runs: [{ id: 3 }], budget: 'x' }, version: 3 }));
    const broken = createScaleLab(fakePlayground().store, () => storage);
    await broken.persist.rehydrate();
    expect(broken.getState()).toMatchObject({ runs: [], budget: null });
  });
});
