// A run's state between two steps, as plain data: everything the next step depends on (weights,
// AdamW's step and moments, the batch sampler's RNG, the step) and everything the page shows of
// the past (metrics, evaluations, samples). Restoring it continues the run exactly: the same
// batches, the same updates, the same losses (tested on the CPU backend).
import type { EvalPoint, MetricPoint, Sample } from '../protocol/reports';
import { appendCapped, HISTORY_CAP } from '../protocol/history';
import type { RngState } from '../data/rng';
import { allFiniteValues, type NamedArrays } from '../model/weights';
import { paramSpecs, sizeOf, type GPTConfig } from '../model/config';
import type { AdamWState } from './adamw';

/** What the charts and the samples list showed, capped as the page caps them. */
export interface RunHistory {
  points: readonly MetricPoint[];
  evals: readonly EvalPoint[];
  samples: readonly Sample[];
}

export interface SessionCheckpoint {
  /** Steps trained: the next step is this one. */
  step: number;
  /** Training time so far, pauses excluded (ms). */
  elapsedMs: number;
  /** Steps whose evaluation and progress sample were already taken (-1: none). */
  evaluatedAt: number;
  sampledAt: number;
  batchRng: RngState;
  weights: NamedArrays;
  optimizer: AdamWState;
  history: RunHistory;
}

export const emptyHistory = (): RunHistory => ({ points: [], evals: [], samples: [] });

/** Adds reported points to a history in place, thinning the past as the page does. */
export function recordHistory(h: RunHistory, add: Partial<RunHistory>): void {
  if (add.points?.length) h.points = appendCapped(h.points, add.points, HISTORY_CAP);
  if (add.evals?.length) h.evals = appendCapped(h.evals, add.evals, HISTORY_CAP);
  if (add.samples?.length) h.samples = appendCapped(h.samples, add.samples, HISTORY_CAP);
}

/** Bytes of float data a checkpoint holds (weights and both moments), for the saved-runs list. */
export function checkpointBytes(c: SessionCheckpoint): number {
  const size = (arrays: NamedArrays) => Object.values(arrays).reduce((n, a) => n + a.byteLength, 0);
  return size(c.weights) + size(c.optimizer.m) + size(c.optimizer.v);
}

const isCount = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0;
const isStepMark = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= -1;

/**
 * Why a checkpoint cannot continue a model of this config, or null: its steps, RNG state and
 * history are malformed (a record from another version, say), or its weights or moments have the
 * wrong names or sizes, or hold a value that is not finite (a run that diverged).
 */
export function checkpointProblem(c: SessionCheckpoint, config: GPTConfig): string | null {
  if (!isCount(c.step) || !isCount(c.optimizer?.step) || !Number.isFinite(c.elapsedMs)) return 'its step counts are not counts.';
  if (!isStepMark(c.evaluatedAt) || !isStepMark(c.sampledAt)) return 'it does not say which evaluation and sample were taken.';
  if (!Number.isInteger(c.batchRng?.state) || !(c.batchRng.spare === null || Number.isFinite(c.batchRng.spare)))
    return 'its random-number state is malformed.';
  if (![c.history?.points, c.history?.evals, c.history?.samples].every(Array.isArray)) return 'its history is malformed.';
  const specs = paramSpecs(config);
  for (const [what, arrays] of [
    ['weights', c.weights],
    ['first moments', c.optimizer.m],
    ['second moments', c.optimizer.v],
  ] as const) {
    const extra = Object.keys(arrays ?? {}).find((name) => !specs.some((p) => p.name === name));
    if (extra) return `its ${what} have a parameter this model does not (${extra}).`;
    for (const { name, shape } of specs) {
      const a = arrays?.[name];
      if (!(a instanceof Float32Array) || a.length !== sizeOf(shape))
        return `its ${what} have ${a?.length ?? 'no'} values for ${name}; the model needs ${sizeOf(shape)}.`;
      if (!allFiniteValues(a)) return `its ${what} for ${name} hold values that are not finite (the run had diverged).`;
    }
  }
  return null;
}

/** Whether the float data can be saved: every weight and moment finite (a diverged run is not). */
export const allFinite = (c: Pick<SessionCheckpoint, 'weights' | 'optimizer'>): boolean =>
  [c.weights, c.optimizer.m, c.optimizer.v].every((arrays) => Object.values(arrays).every(allFiniteValues));
