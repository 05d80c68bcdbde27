// Autosave, for the engine: each checkpoint the session reports is written to IndexedDB under
// its run's id, one write at a time and never awaited by training; the page hears "saved at
// step N" and the new list. A full disk is said once per run, and training goes on unsaved.
// Storage that goes away under the page (cleared while it is open) is noticed: the list is told
// again, no save is described that storage no longer has, and the next save opens it afresh and
// says so.
import type { CorpusSource, PreparedCorpus } from '../data/prepare';
import { tokenizerFromSpec } from '../data/tokenizerSpec';
import { checkpointBytes, type SessionCheckpoint } from '../train/checkpoint';
import { countParams } from '../model/config';
import { gptConfigOf } from '../train/summaries';
import type { EngineEvent } from '../protocol/events';
import type { RunSettings } from '../protocol/settings';
import type { SavedGroup, SavedRun } from '../protocol/savedRuns';
import { errorMessage } from '../protocol/errors';
import type { Tokenizer } from '../data/tokenizer';
import { SavedRunStore, corpusKey, type SavedCheckpoint } from './savedRuns';
import { foldLastSteps } from './lastSteps';
import { snapshotBuffers, type LastSteps } from '../protocol/lastSteps';

/** The run a checkpoint belongs to, as the engine knows it. */
export interface RunToSave {
  runId: number;
  /** Its id in storage: a restored run keeps the one it was saved under. */
  savedId: string;
  settings: RunSettings;
  corpus: PreparedCorpus;
  /** The person's run, or a lab's (kept apart: savedRuns.ts). */
  group: SavedGroup;
}

/** A run's last save, as this worker wrote (or read) it. */
export interface LastSave {
  step: number;
  savedAt: number;
}

/** A write that failed because the connection was closed under it (storage cleared meanwhile). */
const closedUnder = (e: unknown): boolean =>
  e instanceof DOMException && ['InvalidStateError', 'AbortError', 'UnknownError'].includes(e.name);

export class RunSaver {
  private readonly store = new SavedRunStore(() => this.storageLost());
  private queue: Promise<void> = Promise.resolve();
  /** Runs whose save failed (said once each). */
  private readonly refusedRuns = new Set<string>();
  private readonly keys = new WeakMap<CorpusSource, Promise<string>>();
  private readonly lastSaves = new Map<string, LastSave>();
  /** The browser closed the database under us; the next save that lands says so. */
  private lost = false;

  /** The page's last steps have been folded into the saved runs (once, before the first list). */
  private folded = false;

  /**
   * @param held whether a run of this worker saves under that id (the page's last steps of it are not folded in).
   */
  constructor(
    private readonly post: (e: EngineEvent, transfer?: Transferable[]) => void,
    private readonly held: (savedId: string) => boolean = () => false,
  ) {}

  /** The run's last save that storage holds, if this worker knows of one. */
  lastSave(savedId: string): LastSave | undefined {
    return this.lastSaves.get(savedId);
  }

  /** A run read back from storage is saved as of the step it was read at. */
  remember(savedId: string, save: LastSave): void {
    this.lastSaves.set(savedId, save);
  }

  /** False in a tab whose page is open in another tab that saves (Web Locks): nothing is written. */
  writable = true;

  /** Queues the write; the page hears run.saved and the new list, or why it was not saved. */
  save(run: RunToSave, checkpoint: SessionCheckpoint): void {
    if (!this.writable) return;
    // Every failure is said inside write; the catch keeps one bad save from blocking the queue.
    this.queue = this.queue
      .then(() => this.write(run, checkpoint))
      .catch((e: unknown) => (closedUnder(e) ? this.again(() => this.write(run, checkpoint)) : Promise.reject(e)))
      .catch((e: unknown) => this.refused(run, e));
  }

  /**
   * Whether a run's snapshots are wanted: this tab saves, and the run has a save to fold them into
   * (a run is first saved by autosave or Pause, so a run trained a moment and let go leaves nothing).
   */
  wantsSnapshots(savedId: string): boolean {
    return this.writable && this.lastSaves.has(savedId);
  }

  /** The run as it stands, about every second of training: the page keeps it against a reload (protocol/lastSteps.ts). */
  snapshot(run: RunToSave, checkpoint: SessionCheckpoint): void {
    if (!this.wantsSnapshots(run.savedId)) return;
    const { history: _history, ...state } = checkpoint; // the page has the history already
    this.post(
      { type: 'run.snapshot', runId: run.runId, snapshot: { savedId: run.savedId, takenAt: Date.now(), checkpoint: state } },
      snapshotBuffers(state),
    );
  }

  /**
   * A snapshot the page kept at a reload, written into its saved run if it is newer than the save;
   * never into a run this worker holds (a second tab's run, loaded here: its own saves are the truth).
   */
  private async fold({ savedId, takenAt, checkpoint }: LastSteps): Promise<void> {
    if (this.held(savedId)) return;
    const found = await this.store.load(savedId);
    if (!found?.summary || found.saved.checkpoint.step >= checkpoint.step) return;
    const last = checkpoint.history.evals.at(-1);
    const summary: SavedRun = {
      ...found.summary,
      step: checkpoint.step,
      valLoss: last?.valLoss,
      valLossStep: last?.step,
      savedAt: takenAt,
      bytes: checkpointBytes(checkpoint),
    };
    await this.store.save(summary, { ...found.saved, checkpoint }, found.corpus);
  }

