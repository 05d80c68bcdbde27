// One training run: a model, its optimizer and data, and the loop that steps it (nanoGPT's
// train.py loop, apart from I/O: events go out through `emit`, the worker decides how to post).
// The loop awaits between steps, so pause takes effect at a safe point and prompt generation
// can run between steps on the same weights.
import * as tf from '@tensorflow/tfjs';
import { countParams, trainFlopsPerToken, type GPTConfig } from '../model/config';
import { createGPT, lossFn, type GPT } from '../model/gpt';
import { generate } from '../model/generate';
import { createRng, type Rng } from '../data/rng';
import { fixedBatches, minSplitTokens, randomBatch, type Batch } from '../data/dataset';
import { previewOf, type PreparedCorpus } from '../data/prepare';
import { AdamW } from './adamw';
import { learningRate, type LrSchedule } from './lrSchedule';
import { trainStep } from './trainStep';
import { yieldToEventLoop } from './yieldToEventLoop';
import { OPTIMIZER, minLr, presetLabel, type RunSettings } from './settings';
import type { BackendName } from './settings';
import type { CorpusSummary, EvalPoint, GenerateRequest, MetricPoint, ModelSummary, RunState, Sample } from './types';

export type SessionEvent =
  | { type: 'state'; state: RunState; step: number }
  | { type: 'metrics'; points: MetricPoint[]; evals: EvalPoint[] }
  | { type: 'sample'; sample: Sample }
  /** The loop threw (a GPU or backend failure): the run is paused and Resume retries. */
  | { type: 'failed'; message: string };

/** Aim for a loss read-back (a GPU sync point) about this often. */
const READ_INTERVAL_MS = 200;
const MAX_STEPS_PER_READ = 16;
/** Weight of the newest interval in the smoothed tokens/s (short intervals are noisy). */
const SPEED_SMOOTHING = 0.3;
/** Metrics leave the worker in batches, at most this often. */
const POST_INTERVAL_MS = 100;
/** Seed offsets: each stream of randomness gets its own generator. */
const BATCH_SEED = 1;
const SAMPLE_SEED = 2;

