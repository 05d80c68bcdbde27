// The typed conversation between the page and the training worker. Types only: both sides import
// it, so it imports nothing but other type declarations. Run events carry the runId of the run
// they belong to, so the page can drop late events from a run it has reset; request/response
// pairs (generation) carry a requestId.
import type { RunSettings } from '../train/settings';
import type { BackendInfo, CorpusSummary, EvalPoint, GenerateRequest, MetricPoint, ModelSummary, RunState, Sample } from '../train/types';

export type { BackendInfo, CorpusSummary, EvalPoint, GenerateRequest, MetricPoint, ModelSummary, RunState, Sample };

export type ErrorCode = 'backend' | 'gpu' | 'corpus' | 'settings' | 'generate' | 'train' | 'worker';

export type EngineEvent =
  | { type: 'ready'; backend: BackendInfo }
  | { type: 'run.created'; runId: number; settings: RunSettings; corpus: CorpusSummary; model: ModelSummary }
  | { type: 'run.state'; runId: number; state: RunState; step: number }
  | { type: 'run.metrics'; runId: number; points: MetricPoint[]; evals: EvalPoint[] }
  | { type: 'run.sample'; runId: number; sample: Sample }
  | { type: 'sample.started'; requestId: number; skipped: string[]; croppedTo?: number }
  | { type: 'sample.token'; requestId: number; text: string }
  | { type: 'sample.done'; requestId: number }
  | { type: 'error'; code: ErrorCode; message: string; requestId?: number };

// ---- what the page asks -------------------------------------------------------------------

export type EngineCommand =
  | { type: 'init'; corpusUrl: string; corpusName: string; settings: RunSettings }
  /** Discards the current run and builds a fresh model with these settings (Reset, Apply). */
  | { type: 'run.reset'; settings: RunSettings }
  | { type: 'run.start' }
  | { type: 'run.pause' }
  | { type: 'run.resume' }
  | ({ type: 'sample.start'; requestId: number } & GenerateRequest)
  | { type: 'sample.stop'; requestId: number };

export type EngineEventType = EngineEvent['type'];
export type EngineCommandType = EngineCommand['type'];
