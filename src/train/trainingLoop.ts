// How a training run advances (nanoGPT's train.py loop, apart from I/O): from the run's step to
// maxSteps, one step at a time, with its safe points between steps: the one sync point where
// losses come back (lossReadback.ts) and non-finite steps are skipped or call a divergence
// (divergence.ts), evaluations, progress samples, checkpoints and snapshots, and Pause. The run
// itself (model, optimizer, data, position, phase, saves) is the session's (session.ts); the loop
// reads and moves it.
import { randomBatch, type Batch } from '../data/dataset';
import { createRng } from '../data/rng';
import type { PreparedCorpus } from '../data/prepare';
import { yieldToEventLoop } from '../model/yieldToEventLoop';
import type { GPT } from '../model/gpt';
import type { SessionEvent } from '../protocol/events';
import { DEFAULT_SHADER_WARMUP, OPTIMIZER, minLr, type RunSettings } from '../protocol/settings';
import type { AdamW } from './adamw';
import { describeFailure } from './failure';
import { trainOnBatch } from './trainStep';
import { warmUpShaders } from './shaderWarmup';
import { corpusWords, writeProgressSample } from './progressSample';
import { LossReadback } from './lossReadback';
import { evaluateValidation } from './evaluation';
import { DivergenceGuard } from './divergence';
import type { RunPhase } from './runPhase';
import type { RunPosition } from './runPosition';
import type { SessionSaves } from './sessionSaves';

/** Seed offset of the progress samples' generator (session.ts has the others). */
export const SAMPLE_SEED = 2;

/** What the loop reads and moves: the session's run. */
export interface LoopRun {
  readonly settings: RunSettings;
  readonly corpus: PreparedCorpus;
  readonly model: GPT;
  readonly optimizer: AdamW;
  readonly valBatches: Batch[];
  readonly phase: RunPhase;
  readonly at: RunPosition;
  readonly saves: SessionSaves;
  /** Says an event (and keeps what the page will show). */
  emit(e: SessionEvent): void;
  /** Hands the run to be saved (not a diverged run, nor one being let go). */
  checkpoint(): Promise<void>;
  /** A checkpoint at the next safe point, or at once when not running. */
  save(): void;
  /** Too many skipped steps in a row: go back to the last save. */
  diverged(message: string): void;
  /** Called before each step; true makes that step's loss non-finite (fault injection). */
  beforeStep(step: number): boolean;
}

export class TrainingLoop {
  private readonly losses: LossReadback;
  private readonly divergence: DivergenceGuard;
  /** The run diverged: it is not saved or snapshotted again (the engine takes it back to its last save). */
  isDiverged = false;
  private warmedUp = false; // GPU pipelines compiled ahead (shaderWarmup.ts): once, before the first step
  /** Settles when the loop has left the device alone. */
  done: Promise<void> = Promise.resolve();

  /** @param lrHalvedUntil a run rolled back after diverging trains at half the learning rate until this step. */
  constructor(
    private readonly of: LoopRun,
    lrHalvedUntil: number,
  ) {
    const s = of.settings;
    this.divergence = new DivergenceGuard({ lr: s.lr, minLr: minLr(s), warmupSteps: s.warmupSteps, decaySteps: s.maxSteps }, lrHalvedUntil);
    this.losses = new LossReadback(s.batchSize * s.blockSize);
  }

  /** Starts the loop from the run's current step; its failure leaves the run paused (Resume retries) or failed. */
  run(): void {
    this.done = this.loop().catch((e: unknown) => {
      const failure = describeFailure(e);
      const lost = this.of.phase.stopAt === 'fail'; // a lost device has its own message; "Resume to try again" would contradict it
      this.of.phase.enter(failure.resumable && !lost ? { kind: 'paused', open: null } : { kind: 'failed' });
      if (!lost) this.of.emit({ type: 'error', code: 'train', message: failure.message });
    });
  }

  private async loop(): Promise<void> {
    const s = this.of.settings;
    try {
      if (!this.warmedUp && (s.shaderWarmup ?? DEFAULT_SHADER_WARMUP) === 'on') {
        const onProgress = ({ done, total }: { done: number; total: number }) => this.of.emit({ type: 'run.compiling', done, total });
        const options = { lr: s.lr, gradClip: OPTIMIZER.gradClip, onProgress, interrupted: () => this.of.phase.interrupted };
        await warmUpShaders(this.of.model, this.of.optimizer, this.of.valBatches, options);
      }
      this.warmedUp = true;
      await this.steps();
    } finally {
      this.losses.dispose(); // after a failure: losses never read
    }
  }

