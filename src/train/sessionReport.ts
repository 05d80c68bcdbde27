// What a training session tells its owner (the engine), and what it can be given at birth.
import type { EvalPoint, MetricPoint, RunState, Sample } from '../protocol/reports';
import type { SessionCheckpoint } from './checkpoint';

export type SessionReport =
  | { type: 'state'; state: RunState; step: number }
  /** Sent as losses are read back from the device: never one report per step. */
  | { type: 'metrics'; points: MetricPoint[]; evals: EvalPoint[] }
  | { type: 'sample'; sample: Sample }
  /** GPU pipelines compiled before the first step (shaderWarmup.ts): done of total so far. */
  | { type: 'compiling'; done: number; total: number }
  /** The loop threw: the run is paused and Resume retries, or it failed for good (failure.ts). */
  | { type: 'failed'; message: string }
  /** The run as it stands, to save: taken between steps (autosave, Pause, the end, or asked). */
  | { type: 'checkpoint'; checkpoint: SessionCheckpoint }
  /** The run as it stands, about every second of training, for the page to keep against a reload (protocol/lastSteps.ts). */
  | { type: 'snapshot'; checkpoint: SessionCheckpoint }
  /** A checkpoint was not taken (diverged weights, a failed read); training goes on. */
  | { type: 'unsaved'; message: string }
  /** Steps were skipped for non-finite losses (divergence.ts); training goes on. */
  | { type: 'notice'; message: string }
  /** Too many skipped steps in a row: the loop has paused; go back to the last save. */
  | { type: 'diverged'; message: string };

export interface SessionOptions {
  /** Continue exactly from this checkpoint (same settings and corpus). */
  from?: SessionCheckpoint;
  /** Called before each step; true makes that step's loss non-finite (fault injection). */
  beforeStep?: (step: number) => boolean;
  /** Steps before this one train at half the learning rate (a run rolled back after diverging). */
  lrHalvedUntil?: number;
}
