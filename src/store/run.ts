// The run as the worker reports it: backend, model, run id, state and step, and the settings it
// trains with. Train, Pause, Resume and Reset send commands; the state changes only when the
// worker answers (it owns the truth).
import type { BackendInfo, ModelSummary, RunState } from '../protocol/reports';
import { DEFAULT_SETTINGS, type RunSettings } from '../protocol/settings';
import type { EventReducer, SliceContext } from './slice';

export interface RunSlice {
  backend: BackendInfo | null;
  model: ModelSummary | null;
  runId: number;
  /** 'loading' until the worker has built the first model. */
  runState: RunState | 'loading';
  step: number;
  /** GPU pipelines being compiled before the first step (done of total); null when none are. */
  compiling: { done: number; total: number } | null;
  /** Settings of the current run, as the worker confirmed them. */
  settings: RunSettings;
  train(): void;
  pause(): void;
  resume(): void;
  /** Discards the weights and builds a fresh model with the same settings. */
  reset(): void;
}

export const createRunSlice = ({ get, send, nextRequestId }: SliceContext): RunSlice => ({
  backend: null,
  model: null,
  runId: 0,
  runState: 'loading',
  step: 0,
  compiling: null,
  settings: DEFAULT_SETTINGS,
  train: () => send({ type: 'run.start', runId: get().runId }),
  pause: () => send({ type: 'run.pause', runId: get().runId }),
  resume: () => send({ type: 'run.resume', runId: get().runId }),
  // No settings: the worker keeps the current run's (the page's copy may lag an Apply in flight).
  reset: () => send({ type: 'run.reset', requestId: nextRequestId() }),
});

export const runOnEvent: EventReducer = (s, e) => {
  switch (e.type) {
    case 'ready':
      return { backend: e.backend };
    case 'run.created':
      return { runId: e.runId, settings: e.settings, model: e.model, runState: 'idle', step: 0, compiling: null };
    case 'run.state':
      return { runState: e.state, step: e.step, ...(e.state !== 'running' && s.compiling ? { compiling: null } : {}) };
    case 'run.compiling':
      return { compiling: e.done < e.total ? { done: e.done, total: e.total } : null };
    case 'run.metrics': {
      const last = e.points.at(-1);
      return last ? { step: Math.max(s.step, last.step + 1) } : {};
    }
    default:
      return {};
  }
};
