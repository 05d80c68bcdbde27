// A run's faults, for the engine: a GPU error pauses it (said once per run); after a lost device
// (on a new one) or a diverged run, the run again from its last save, or from the start if it has
// none, training on if it was; twice back to the same save for a divergence and it waits for the
// person. A lost device takes every run's tensors, so a lab gives way to the person's own run.
// Says what it cost.
import { LR_HALVED_STEPS } from '../train/divergence';
import type { PreparedCorpus } from '../data/prepare';
import type { EngineEvent } from '../protocol/events';
import type { RunSettings } from '../protocol/settings';
import { errorMessage } from '../protocol/errors';
import { recoveryNotice, type Recovery as RecoveryFacts } from './recoveryNotice';
import { runToRestore } from './restoreRun';
import type { RunSaver } from './runSaver';
import type { Device } from './device';
import type { RunPlan, Runs } from './runs';

export interface RecoveryHooks {
  /** The engine's one way to replace the run. */
  replace(plan: RunPlan): Promise<void>;
  /** A fresh run of these settings when even that fails ("never no run"). */
  rebuild(settings: RunSettings): Promise<void>;
  misfit(settings: RunSettings, corpus: PreparedCorpus): string | null;
  /** Ends a lab: the person's kept run is current again. */
  endLab(): Promise<void>;
}

export class Recovery {
  /** Saves a diverged run went back to (`id@step`): the second time, it waits for the person. */
  private readonly rollbacks = new Set<string>();
  /** Runs that have already reported a GPU error (the ones after it are its echoes). */
  private readonly gpuErrorSaid = new Set<number>();

  constructor(
    private readonly post: (e: EngineEvent) => void,
    private readonly runs: Runs,
    private readonly saver: RunSaver,
    private readonly device: Device,
    private readonly hooks: RecoveryHooks,
  ) {}

  /** A GPU error pauses the run; the first one per run is reported. */
  gpuError(message: string): void {
    const current = this.runs.current;
    const stopped = current?.session.pause() ?? false;
    const runId = current?.runId ?? 0;
    if (this.gpuErrorSaid.has(runId)) return;
    this.gpuErrorSaid.add(runId);
    this.post({ type: 'error', code: 'gpu', runId, message: stopped ? `${message} Training was paused.` : message });
  }

  /**
   * A lost device ends the run at once; it comes back from its last save on a new device (a lab's
   * run gives way to the person's) by the work returned, which the engine queues behind the
   * commands before it.
   */
  deviceLost(message: string): () => Promise<void> {
    const current = this.runs.current;
    const training = current?.session.runState === 'running';
    current?.session.fail();
    const why = `${message.replace(/\.$/, '')} at step ${current?.session.stepsTrained ?? 0}.`;
    return () => this.recover(why, training, 'device');
  }

  /**
   * @param runId for a divergence: only if that run is still current (it may have been replaced meanwhile).
   * @throws Error when no run can be built; a fresh run of the settings is tried then.
   */
  async recover(why: string, training: boolean, kind: RecoveryFacts['kind'], runId?: number): Promise<void> {
    // The person's run diverged just as a lab took its place: the lab gives way, and it comes back.
    if (runId !== undefined && runId === this.runs.kept?.runId) await this.hooks.endLab();
    const current = this.runs.current;
    if (runId !== undefined && runId !== current?.runId) return;
    const target = kind === 'device' ? this.runs.person : current;
    if (!target) return;
    const labEnded = kind === 'device' && this.runs.kept !== null;
    const { settings, corpus } = target.session;
    const [savedId, reachedStep] = [target.savedId, target.session.stepsTrained];
    if (kind === 'device') {
      await this.runs.disposeAll();
      await this.device.use(settings, true);
    }
    let save: RecoveryFacts['save'] = { none: this.saver.writable ? 'never saved' : 'this tab does not save' };
    const saved = this.saver.writable
      ? await runToRestore(this.saver, savedId, this.device.requested, this.hooks.misfit).catch((e: unknown) => {
          const gone = /gone/.test(errorMessage(e)); // never saved (or deleted): the start
          if (!gone || this.saver.lastSave(savedId) !== undefined) save = { none: `its save could not be read: ${errorMessage(e)}` };
          return null;
        })
      : null;
    if (saved) save = { step: saved.from.checkpoint.step };
    const key = `${savedId}@${'step' in save ? save.step : 0}`;
    const again = kind === 'diverged' && this.rollbacks.has(key);
    if (kind === 'diverged') this.rollbacks.add(key);
    const lrHalvedUntil = kind === 'diverged' ? reachedStep + LR_HALVED_STEPS : undefined;
    const lab = labEnded ? undefined : target.lab;
    const plan: RunPlan = saved
      ? { settings: saved.settings, corpus: saved.corpus, from: saved.from, lrHalvedUntil, lab }
      : { settings, corpus, lrHalvedUntil, lab };
    try {
      await this.hooks.replace(plan);
    } catch (e) {
      await this.hooks.rebuild(settings); // never no run
      throw e;
    }
    const runIdNow = this.runs.current?.runId;
    const notice = recoveryNotice({ why, kind, backend: this.device.info, save, reachedStep, training, again });
    this.post({ type: 'notice', runId: runIdNow, message: labEnded ? `${notice} The lab stopped; this is your own run.` : notice });
    const session = this.runs.current?.session;
    if (training && !again && session) session[session.runState === 'idle' ? 'start' : 'resume']();
  }
}
