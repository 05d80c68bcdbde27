// The page's mirror of the worker: what it has reported, and nothing it has not. Pure data and a
// reducer over engine events, so the store's logic is testable without a worker or React.
import type {
  BackendInfo, CorpusPhase, CorpusSummary, EngineEvent, EvalPoint, MetricPoint, ModelSummary, RunState, Sample, TokenizerChoice,
} from '../worker/protocol';
import { DEFAULT_SETTINGS, type RunSettings, type SettingsProblem } from '../train/settings';

export interface Generation {
  requestId: number;
  text: string;
  running: boolean;
  /** Characters skipped, prompt cropped: said on the page, never a crash. */
  notices: string[];
}

export interface AppError {
  id: number;
  message: string;
}

export type CorpusId = 'moby-dick' | 'sotu' | 'own';

export interface PlaygroundData {
  backend: BackendInfo | null;
  corpus: CorpusSummary | null;
  /** Which corpus the menu shows as chosen (the worker confirms by creating a run on it). */
  corpusId: CorpusId;
  /** The person's own files, kept so the menu can switch back to them. */
  ownFiles: File[] | null;
  /** A corpus asked for and not yet confirmed or refused by the worker. */
  pendingCorpus: { id: CorpusId; files?: File[] } | null;
  tokenizer: TokenizerChoice;
  /** A checked corpus the worker holds until the person confirms replacing the trained run. */
  stagedCorpus: string | null;
  /** Set while the worker reads and tokenizes a corpus. */
  corpusLoading: { phase: CorpusPhase; fraction: number } | null;
  model: ModelSummary | null;
  runId: number;
  /** 'loading' until the worker has built the first model. */
  runState: RunState | 'loading';
  step: number;
  /** Settings of the current run, as the worker confirmed them. */
  settings: RunSettings;
  /** Problems with URL parameters or the settings form. */
  settingsProblems: SettingsProblem[];
  points: MetricPoint[];
  evals: EvalPoint[];
  samples: Sample[];
  generation: Generation | null;
  errors: AppError[];
}

export const initialData: PlaygroundData = {
  backend: null,
  corpus: null,
  corpusId: 'moby-dick',
  ownFiles: null,
  pendingCorpus: null,
  tokenizer: { kind: 'char' },
  corpusLoading: null,
  stagedCorpus: null,
  model: null,
  runId: 0,
  runState: 'loading',
  step: 0,
  settings: DEFAULT_SETTINGS,
  settingsProblems: [],
  points: [],
  evals: [],
  samples: [],
  generation: null,
  errors: [],
};

let nextErrorId = 1;

export const withError = (s: PlaygroundData, message: string): Partial<PlaygroundData> => ({
  errors: [...s.errors, { id: nextErrorId++, message }],
});

const quote = (ch: string): string => (ch === '\n' ? 'newline' : ch === '\t' ? 'tab' : `'${ch}'`);

/** The notice a person reads when their prompt had to be changed. */
export function promptNotices(skipped: string[], croppedTo?: number): string[] {
  const notices: string[] = [];
  if (skipped.length === 1) notices.push(`${quote(skipped[0])} is not in this corpus's alphabet and was skipped.`);
  else if (skipped.length > 1) notices.push(`${skipped.map(quote).join(', ')} are not in this corpus's alphabet and were skipped.`);
  if (croppedTo !== undefined) notices.push(`The prompt is longer than the model's context; only its last ${croppedTo} characters are used.`);
  return notices;
}

/** How the page changes when the worker reports something. Events from an old run are dropped. */
export function applyEvent(s: PlaygroundData, e: EngineEvent): Partial<PlaygroundData> {
  if ('runId' in e && e.type !== 'run.created' && e.runId !== s.runId) return {};
  switch (e.type) {
    case 'ready':
      return { backend: e.backend };
    case 'run.created':
      return {
        corpusId: s.pendingCorpus?.id ?? s.corpusId,
        ownFiles: s.pendingCorpus?.files ?? s.ownFiles,
        pendingCorpus: null,
        runId: e.runId, settings: e.settings, corpus: e.corpus, model: e.model, tokenizer: e.corpus.tokenizer,
        corpusLoading: null, runState: 'idle', step: 0, points: [], evals: [], samples: [],
      };
    case 'run.state':
      return { runState: e.state, step: e.step };
    case 'run.metrics': {
      const last = e.points.at(-1);
      return {
        points: e.points.length > 0 ? s.points.concat(e.points) : s.points,
        evals: e.evals.length > 0 ? s.evals.concat(e.evals) : s.evals,
        step: last ? Math.max(s.step, last.step + 1) : s.step,
      };
    }
    case 'corpus.progress':
      return { corpusLoading: { phase: e.phase, fraction: e.fraction } };
    case 'corpus.staged':
      return { stagedCorpus: e.name, corpusLoading: null };
    case 'corpus.rejected':
      return { ...withError(s, e.message), corpusLoading: null, pendingCorpus: null };
    case 'run.sample':
      return { samples: [...s.samples, e.sample] };
    case 'sample.started':
      if (s.generation?.requestId !== e.requestId) return {};
      return { generation: { ...s.generation, notices: promptNotices(e.skipped, e.croppedTo) } };
    case 'sample.token':
      if (s.generation?.requestId !== e.requestId) return {};
      return { generation: { ...s.generation, text: s.generation.text + e.text } };
    case 'sample.done':
      if (s.generation?.requestId !== e.requestId) return {};
      return { generation: { ...s.generation, running: false } };
    case 'error': {
      const stopped = e.requestId !== undefined && s.generation?.requestId === e.requestId ? { generation: { ...s.generation, running: false } } : {};
      // A corpus that failed to load leaves the controls usable and the menu as it was.
      const corpusReset = e.code === 'corpus' ? { corpusLoading: null, pendingCorpus: null } : {};
      return { ...withError(s, e.message), ...stopped, ...corpusReset };
    }
  }
}
