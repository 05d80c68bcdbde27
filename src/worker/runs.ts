// The engine's runs, and the one way one replaces another: the current run (the person's, or a
// lab's), and the person's own run kept paused while a lab trains. A new run is built first; only
// once it exists is the run it replaces let go, so a refusal or a failure keeps the old run whole.
// Every replacement ends in one `run.replaced` event: the run's description (protocol/run.ts) and
// its history, which the page derives everything from.
import { TrainingSession } from '../train/session';
import type { SessionSink } from '../train/sessionReport';
import type { SessionCheckpoint } from '../train/checkpoint';
import { corpusSummary, modelSummary } from '../train/summaries';
import type { PreparedCorpus } from '../data/prepare';
import type { EngineEvent } from '../protocol/events';
import type { BackendName, RunSettings } from '../protocol/settings';
import type { LabKind, ReplaceCause, RunDescription } from '../protocol/run';
import type { RunSaver, RunToSave } from './runSaver';
import { newSavedId } from './savedRuns';

/** What a new run is made from. */
export interface RunPlan {
  settings: RunSettings;
  corpus: PreparedCorpus;
  /** A saved or imported run continued: its checkpoint and id in storage. */
  from?: { checkpoint: SessionCheckpoint; savedId: string };
  /** A run rolled back after diverging trains at half the learning rate until this step. */
  lrHalvedUntil?: number;
  /** A lab's run (the person's run is kept meanwhile). */
  lab?: LabKind;
}

/** A run as the engine holds it. */
export interface HeldRun {
  readonly runId: number;
  /** Its id in storage; a new one when its save is deleted (it saves anew, not over the deleted one). */
  savedId: string;
  readonly session: TrainingSession;
  readonly lab?: LabKind;
}

export interface RunHooks {
  backend(): BackendName;
  /** Called before each step; true makes that step's loss non-finite (fault injection). */
  beforeStep(step: number): boolean;
  /** A run's loop paused after too many non-finite steps: bring it back from its last save. */
  diverged(runId: number, message: string): void;
}

export class Runs {
  current: HeldRun | null = null;
  /** The person's own run while a lab's run is current. */
  kept: HeldRun | null = null;
  private lastRunId = 0;
  /** Resolvers waiting for a run's loop to stop (keyed by runId). */
  private readonly stopWaiters = new Map<number, (() => void)[]>();

  constructor(
    private readonly post: (e: EngineEvent, transfer?: Transferable[]) => void,
    private readonly saver: RunSaver,
    private readonly hooks: RunHooks,
  ) {}

  /** The person's run: the kept one during a lab, else the current one. */
  get person(): HeldRun | null {
    return this.kept ?? this.current;
  }

  /**
   * A run for the plan, not yet current (its session allocates its tensors now).
   * @throws Error, allocating nothing, when the settings cannot train on the corpus; or when a checkpoint does not fit.
   */
  build(plan: RunPlan): HeldRun {
    const runId = ++this.lastRunId;
    const { settings, corpus, lab } = plan;
    const toSave = (): RunToSave => ({ runId, savedId: held.savedId, settings, corpus, group: lab ?? 'own' });
    const sink: SessionSink = {
      // The session says the protocol's own events; the run's id is stamped here, once.
      post: (e) => {
        if (e.type === 'run.state' && e.state !== 'running') this.releaseStopWaiters(runId);
        this.post({ ...e, runId });
      },
      checkpoint: (c) => this.saver.save(toSave(), c),
      snapshot: (c) => this.saver.snapshot(toSave(), c),
      wantsSnapshot: () => this.saver.wantsSnapshots(held.savedId),
      diverged: (message) => this.hooks.diverged(runId, message),
    };
    const options = { from: plan.from?.checkpoint, beforeStep: this.hooks.beforeStep, lrHalvedUntil: plan.lrHalvedUntil };
    const session = new TrainingSession(settings, corpus, this.hooks.backend(), sink, options);
    const held: HeldRun = { runId, savedId: plan.from?.savedId ?? newSavedId(), session, lab };
    return held;
  }

