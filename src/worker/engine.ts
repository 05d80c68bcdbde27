// The worker's brain, apart from postMessage: owns the backend, corpus, current run and completions,
// and turns commands into calls on them. Commands that replace things (backend, corpus, run) or
// start a completion run one at a time, in order; Train, Pause, Resume, Stop and the like only flip
// a flag, so they act as soon as the thread is free (a big file's decoding or BPE run: Pause waits).
import { TrainingSession } from '../train/session';
import type { SessionReport } from '../train/sessionReport';
import type { SessionCheckpoint } from '../train/checkpoint';
import { corpusSummary, deviceMisfit, fittingSettings, modelSummary } from '../train/summaries';
import type { PreparedCorpus } from '../data/prepare';
import { CorpusIntake, type AcceptedCorpus } from './corpusIntake';
import { answerQuery } from './queries';
import { Completions } from './completions';
import { RunSaver } from './runSaver';
import { newSavedId } from './savedRuns';
import { runToRestore, type RunToRestore } from './restoreRun';
import { runFromImport } from './importRun';
import { FaultInjector } from './faultInjector';
import { LR_HALVED_STEPS } from '../train/divergence';
import { codeFor, toEvent } from './sessionEvents';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent, ErrorCode } from '../protocol/events';
import { Device } from './device';
import { recoveryNotice, type Recovery } from './recoveryNotice';
import type { RunSettings } from '../protocol/settings';
import { assertNever } from '../protocol/parse';
import { errorMessage } from '../protocol/errors';

type Command<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;
/** Commands that only flip a flag: handled at once, never queued. */
type FlagCommand = Command<'run.start' | 'run.pause' | 'run.resume' | 'completion.stop' | 'run.save' | 'storage.access'>;

export class Engine {
  private readonly device: Device;
  private corpus: PreparedCorpus | null = null;
  private session: TrainingSession | null = null;
  /** Settings for the next run when there is no run (before the first, after a failed rebuild). */
  private settings: RunSettings | null = null;
  private runId = 0;
  /** The current run has already reported a GPU fault (the ones after it are its echoes). */
  private faultReported = false;
  private readonly completions: Completions;
  private readonly saver: RunSaver;
  private readonly intake: CorpusIntake;
  private queue: Promise<void> = Promise.resolve();
  private faults = new FaultInjector(undefined);
  /** The current run's id in storage (a restored run keeps its own). */
  private savedId: string | null = null;
  /** Saves a diverged run went back to (`id@step`): the second time, it waits for the person. */
  private readonly rollbacks = new Set<string>();

  constructor(private readonly post: (e: EngineEvent, transfer?: Transferable[]) => void) {
    this.completions = new Completions(post);
    this.saver = new RunSaver(post);
    this.intake = new CorpusIntake(post);
    this.device = new Device(post, { error: (m) => this.gpuError(m), lost: (m) => this.deviceLost(m) });
  }

  /** Acts on flag commands at once; queues the others behind the ones before them. */
  dispatch(cmd: EngineCommand): void {
    if (this.handleNow(cmd)) return;
    this.enqueue(() => this.handle(cmd), codeFor(cmd), 'requestId' in cmd ? cmd.requestId : undefined);
  }

  /** Work that replaces things runs in order; its failure is said with this code (and request). */
  private enqueue(work: () => Promise<void>, code: ErrorCode, requestId?: number): void {
    this.queue = this.queue.then(work).catch((e: unknown) => this.post({ type: 'error', code, message: errorMessage(e), requestId }));
  }

  /** Train, Pause, Resume and Stop: synchronous, so never behind a queued command. */
  private handleNow(cmd: EngineCommand): cmd is FlagCommand {
    switch (cmd.type) {
      case 'run.start':
      case 'run.pause':
      case 'run.resume':
        // A command meant for a run that is gone is dropped.
        if (cmd.runId === this.runId) this.session?.[cmd.type === 'run.start' ? 'start' : cmd.type === 'run.pause' ? 'pause' : 'resume']();
        return true;
      case 'completion.stop':
        this.completions.stop(cmd.requestId);
        return true;
      case 'run.save':
        if (cmd.runId === this.runId) this.session?.save();
        return true;
      case 'storage.access':
        this.saver.writable = cmd.write;
        return true;
      default:
        return false;
    }
  }

