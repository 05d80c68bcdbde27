// One training run: a model, its optimizer and data, and the loop that steps it (nanoGPT's
// train.py loop, apart from I/O: reports go out through `emit`, the engine decides how to post).
// The loop awaits between steps, so Pause takes effect at the next safe point, and completions
// can run between steps on the same weights. Evaluation and the progress sample check for Pause
// between chunks, so Pause answers within one training step's time.
import * as tf from '@tensorflow/tfjs';
import { createGPT, lossFn, type GPT } from '../model/gpt';
import { generate } from '../model/generate';
import { yieldToEventLoop } from '../model/yieldToEventLoop';
import { createRng, type Rng } from '../data/rng';
import { fixedBatches, randomBatch, type Batch } from '../data/dataset';
import type { PreparedCorpus } from '../data/prepare';
import type { EvalPoint, MetricPoint, RunState, Sample } from '../protocol/reports';
import { OPTIMIZER, minLr, type BackendName, type RunSettings } from '../protocol/settings';
import { AdamW } from './adamw';
import { learningRate, type LrSchedule } from './lrSchedule';
import { corpusMisfit, gptConfigOf } from './summaries';
import { describeFailure } from './failure';
import { trainStep } from './trainStep';

export type SessionReport =
  | { type: 'state'; state: RunState; step: number }
  /** Sent as losses are read back from the device: never one report per step. */
  | { type: 'metrics'; points: MetricPoint[]; evals: EvalPoint[] }
  | { type: 'sample'; sample: Sample }
  /** The loop threw: the run is paused and Resume retries, or it failed for good (failure.ts). */
  | { type: 'failed'; message: string };

/** Aim for a loss read-back (a GPU sync point) about this often. */
const READ_INTERVAL_MS = 200;
const MAX_STEPS_PER_READ = 16;
/** Weight of the newest interval in the smoothed tokens/s (short intervals are noisy). */
const SPEED_SMOOTHING = 0.3;
/** Validation batches per read-back: small enough that Pause never waits long for an evaluation. */
const EVAL_CHUNK = 2;
/** Seed offsets: each stream of randomness gets its own generator. */
const INIT_SEED = 0;
const BATCH_SEED = 1;
const SAMPLE_SEED = 2;

const toTensors = (b: Batch): [tf.Tensor2D, tf.Tensor2D] => [
  tf.tensor2d(b.x, [b.batchSize, b.blockSize], 'int32'), // [B, T]
  tf.tensor2d(b.y, [b.batchSize, b.blockSize], 'int32'), // [B, T]
];

interface PendingLoss {
  step: number;
  lr: number;
  loss: tf.Scalar;
}

export class TrainingSession {
  readonly model: GPT;
  private readonly optimizer: AdamW;
  private readonly batchRng: Rng;
  private readonly valBatches: Batch[];
  private readonly schedule: LrSchedule;

  private state: RunState = 'idle';
  private step = 0;
  private tokens = 0;
  /** Running time before the current stretch; pauses are not counted. */
  private elapsedBeforeMs = 0;
  private runningSince = 0;
  private stopRequested = false;
  private pauseRequested = false;
  private loopAlive = false;
  private resumeGate: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  /** Losses computed on the device and not yet read. */
  private pending: PendingLoss[] = [];
  private smoothedSpeed: number | undefined;
  private evaluatedAt = -1;
  private sampledAt = -1;

  /** @throws Error, before any tensor is allocated, when the settings cannot train on the corpus. */
  constructor(
    readonly settings: RunSettings,
    readonly corpus: PreparedCorpus,
    backend: BackendName,
    private readonly emit: (r: SessionReport) => void,
  ) {
    const s = settings;
    const misfit = corpusMisfit(settings, corpus);
    if (misfit) throw new Error(misfit);
    // WASM has no UnsortedSegmentSum, so tf.gather has no gradient there.
    const embedding = backend === 'wasm' ? 'onehot' : 'gather';
    this.model = createGPT(gptConfigOf(s, corpus), createRng(s.seed + INIT_SEED), { embedding });
    this.optimizer = new AdamW(this.model.params, OPTIMIZER);
    this.batchRng = createRng(s.seed + BATCH_SEED);
    this.valBatches = fixedBatches(corpus.split.val, s.evalBatches, s.batchSize, s.blockSize);
    this.schedule = { lr: s.lr, minLr: minLr(s), warmupSteps: s.warmupSteps, decaySteps: s.maxSteps };
  }

  get stepsTrained(): number {
    return this.step;
  }

  start(): void {
    if (this.state === 'idle') this.runLoop();
  }

  /** The loop stops within one step (cutting a sample or evaluation short) and reports 'paused'. */
  pause(): void {
    if (this.state === 'running') this.pauseRequested = true;
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.pauseRequested = false;
    if (this.loopAlive) this.resumeGate?.();
    else this.runLoop(); // the loop failed: start it again from this step
  }

  /** Stops the loop, waits for it to leave the device alone, and frees every tensor. */
  async dispose(): Promise<void> {
    this.stopRequested = true;
    this.resumeGate?.();
    await this.loopDone.catch(() => undefined);
    this.optimizer.dispose();
    this.model.dispose();
  }

  /** Pause or dispose asked for: work in progress ends at its next check. */
  private get interrupted(): boolean {
    return this.pauseRequested || this.stopRequested;
  }

  private get elapsedMs(): number {
    return this.elapsedBeforeMs + (this.state === 'running' ? performance.now() - this.runningSince : 0);
  }

  private setState(state: RunState): void {
    if (this.state === 'running') this.elapsedBeforeMs = this.elapsedMs;
    if (state === 'running') this.runningSince = performance.now();
    this.state = state;
    this.emit({ type: 'state', state, step: this.step });
  }

