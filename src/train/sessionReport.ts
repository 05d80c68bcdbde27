// What a training session gives its owner (the engine): the protocol's own run events, which the
// engine only stamps with the run's id, and the three things that are not events (a checkpoint to
// save, a snapshot for the page, a divergence to recover from); and what it can be given at birth.
import type { SessionEvent } from '../protocol/events';
import type { SessionCheckpoint } from './checkpoint';

export interface SessionSink {
  /** run.state, run.metrics, run.sample, run.compiling, notice and error, without their runId. */
  post(e: SessionEvent): void;
  /** The run as it stands, to save: taken between steps (autosave, Pause, the end, or asked). */
  checkpoint?(c: SessionCheckpoint): void;
  /** The run as it stands, about every second of training, for the page to keep against a reload (protocol/lastSteps.ts). */
  snapshot?(c: SessionCheckpoint): void;
  /** Whether snapshots are wanted now (asked before reading the run back, which costs a sync point). */
  wantsSnapshot?(): boolean;
  /** Too many skipped steps in a row: the loop has paused; go back to the last save. */
  diverged?(message: string): void;
}

export interface SessionOptions {
  /** Continue exactly from this checkpoint (same settings and corpus). */
  from?: SessionCheckpoint;
  /** Called before each step; true makes that step's loss non-finite (fault injection). */
  beforeStep?: (step: number) => boolean;
  /** Steps before this one train at half the learning rate (a run rolled back after diverging). */
  lrHalvedUntil?: number;
}