  /** Waits for the writes asked for so far (the tab is going away: the last one should land). */
  settled(): Promise<void> {
    return this.queue;
  }

  private refused({ runId, savedId }: RunToSave, e: unknown): void {
    if (this.refusedRuns.has(savedId)) return;
    this.refusedRuns.add(savedId);
    const quota = e instanceof DOMException && e.name === 'QuotaExceededError';
    const why = quota ? "the browser's storage for this page is full" : errorMessage(e);
    const message = `This run could not be saved (${why}); training goes on unsaved. Delete saved runs or free disk space to save again.`;
    this.post({ type: 'error', code: 'save', runId, message });
  }

  /** A request the browser's closing connection failed, once more on a new connection. */
  private again<T>(request: () => Promise<T>): Promise<T> {
    this.store.reconnect();
    return request();
  }

  /** The browser closed the database: what it held is gone; say the list as it is now. */
  private storageLost(): void {
    this.lost = true;
    this.lastSaves.clear();
    this.refusedRuns.clear();
    this.queue = this.queue.then(() => this.announce());
  }

  private async write(run: RunToSave, checkpoint: SessionCheckpoint): Promise<void> {
    const { runId, savedId, settings, corpus, group } = run;
    const source = corpus.source;
    let key = this.keys.get(source);
    if (!key) this.keys.set(source, (key = corpusKey(source.text)));
    key.catch(() => this.keys.delete(source)); // a failed digest is tried again next time
    const savedAt = Date.now();
    const config = gptConfigOf(settings, corpus);
    const summary: SavedRun = {
      id: savedId,
      corpusName: source.name,
      preset: settings.preset,
      nLayer: config.nLayer,
      nEmbd: config.nEmbd,
      group,
      params: countParams(config),
      step: checkpoint.step,
      maxSteps: settings.maxSteps,
      valLoss: checkpoint.history.evals.at(-1)?.valLoss,
      valLossStep: checkpoint.history.evals.at(-1)?.step,
      savedAt,
      bytes: checkpointBytes(checkpoint),
    };
    const saved: SavedCheckpoint = {
      version: 1,
      id: savedId,
      settings,
      corpusKey: await key,
      tokenizerChoice: corpus.tokenizerChoice,
      tokenizer: corpus.tokenizer.spec(),
      checkpoint,
    };
    await this.store.save(summary, saved, source); // a failure: refused()
    this.refusedRuns.delete(savedId);
    this.lastSaves.set(savedId, { step: checkpoint.step, savedAt });
    if (this.lost) {
      this.lost = false;
      const message = `The browser cleared this page's storage, so the runs saved here are gone; saving again from step ${checkpoint.step.toLocaleString('en-US')}.`;
      this.post({ type: 'notice', runId, message });
    }
    this.post({ type: 'run.saved', runId, savedId, step: checkpoint.step, savedAt });
    await this.announce();
  }

  /** Deletes a saved run after the writes before it; the page hears the new list. */
  delete(savedId: string): Promise<void> {
    const done = this.queue.then(async () => {
      await this.store.delete(savedId);
      this.refusedRuns.delete(savedId);
      this.lastSaves.delete(savedId);
      await this.announce();
    });
    this.queue = done.catch(() => undefined);
    return done; // a failure reaches the engine's queue, which says it
  }

  /**
   * At start-up, and when this tab becomes the one that saves: folds in the page's last steps
   * (once, in the write queue, so no save of this worker lands between a snapshot's read and its
   * fold), then tells the page the saved runs. Never rejects.
   */
  async start(): Promise<void> {
    if (this.writable && !this.folded) {
      this.folded = true;
      this.queue = this.queue.then(() => foldLastSteps((s) => this.fold(s))).catch(() => undefined); // a page without them loses nothing
      await this.queue;
    }
    await this.announce();
  }

  /** Tells the page the saved runs (after start-up, and after each change). */
  async announce(): Promise<void> {
    try {
      // A list read on a connection the browser was closing is read again on a new one.
      const runs = await this.store
        .list()
        .catch((e: unknown) => (closedUnder(e) ? this.again(() => this.store.list()) : Promise.reject(e)));
      // A save this worker made that storage no longer lists is no save.
      for (const id of this.lastSaves.keys()) if (!runs.some((r) => r.id === id)) this.lastSaves.delete(id);
      this.post({ type: 'saved.list', runs });
    } catch (e) {
      this.post({
        type: 'error',
        code: 'save',
        message: `Saved runs cannot be read: ${errorMessage(e).replace(/\.+$/, '')}. Training works, but runs are not saved.`,
      });
    }
  }

  /**
   * A saved run, ready to continue: its settings, corpus text and tokenizer, and checkpoint.
   * @throws Error saying what is wrong: gone (deleted in another tab), another version, a corrupt tokenizer.
   */
  async load(
    savedId: string,
  ): Promise<{ saved: SavedCheckpoint; source: CorpusSource; tokenizer: Tokenizer; savedAt?: number; group: SavedGroup }> {
    await this.queue; // a write still under way finishes first
    const found = await this.store.load(savedId);
    if (!found) throw new Error('That saved run is gone (deleted, perhaps in another tab).');
    return {
      saved: found.saved,
      source: found.corpus,
      tokenizer: tokenizerFromSpec(found.saved.tokenizer),
      savedAt: found.savedAt,
      group: found.group,
    };
  }
}
