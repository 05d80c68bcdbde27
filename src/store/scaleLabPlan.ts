// The scale lab's arithmetic: how many training steps a preset gets for a compute budget in FLOPs
// (nanoGPT's estimate_mfu count per token, protocol/flops.ts, × the tokens a step trains on), the
// settings of that run, and each evaluation's place on the compute axis. Pure, so it is tested
// alone. Why the budget becomes maxSteps rather than a Pause sent from the page: the worker then
// stops exactly at the budget and takes its final evaluation there (a Pause would land a read
// interval late and cut that evaluation), and the cosine schedule spans the whole budget, as in
// Hoffmann et al. 2022, whose runs matched the cosine's length to each run's tokens.
import { flopsPerToken, tokensPerStep } from '../protocol/flops';
import { PRESETS, type PresetName, type RunSettings } from '../protocol/settings';
import type { EvalPoint } from '../protocol/reports';
import type { StepTimes } from '../protocol/run';

/** Evaluations per run besides the one at step 0: enough points for a curve, few enough to keep evaluation cheap. */
export const EVALS_PER_RUN = 8;
/** Warm-up takes at most this share of a run's steps (the person's warm-up when shorter). */
const MAX_WARMUP_SHARE = 0.1;

/** Budgets a person may choose, FLOPs. */
export const BUDGET_RANGE = { min: 1e8, max: 1e18 } as const;

/** One preset's run within a budget. */
export interface ScaleRunPlan {
  preset: PresetName;
  /** The run's settings: the base settings with the preset's shape, and the budget as maxSteps. */
  settings: RunSettings;
  /** Training FLOPs per token (nanoGPT's estimate_mfu). */
  flopsPerToken: number;
  /** Tokens per step: batchSize × blockSize. */
  tokensPerStep: number;
  /** Whole steps that fit in the budget (never over it). */
  steps: number;
  /** FLOPs the run will spend: steps × tokensPerStep × flopsPerToken ≤ budget. */
  flops: number;
}

/** Why a budget cannot be used, or null. */
export function budgetProblem(budget: number): string | null {
  if (!Number.isFinite(budget) || budget < BUDGET_RANGE.min || budget > BUDGET_RANGE.max) {
    return `The compute budget must be a number of FLOPs between 1e8 and 1e18 (you gave ${Number.isFinite(budget) ? budget.toExponential(2) : 'no number'}).`;
  }
  return null;
}

/** Training FLOPs of one step of `preset` on a corpus of `vocabSize` tokens, and its two factors. */
function stepCost(preset: PresetName, vocabSize: number): { perToken: number; perStep: number; flops: number } {
  const shape = PRESETS[preset];
  const perToken = flopsPerToken({ ...shape, vocabSize });
  const perStep = tokensPerStep(shape.blockSize, shape.batchSize);
  return { perToken, perStep, flops: perToken * perStep };
}

/**
 * The run a preset gets for `budget` FLOPs on a corpus of `vocabSize` tokens: the base settings
 * (seed, learning schedule, evaluation batches, backend) with the preset's shape, batch and lr;
 * maxSteps = the whole steps the budget pays for; an evaluation every maxSteps / EVALS_PER_RUN
 * steps (and one at the end, as every run has); warm-up at most a tenth of the run; the progress
 * sample only at the start and the end (it costs time, not training FLOPs).
 * @returns the plan, or a message when the budget does not pay for one step of this preset.
 */
export function planRun(base: RunSettings, preset: PresetName, vocabSize: number, budget: number): ScaleRunPlan | string {
  const shape = PRESETS[preset];
  const { perToken, perStep } = stepCost(preset, vocabSize);
  const steps = Math.floor(budget / (perToken * perStep));
  if (steps < 1) {
    return `A budget of ${budget.toExponential(1)} FLOPs does not pay for one training step of ${preset} (${(perToken * perStep).toExponential(1)} FLOPs): raise it.`;
  }
  const settings: RunSettings = {
    ...base,
    preset,
    ...shape,
    maxSteps: steps,
    evalEvery: Math.max(1, Math.ceil(steps / EVALS_PER_RUN)),
    warmupSteps: Math.min(base.warmupSteps, Math.floor(steps * MAX_WARMUP_SHARE)),
    sampleEvery: steps,
  };
  return { preset, settings, flopsPerToken: perToken, tokensPerStep: perStep, steps, flops: steps * perStep * perToken };
}

