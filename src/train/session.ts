// One training run: a model, its optimizer and data, and the loop that steps it (nanoGPT's
// train.py loop, apart from I/O: reports go out through `emit`, the engine decides how to post).
// The loop awaits between steps, so Pause takes effect at the next safe point, and completions
// can run between steps on the same weights. Evaluation and the progress sample check for Pause
// between chunks, so Pause answers within one training step's time.
import { createGPT, type GPT } from '../model/gpt';
import { yieldToEventLoop } from '../model/yieldToEventLoop';
import { createRng, restoreRng, type Rng } from '../data/rng';
import { fixedBatches, randomBatch, type Batch } from '../data/dataset';
import type { PreparedCorpus } from '../data/prepare';
import type { RunState } from '../protocol/reports';
import { DEFAULT_SHADER_WARMUP, OPTIMIZER, minLr, type BackendName, type RunSettings } from '../protocol/settings';
import { AdamW } from './adamw';
import type { LrSchedule } from './lrSchedule';
import { corpusMisfit, gptConfigOf } from './summaries';
import { opsFor } from '../kernels/ops';
import { describeFailure } from './failure';
import { trainOnBatch } from './trainStep';
import { warmUpShaders, type CompileProgress } from './shaderWarmup';
import { corpusWords, writeProgressSample } from './progressSample';
import { LossReadback } from './lossReadback';
import { evaluateValidation } from './evaluation';
import { readVariables, assignVariables } from '../model/weights';
import { allFinite, checkpointProblem, emptyHistory, recordHistory, type RunHistory, type SessionCheckpoint } from './checkpoint';
import { SNAPSHOT_EVERY_MS } from '../protocol/lastSteps';
import { Autosave } from './autosave';
import { DivergenceGuard } from './divergence';
import type { SessionOptions, SessionReport } from './sessionReport';

/** Seed offsets: each stream of randomness (init, batches, samples) gets its own generator. */
export const [INIT_SEED, BATCH_SEED, SAMPLE_SEED] = [0, 1, 2];

export class TrainingSession {
  readonly model: GPT;
  private readonly optimizer: AdamW;
  private batchRng: Rng;
  private readonly valBatches: Batch[];
  private readonly schedule: LrSchedule;
  private readonly losses: LossReadback;

  private state: RunState = 'idle';
  private step = 0;
  /** Running time before the current stretch; pauses are not counted. */
  private elapsedBeforeMs = 0;
  private runningSince = 0;
  private stopRequested = false;
  private pauseRequested = false;
  private failRequested = false;
  private loopAlive = false;
  private resumeGate: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private evaluatedAt = -1;
  private sampledAt = -1;
  /** Training time of the last snapshot for the page (ms). */
  private snapshotAt = 0;
  private readonly pastHistory: RunHistory = emptyHistory();
  private autosave = new Autosave();
  private readonly divergence: DivergenceGuard;
  private diverged = false;
  private warmedUp = false; // GPU pipelines compiled ahead (shaderWarmup.ts): once, before the first step
  private readonly beforeStep: (step: number) => boolean;

  /**
   * A fresh run, or one continued exactly from a checkpoint of the same settings and corpus.
   * @throws Error, before any tensor is allocated, when the settings cannot train on the corpus;
   *   Error naming the misfit when the checkpoint's weights or moments do not fit the model.
   */
  constructor(
    readonly settings: RunSettings,
    readonly corpus: PreparedCorpus,
    backend: BackendName,
    private readonly report: (r: SessionReport) => void,
    { from, beforeStep = () => false, lrHalvedUntil = 0 }: SessionOptions = {},
  ) {
    this.beforeStep = beforeStep;
    const s = settings;
    const misfit = corpusMisfit(settings, corpus);
    if (misfit) throw new Error(misfit);
    const ops = opsFor(backend, s.kernels); // the step's implementation, chosen once for the run
    this.model = createGPT(gptConfigOf(s, corpus), createRng(s.seed + INIT_SEED), { ops });
    this.optimizer = new AdamW(this.model.params, OPTIMIZER, ops);
    this.batchRng = createRng(s.seed + BATCH_SEED);
    this.valBatches = fixedBatches(corpus.split.val, s.evalBatches, s.batchSize, s.blockSize);
    this.schedule = { lr: s.lr, minLr: minLr(s), warmupSteps: s.warmupSteps, decaySteps: s.maxSteps };
    this.divergence = new DivergenceGuard(this.schedule, lrHalvedUntil);
    this.losses = new LossReadback(s.batchSize * s.blockSize);
    if (from) this.restore(from);
  }

