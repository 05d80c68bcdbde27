// One training run: a model, its optimizer and data, where the run stands (runPosition.ts,
// runPhase.ts), its saves (sessionSaves.ts), and the controls the engine uses (start, Pause,
// Resume, a lost device, save, dispose). The loop that advances it is trainingLoop.ts. What the
// run says goes out through the sink as the protocol's own events; the engine stamps them with
// the run's id. Completions and queries can run between steps on the same weights.
import { createGPT, type GPT } from '../model/gpt';
import { createRng } from '../data/rng';
import { fixedBatches, type Batch } from '../data/dataset';
import type { PreparedCorpus } from '../data/prepare';
import type { RunState } from '../protocol/reports';
import type { SessionEvent } from '../protocol/events';
import { OPTIMIZER, type BackendName, type RunSettings } from '../protocol/settings';
import { opsFor } from '../kernels/ops';
import { AdamW } from './adamw';
import { corpusMisfit, gptConfigOf } from './summaries';
import type { RunHistory } from './checkpoint';
import { RunPhase } from './runPhase';
import { RunPosition } from './runPosition';
import { SessionSaves, restoreTensors } from './sessionSaves';
import { TrainingLoop, type LoopRun } from './trainingLoop';
import type { SessionOptions, SessionSink } from './sessionReport';

/** Seed offsets: each stream of randomness (init, batches, samples: trainingLoop.ts) gets its own generator. */
export const [INIT_SEED, BATCH_SEED] = [0, 1];

export class TrainingSession {
  readonly model: GPT;
  private readonly optimizer: AdamW;
  private readonly phase = new RunPhase((state) => this.emit({ type: 'run.state', state, step: this.at.step }));
  private readonly at: RunPosition;
  private readonly saves: SessionSaves;
  private readonly loop: TrainingLoop;

  /**
   * A fresh run, or one continued exactly from a checkpoint of the same settings and corpus.
   * @throws Error, before any tensor is allocated, when the settings cannot train on the corpus;
   *   Error naming the misfit when the checkpoint's weights or moments do not fit the model.
   */
  constructor(
    readonly settings: RunSettings,
    readonly corpus: PreparedCorpus,
    backend: BackendName,
    private readonly sink: SessionSink,
    { from, beforeStep = () => false, lrHalvedUntil = 0 }: SessionOptions = {},
  ) {
    const s = settings;
    const misfit = corpusMisfit(settings, corpus);
    if (misfit) throw new Error(misfit);
    const ops = opsFor(backend, s.kernels); // the step's implementation, chosen once for the run
    this.model = createGPT(gptConfigOf(s, corpus), createRng(s.seed + INIT_SEED), { ops });
    this.optimizer = new AdamW(this.model.params, OPTIMIZER, ops, s.optimizer);
    this.at = new RunPosition(s.seed + BATCH_SEED);
    this.saves = new SessionSaves(this.model, this.optimizer, sink, () => this.at.read(this.phase.elapsedMs), from);
    const valBatches: Batch[] = fixedBatches(corpus.split.val, s.evalBatches, s.batchSize, s.blockSize);
    const run: LoopRun = {
      ...{ settings, corpus, model: this.model, optimizer: this.optimizer, valBatches, phase: this.phase, at: this.at, saves: this.saves },
      emit: (e) => this.emit(e),
      checkpoint: () => this.checkpoint(),
      save: () => this.save(),
      diverged: (message) => sink.diverged?.(message),
      beforeStep,
    };
    this.loop = new TrainingLoop(run, lrHalvedUntil);
    if (!from) return;
    restoreTensors(from, this.model, this.optimizer); // a misfit throws, the tensors freed
    this.at.restore(from);
    // Done only if its last evaluation and sample were taken; else Resume takes them.
    this.phase.restore(from.elapsedMs, this.at.done(s.maxSteps) ? 'done' : 'paused');
  }

  /** Events go out through here, and what the page will show is kept for the next checkpoint. */
  private emit(e: SessionEvent): void {
    this.at.record(e);
    this.sink.post(e);
  }

  /** What the page shows of the run's past: its points, evaluations and samples (a restored run's included). */
  get history(): RunHistory {
    return this.at.history;
  }

  /** 'running': the weights move between any two awaits. */
  get runState(): RunState {
    return this.phase.state;
  }

  get stepsTrained(): number {
    return this.at.step;
  }

  /** Asks for a checkpoint (the tab is being hidden, say): at the next step boundary while training, at once otherwise. */
  save(): void {
    if (this.runState === 'running') this.saves.ask();
    else if (this.runState !== 'failed' && this.saves.changed(this.at.step)) void this.checkpoint();
  }

  start(): void {
    if (this.runState !== 'idle') return;
    this.phase.run();
    this.loop.run();
  }

  /** The loop stops within one step (cutting a sample or evaluation short) and says 'paused'. @returns whether it was running. */
  pause(): boolean {
    return this.phase.requestStop('pause');
  }

  resume(): void {
    if (this.phase.resume() === 'restart') this.loop.run(); // the loop failed: start it again from this step
  }

  /** The device is gone: the loop stops within one step and the run ends as 'failed' (no Resume). */
  fail(): void {
    if (!this.phase.requestStop('fail') && this.runState !== 'done' && this.runState !== 'failed') this.phase.enter({ kind: 'failed' });
  }

  /** Resolves once a checkpoint being read back has been handed to be saved (the one Pause takes, say). */
  saved(): Promise<void> {
    return this.saves.settled();
  }

  /** Stops the loop, waits for it to leave the device alone, and frees every tensor. */
  async dispose(): Promise<void> {
    this.phase.dispose();
    await this.loop.done.catch(() => undefined);
    await this.saves.settled(); // a save reading the weights we free next
    this.optimizer.dispose();
    this.model.dispose();
  }

  /** Hands the run to be saved, between steps (a diverged run goes back to its last save; one being let go is not saved). */
  private checkpoint(): Promise<void> {
    const unsaved = (message: string) => this.phase.disposed || this.emit({ type: 'error', code: 'save', message });
    return this.saves.checkpoint(this.phase.disposed || this.loop.isDiverged, unsaved);
  }
}
