// The worker's brain, apart from postMessage: owns the backend, the corpus, the current run and
// the person's completions, and turns commands into calls on them. Commands that replace things
// (backend, corpus, run) or start a completion are handled one at a time, in order; Train, Pause,
// Resume and Stop only flip a flag, so they act as soon as the worker's thread is free, never
// queued behind a command waiting on a fetch or a backend. (Decoding a big file and training a
// BPE run on the thread: Pause waits for those.)
import { selectBackend } from '../train/backend';
import { TrainingSession, type SessionReport } from '../train/session';
import type { SessionCheckpoint } from '../train/checkpoint';
import { corpusMisfit, corpusSummary, modelSummary } from '../train/summaries';
import { resourceMisfit } from '../protocol/resources';
import type { PreparedCorpus } from '../data/prepare';
import { CorpusIntake, type AcceptedCorpus } from './corpusIntake';
import { answerQuery } from './queries';
import { Completions } from './completions';
import { RunSaver } from './runSaver';
import { newSavedId } from './savedRuns';
import { runToRestore } from './restoreRun';
import { codeFor, toEvent } from './sessionEvents';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';
import type { BackendInfo } from '../protocol/reports';
import { PRESETS, type RunSettings } from '../protocol/settings';
import { assertNever } from '../protocol/parse';
import { errorMessage } from '../protocol/errors';

type Command<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;