  private restore(from: SessionCheckpoint): void {
    try {
      const problem = checkpointProblem(from, this.model.config);
      if (problem) throw new Error(`This saved run cannot be resumed: ${problem}`);
      assignVariables(this.model.params, from.weights);
      this.optimizer.restore(from.optimizer);
      this.batchRng = restoreRng(from.batchRng);
    } catch (e) {
      this.optimizer.dispose();
      this.model.dispose();
      throw e;
    }
    recordHistory(this.pastHistory, from.history);
    ({ step: this.step, elapsedMs: this.elapsedBeforeMs, evaluatedAt: this.evaluatedAt, sampledAt: this.sampledAt } = from);
    this.autosave = new Autosave({ step: from.step, ms: from.elapsedMs });
    // Done only if its last evaluation and sample were taken; else Resume takes them.
    this.state = from.step >= this.settings.maxSteps && from.evaluatedAt === from.step && from.sampledAt === from.step ? 'done' : 'paused';
  }

  /** Reports go out through here, and what the page will show is kept for the next checkpoint. */
  private emit(r: SessionReport): void {
    if (r.type === 'metrics') recordHistory(this.pastHistory, r);
    else if (r.type === 'sample') recordHistory(this.pastHistory, { samples: [r.sample] });
    this.report(r);
  }

  /** What the page shows of the run's past: its points, evaluations and samples (a restored run's included). */
  get history(): RunHistory {
    return this.pastHistory;
  }

  /** 'running': the weights move between any two awaits. */
  get runState(): RunState {
    return this.state;
  }

  /**
   * Asks for a checkpoint (the tab is being hidden, say): taken at the next step boundary while
   * training, at once otherwise. Reported as a 'checkpoint' report.
   */
  save(): void {
    if (this.state === 'running') this.autosave.ask();
    else if (this.state !== 'failed' && this.autosave.changed(this.step)) void this.checkpoint();
  }

  /** The run as it stands, read back from the device: a sync point, between steps only. */
  private async capture(): Promise<SessionCheckpoint> {
    const taken = {
      step: this.step,
      elapsedMs: this.elapsedMs,
      evaluatedAt: this.evaluatedAt,
      sampledAt: this.sampledAt,
      batchRng: this.batchRng.save(),
      history: { ...this.pastHistory },
    };
    return { ...taken, weights: await readVariables(this.model.params), optimizer: await this.optimizer.save() };
  }

  /** Reads the run back and reports it; between steps only (the loop waits for it: Autosave). Never rejects. */
  private checkpoint(): Promise<void> {
    if (this.stopRequested || this.diverged) return Promise.resolve(); // a diverged run goes back to its last save
    const unsaved = (message: string) => this.stopRequested || this.report({ type: 'unsaved', message });
    return this.autosave.take(
      () => this.capture(),
      (checkpoint) => this.report({ type: 'checkpoint', checkpoint }),
      unsaved,
    );
  }

  /**
   * About every SNAPSHOT_EVERY_MS of training, the run as it stands goes to the page, which keeps it
   * against a reload (protocol/lastSteps.ts); a diverged one does not.
   */
  private async snapshot(): Promise<void> {
    if (this.elapsedMs - this.snapshotAt < SNAPSHOT_EVERY_MS || this.diverged) return;
    this.snapshotAt = this.elapsedMs;
    const checkpoint = await this.capture();
    if (allFinite(checkpoint)) this.report({ type: 'snapshot', checkpoint });
  }

  get stepsTrained(): number {
    return this.step;
  }

  start(): void {
    if (this.state === 'idle') this.runLoop();
  }

  /**
   * The loop stops within one step (cutting a sample or evaluation short) and reports 'paused'.
   * @returns whether there was a running loop to stop.
   */
  pause(): boolean {
    if (this.state !== 'running') return false;
    this.pauseRequested = true;
    return true;
  }

  /** The device is gone: the loop stops within one step and the run ends as 'failed' (no Resume). */
  fail(): void {
    this.failRequested = true;
    if (this.state === 'running') this.pauseRequested = true;
    else if (this.state !== 'done') this.setState('failed');
  }

  resume(): void {
    if (this.state !== 'paused' || this.failRequested) return;
    this.pauseRequested = false;
    if (this.loopAlive) this.resumeGate?.();
    else this.runLoop(); // the loop failed: start it again from this step
  }

