// The typed conversation between the page and the training worker. Types only: both sides import
// it, so it imports nothing but other type declarations. Run events carry the runId of the run
// they belong to, so the page can drop late events from a run it has reset; request/response
// pairs (generation) carry a requestId.
import type { RunSettings } from '../train/settings';
import type {
  BackendInfo, CorpusSummary, EvalPoint, GenerateRequest, MetricPoint, ModelSummary, RunState, Sample, TokenizerChoice,
} from '../train/types';

export type { BackendInfo, CorpusSummary, EvalPoint, GenerateRequest, MetricPoint, ModelSummary, RunState, Sample, TokenizerChoice };

export type CorpusPhase = 'reading' | 'training BPE' | 'tokenizing';

/** Where a corpus comes from: a bundled text by URL, files the person gave (bytes transferred), or the current text again (new tokenizer). */
export type CorpusRequest =
  | { kind: 'url'; url: string; name: string }
  | { kind: 'files'; files: { name: string; bytes: ArrayBuffer }[] }
  | { kind: 'current' };

export type ErrorCode = 'backend' | 'gpu' | 'corpus' | 'settings' | 'generate' | 'train' | 'worker';

export type EngineEvent =
  | { type: 'ready'; backend: BackendInfo }
  | { type: 'run.created'; runId: number; settings: RunSettings; corpus: CorpusSummary; model: ModelSummary }
  | { type: 'run.state'; runId: number; state: RunState; step: number }
  | { type: 'run.metrics'; runId: number; points: MetricPoint[]; evals: EvalPoint[] }
  | { type: 'run.sample'; runId: number; sample: Sample }
  /** Reading and tokenizing a corpus: fraction in [0, 1] of the current phase. */
  | { type: 'corpus.progress'; phase: CorpusPhase; fraction: number }
  /** A corpus is ready but replacing the trained run needs the person's yes (corpus.commit). */
  | { type: 'corpus.staged'; name: string }
  /** A corpus was refused; the current one (and any run) is untouched. */
  | { type: 'corpus.rejected'; message: string }
  | { type: 'sample.started'; requestId: number; skipped: string[]; croppedTo?: number }
  | { type: 'sample.token'; requestId: number; text: string }
  | { type: 'sample.done'; requestId: number }
  | { type: 'error'; code: ErrorCode; message: string; requestId?: number };

// ---- what the page asks -------------------------------------------------------------------

export type EngineCommand =
  | { type: 'init'; corpus: CorpusRequest; tokenizer: TokenizerChoice; settings: RunSettings }
  /**
   * Replaces the corpus (and so the run) if the new one is usable; otherwise corpus.rejected.
   * If the current run has trained, a usable corpus is staged and waits for corpus.commit.
   */
  | { type: 'corpus.use'; corpus: CorpusRequest; tokenizer: TokenizerChoice; settings: RunSettings }
  | { type: 'corpus.commit'; accept: boolean }
  /** Discards the current run and builds a fresh model with these settings (Reset, Apply). */
  | { type: 'run.reset'; settings: RunSettings }
  | { type: 'run.start' }
  | { type: 'run.pause' }
  | { type: 'run.resume' }
  | ({ type: 'sample.start'; requestId: number } & GenerateRequest)
  | { type: 'sample.stop'; requestId: number };

export type EngineEventType = EngineEvent['type'];
export type EngineCommandType = EngineCommand['type'];