  /**
   * Makes `run` current and tells the page; the run it replaces is let go (never the kept one).
   * The caller has stopped the completions reading the old weights.
   */
  async install(run: HeldRun, cause: ReplaceCause, requestId?: number): Promise<void> {
    const old = this.current;
    this.current = run;
    if (old && old !== run && old !== this.kept) {
      if (old.lab) await this.stop(old); // a lab's run keeps its last steps among the lab's saved runs (Pause saves)
      await this.dispose(old);
    }
    const { points, evals, samples } = run.session.history;
    const history = { points: [...points], evals: [...evals], samples: [...samples] };
    this.post({ type: 'run.replaced', requestId, cause, run: this.describe(run), history });
  }

  /** The current run as the page sees it. */
  describe(run: HeldRun): RunDescription {
    const { session } = run;
    const kept = this.kept && this.kept !== run ? this.kept : null;
    return {
      runId: run.runId,
      settings: session.settings,
      corpus: corpusSummary(session.corpus),
      model: modelSummary(session.settings, session.corpus, this.hooks.backend()),
      savedId: run.savedId,
      step: session.stepsTrained,
      state: session.runState,
      saved: this.saver.lastSave(run.savedId) ?? null,
      lab: run.lab,
      kept: kept
        ? {
            runId: kept.runId,
            settings: kept.session.settings,
            corpus: corpusSummary(kept.session.corpus),
            step: kept.session.stepsTrained,
            savedId: kept.savedId,
            saved: this.saver.lastSave(kept.savedId) ?? null,
          }
        : undefined,
    };
  }

  /** Pauses the current run and waits until its loop has stopped at a safe point (and saved). */
  pauseCurrent(): Promise<void> {
    return this.current ? this.stop(this.current) : Promise.resolve();
  }

  /** Pauses a run and waits until its loop has stopped at a safe point (Pause saves what changed). */
  private async stop(run: HeldRun): Promise<void> {
    if (!run.session.pause()) return;
    await new Promise<void>((resolve) => this.stopWaiters.set(run.runId, [...(this.stopWaiters.get(run.runId) ?? []), resolve]));
  }

  /** The person's run is paused (and so saved) and kept while a lab's run trains. */
  async keepPersonRun(): Promise<void> {
    const run = this.current;
    if (!run || this.kept || run.lab) return;
    await this.pauseCurrent();
    await run.session.saved(); // the save Pause took is written before the lab's run says where the person's run was saved
    await this.saver.settled();
    this.kept = run;
  }

  /** The kept run is current again (the lab's run is let go): after a lab, or a lab that could not start. */
  async bringBackPersonRun(cause: ReplaceCause, requestId?: number): Promise<void> {
    const kept = this.kept;
    if (!kept) return;
    this.kept = null;
    await this.install(kept, cause, requestId);
  }

  /** Lets go of every run (a lost device took their tensors); the next run starts from a save. */
  async disposeAll(): Promise<void> {
    const runs = [this.current, this.kept].filter((r): r is HeldRun => r !== null);
    [this.current, this.kept] = [null, null];
    for (const run of new Set(runs)) await this.dispose(run);
  }

  /** The run whose save this is, if one is held: it saves anew under a fresh id. */
  forgetSave(savedId: string): void {
    for (const run of [this.current, this.kept]) if (run?.savedId === savedId) run.savedId = newSavedId();
  }

  private async dispose(run: HeldRun): Promise<void> {
    this.releaseStopWaiters(run.runId);
    await run.session.dispose();
  }

  private releaseStopWaiters(runId: number): void {
    for (const resolve of this.stopWaiters.get(runId) ?? []) resolve();
    this.stopWaiters.delete(runId);
  }
}
