// What the charts and the samples list draw: training points, validation losses and progress
// samples of the current run, in capped histories; and this device's measured FLOP/s (the compute bill
// and the cost estimator read it), which outlives a run.
import type { EvalPoint, MetricPoint, Sample } from '../protocol/reports';
import { appendCapped, HISTORY_CAP } from '../protocol/history';
import { achievedFlopsPerSecond, flopsPerToken } from '../protocol/flops';
import { BACKEND_NAMES } from '../protocol/reports';
import type { EventReducer, PlaygroundStore } from './slice';

export interface MetricsSlice {
  points: readonly MetricPoint[];
  evals: readonly EvalPoint[];
  samples: readonly Sample[];
  /** This device's achieved training FLOP/s (typical tokens/s × nanoGPT's FLOPs per token); kept across runs. */
  measuredFlops: MeasuredFlops | null;
}

export interface MeasuredFlops {
  flopsPerSecond: number;
  /** The model it was measured on ("baby"), the backend as the page names it ("WebAssembly"), the run and its step. */
  preset: string;
  backend: string;
  runId: number;
  step: number;
}

export const metricsData: MetricsSlice = { points: [], evals: [], samples: [], measuredFlops: null };

/** Points the typical rate is taken over. */
const RATE_WINDOW = 50;

/**
 * The median tokens/s of the last RATE_WINDOW points that carry one: steadier than the latest
 * reading on a busy machine; undefined before any is measured.
 */
export function typicalTokensPerSecond(points: readonly MetricPoint[]): number | undefined {
  const rates: number[] = [];
  for (let i = points.length - 1; i >= 0 && rates.length < RATE_WINDOW; i--) {
    const r = points[i].tokensPerSecond;
    if (r) rates.push(r);
  }
  if (rates.length === 0) return undefined;
  rates.sort((a, b) => a - b);
  const mid = rates.length >> 1;
  return rates.length % 2 === 1 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
}

/** This device's rate after a batch of points, if one is measured. */
function measure(s: PlaygroundStore, points: readonly MetricPoint[]): Partial<MetricsSlice> {
  const rate = typicalTokensPerSecond(points);
  const last = points.at(-1);
  if (rate === undefined || !last || !s.model) return {};
  const flopsPerSecond = achievedFlopsPerSecond(flopsPerToken(s.model), rate);
  const backend = s.backend ? BACKEND_NAMES[s.backend.name] : 'unknown';
  return { measuredFlops: { flopsPerSecond, preset: s.model.preset, backend, runId: s.runId, step: last.step } };
}

export const metricsOnEvent: EventReducer<keyof MetricsSlice> = (s, e) => {
  switch (e.type) {
    case 'run.replaced': // the run's own history (empty when fresh); the device's measured speed stays
      return { points: e.history.points, evals: e.history.evals, samples: e.history.samples };
    case 'run.metrics': {
      const points = appendCapped(s.points, e.points, HISTORY_CAP);
      return { points, evals: appendCapped(s.evals, e.evals, HISTORY_CAP), ...(e.points.length > 0 ? measure(s, points) : {}) };
    }
    case 'run.sample':
      return { samples: appendCapped(s.samples, [e.sample], HISTORY_CAP) };
    default:
      return {};
  }
};
