// The long jobs that hold the engine's queue (Compress, Decompress, Compare runs: up to a minute or
// more), and how they stop. Everything queued behind one waits for it, so each stops at once: by its
// own Stop, or by a command that replaces the run (Reset, a text switch, Load, Import, a lab), which
// stops every job running or waiting before it and says why, as a completion is stopped before its
// weights are freed (completions.ts). Request ids only grow (the page has one counter), so a Stop for
// an id at or below the last job started is for one that started and maybe finished: never kept.
import type { EngineCommand } from '../protocol/commands';

type JobCommand = Extract<EngineCommand, { type: 'compression.compress' | 'compression.decompress' | 'compare.runs' }>;

const isJob = (cmd: EngineCommand): cmd is JobCommand =>
  cmd.type === 'compression.compress' || cmd.type === 'compression.decompress' || cmd.type === 'compare.runs';

/** Why a command stops the jobs before it, said to the person; null when it leaves them be. */
export function replacementReason(cmd: EngineCommand): string | null {
  switch (cmd.type) {
    case 'run.reset':
      return cmd.settings ? 'Stopped to apply the new settings.' : 'Stopped to reset the run.';
    case 'corpus.use':
    case 'corpus.commit':
      return 'Stopped to switch the text.';
    case 'run.restore':
      return 'Stopped to load a saved run.';
    case 'model.import':
      return 'Stopped to import a model.';
    case 'lab.start':
      return 'Stopped to start a lab.';
    case 'lab.end':
      return 'Stopped to end the lab.';
    default:
      return null;
  }
}

interface Running {
  abort: AbortController;
  reason?: string;
}

export class QueuedJobs {
  private readonly running = new Map<number, Running>();
  /** Jobs sent and not started yet; a value is set once one is stopped (its reason, or undefined for Stop). */
  private readonly waiting = new Map<number, { stopped: boolean; reason?: string }>();
  private lastStarted = 0;

  /** Sees every command as it arrives: a job joins the waiting; one that replaces the run stops every job before it. */
  dispatched(cmd: EngineCommand): void {
    const reason = replacementReason(cmd);
    if (reason) this.stopAll(reason);
    if (isJob(cmd) && cmd.requestId > this.lastStarted && !this.waiting.has(cmd.requestId))
      this.waiting.set(cmd.requestId, { stopped: false });
  }

  /** Stop: a running job ends before its next token; a waiting one is answered as stopped when its turn comes. */
  stop(requestId: number, reason?: string): void {
    const job = this.running.get(requestId);
    if (job) {
      job.reason ??= reason;
      job.abort.abort();
    } else if (requestId > this.lastStarted) this.waiting.set(requestId, { stopped: true, reason });
  }

  /** Stops every job, running or waiting, saying why. */
  stopAll(reason: string): void {
    for (const id of this.running.keys()) this.stop(id, reason);
    for (const [id, w] of this.waiting) if (!w.stopped) this.waiting.set(id, { stopped: true, reason });
  }

  /**
   * Runs a job in its turn: at once answered by `stopped` if it was stopped while it waited; else
   * `work` gets a signal that aborts on Stop, and whatever it throws once aborted is answered by
   * `stopped` (work checks the signal before it posts its answer).
   */
  async run(requestId: number, work: (signal: AbortSignal) => Promise<void>, stopped: (reason?: string) => void): Promise<void> {
    const waited = this.waiting.get(requestId);
    for (const id of this.waiting.keys()) if (id <= requestId) this.waiting.delete(id); // older ones never started
    this.lastStarted = Math.max(this.lastStarted, requestId);
    if (waited?.stopped) return stopped(waited.reason);
    const job: Running = { abort: new AbortController() };
    this.running.set(requestId, job);
    try {
      await work(job.abort.signal);
    } catch (e) {
      if (!job.abort.signal.aborted) throw e;
      stopped(job.reason);
    } finally {
      this.running.delete(requestId);
    }
  }
}