  private runLoop(): void {
    this.loopAlive = true;
    this.loopDone = this.loop()
      .catch((e: unknown) => {
        const failure = describeFailure(e);
        this.pauseRequested = true;
        this.setState(failure.resumable ? 'paused' : 'failed');
        this.emit({ type: 'failed', message: failure.message });
      })
      .finally(() => {
        this.pending.forEach((p) => p.loss.dispose()); // after a failure: losses never read
        this.pending = [];
        this.loopAlive = false;
      });
  }

  private async loop(): Promise<void> {
    const s = this.settings;
    let stepsPerRead = 1;
    this.setState('running');
    let intervalStart = performance.now();
    let intervalHasCompile = this.step === 0; // the first step compiles the backward shaders
    for (;;) {
      if (this.stopRequested) return;
      if (this.pauseRequested) {
        await this.readLosses(intervalStart, intervalHasCompile);
        this.setState('paused');
        await new Promise<void>((resolve) => (this.resumeGate = resolve));
        this.resumeGate = null;
        if (this.stopRequested) return;
        this.setState('running');
        intervalStart = performance.now();
        continue;
      }
      // Evaluation and samples are not training: keep them out of tokens/s. The finished model
      // gets a last evaluation and sample.
      const finished = this.step >= s.maxSteps;
      const evalDue = (finished || this.step % s.evalEvery === 0) && this.evaluatedAt !== this.step;
      const sampleDue = (finished || this.step % s.sampleEvery === 0) && this.sampledAt !== this.step;
      if (evalDue || sampleDue) {
        await this.readLosses(intervalStart, intervalHasCompile);
        intervalHasCompile = false;
        if (evalDue && (await this.evaluate())) this.evaluatedAt = this.step;
        else if (!evalDue) await this.sample();
        intervalStart = performance.now();
        continue; // a cut evaluation is taken again after Resume
      }
      if (finished) break;

      const lr = learningRate(this.step, this.schedule);
      const [x, y] = toTensors(randomBatch(this.corpus.split.train, s.batchSize, s.blockSize, this.batchRng));
      const loss = trainStep(this.model, this.optimizer, x, y, lr, OPTIMIZER.gradClip);
      x.dispose();
      y.dispose();
      this.pending.push({ step: this.step, lr, loss });
      this.step++;
      if (this.pending.length >= stepsPerRead) {
        const ms = await this.readLosses(intervalStart, intervalHasCompile);
        stepsPerRead = Math.max(1, Math.min(MAX_STEPS_PER_READ, Math.floor((READ_INTERVAL_MS * stepsPerRead) / ms)));
        intervalHasCompile = false;
        await yieldToEventLoop(); // let Pause in
        intervalStart = performance.now();
      }
    }
    this.setState('done');
  }

  /**
   * Sync point: one awaited read for all losses since the last read; the points leave at once.
   * @returns the interval's length in ms.
   */
  private async readLosses(intervalStart: number, hasCompile: boolean): Promise<number> {
    if (this.pending.length === 0) return READ_INTERVAL_MS;
    const pending = this.pending;
    this.pending = [];
    const stacked = tf.stack(pending.map((p) => p.loss)); // [n]
    const losses = await stacked.data();
    stacked.dispose();
    pending.forEach((p) => p.loss.dispose());
    const ms = performance.now() - intervalStart;
    const tokensPerStep = this.settings.batchSize * this.settings.blockSize;
    if (!hasCompile) {
      const speed = (pending.length * tokensPerStep) / (ms / 1000);
      this.smoothedSpeed = this.smoothedSpeed === undefined ? speed : this.smoothedSpeed + SPEED_SMOOTHING * (speed - this.smoothedSpeed);
    }
    const points = pending.map((p, i): MetricPoint => {
      this.tokens += tokensPerStep;
      return { step: p.step, tokens: this.tokens, trainLoss: losses[i], lr: p.lr, tokensPerSecond: this.smoothedSpeed, elapsedMs: this.elapsedMs };
    });
    this.emit({ type: 'metrics', points, evals: [] });
    return ms;
  }

  /**
   * Mean loss over the fixed validation windows, a few batches per read-back.
   * @returns false when Pause or dispose cut it short (nothing is reported).
   */
  private async evaluate(): Promise<boolean> {
    let sum = 0;
    for (let i = 0; i < this.valBatches.length; i += EVAL_CHUNK) {
      if (this.interrupted) return false;
      const chunkSum = tf.tidy(() => {
        const losses = this.valBatches.slice(i, i + EVAL_CHUNK).map((b) => lossFn(this.model, ...toTensors(b)));
        return tf.sum(tf.stack(losses)); // not addN: WebGPU binds at most 8 buffers per shader
      });
      sum += (await chunkSum.data())[0]; // sync point
      chunkSum.dispose();
      await yieldToEventLoop();
    }
    this.emit({ type: 'metrics', points: [], evals: [{ step: this.step, valLoss: sum / this.valBatches.length }] });
    return true;
  }

  /** The progress sample: fixed seed and prompt, so only the weights differ. Pause keeps what it wrote, marked as cut. */
  private async sample(): Promise<void> {
    const s = this.settings;
    const newline = this.corpus.tokenizer.encode('\n').ids;
    const ids: number[] = [];
    const rng = createRng(s.seed + SAMPLE_SEED);
    let cut = false;
    for await (const id of generate(this.model, newline, { maxNewTokens: s.sampleLength, temperature: 0.8, topK: 40 }, rng)) {
      ids.push(id);
      if (this.interrupted && ids.length < s.sampleLength) {
        cut = true;
        break;
      }
    }
    this.sampledAt = this.step;
    this.emit({ type: 'sample', sample: { step: this.step, text: this.corpus.tokenizer.decode(ids), ...(cut ? { cut } : {}) } });
  }
}