const toTensors = (b: Batch): [tf.Tensor2D, tf.Tensor2D] => [
  tf.tensor2d(b.x, [b.batchSize, b.blockSize], 'int32'),
  tf.tensor2d(b.y, [b.batchSize, b.blockSize], 'int32'),
];

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
  private loopAlive = false;
  private pauseRequested = false;
  private resumeGate: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private outbox: MetricPoint[] = [];
  private evalOutbox: EvalPoint[] = [];
  private readonly postTimer: ReturnType<typeof setInterval>;

  constructor(
    readonly settings: RunSettings,
    readonly corpus: PreparedCorpus,
    backend: BackendName,
    private readonly emit: (e: SessionEvent) => void,
  ) {
    const s = settings;
    const misfit = TrainingSession.misfit(settings, corpus);
    if (misfit) throw new Error(misfit); // before any tensor is allocated
    // WASM has no UnsortedSegmentSum, so tf.gather has no gradient there.
    this.model = createGPT(this.gptConfig, s.seed, { embedding: backend === 'wasm' ? 'onehot' : 'gather' });
    this.optimizer = new AdamW(this.model.params, OPTIMIZER);
    this.batchRng = createRng(s.seed + BATCH_SEED);
    this.valBatches = fixedBatches(corpus.split.val, s.evalBatches, s.batchSize, s.blockSize);
    this.schedule = { lr: s.lr, minLr: minLr(s), warmupSteps: s.warmupSteps, decaySteps: s.maxSteps };
    this.postTimer = setInterval(() => this.postMetrics(), POST_INTERVAL_MS);
  }

  get stepsTrained(): number {
    return this.step;
  }

  /** Why these settings cannot train on this corpus (context longer than a split), or null. */
  static misfit(settings: RunSettings, corpus: PreparedCorpus): string | null {
    const shortest = Math.min(corpus.split.train.length, corpus.split.val.length);
    if (shortest >= minSplitTokens(settings.blockSize)) return null;
    return `A context of ${settings.blockSize} is too long for ${corpus.source.name}: its validation part has ${shortest} tokens. Lower the context or use a longer text.`;
  }

  get gptConfig(): GPTConfig {
    const s = this.settings;
    return { vocabSize: this.corpus.tokenizer.vocabSize, blockSize: s.blockSize, nLayer: s.nLayer, nHead: s.nHead, nEmbd: s.nEmbd };
  }

  get modelSummary(): ModelSummary {
    const c = this.gptConfig;
    return { preset: presetLabel(this.settings), ...c, params: countParams(c), flopsPerToken: trainFlopsPerToken(c) };
  }

  get corpusSummary(): CorpusSummary {
    const { source, characters, tokenizer, tokenizerChoice, split, notices, firstMerges } = this.corpus;
    return {
      name: source.name, names: source.names, bytes: source.bytes, characters, tokenizer: tokenizerChoice,
      vocabSize: tokenizer.vocabSize, tokens: split.train.length + split.val.length,
      trainTokens: split.train.length, valTokens: split.val.length, preview: previewOf(source.text), notices, firstMerges,
    };
  }

  start(): void {
    if (this.state === 'idle') this.runLoop();
  }

  private runLoop(): void {
    this.loopAlive = true;
    this.loopDone = this.loop().catch((e: unknown) => {
      this.pauseRequested = true;
      this.setState('paused');
      this.emit({ type: 'failed', message: `Training stopped: ${e instanceof Error ? e.message : String(e)}. Resume to try again, or Reset.` });
    }).finally(() => {
      this.loopAlive = false;
    });
  }

  /** The loop stops at its next safe point and reports 'paused'. */
  pause(): void {
    if (this.state === 'running') this.pauseRequested = true;
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.pauseRequested = false;
    if (this.loopAlive) this.resumeGate?.();
    else this.runLoop(); // the loop failed: start it again from this step
  }

  /** Stops the loop, waits for it to leave the GPU alone, and frees every tensor. */
  async dispose(): Promise<void> {
    this.stopRequested = true;
    this.resumeGate?.();
    clearInterval(this.postTimer);
    await this.loopDone.catch(() => undefined);
    this.optimizer.dispose();
    this.model.dispose();
  }

  private get elapsedMs(): number {
    return this.elapsedBeforeMs + (this.state === 'running' ? performance.now() - this.runningSince : 0);
  }

  private setState(state: RunState): void {
    if (this.state === 'running') this.elapsedBeforeMs = this.elapsedMs;
    if (state === 'running') this.runningSince = performance.now();
    this.state = state;
    this.postMetrics();
    this.emit({ type: 'state', state, step: this.step });
  }

  private postMetrics(): void {
    if (this.outbox.length === 0 && this.evalOutbox.length === 0) return;
    this.emit({ type: 'metrics', points: this.outbox, evals: this.evalOutbox });
    this.outbox = [];
    this.evalOutbox = [];
  }

  private async loop(): Promise<void> {
    const s = this.settings;
    const tokensPerStep = s.batchSize * s.blockSize;
    let stepsPerRead = 1;
    let pending: { step: number; lr: number; loss: tf.Scalar }[] = [];
    let intervalStart = performance.now();
    let smoothedSpeed: number | undefined;
    let intervalHasCompile = true; // the first step compiles the backward shaders: no tokens/s for it

    // Sync point: one awaited read for all losses since the last read.
    const readPending = async (): Promise<void> => {
      if (pending.length === 0) return;
      const stacked = tf.stack(pending.map((p) => p.loss));
      const losses = await stacked.data();
      stacked.dispose();
      const now = performance.now();
      const ms = now - intervalStart;
      if (!intervalHasCompile) {
        const speed = (pending.length * tokensPerStep) / (ms / 1000);
        smoothedSpeed = smoothedSpeed === undefined ? speed : smoothedSpeed + SPEED_SMOOTHING * (speed - smoothedSpeed);
      }
      const tokensPerSecond = smoothedSpeed;
      pending.forEach((p, i) => {
        p.loss.dispose();
        this.tokens += tokensPerStep;
        this.outbox.push({ step: p.step, tokens: this.tokens, trainLoss: losses[i], lr: p.lr, tokensPerSecond, elapsedMs: this.elapsedMs });
      });
      stepsPerRead = Math.max(1, Math.min(MAX_STEPS_PER_READ, Math.floor((READ_INTERVAL_MS * pending.length) / ms)));
      pending = [];
      intervalHasCompile = false;
      await yieldToEventLoop(); // let Pause and the metrics timer in
      intervalStart = performance.now();
    };

    try {
      this.setState('running');
      while (!this.stopRequested && this.step < s.maxSteps) {
        if (this.pauseRequested) {
          await readPending();
          this.setState('paused');
          await new Promise<void>((resolve) => (this.resumeGate = resolve));
          this.resumeGate = null;
          if (this.stopRequested) break;
          this.setState('running');
          intervalStart = performance.now();
          continue;
        }
        // Evaluation and samples are not training: keep them out of tokens/s.
        const evalNow = this.step % s.evalEvery === 0;
        const sampleNow = this.step % s.sampleEvery === 0;
        if (evalNow || sampleNow) {
          await readPending();
          if (evalNow) await this.evaluate();
          if (sampleNow) await this.sample();
          intervalStart = performance.now();
        }

        const lr = learningRate(this.step, this.schedule);
        const [x, y] = toTensors(randomBatch(this.corpus.split.train, s.batchSize, s.blockSize, this.batchRng));
        const loss = trainStep(this.model, this.optimizer, x, y, lr, OPTIMIZER.gradClip);
        x.dispose();
        y.dispose();
        pending.push({ step: this.step, lr, loss });
        this.step++;
        if (pending.length >= stepsPerRead) await readPending();
      }
      await readPending();
      if (this.stopRequested) return;
      // The finished model gets a last evaluation and sample.
      await this.evaluate();
      await this.sample();
      this.setState('done');
    } finally {
      pending.forEach((p) => p.loss.dispose()); // after a failure: losses never read
    }
  }

  /** Mean loss over the fixed validation windows, queued for the charts. One read-back. */
  private async evaluate(): Promise<void> {
    const total = tf.tidy(() => {
      const losses = this.valBatches.map((b) => {
        const [x, y] = toTensors(b);
        return lossFn(this.model, x, y);
      });
      return tf.mean(tf.stack(losses)); // not addN: WebGPU binds at most 8 buffers per shader
    });
    const [valLoss] = await total.data(); // sync point
    total.dispose();
    this.evalOutbox.push({ step: this.step, valLoss });
  }

  /** The progress sample: fixed seed and prompt, so only the weights differ between samples. */
  private async sample(): Promise<void> {
    const s = this.settings;
    const newline = this.corpus.tokenizer.encode('\n').ids;
    const ids: number[] = [];
    const rng = createRng(s.seed + SAMPLE_SEED);
    for await (const id of generate(this.model, newline, { maxNewTokens: s.sampleLength, temperature: 0.8, topK: 40 }, rng)) {
      if (this.stopRequested) break;
      ids.push(id);
      await yieldToEventLoop();
    }
    this.emit({ type: 'sample', sample: { step: this.step, text: this.corpus.tokenizer.decode(ids) } });
  }

  /**
   * Streams a completion of a person's prompt from the current weights, between training steps.
   * Characters outside the vocabulary are skipped and named; a long prompt keeps its last
   * blockSize tokens (generate crops).
   */
  async complete(
    req: GenerateRequest,
    seed: number,
    on: { start(skipped: string[], croppedTo?: number): void; text(text: string): void; cancelled(): boolean },
  ): Promise<void> {
    const { ids, skipped } = this.corpus.tokenizer.encode(req.prompt);
    const blockSize = this.settings.blockSize;
    on.start(skipped, ids.length > blockSize ? blockSize : undefined);
    const opts = { maxNewTokens: req.maxNewTokens, temperature: req.temperature, topK: req.topK };
    // A BPE token can end inside a UTF-8 character: hold tokens back until they decode whole.
    let held: number[] = [];
    for await (const id of generate(this.model, ids, opts, createRng(seed))) {
      if (this.stopRequested || on.cancelled()) break;
      held.push(id);
      const text = this.corpus.tokenizer.decode(held);
      if (!text.endsWith('\uFFFD') || held.length >= 4) {
        on.text(text);
        held = [];
      }
      await yieldToEventLoop(); // lets sample.stop in on synchronous backends
    }
    if (held.length > 0) on.text(this.corpus.tokenizer.decode(held));
  }
}
