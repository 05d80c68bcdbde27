// The worker's brain, apart from postMessage: owns the backend, the corpus, the current run and
// the person's completions, and turns commands into calls on them. Commands are handled one at a
// time, in order; training and completions then run on their own between awaits.
import { selectBackend } from '../train/backend';
import { TrainingSession, type SessionReport } from '../train/session';
import { corpusMisfit, corpusSummary, modelSummary } from '../train/summaries';
import { resourceMisfit } from '../train/resources';
import { startCompletion } from '../model/completion';
import { createRng } from '../data/rng';
import { prepareCorpus, type PreparedCorpus } from '../data/prepare';
import { readCorpus } from './readCorpus';
import type { CorpusRequest, EngineCommand } from '../protocol/commands';
import type { EngineEvent, ErrorCode } from '../protocol/events';
import type { BackendInfo, TokenizerChoice } from '../protocol/reports';
import { PRESETS, type RunSettings } from '../protocol/settings';
import { assertNever } from '../protocol/parse';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

type Command<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;

interface RunningCompletion {
  requestId: number;
  abort: AbortController;
}

export class Engine {
  private backend: BackendInfo | null = null;
  /** What the settings asked for (undefined: the best available); a change means a new backend. */
  private requestedBackend: RunSettings['backend'] = undefined;
  private corpus: PreparedCorpus | null = null;
  private session: TrainingSession | null = null;
  private runId = 0;
  /** The person's completion in progress (one at a time; a new one aborts the old). */
  private completion: RunningCompletion | null = null;
  /** Completions still running, an aborted one until it finishes its current token. */
  private readonly completions = new Set<Promise<void>>();
  /** A checked corpus waiting for the person's yes before it replaces a trained run. */
  private staged: { corpus: PreparedCorpus; settings: RunSettings } | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly post: (e: EngineEvent) => void) {}

  /** Queues a command behind the ones before it. */
  dispatch(cmd: EngineCommand): void {
    const requestId = 'requestId' in cmd ? cmd.requestId : undefined;
    this.queue = this.queue.then(() => this.handle(cmd)).catch((e: unknown) => this.fail(codeFor(cmd), e, requestId));
  }

  private fail(code: ErrorCode, e: unknown, requestId?: number): void {
    this.post({ type: 'error', code, message: errorText(e), requestId });
  }

  private async handle(cmd: EngineCommand): Promise<void> {
    switch (cmd.type) {
      case 'init':
        await this.useBackend(cmd.settings);
        return this.useCorpus(cmd.corpus, cmd.tokenizer, cmd.settings);
      case 'corpus.use':
        return this.useCorpus(cmd.corpus, cmd.tokenizer, cmd.settings);
      case 'corpus.commit': {
        const staged = this.staged;
        this.staged = null;
        if (cmd.accept && staged) await this.replaceCorpus(staged.corpus, staged.settings);
        return;
      }
      case 'run.reset':
        return this.reset(cmd);
      case 'run.start':
      case 'run.pause':
      case 'run.resume': {
        if (cmd.runId !== this.runId) return; // meant for a run that is gone
        const session = this.session;
        if (cmd.type === 'run.start') session?.start();
        else if (cmd.type === 'run.pause') session?.pause();
        else session?.resume();
        return;
      }
      case 'completion.start':
        return this.startCompletion(cmd);
      case 'completion.stop':
        if (this.completion?.requestId === cmd.requestId) this.completion.abort.abort();
        return;
      default:
        return assertNever(cmd);
    }
  }

  /**
   * Discards the current run for a fresh one. Settings the corpus or the device cannot train with
   * are refused first, and the current run survives.
   */
  private async reset(cmd: Command<'run.reset'>): Promise<void> {
    const sameBackend = cmd.settings.backend === this.requestedBackend;
    const misfit = this.corpus && sameBackend ? this.misfit(cmd.settings, this.corpus) : null;
    if (misfit) throw new Error(misfit);
    await this.disposeRun();
    if (!sameBackend) await this.useBackend(cmd.settings);
    this.newRunOrFallback(cmd.settings, cmd.requestId);
  }

  /** Why these settings cannot train on this corpus with this backend, or null. */
  private misfit(settings: RunSettings, corpus: PreparedCorpus): string | null {
    const limit = this.backend?.tensorLimit;
    return corpusMisfit(settings, corpus) ?? (limit ? resourceMisfit(settings, corpus.tokenizer.vocabSize, limit) : null);
  }

  private async useBackend(settings: RunSettings): Promise<void> {
    this.requestedBackend = settings.backend;
    let reported = false;
    this.backend = await selectBackend(settings.backend, (message) => {
      this.session?.pause();
      // The first GPU error says what went wrong; the ones after it are its echoes.
      if (!reported) this.post({ type: 'error', code: 'gpu', message: `${message} Training was paused.` });
      reported = true;
    });
    this.post({ type: 'ready', backend: this.backend });
  }

  /** Reads, checks and tokenizes a corpus; only a usable one replaces the current corpus and run. */
  private async useCorpus(request: CorpusRequest, tokenizer: TokenizerChoice, settings: RunSettings): Promise<void> {
    const reject = (message: string) => this.post({ type: 'corpus.rejected', message });
    this.post({ type: 'corpus.progress', phase: 'reading', fraction: 0 });
    const source = await readCorpus(request, this.corpus?.source ?? null);
    if (typeof source === 'string') return reject(source);
    this.post({ type: 'corpus.progress', phase: tokenizer.kind === 'bpe' ? 'training BPE' : 'tokenizing', fraction: 0 });
    const prepared = prepareCorpus(source, tokenizer, settings.blockSize, (done, total) =>
      this.post({ type: 'corpus.progress', phase: 'training BPE', fraction: done / total }),
    );
    if (!prepared.ok) return reject(prepared.message);
    const misfit = this.session ? this.misfit(settings, prepared.corpus) : null;
    if (misfit) return reject(misfit); // the current run stays
    // Ask whenever the run being replaced has trained (the worker's count: the page's can lag).
    if ((this.session?.stepsTrained ?? 0) > 0) {
      this.staged = { corpus: prepared.corpus, settings };
      this.post({ type: 'corpus.staged', name: prepared.corpus.source.name });
      return;
    }
    await this.replaceCorpus(prepared.corpus, settings);
  }

  private async replaceCorpus(corpus: PreparedCorpus, settings: RunSettings): Promise<void> {
    await this.disposeRun();
    this.corpus = corpus;
    this.newRunOrFallback(settings);
  }

  /**
   * A new run; when there is no run left to keep and the settings do not fit (a link with too
   * big a shape, another backend), the preset's own shape is used and the person told why.
   */
  private newRunOrFallback(settings: RunSettings, requestId?: number): void {
    const misfit = this.corpus && this.misfit(settings, this.corpus);
    if (!misfit) return this.newRun(settings, requestId);
    const fallback = { ...settings, ...PRESETS[settings.preset] };
    if (this.misfit(fallback, this.corpus!)) throw new Error(misfit);
    this.post({ type: 'error', code: 'settings', requestId, message: `${misfit} The ${settings.preset} preset's shape is used instead.` });
    this.newRun(fallback);
  }

  private newRun(settings: RunSettings, requestId?: number): void {
    if (!this.corpus || !this.backend) throw new Error('The engine is not initialised yet.');
    const runId = ++this.runId;
    const session = new TrainingSession(settings, this.corpus, this.backend.name, (r) => this.post(toEvent(runId, r)));
    this.session = session;
    this.post({
      type: 'run.created', runId, requestId, settings,
      corpus: corpusSummary(this.corpus), model: modelSummary(settings, this.corpus),
    });
    this.post({ type: 'run.state', runId, state: 'idle', step: 0 });
  }

  private async disposeRun(): Promise<void> {
    // A completion must stop before its model's weights are freed.
    this.completion?.abort.abort();
    await Promise.all(this.completions);
    const session = this.session;
    this.session = null;
    await session?.dispose();
  }

  private startCompletion(cmd: Command<'completion.start'>): void {
    const session = this.session;
    if (!session) throw new Error('There is no model to complete the prompt with yet.');
    this.completion?.abort.abort(); // one completion at a time
    const { requestId, request } = cmd;
    const running: RunningCompletion = { requestId, abort: new AbortController() };
    this.completion = running;
    const { notices, text } = startCompletion(session.model, session.corpus.tokenizer, request, createRng(request.seed), running.abort.signal);
    this.post({ type: 'completion.started', requestId, notices });
    const done: Promise<void> = (async () => {
      for await (const chunk of text) this.post({ type: 'completion.token', requestId, text: chunk });
    })()
      .catch((e: unknown) => this.fail('completion', e, requestId))
      .finally(() => {
        if (this.completion === running) this.completion = null;
        this.completions.delete(done);
        this.post({ type: 'completion.done', requestId });
      });
    this.completions.add(done);
  }
}

function toEvent(runId: number, r: SessionReport): EngineEvent {
  switch (r.type) {
    case 'state':
      return { type: 'run.state', runId, state: r.state, step: r.step };
    case 'metrics':
      return { type: 'run.metrics', runId, points: r.points, evals: r.evals };
    case 'sample':
      return { type: 'run.sample', runId, sample: r.sample };
    case 'failed':
      return { type: 'error', code: 'train', message: r.message };
    default:
      return assertNever(r);
  }
}

function codeFor(cmd: EngineCommand): ErrorCode {
  switch (cmd.type) {
    case 'init':
      return 'backend';
    case 'corpus.use':
    case 'corpus.commit':
      return 'corpus';
    case 'run.reset':
      return 'settings';
    case 'completion.start':
    case 'completion.stop':
      return 'completion';
    default:
      return 'train';
  }
}
