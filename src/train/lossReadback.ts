// The loop's one sync point: losses stay on the device until about READ_INTERVAL_MS of steps have
// queued, then one awaited read brings them all back as chart points, with tokens/s measured
// over the interval (evaluation, samples and pauses excluded by restarting the interval).
import * as tf from '@tensorflow/tfjs';
import type { MetricPoint } from '../protocol/reports';

/** Aim for a loss read-back (a GPU sync point) about this often. */
const READ_INTERVAL_MS = 200;
const MAX_STEPS_PER_READ = 16;
/** Weight of the newest interval in the smoothed tokens/s (short intervals are noisy). */
const SPEED_SMOOTHING = 0.3;

interface PendingLoss {
  step: number;
  loss: tf.Scalar;
}

export class LossReadback {
  private pending: PendingLoss[] = [];
  private stepsPerRead = 1;
  private intervalStart = performance.now();
  /** The first step compiles the backward shaders: no tokens/s for its interval. */
  private intervalHasCompile: boolean;
  private smoothedSpeed: number | undefined;

  /** @param tokensPerStep batch × context. */
  constructor(private readonly tokensPerStep: number) {
    this.intervalHasCompile = true;
  }

  /** Queues a step's loss (a scalar still on the device; this class disposes it). */
  push(step: number, loss: tf.Scalar): void {
    this.pending.push({ step, loss });
  }

  /** Enough steps are queued for the next read. */
  get due(): boolean {
    return this.pending.length >= this.stepsPerRead;
  }

  /** Time from here on is training time again (after a pause, evaluation or sample). */
  restartInterval(): void {
    this.intervalStart = performance.now();
  }

  /**
   * Sync point: one awaited read for every queued loss.
   * @param elapsedMs the run's training time so far, stamped on each point.
   * @returns the points, oldest first (empty when nothing was queued).
   */
  async read(elapsedMs: () => number): Promise<MetricPoint[]> {
    if (this.pending.length === 0) return [];
    const pending = this.pending;
    this.pending = [];
    let losses: Float32Array | Int32Array | Uint8Array;
    try {
      const stacked = tf.stack(pending.map((p) => p.loss)); // [n]
      try {
        losses = await stacked.data();
      } finally {
        stacked.dispose();
      }
    } finally {
      pending.forEach((p) => p.loss.dispose());
    }
    const ms = performance.now() - this.intervalStart;
    if (!this.intervalHasCompile) {
      const speed = (pending.length * this.tokensPerStep) / (ms / 1000);
      this.smoothedSpeed = this.smoothedSpeed === undefined ? speed : this.smoothedSpeed + SPEED_SMOOTHING * (speed - this.smoothedSpeed);
    }
    this.intervalHasCompile = false;
    this.stepsPerRead = Math.max(1, Math.min(MAX_STEPS_PER_READ, Math.floor((READ_INTERVAL_MS * pending.length) / ms)));
    // Tokens follow from the step, so a resumed run counts on from where it was saved.
    return pending.map((p, i) => ({
      step: p.step,
      tokens: (p.step + 1) * this.tokensPerStep,
      trainLoss: losses[i],
      tokensPerSecond: this.smoothedSpeed,
      elapsedMs: elapsedMs(),
    }));
  }

  /** Frees losses never read (after a failure). */
  dispose(): void {
    this.pending.forEach((p) => p.loss.dispose());
    this.pending = [];
  }
}