export class Engine {
  private backend: BackendInfo | null = null;
  /** What the settings asked for (undefined: the best available); a change means a new backend. */
  private requestedBackend: RunSettings['backend'] = undefined;
  private corpus: PreparedCorpus | null = null;
  private session: TrainingSession | null = null;
  /** Settings for the next run when there is no run (before the first, after a failed rebuild). */
  private settings: RunSettings | null = null;
  private runId = 0;
  /** The current run has already reported a GPU fault (the ones after it are its echoes). */
  private faultReported = false;
  /** The WebGPU device is gone: no new run can live on it until a backend is chosen again. */
  private deviceLost = false;
  private readonly completions: Completions;
  private readonly saver: RunSaver;
  private readonly intake: CorpusIntake;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly post: (e: EngineEvent, transfer?: Transferable[]) => void) {
    this.completions = new Completions(post);
    this.saver = new RunSaver(post);
    this.intake = new CorpusIntake(post);
  }

  /** Acts on flag commands at once; queues the others behind the ones before them. */
  dispatch(cmd: EngineCommand): void {
    if (this.handleNow(cmd)) return;
    const requestId = 'requestId' in cmd ? cmd.requestId : undefined;
    const fail = (e: unknown) => this.post({ type: 'error', code: codeFor(cmd), message: errorMessage(e), requestId });
    this.queue = this.queue.then(() => this.handle(cmd)).catch(fail);
  }

  /** Train, Pause, Resume and Stop: synchronous, so never behind a queued command. */
  private handleNow(cmd: EngineCommand): boolean {
    switch (cmd.type) {
      case 'run.start':
      case 'run.pause':
      case 'run.resume': {
        if (cmd.runId !== this.runId) return true; // meant for a run that is gone
        if (cmd.type === 'run.start') this.session?.start();
        else if (cmd.type === 'run.pause') this.session?.pause();
        else this.session?.resume();
        return true;
      }
      case 'completion.stop':
        this.completions.stop(cmd.requestId);
        return true;
      case 'run.save':
        if (cmd.runId === this.runId) this.session?.save();
        return true;
      default:
        return false;
    }
  }

  private async handle(cmd: EngineCommand): Promise<void> {
    switch (cmd.type) {
      case 'init':
        this.settings = cmd.settings;
        await this.useBackend(cmd.settings);
        await this.useCorpus(cmd);
        void this.saver.announce(); // never rejects; not awaited, so a blocked database never holds the queue
        return;
      case 'run.restore':
        return this.restore(cmd);
      case 'corpus.use':
        return this.useCorpus(cmd);
      case 'corpus.commit': {
        const accepted = this.intake.commit(cmd);
        return accepted ? this.replaceCorpus(accepted) : undefined;
      }
      case 'run.reset':
        return this.reset(cmd);
      case 'completion.start': {
        const session = this.session;
        if (!session) throw new Error('There is no model to complete the prompt with yet.');
        return this.completions.start(session.model, session.corpus.tokenizer, cmd.requestId, cmd.request);
      }
      case 'text.score':
      case 'candidates.score':
      case 'fewshot.measure':
      case 'model.export':
        // Awaited in the queue, so a Reset cannot free the weights under them.
        if (!this.session) throw new Error('There is no model yet.');
        return answerQuery(cmd, this.session, this.runId, this.post);
      case 'run.start':
      case 'run.pause':
      case 'run.resume':
      case 'completion.stop':
      case 'run.save':
        return; // handled at once (handleNow)
      default:
        return assertNever(cmd);
    }
  }

  /** The settings a new run gets when the command names none: the current run's. */
  private get currentSettings(): RunSettings {
    const settings = this.session?.settings ?? this.settings;
    if (!settings) throw new Error('The engine is not initialised yet.');
    return settings;
  }

  /**
   * Discards the current run for a fresh one. Settings the corpus or the device cannot train with
   * are refused first, and the current run survives.
   */
  private async reset(cmd: Command<'run.reset'>): Promise<void> {
    const previous = this.currentSettings;
    const settings = cmd.settings ?? previous;
    const sameBackend = settings.backend === this.requestedBackend;
    const misfit = this.corpus && sameBackend ? this.misfit(settings, this.corpus) : null;
    if (misfit) throw new Error(misfit);
    this.intake.drop();
    await this.disposeRun();
    try {
      if (!sameBackend) {
        await this.useBackend(settings);
        const onNew = this.corpus && this.misfit(settings, this.corpus);
        if (onNew) throw new Error(onNew);
      }
      this.newRun(settings, cmd.requestId);
    } catch (e) {
      await this.rebuild(previous, !sameBackend);
      throw e; // the refusal, answering the request
    }
  }

  /** After a refused reset or restore: a fresh run of the previous settings and corpus, on the previous backend; or say there is none. */
  private async rebuild(previous: RunSettings, backendChanged: boolean, corpus = this.corpus): Promise<void> {
    this.corpus = corpus;
    try {
      if (backendChanged) await this.useBackend(previous);
      this.newRun(previous);
    } catch (e) {
      this.post({ type: 'run.state', runId: this.runId, state: 'failed', step: 0 });
      this.post({ type: 'error', code: 'train', runId: this.runId, message: `The previous run could not be rebuilt either: ${errorMessage(e)} Reload the page to start again.` });
    }
  }

  /** Why these settings cannot train on this corpus with this backend, or null. */
  private misfit(settings: RunSettings, corpus: PreparedCorpus): string | null {
    const limit = this.backend?.tensorLimit;
    return corpusMisfit(settings, corpus) ?? (limit ? resourceMisfit(settings, corpus.tokenizer.vocabSize, limit) : null);
  }

  private async useBackend(settings: RunSettings): Promise<void> {
    this.backend = await selectBackend(settings.backend, (message, lost) => this.gpuFault(message, lost));
    this.requestedBackend = settings.backend; // only once it runs: a failed switch keeps the old one
    this.deviceLost = false;
    this.post({ type: 'ready', backend: this.backend });
  }

  /** A GPU error pauses the run (a lost device ends it); the first one per run is reported. */
  private gpuFault(message: string, lost: boolean): void {
    if (this.backend?.name !== 'webgpu') return; // a device left behind by a switch of backend
    if (lost) this.deviceLost = true;
    if (lost) this.session?.fail();
    const stopped = !lost && (this.session?.pause() ?? false);
    if (this.faultReported) return;
    this.faultReported = true;
    this.post({ type: 'error', code: 'gpu', runId: this.runId, message: stopped ? `${message} Training was paused.` : message });
  }

  /** Reads, checks and tokenizes a corpus (corpusIntake.ts); only a usable one replaces the current corpus and run. */
  private async useCorpus(cmd: Command<'init' | 'corpus.use'>): Promise<void> {
    const misfit = (s: RunSettings, c: PreparedCorpus) => (this.session ? this.misfit(s, c) : null);
    const accepted = await this.intake.prepare(cmd, this.corpus?.source ?? null, this.currentSettings, misfit, this.session?.stepsTrained ?? 0);
    if (accepted) await this.replaceCorpus(accepted);
  }

  private async replaceCorpus({ corpus, requestId, settings }: AcceptedCorpus): Promise<void> {
    await this.disposeRun();
    this.corpus = corpus;
    this.newRunOrFallback(settings, requestId);
  }

  /**
   * A new run; when there is no run left to keep and the settings do not fit (a link with too
   * big a shape, another backend), the preset's own shape is used and the person told why.
   */
  private newRunOrFallback(settings: RunSettings, requestId?: number): void {
    this.settings = settings;
    const misfit = this.corpus && this.misfit(settings, this.corpus);
    if (!misfit) return this.newRun(settings, requestId);
    const fallback = { ...settings, ...PRESETS[settings.preset] };
    if (this.misfit(fallback, this.corpus!)) throw new Error(misfit);
    this.post({ type: 'error', code: 'settings', message: `${misfit} The ${settings.preset} preset's shape is used instead.` });
    this.newRun(fallback, requestId);
  }

  /** A fresh run, or a saved one continued (`from`: its checkpoint and id in storage). */
  private newRun(settings: RunSettings, requestId?: number, from?: { checkpoint: SessionCheckpoint; savedId: string }): void {
    const corpus = this.corpus;
    if (!corpus || !this.backend) throw new Error('The engine is not initialised yet.');
    if (this.deviceLost) throw new Error('The GPU device was lost, so no new model can be built on it. Reload the page to start again.');
    const runId = this.runId + 1;
    const savedId = from?.savedId ?? newSavedId();
    const onReport = (r: SessionReport) => {
      if (r.type === 'checkpoint') this.saver.save({ runId, savedId, settings, corpus }, r.checkpoint);
      else this.post(toEvent(runId, r));
    };
    const session = new TrainingSession(settings, corpus, this.backend.name, onReport, from?.checkpoint);
    this.runId = runId;
    this.session = session;
    this.settings = settings;
    this.faultReported = false;
    this.post({ type: 'run.created', runId, requestId, settings, corpus: corpusSummary(corpus), model: modelSummary(settings, corpus) });
    const past = from?.checkpoint.history;
    if (past) this.post({ type: 'run.history', runId, points: [...past.points], evals: [...past.evals], samples: [...past.samples] });
    this.post({ type: 'run.state', runId, state: session.runState, step: session.stepsTrained });
  }

  /** Replaces the current run with a saved one, paused at its step; a refusal keeps the current run. */
  private async restore(cmd: Command<'run.restore'>): Promise<void> {
    if (this.deviceLost) throw new Error('The GPU device was lost, so no model can be built on it. Reload the page to resume the run.');
    const run = await runToRestore(this.saver, cmd.savedId, this.requestedBackend, (s, c) => this.misfit(s, c));
    this.intake.drop();
    const [previousCorpus, previousSettings] = [this.corpus, this.currentSettings];
    await this.disposeRun();
    this.corpus = run.corpus;
    try {
      this.newRun(run.settings, cmd.requestId, run.from);
    } catch (e) {
      await this.rebuild(previousSettings, false, previousCorpus); // never no run
      throw e;
    }
  }

  private async disposeRun(): Promise<void> {
    await this.completions.stopAll(); // before the weights they read are freed
    const session = this.session;
    this.session = null;
    await session?.dispose();
  }
}
