// Where a training run stands, as one value: idle, running (and whether its loop should stop at
// the next safe point, to pause or because the device is gone), paused (with the gate its loop
// waits at, if one does), done or failed; plus the run's clock (training time, pauses excluded)
// and whether it is being let go. The session's loop reads it at each safe point; Pause, Resume,
// a lost device and disposal only change it, so they act as soon as the thread is free.
import type { RunState } from '../protocol/reports';

export type Phase =
  | { kind: 'idle' }
  /** `stopAt`: what the loop does at its next safe point (null: go on). */
  | { kind: 'running'; since: number; stopAt: 'pause' | 'fail' | null }
  /** `open`: lets the waiting loop go on; null when no loop waits (it failed: Resume starts one). */
  | { kind: 'paused'; open: (() => void) | null }
  | { kind: 'done' }
  | { kind: 'failed' };

export class RunPhase {
  private phase: Phase = { kind: 'idle' };
  /** Training time before the current stretch of running (ms). */
  private elapsedBeforeMs = 0;
  /** The run is being let go: the loop ends at its next safe point and nothing reopens it. */
  disposed = false;

  /** @param changed called with each state the page should hear. */
  constructor(private readonly changed: (state: RunState) => void) {}

  get state(): RunState {
    return this.phase.kind;
  }

  /** Running, and asked to stop at the next safe point (or being let go): work in progress ends at its next check. */
  get interrupted(): boolean {
    return this.disposed || (this.phase.kind === 'running' && this.phase.stopAt !== null);
  }

  /** What the loop should do at its next safe point: stop to pause, stop because the device is gone, or go on. */
  get stopAt(): 'pause' | 'fail' | null {
    return this.phase.kind === 'running' ? this.phase.stopAt : null;
  }

  /** Training time so far (ms), pauses excluded. */
  get elapsedMs(): number {
    return this.elapsedBeforeMs + (this.phase.kind === 'running' ? performance.now() - this.phase.since : 0);
  }

  /** A restored run: its training time so far, and paused or done where it was saved. */
  restore(elapsedMs: number, state: 'paused' | 'done'): void {
    this.elapsedBeforeMs = elapsedMs;
    this.phase = state === 'done' ? { kind: 'done' } : { kind: 'paused', open: null };
  }

  /** Enters a phase and says so (the clock stops when running ends). */
  enter(phase: Phase): void {
    if (this.phase.kind === 'running') this.elapsedBeforeMs = this.elapsedMs;
    this.phase = phase;
    this.changed(phase.kind);
  }

  /** Running from now, told to go on. */
  run(): void {
    this.enter({ kind: 'running', since: performance.now(), stopAt: null });
  }

  /** Asks a running loop to stop at its next safe point; a lost device's stop is not downgraded. @returns whether one was running. */
  requestStop(why: 'pause' | 'fail'): boolean {
    if (this.phase.kind !== 'running') return false;
    if (this.phase.stopAt !== 'fail') this.phase = { ...this.phase, stopAt: why };
    return true;
  }

  /** Paused at a safe point: resolves when Resume opens the gate, or at once when the run is let go meanwhile. */
  waitForResume(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.disposed) return resolve();
      this.enter({ kind: 'paused', open: resolve });
    });
  }

  /**
   * Resume: running again at once; a waiting loop goes on, else the caller starts one.
   * @returns 'restart' when no loop waits (the caller starts the loop), 'go' when one was let go, null when not paused.
   */
  resume(): 'go' | 'restart' | null {
    if (this.phase.kind !== 'paused') return null;
    const open = this.phase.open;
    this.run();
    open?.();
    return open ? 'go' : 'restart';
  }

  /** Lets the run go: the loop ends at its next safe point; a waiting loop is let go to see it. */
  dispose(): void {
    this.disposed = true;
    if (this.phase.kind === 'paused') this.phase.open?.();
  }
}
