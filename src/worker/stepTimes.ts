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

/** Steps in the trial: the first few compile (or pack XNNPACK operators) and are not timed. */
const TRIAL_STEPS = 12;
/** Steps timed from: the loss read-backs have settled into their rhythm by then. */
const TIMED_FROM = 3;
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
  /** The training clock at the read-backs (step, ms): a step's time is their slope, read-backs included as in a run. */
  const reads: { step: number; ms: number }[] = [];
  let failure: string | null = null;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const post = (e: SessionEvent) => {
    const now = performance.now();
    const last = e.type === 'run.metrics' ? e.points.at(-1) : undefined;
    if (last) {
      lastPointsAt = now;
      reads.push({ step: last.step, ms: last.elapsedMs });
    }
    // The evaluation and sample at the end (step TRIAL_STEPS): the ones at step 0 include compilation.
    if (e.type === 'run.metrics' && e.evals.some((p) => p.step === TRIAL_STEPS)) [evalMs, evaluatedAt] = [now - lastPointsAt, now];
    if (e.type === 'run.sample' && e.sample.step === TRIAL_STEPS) sampleMs = now - evaluatedAt;
    if (e.type === 'error') failure = e.message;
    if (e.type === 'run.state' && e.state !== 'running') finished();
  };
  const started = performance.now();
  const session = new TrainingSession(trial, corpus, backend, { post });
  try {
    session.start();
    await done;
  } finally {
    await session.dispose();
  }
  const wallMs = performance.now() - started;
  if (failure) throw new Error(failure);
  // Read-backs space out as steps prove fast: the slope from the first read-back from TIMED_FROM on,
  // else from the first one (stamped after step 0, its compiling, so the slope leaves that out).
  const to = reads.at(-1);
  const before = reads.filter((r) => to !== undefined && r.step < to.step);
  const from = before.find((r) => r.step >= TIMED_FROM) ?? before[0];
  if (!from || !to || !Number.isFinite(evalMs) || !Number.isFinite(sampleMs)) throw new Error('The trial run was cut short.');
  const stepMs = (to.ms - from.ms) / (to.step - from.step);
  // Everything the steady rates do not explain (building the model, compiling, the first steps'
  // extra time) is paid once by the run too.
  const overheadMs = Math.max(0, wallMs - TRIAL_STEPS * stepMs - 2 * evalMs - 2 * sampleMs);
  return {
    stepMs,
    evalMs: (evalMs * settings.evalBatches) / trial.evalBatches,
    sampleMs: (sampleMs * settings.sampleLength) / trial.sampleLength,
    overheadMs,
  };
}
