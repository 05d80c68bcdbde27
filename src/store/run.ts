// The run as the worker describes it: the one value every panel, the Settings form and the URL
// derive from (protocol/run.ts), replaced whole by each run.replaced event; its live state and
// step between replacements; and the backend. Train, Pause, Resume and Reset send commands; the
// state changes only when the worker answers (it owns the truth).
import type { BackendInfo, CorpusSummary, ModelSummary, RunState } from '../protocol/reports';
import type { RunDescription } from '../protocol/run';
import { DEFAULT_SETTINGS, type RunSettings } from '../protocol/settings';
import type { EventReducer, SliceContext } from './slice';
import { sayFailure } from './requests';

export interface RunSlice {
  backend: BackendInfo | null;
  /** The current run as the worker last described it; null before the first. */
  run: RunDescription | null;
  /** Fields of `run`, for the many panels that read one: written only with it. */
  runId: number;
  settings: RunSettings;
  model: ModelSummary | null;
  corpus: CorpusSummary | null;
  /** 'loading' until the worker has built the first model. */
  runState: RunState | 'loading';
  step: number;
  /** GPU pipelines being compiled before the first step (done of total); null when none are. */
  compiling: { done: number; total: number } | null;
  train(): void;
  pause(): void;
  resume(): void;
  /** Discards the weights and builds a fresh model with the same settings (a lab's run stays a lab's). */
  reset(): void;
}

type Own = keyof RunSlice;

export const createRunSlice = ({ get, send, request, alert }: SliceContext<Own>): RunSlice => ({
  backend: null,
  run: null,
  runId: 0,
  settings: DEFAULT_SETTINGS,
  model: null,
  corpus: null,
  runState: 'loading',
  step: 0,
  compiling: null,
  train: () => send({ type: 'run.start', runId: get().runId }),
  pause: () => send({ type: 'run.pause', runId: get().runId }),
  resume: () => send({ type: 'run.resume', runId: get().runId }),
  // No settings: the worker keeps the current run's (the page's copy may lag an Apply in flight).
  reset: () => void request((requestId) => ({ type: 'run.reset', requestId })).answer.catch(sayFailure(alert)),
});

/** The run slice after a replacement: everything from the description, nothing kept from before. */
export const replacedRun = (run: RunDescription): Pick<RunSlice, Exclude<Own, 'backend' | 'train' | 'pause' | 'resume' | 'reset'>> => ({
  run,
  runId: run.runId,
  settings: run.settings,
  model: run.model,
  corpus: run.corpus,
  runState: run.state,
  step: run.step,
  compiling: null,
});

export const runOnEvent: EventReducer<Own> = (s, e) => {
  switch (e.type) {
    case 'ready':
      return { backend: e.backend };
    case 'run.replaced':
      return replacedRun(e.run);
    case 'run.state':
      return {
        runState: e.state,
        step: e.step,
        run: s.run && { ...s.run, state: e.state, step: e.step },
        ...(e.state !== 'running' && s.compiling ? { compiling: null } : {}),
      };
    case 'run.compiling':
      return { compiling: e.done < e.total ? { done: e.done, total: e.total } : null };
    case 'run.metrics': {
      const last = e.points.at(-1);
      return last ? { step: Math.max(s.step, last.step + 1) } : {};
    }
    case 'run.saved': {
      if (!s.run) return {};
      const saved = { step: e.step, savedAt: e.savedAt };
      const kept = s.run.kept;
      if (kept && e.runId === kept.runId) return { run: { ...s.run, kept: { ...kept, saved, savedId: e.savedId } } };
      return { run: { ...s.run, saved, savedId: e.savedId } };
    }
    case 'saved.list':
      // A save storage no longer lists (deleted, or the browser cleared it) is no save.
      return s.run?.saved && !e.runs.some((r) => r.id === s.run?.savedId) ? { run: { ...s.run, saved: null } } : {};
    default:
      return {};
  }
};
