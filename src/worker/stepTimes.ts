// How long a run's parts take on this device, measured rather than guessed: a short trial run of
// the same model on the same text and backend (a few steps, then an evaluation and a progress
// sample), timed from the session's own reports. The scale lab's time estimate is built from it:
// a preset's FLOP/s differs too much between presets (tiny and baby on WASM: 5 and 13 GFLOP/s) for
// one device speed to price them all.
import { TrainingSession } from '../train/session';
import type { SessionEvent } from '../protocol/events';
import type { PreparedCorpus } from '../data/prepare';
import type { StepTimes } from '../protocol/run';
import type { BackendName, RunSettings } from '../protocol/settings';

/** Steps in the trial: the first compiles (or packs XNNPACK operators) and is not timed. */
const TRIAL_STEPS = 6;
/** The trial evaluates and samples less than the run will; the times are scaled up (both are linear in these). */
const TRIAL_EVAL_BATCHES = 2;
const TRIAL_SAMPLE_LENGTH = 16;

/**
 * Trains a throwaway copy of the run for TRIAL_STEPS steps and times one step (after the first),
 * one evaluation and one progress sample at the run's own sizes.
 * @throws Error when the session cannot be built or its trial fails.
 */
export async function measureStepTimes(settings: RunSettings, corpus: PreparedCorpus, backend: BackendName): Promise<StepTimes> {
  const trial: RunSettings = {
    ...settings,
    maxSteps: TRIAL_STEPS,
    warmupSteps: 0,
    evalEvery: 10_000,
    sampleEvery: 100_000,
    evalBatches: Math.min(TRIAL_EVAL_BATCHES, settings.evalBatches),
    sampleLength: Math.min(TRIAL_SAMPLE_LENGTH, settings.sampleLength),
  };
  let lastPointsAt = 0;
  let evalMs = NaN;
  let evaluatedAt = 0;
  let sampleMs = NaN;
  let speed: number | undefined;
  let failure: string | null = null;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const post = (e: SessionEvent) => {
    const now = performance.now();
    if (e.type === 'run.metrics' && e.points.length > 0) {
      lastPointsAt = now;
      speed = e.points.at(-1)?.tokensPerSecond ?? speed;
    }
    // The evaluation and sample at the end (step TRIAL_STEPS): the ones at step 0 include compilation.
    if (e.type === 'run.metrics' && e.evals.some((p) => p.step === TRIAL_STEPS)) [evalMs, evaluatedAt] = [now - lastPointsAt, now];
    if (e.type === 'run.sample' && e.sample.step === TRIAL_STEPS) sampleMs = now - evaluatedAt;
    if (e.type === 'error') failure = e.message;
    if (e.type === 'run.state' && e.state !== 'running') finished();
  };
  const session = new TrainingSession(trial, corpus, backend, { post });
  try {
    session.start();
    await done;
  } finally {
    await session.dispose();
  }
  if (failure) throw new Error(failure);
  if (speed === undefined || !Number.isFinite(evalMs) || !Number.isFinite(sampleMs)) throw new Error('The trial run was cut short.');
  return {
    stepMs: (1000 * trial.batchSize * trial.blockSize) / speed,
    evalMs: (evalMs * settings.evalBatches) / trial.evalBatches,
    sampleMs: (sampleMs * settings.sampleLength) / trial.sampleLength,
  };
}