  private async handle(cmd: Exclude<EngineCommand, FlagCommand>): Promise<void> {
    switch (cmd.type) {
      case 'init':
        this.settings = cmd.settings;
        this.faults = new FaultInjector(cmd.fault);
        await this.device.use(cmd.settings);
        this.faults.check(this.device.info, (message) => this.post({ type: 'notice', message }));
        await this.useCorpus(cmd);
        void this.saver.announce(); // never rejects; not awaited, so a blocked database never holds the queue
        return;
      case 'run.restore':
        if (this.device.lost) throw new Error('The GPU device was lost; wait for the run to be recovered, then load again.');
        return this.replaceWith(await runToRestore(this.saver, cmd.savedId, this.device.requested, this.misfit), cmd.requestId);
      case 'model.import':
        if (!this.corpus) throw new Error('The engine is not initialised yet.');
        return this.replaceWith(runFromImport(cmd.name, cmd.bytes, this.corpus.source, this.device.requested, this.misfit), cmd.requestId);
      case 'run.delete':
        if (cmd.savedId === this.savedId) this.savedId = newSavedId(); // the current run saves anew, not over the deleted one
        return this.saver.delete(cmd.savedId);
      case 'corpus.use':
        return this.useCorpus(cmd);
      case 'corpus.commit':
        return this.replaceCorpus(this.intake.commit(cmd));
      case 'run.reset':
        return this.reset(cmd);
      case 'completion.start': {
        const session = this.session;
        if (!session) throw new Error('There is no model to complete the prompt with yet.');
        return this.completions.start(session.model, session.corpus.tokenizer, cmd.requestId, cmd.request);
      }
      case 'text.score':
      case 'attention.maps':
      case 'candidates.score':
      case 'fewshot.measure':
      case 'model.export':
        // Awaited in the queue, so a Reset cannot free the weights under them.
        if (!this.session) throw new Error('There is no model yet.');
        return answerQuery(cmd, this.session, this.runId, this.post);
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
    const sameBackend = settings.backend === this.device.requested;
    const misfit = this.corpus && sameBackend ? this.misfit(settings, this.corpus) : null;
    if (misfit) throw new Error(misfit);
    this.intake.drop();
    await this.disposeRun();
    try {
      if (!sameBackend) {
        await this.device.use(settings);
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
      if (backendChanged) await this.device.use(previous);
      this.newRun(previous);
    } catch (e) {
      this.post({ type: 'run.state', runId: this.runId, state: 'failed', step: 0 });
      this.post({
        type: 'error',
        code: 'train',
        runId: this.runId,
        message: `The previous run could not be rebuilt either: ${errorMessage(e)} Reload the page to start again.`,
      });
    }
  }

  /** Why these settings cannot train on this corpus with this backend, or null. */
  private readonly misfit = (settings: RunSettings, corpus: PreparedCorpus): string | null =>
    deviceMisfit(settings, corpus, this.device.info);

  /** A GPU error pauses the run; the first one per run is reported. */
  private gpuError(message: string): void {
    const stopped = this.session?.pause() ?? false;
    if (this.faultReported) return;
    this.faultReported = true;
    this.post({ type: 'error', code: 'gpu', runId: this.runId, message: stopped ? `${message} Training was paused.` : message });
  }

  /** A lost device ends the run; it comes back from its last save on a new device. */
  private deviceLost(message: string): void {
    const training = this.session?.runState === 'running';
    this.session?.fail();
    this.enqueue(
      () => this.recover(`${message.replace(/\.$/, '')} at step ${this.session?.stepsTrained ?? 0}.`, training, 'device'),
      'gpu',
    );
  }

  /** Reads, checks and tokenizes a corpus (corpusIntake.ts); only a usable one replaces the current corpus and run. */
  private async useCorpus(cmd: Command<'init' | 'corpus.use'>): Promise<void> {
    const misfit = (s: RunSettings, c: PreparedCorpus) => (this.session ? this.misfit(s, c) : null);
    const accepted = await this.intake.prepare(
      cmd,
      this.corpus?.source ?? null,
      this.currentSettings,
      misfit,
      this.session?.stepsTrained ?? 0,
    );
    await this.replaceCorpus(accepted);
  }

  /**
   * A corpus the person accepted (null: nothing to do) replaces the current one and its run; with
   * no run left to keep, settings that do not fit give way to the preset's shape (fittingSettings).
   */
  private async replaceCorpus(accepted: AcceptedCorpus | null): Promise<void> {
    if (!accepted) return;
    await this.disposeRun();
    [this.corpus, this.settings] = [accepted.corpus, accepted.settings];
    const { settings, notice } = fittingSettings(accepted.settings, accepted.corpus, this.device.info);
    if (notice) this.post({ type: 'error', code: 'settings', message: notice });
    this.newRun(settings, accepted.requestId);
  }

  /**
   * A fresh run, or a saved one continued (`from`: its checkpoint and id in storage).
   * @param lrHalvedUntil a run rolled back after diverging trains at half the learning rate until this step.
   */
  private newRun(
    settings: RunSettings,
    requestId?: number,
    from?: { checkpoint: SessionCheckpoint; savedId: string },
    lrHalvedUntil?: number,
  ): void {
    const corpus = this.corpus;
    if (!corpus || !this.device.info) throw new Error('The engine is not initialised yet.');
    if (this.device.lost)
      throw new Error(
        'The GPU device was lost and the run is being recovered on a new one: try again in a moment (reload the page if it does not come back).',
      );
    const runId = this.runId + 1;
    const savedId = from?.savedId ?? newSavedId();
    const onReport = (r: SessionReport) => {
      // The current run's id can change: its save was deleted (run.delete).
      if (r.type === 'checkpoint')
        this.saver.save({ runId, savedId: runId === this.runId ? (this.savedId ?? savedId) : savedId, settings, corpus }, r.checkpoint);
      else if (r.type === 'diverged') this.enqueue(() => this.recover(r.message, true, 'diverged', runId), 'train');
      else this.post(toEvent(runId, r));
    };
    const beforeStep = (step: number) => this.faults.beforeStep(step);
    const session = new TrainingSession(settings, corpus, this.device.info.name, onReport, {
      from: from?.checkpoint,
      beforeStep,
      lrHalvedUntil,
    });
    this.runId = runId;
    this.savedId = savedId;
    this.session = session;
    this.settings = settings;
    this.faultReported = false;
    this.post({ type: 'run.created', runId, requestId, settings, corpus: corpusSummary(corpus), model: modelSummary(settings, corpus) });
    const past = from?.checkpoint.history;
    if (past) this.post({ type: 'run.history', runId, points: [...past.points], evals: [...past.evals], samples: [...past.samples] });
    this.post({ type: 'run.state', runId, state: session.runState, step: session.stepsTrained });
  }

  /** Replaces the current run with a saved or imported one, paused at its step (checked already: a refusal threw, keeping the current run). */
  private async replaceWith(run: RunToRestore, requestId: number): Promise<void> {
    this.intake.drop();
    const [previousCorpus, previousSettings] = [this.corpus, this.currentSettings];
    await this.disposeRun();
    this.corpus = run.corpus;
    try {
      this.newRun(run.settings, requestId, run.from);
    } catch (e) {
      await this.rebuild(previousSettings, false, previousCorpus); // never no run
      throw e;
    }
  }

  /**
   * After a lost device (on a new one) or a diverged run (`runId`: only if it is still current): the
   * run again from its last save, or from the start if there is none, training on if it was; twice
   * back to the same save for a divergence and it waits for the person. Says what it cost.
   */
  private async recover(why: string, training: boolean, kind: Recovery['kind'], runId = this.runId): Promise<void> {
    if (runId !== this.runId) return; // that run was replaced meanwhile
    const [settings, savedId, reachedStep] = [this.currentSettings, this.savedId, this.session?.stepsTrained ?? 0];
    this.intake.drop();
    await this.disposeRun();
    if (kind === 'device') await this.device.use(settings, true);
    let save: Recovery['save'] = { none: this.saver.writable ? 'never saved' : 'this tab does not save' };
    const saved =
      savedId && this.saver.writable
        ? await runToRestore(this.saver, savedId, this.device.requested, this.misfit).catch((e: unknown) => {
            const gone = /gone/.test(errorMessage(e)); // never saved (or deleted): the start
            if (!gone || this.saver.savedAt(savedId) !== undefined) save = { none: `its save could not be read: ${errorMessage(e)}` };
            return null;
          })
        : null;
    if (saved) [this.corpus, save] = [saved.corpus, { step: saved.from.checkpoint.step }];
    const key = `${savedId}@${'step' in save ? save.step : 0}`;
    const again = kind === 'diverged' && this.rollbacks.has(key);
    if (kind === 'diverged') this.rollbacks.add(key);
    try {
      this.newRun(saved?.settings ?? settings, undefined, saved?.from, kind === 'diverged' ? reachedStep + LR_HALVED_STEPS : undefined);
    } catch (e) {
      await this.rebuild(settings, false); // never no run
      throw e;
    }
    this.post({
      type: 'notice',
      runId: this.runId,
      message: recoveryNotice({ why, kind, backend: this.device.info, save, reachedStep, training, again }),
    });
    if (saved)
      this.post({
        type: 'run.saved',
        runId: this.runId,
        savedId: saved.from.savedId,
        step: saved.from.checkpoint.step,
        savedAt: saved.savedAt ?? Date.now(),
      });
    if (training && !again) this.session?.[this.session.runState === 'idle' ? 'start' : 'resume']();
  }

  private async disposeRun(): Promise<void> {
    await this.completions.stopAll(); // before the weights they read are freed
    const session = this.session;
    this.session = null;
    await session?.dispose();
  }
}