  /** The training loop proper, from the current step to maxSteps, with its safe points. */
  private async steps(): Promise<void> {
    const s = this.of.settings;
    this.losses.restartInterval();
    for (;;) {
      await this.of.saves.settled(); // a checkpoint reads these weights: not yet
      if (this.of.phase.disposed) return;
      const stop = this.of.phase.stopAt;
      if (stop) {
        await this.readLosses();
        if (stop === 'fail' || this.of.phase.stopAt === 'fail') return this.of.phase.enter({ kind: 'failed' });
        const resumed = this.of.phase.waitForResume();
        if (this.of.saves.changed(this.of.at.step)) this.of.save(); // not awaited: a Resume during it must find the gate
        await resumed;
        if (this.of.phase.disposed) return;
        this.losses.restartInterval();
        continue;
      }
      if (this.of.saves.due(this.of.at.step, this.of.phase.elapsedMs)) {
        await this.readLosses(); // the checkpoint's history then holds every step it trained
        await this.of.checkpoint();
        this.losses.restartInterval(); // saving is not training time
        continue;
      }
      // Evaluation and samples are not training: keep them out of tokens/s.
      const due = this.of.at.due(s);
      if (due.evaluation || due.sample) {
        await this.readLosses();
        if (due.evaluation && (await this.evaluate())) this.of.at.evaluatedAt = this.of.at.step;
        else if (!due.evaluation) await this.sample();
        this.losses.restartInterval();
        continue; // a cut evaluation is taken again after Resume
      }
      if (due.finished) break;
      const { step } = this.of.at;
      const batch = randomBatch(this.of.corpus.split.train, s.batchSize, s.blockSize, this.of.at.batchRng);
      const poison = this.of.beforeStep(step);
      this.losses.push(step, trainOnBatch(this.of.model, this.of.optimizer, batch, this.divergence.lr(step), OPTIMIZER.gradClip, poison));
      this.of.at.step++;
      if (this.losses.due) {
        await this.readLosses();
        await this.of.saves.snapshot(this.of.phase.elapsedMs, this.isDiverged);
        await yieldToEventLoop(); // let Pause in
        this.losses.restartInterval();
      }
    }
    this.of.phase.enter({ kind: 'done' });
    if (this.of.saves.changed(this.of.at.step)) await this.of.checkpoint();
  }

  /**
   * The sync point (lossReadback.ts): queued losses come back and leave at once as chart points;
   * skipped steps (non-finite) are said instead, and too many in a row pause the loop.
   */
  private async readLosses(): Promise<void> {
    const read = await this.losses.read(() => this.of.phase.elapsedMs);
    const { finite, verdict } = this.divergence.review(read);
    if (finite.length > 0) this.of.emit({ type: 'run.metrics', points: finite, evals: [] });
    if (verdict.kind === 'skipped') this.of.emit({ type: 'notice', message: verdict.message });
    if (verdict.kind !== 'rollback' || this.of.phase.disposed) return; // a run being let go is not recovered
    this.of.phase.requestStop('pause'); // the engine replaces this run with its last save
    this.isDiverged = true;
    this.of.diverged(verdict.message);
  }

  /** @returns false when Pause or dispose cut it short (nothing is said then). */
  private async evaluate(): Promise<boolean> {
    const point = await evaluateValidation(this.of.model, this.of.valBatches, () => this.of.phase.interrupted);
    if (point) this.of.emit({ type: 'run.metrics', points: [], evals: [{ step: this.of.at.step, ...point }] });
    return point !== null;
  }

  /** The progress sample (progressSample.ts); Pause keeps what it wrote, marked as cut. */
  private async sample(): Promise<void> {
    const s = this.of.settings;
    if (this.of.phase.interrupted) return; // not begun: taken after Resume
    const rng = createRng(s.seed + SAMPLE_SEED);
    const words = corpusWords(this.of.corpus.source);
    const sample = await writeProgressSample(
      this.of.model,
      this.of.corpus.tokenizer,
      s.sampleLength,
      rng,
      () => this.of.phase.interrupted,
      words,
    );
    this.of.at.sampledAt = this.of.at.step;
    this.of.emit({ type: 'run.sample', sample: { step: this.of.at.step, ...sample } });
  }
}
