// A training run's saves, both ways: checkpoints for storage (every SAVE_EVERY_* of training, on
// Pause, at the end, or when asked: autosave.ts) and snapshots for the page to keep against a
// reload (about every SNAPSHOT_EVERY_MS: protocol/lastSteps.ts), each read back between steps (the
// weights and AdamW's moments from the device, and the loop's position: step, RNG, history); and
// a run continued from one, its weights, moments and RNG written back.
import type { GPT } from '../model/gpt';
import { assignVariables, readVariables } from '../model/weights';
import { SNAPSHOT_EVERY_MS } from '../protocol/lastSteps';
import type { AdamW } from './adamw';
import { allFinite, checkpointProblem, type SessionCheckpoint } from './checkpoint';
import type { PositionRecord } from './runPosition';
import { Autosave } from './autosave';
import type { SessionSink } from './sessionReport';

/**
 * Writes a checkpoint's weights and moments into a fresh model and optimizer (same settings and
 * corpus): with its position (runPosition.ts), the run continues exactly (train/resume.test.ts).
 * @throws Error naming the misfit (the model and optimizer are freed then: the session is not built).
 */
export function restoreTensors(from: SessionCheckpoint, model: GPT, optimizer: AdamW): void {
  try {
    const problem = checkpointProblem(from, model.config);
    if (problem) throw new Error(`This saved run cannot be resumed: ${problem}`);
    assignVariables(model.params, from.weights);
    optimizer.restore(from.optimizer);
  } catch (e) {
    optimizer.dispose();
    model.dispose();
    throw e;
  }
}

export class SessionSaves {
  private readonly autosave: Autosave;
  /** Training time at which the next snapshot for the page is due (ms). */
  private nextSnapshotMs: number;

  /**
   * @param position where the loop stands now (read at the start of each capture).
   * @param from the checkpoint the run continues from (its step and training time start the cadences).
   */
  constructor(
    private readonly model: GPT,
    private readonly optimizer: AdamW,
    private readonly sink: SessionSink,
    private readonly position: () => PositionRecord,
    from?: Pick<SessionCheckpoint, 'step' | 'elapsedMs'>,
  ) {
    this.autosave = new Autosave(from && { step: from.step, ms: from.elapsedMs });
    this.nextSnapshotMs = (from?.elapsedMs ?? 0) + SNAPSHOT_EVERY_MS;
  }

  /** The run as it stands: its position now, then its weights and moments read from the device (a sync point). */
  private async capture(): Promise<SessionCheckpoint> {
    const taken = this.position();
    return {
      ...taken,
      history: { ...taken.history },
      weights: await readVariables(this.model.params),
      optimizer: await this.optimizer.save(),
    };
  }

  /**
   * Reads the run back and hands it to be saved, one at a time (the loop waits: settled()); a
   * diverged run is not (it goes back to its last save), nor one being let go. Never rejects.
   * @param unsaved what to say when a checkpoint was not taken (non-finite weights, a failed read).
   */
  checkpoint(skip: boolean, unsaved: (message: string) => void): Promise<void> {
    if (skip) return Promise.resolve();
    return this.autosave.take(
      () => this.capture(),
      (c) => this.sink.checkpoint?.(c),
      unsaved,
    );
  }

  /**
   * About every SNAPSHOT_EVERY_MS of training, the run as it stands goes to the page (finite ones
   * only). A run whose read-back is slow (a big model) is snapshotted less often: at most about a
   * tenth of its training time goes to snapshots.
   */
  async snapshot(elapsedMs: number, skip: boolean): Promise<void> {
    if (!this.sink.snapshot || skip || !(this.sink.wantsSnapshot?.() ?? true) || elapsedMs < this.nextSnapshotMs) return;
    const started = performance.now();
    const checkpoint = await this.capture();
    if (allFinite(checkpoint)) this.sink.snapshot(checkpoint);
    this.nextSnapshotMs = elapsedMs + Math.max(SNAPSHOT_EVERY_MS, 10 * (performance.now() - started));
  }

  /** A checkpoint at the next step boundary (the tab is being hidden, say). */
  ask(): void {
    this.autosave.ask();
  }

  /** Steps were trained since the last checkpoint. */
  changed(step: number): boolean {
    return this.autosave.changed(step);
  }

  /** A checkpoint is due: asked for, or SAVE_EVERY_* has passed. */
  due(step: number, elapsedMs: number): boolean {
    return this.autosave.due(step, elapsedMs);
  }

  /** Resolves once no checkpoint is being read (the loop must not step under one). */
  settled(): Promise<void> {
    return this.autosave.settled();
  }
}
