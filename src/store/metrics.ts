// What the charts and the samples list draw: training points, validation losses and progress
// samples of the current run, in capped histories.
import type { EvalPoint, MetricPoint, Sample } from '../protocol/reports';
import { appendCapped, HISTORY_CAP } from '../protocol/history';
import type { EventReducer } from './slice';

export interface MetricsSlice {
  points: readonly MetricPoint[];
  evals: readonly EvalPoint[];
  samples: readonly Sample[];
}

export const metricsData: MetricsSlice = { points: [], evals: [], samples: [] };

export const metricsOnEvent: EventReducer = (s, e) => {
  switch (e.type) {
    case 'run.created':
      return metricsData;
    case 'run.metrics':
      return { points: appendCapped(s.points, e.points, HISTORY_CAP), evals: appendCapped(s.evals, e.evals, HISTORY_CAP) };
    case 'run.history':
      return { points: e.points, evals: e.evals, samples: e.samples };
    case 'run.sample':
      return { samples: appendCapped(s.samples, [e.sample], HISTORY_CAP) };
    default:
      return {};
  }
};