/** A validation loss on the compute axis. */
export interface ComputePoint {
  step: number;
  /** Training FLOPs spent before this evaluation: step × tokensPerStep × flopsPerToken. */
  flops: number;
  valLoss: number;
}

/** The run's evaluations on the compute axis, in step order (step 0 included: 0 FLOPs). */
export const computePoints = (plan: Pick<ScaleRunPlan, 'tokensPerStep' | 'flopsPerToken'>, evals: readonly EvalPoint[]): ComputePoint[] =>
  evals.map((e) => ({ step: e.step, flops: e.step * plan.tokensPerStep * plan.flopsPerToken, valLoss: e.valLoss }));

/** Fewer steps than this and a run's loss barely leaves its start: too few points to compare. */
export const FEW_STEPS = 10;

/** FLOPs rounded up to 2 significant digits, as typed in the budget field ("4.1e10"). */
function budgetText(flops: number): string {
  let exp = Math.floor(Math.log10(flops));
  let digits = Math.ceil(flops / 10 ** (exp - 1)); // 10–100: rounded up, it must pay for what it names
  if (digits >= 100) [digits, exp] = [10, exp + 1]; // 9.95e10 → 1e11, not 10e10
  return `${digits / 10}e${exp}`;
}

/**
 * A warning when `budget` FLOPs give `preset` fewer than FEW_STEPS steps on a corpus of
 * `vocabSize` tokens, with the budget that would give it FEW_STEPS (or, below one step, the
 * budget of one: the lab refuses to start then); else null.
 */
export function fewStepsWarning(preset: PresetName, vocabSize: number, budget: number): string | null {
  const perStep = stepCost(preset, vocabSize).flops;
  const steps = Math.floor(budget / perStep);
  if (steps < 1) return `${preset} does not get one step at this budget: a step of it needs ${budgetText(perStep)} FLOPs.`;
  if (steps >= FEW_STEPS) return null;
  return `${preset} gets only ${steps} step${steps === 1 ? '' : 's'} at this budget, too few for its loss to move much: ${FEW_STEPS} steps need ${budgetText(FEW_STEPS * perStep)} FLOPs.`;
}

/** "1e11" and "2.5e+12" style input to FLOPs; NaN when it is not a number. */
export const parseBudget = (text: string): number => (text.trim() === '' ? NaN : Number(text.trim()));

/**
 * The smallest budget, at 2 significant digits, that gives every preset FEW_STEPS steps on a
 * corpus of `vocabSize` tokens: the lab's budget until the person types one.
 */
export function defaultBudget(presets: readonly PresetName[], vocabSize: number): number {
  const need = Math.max(...presets.map((p) => FEW_STEPS * stepCost(p, vocabSize).flops), BUDGET_RANGE.min);
  return Math.min(BUDGET_RANGE.max, Number(budgetText(need)));
}

/** Evaluations a run takes: at step 0, every evalEvery steps, and at its end. */
export const evaluationsIn = (plan: Pick<ScaleRunPlan, 'steps' | 'settings'>): number =>
  Math.floor(plan.steps / plan.settings.evalEvery) + 1 + (plan.steps % plan.settings.evalEvery === 0 ? 0 : 1);

/**
 * How long a planned run takes on this device (ms), from its own measured times: what a run pays
 * once, its steps, its evaluations, and its two progress samples (at the start and the end).
 */
export const planMs = (plan: Pick<ScaleRunPlan, 'steps' | 'settings'>, times: StepTimes): number =>
  times.overheadMs + plan.steps * times.stepMs + evaluationsIn(plan) * times.evalMs + 2 * times.sampleMs;