  /** Stops the loop, waits for it to leave the device alone, and frees every tensor. */
  async dispose(): Promise<void> {
    this.stopRequested = true;
    this.resumeGate?.();
    await this.loopDone.catch(() => undefined);
    await this.autosave.settled(); // a save reading the weights we free next
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
        this.setState(failure.resumable && !this.failRequested ? 'paused' : 'failed');
        // A lost device has its own message already; "Resume to try again" would contradict it.
        if (!this.failRequested) this.emit({ type: 'failed', message: failure.message });
      })
      .finally(() => {
        this.losses.dispose(); // after a failure: losses never read
        this.loopAlive = false;
      });
  }

  private async loop(): Promise<void> {
    const s = this.settings;
    this.setState('running');
    const onProgress = (p: CompileProgress) => this.emit({ type: 'compiling', ...p });
    if (!this.warmedUp && (s.shaderWarmup ?? DEFAULT_SHADER_WARMUP) === 'on')
      await warmUpShaders(this.model, this.optimizer, this.valBatches, {
        lr: s.lr,
        gradClip: OPTIMIZER.gradClip,
        onProgress,
        interrupted: () => this.interrupted,
      });
    this.warmedUp = true;
    this.losses.restartInterval();
    for (;;) {
      await this.autosave.settled(); // a checkpoint reads these weights: not yet
      if (this.stopRequested) return;
      if (this.pauseRequested) {
        await this.readLosses();
        if (this.failRequested) return this.setState('failed');
        this.setState('paused');
        if (this.autosave.changed(this.step)) this.save(); // not awaited: a Resume during it must find the gate
        if (this.stopRequested) return; // dispose came during the read: no one would open the gate
        await new Promise<void>((resolve) => (this.resumeGate = resolve));
        this.resumeGate = null;
        if (this.stopRequested) return;
        this.setState('running');
        this.losses.restartInterval();
        continue;
      }
      if (this.autosave.due(this.step, this.elapsedMs)) {
        await this.readLosses(); // the checkpoint's history then holds every step it trained
        await this.checkpoint();
        this.losses.restartInterval(); // saving is not training time
        continue;
      }
      // Evaluation and samples are not training: keep them out of tokens/s. The finished model
      // gets a last evaluation and sample.
      const finished = this.step >= s.maxSteps;
      const evalDue = (finished || this.step % s.evalEvery === 0) && this.evaluatedAt !== this.step;
      const sampleDue = (finished || this.step % s.sampleEvery === 0) && this.sampledAt !== this.step;
      if (evalDue || sampleDue) {
        await this.readLosses();
        if (evalDue && (await this.evaluate())) this.evaluatedAt = this.step;
        else if (!evalDue) await this.sample();
        this.losses.restartInterval();
        continue; // a cut evaluation is taken again after Resume
      }
      if (finished) break;

      const poison = this.beforeStep(this.step);
      const batch = randomBatch(this.corpus.split.train, s.batchSize, s.blockSize, this.batchRng);
      this.losses.push(
        this.step,
        trainOnBatch(this.model, this.optimizer, batch, this.divergence.lr(this.step), OPTIMIZER.gradClip, poison),
      );
      this.step++;
      if (this.losses.due) {
        await this.readLosses();
        await this.snapshot();
        await yieldToEventLoop(); // let Pause in
        this.losses.restartInterval();
      }
    }
    this.setState('done');
    if (this.autosave.changed(this.step)) await this.checkpoint();
  }

  /**
   * The sync point (lossReadback.ts): queued losses come back and leave at once as chart points;
   * skipped steps (non-finite) are said instead, and too many in a row pause the loop.
   */
  private async readLosses(): Promise<void> {
    const read = await this.losses.read(() => this.elapsedMs);
    const { finite, verdict } = this.divergence.review(read);
    if (finite.length > 0) this.emit({ type: 'metrics', points: finite, evals: [] });
    if (verdict.kind === 'skipped') this.emit({ type: 'notice', message: verdict.message });
    if (verdict.kind !== 'rollback' || this.stopRequested) return; // a run being let go is not recovered
    this.pauseRequested = true; // the engine replaces this run with its last save
    this.diverged = true;
    this.emit({ type: 'diverged', message: verdict.message });
  }

  /** @returns false when Pause or dispose cut it short (nothing is reported then). */
  private async evaluate(): Promise<boolean> {
    const point = await evaluateValidation(this.model, this.valBatches, () => this.interrupted);
    if (point) this.emit({ type: 'metrics', points: [], evals: [{ step: this.step, ...point }] });
    return point !== null;
  }

  /** The progress sample (progressSample.ts); Pause keeps what it wrote, marked as cut. */
  private async sample(): Promise<void> {
    const s = this.settings;
    if (this.interrupted) return; // not begun: taken after Resume
    const sample = await writeProgressSample(
      this.model,
      this.corpus.tokenizer,
      s.sampleLength,
      createRng(s.seed + SAMPLE_SEED),
      () => this.interrupted,
      corpusWords(this.corpus.source),
    );
    this.sampledAt = this.step;
    this.emit({ type: 'sample', sample: { step: this.step, ...sample } });
  }
}
