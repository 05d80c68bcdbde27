// Where a training run stands in its schedule and its data: the next step, the steps whose
// evaluation and progress sample were taken, the batch sampler's random state, and the history of
// what it has said (chart points, evaluations, samples, capped as the page caps them). A
// checkpoint records exactly this besides the tensors; a restored run takes it back.
import { createRng, restoreRng, type Rng, type RngState } from '../data/rng';
import type { SessionEvent } from '../protocol/events';
import type { RunSettings } from '../protocol/settings';
import { emptyHistory, recordHistory, type RunHistory, type SessionCheckpoint } from './checkpoint';

/** Where the loop stands, as a checkpoint records it (the tensors apart). */
export interface PositionRecord {
  step: number;
  elapsedMs: number;
  evaluatedAt: number;
  sampledAt: number;
  batchRng: RngState;
  history: RunHistory;
}

export class RunPosition {
  /** Steps trained: the next step is this one. */
  step = 0;
  /** The steps whose evaluation and progress sample were taken (-1: none yet). */
  evaluatedAt = -1;
  sampledAt = -1;
  batchRng: Rng;
  readonly history: RunHistory = emptyHistory();

  constructor(batchSeed: number) {
    this.batchRng = createRng(batchSeed);
  }

  /** A checkpoint's position (its RNG, counters and history), continued exactly. */
  restore(from: SessionCheckpoint): void {
    this.batchRng = restoreRng(from.batchRng);
    ({ step: this.step, evaluatedAt: this.evaluatedAt, sampledAt: this.sampledAt } = from);
    recordHistory(this.history, from.history);
  }

  /** Keeps what the page will show (points, evaluations, samples) for the next checkpoint. */
  record(e: SessionEvent): void {
    if (e.type === 'run.metrics') recordHistory(this.history, e);
    else if (e.type === 'run.sample') recordHistory(this.history, { samples: [e.sample] });
  }

  /** The position now, as a checkpoint records it. */
  read(elapsedMs: number): PositionRecord {
    const { step, evaluatedAt, sampledAt } = this;
    return { step, evaluatedAt, sampledAt, elapsedMs, batchRng: this.batchRng.save(), history: { ...this.history } };
  }

  /** What is due before the next step: the run is finished, an evaluation or a sample is (the finished model gets a last one of each). */
  due(s: Pick<RunSettings, 'maxSteps' | 'evalEvery' | 'sampleEvery'>): { finished: boolean; evaluation: boolean; sample: boolean } {
    const finished = this.step >= s.maxSteps;
    const evaluation = (finished || this.step % s.evalEvery === 0) && this.evaluatedAt !== this.step;
    const sample = (finished || this.step % s.sampleEvery === 0) && this.sampledAt !== this.step;
    return { finished, evaluation, sample };
  }

  /** A restored run that has finished: its last evaluation and sample were taken. */
  done(maxSteps: number): boolean {
    return this.step >= maxSteps && this.evaluatedAt === this.step && this.sampledAt === this.step;
  }
}
