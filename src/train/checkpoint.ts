// A run's state between two steps, as plain data: everything the next step depends on (weights,
// AdamW's step and moments, the batch sampler's RNG, the step) and everything the page shows of
// the past (metrics, evaluations, samples). Restoring it continues the run exactly: the same
// batches, the same updates, the same losses (tested on the CPU backend).
import type { EvalPoint, MetricPoint, Sample } from '../protocol/reports';
import { appendCapped, HISTORY_CAP } from '../protocol/history';
import type { RngState } from '../data/rng';
import type { NamedArrays } from '../model/weights';
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

/** Why a checkpoint's weights or moments do not fit a model of this config, or null. */
export function checkpointMisfit(c: SessionCheckpoint, config: GPTConfig): string | null {
  for (const [what, arrays] of [['weights', c.weights], ['first moments', c.optimizer.m], ['second moments', c.optimizer.v]] as const) {
    const specs = paramSpecs(config);
    const extra = Object.keys(arrays).find((name) => !specs.some((p) => p.name === name));
    if (extra) return `its ${what} have a parameter this model does not (${extra}).`;
    for (const { name, shape } of specs) {
      const size = sizeOf(shape);
      if (arrays[name]?.length !== size) return `its ${what} have ${arrays[name]?.length ?? 'no'} values for ${name}; the model needs ${size}.`;
    }
  }
  return null;
}
