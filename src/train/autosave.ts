// When a run is saved, and the one checkpoint being read at a time. A checkpoint is taken
// between steps: its synchronous part (step, RNG, history) and its awaited reads (weights,
// moments) must see the same step, so the loop waits for `settled()` before stepping again.
import { allFinite, type SessionCheckpoint } from './checkpoint';
import { errorMessage } from '../protocol/errors';

/** Autosave: at most this many steps or this much training time between checkpoints. */
export const SAVE_EVERY_STEPS = 200;
export const SAVE_EVERY_MS = 60_000;

export class Autosave {
  private last: { step: number; ms: number };
  private asked = false;
  private reading: Promise<void> | null = null;

  /** @param from the step and training time (ms) of the checkpoint the run started from. */
  constructor(from = { step: 0, ms: 0 }) {
    this.last = { ...from };
  }

  /** A save at the next step boundary (the tab is being hidden, say). */
  ask(): void {
    this.asked = true;
  }

  /** Steps were trained since the last checkpoint (Pause and the end save then). */
  changed(step: number): boolean {
    return step !== this.last.step;
  }

  /** Something new since the last checkpoint, and it was asked for or SAVE_EVERY_* has passed. */
  due(step: number, ms: number): boolean {
    if (!this.changed(step)) return false;
    return this.asked || step - this.last.step >= SAVE_EVERY_STEPS || ms - this.last.ms >= SAVE_EVERY_MS;
  }

  /** Resolves once no checkpoint is being read. */
  settled(): Promise<void> {
    return this.reading ?? Promise.resolve();
  }

  /**
   * Takes a checkpoint: `capture` starts at once (its synchronous part sees this step), its
   * result goes to `deliver`. One at a time: a call while one is read joins it. A diverged run
   * (non-finite weights) is not delivered, so it never replaces the last good save; that and a
   * failed read go to `failed` with what happened. Never rejects: training goes on unsaved.
   */
  take(
    capture: () => Promise<SessionCheckpoint>,
    deliver: (c: SessionCheckpoint) => void,
    failed: (message: string) => void,
  ): Promise<void> {
    if (this.reading) return this.reading;
    this.asked = false;
    this.reading = capture()
      .then((c) => {
        this.last = { step: c.step, ms: c.elapsedMs };
        if (allFinite(c)) deliver(c);
        else
          failed(
            `The run was not saved at step ${c.step}: its weights are no longer finite numbers (the loss diverged). The last good save is kept.`,
          );
      })
      .catch((e: unknown) => failed(`The run could not be read back to save it: ${errorMessage(e)}`))
      .finally(() => (this.reading = null));
    return this.reading;
  }
}
