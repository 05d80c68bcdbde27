// Autosave, for the engine: each checkpoint the session reports is written to IndexedDB under
// its run's id, one write at a time and never awaited by training; the page hears "saved at
// step N" and the new list. A full disk is said once per run, and training goes on unsaved.
import type { CorpusSource, PreparedCorpus } from '../data/prepare';
import { tokenizerFromSpec } from '../data/tokenizerSpec';
import { checkpointBytes, type SessionCheckpoint } from '../train/checkpoint';
import { countParams } from '../model/config';
import { gptConfigOf } from '../train/summaries';
import type { EngineEvent } from '../protocol/events';
import type { RunSettings } from '../protocol/settings';
import type { SavedRun } from '../protocol/savedRuns';
import { errorMessage } from '../protocol/errors';
import type { Tokenizer } from '../data/tokenizer';
import { SavedRunStore, corpusKey, type SavedCheckpoint } from './savedRuns';

/** The run a checkpoint belongs to, as the engine knows it. */
export interface RunToSave {
  runId: number;
  /** Its id in storage: a restored run keeps the one it was saved under. */
  savedId: string;
  settings: RunSettings;
  corpus: PreparedCorpus;
}

export class RunSaver {
  private readonly store = new SavedRunStore();
  private queue: Promise<void> = Promise.resolve();
  /** Runs whose save failed for lack of space (said once each). */
  private readonly full = new Set<string>();
  private readonly keys = new WeakMap<CorpusSource, Promise<string>>();

  constructor(private readonly post: (e: EngineEvent) => void) {}

  private readonly savedAts = new Map<string, number>();

  /** When this worker last saved that run (ms since the epoch), if it did. */
  savedAt(savedId: string): number | undefined {
    return this.savedAts.get(savedId);
  }

  /** False in a tab whose page is open in another tab that saves (Web Locks): nothing is written. */
  writable = true;

  /** Queues the write; the page hears run.saved and the new list, or why it was not saved. */
  save(run: RunToSave, checkpoint: SessionCheckpoint): void {
    if (!this.writable) return;
    // Every failure is said inside write; the catch keeps one bad save from blocking the queue.
    this.queue = this.queue.then(() => this.write(run, checkpoint)).catch((e: unknown) => this.refused(run, e));
  }

  private refused({ runId, savedId }: RunToSave, e: unknown): void {
    if (this.full.has(savedId)) return;
    this.full.add(savedId);
    const quota = e instanceof DOMException && e.name === 'QuotaExceededError';
    const why = quota ? "the browser's storage for this page is full" : errorMessage(e);
    const message = `This run could not be saved (${why}); training goes on unsaved. Delete saved runs or free disk space to save again.`;
    this.post({ type: 'error', code: 'save', runId, message });
  }

  private async write(run: RunToSave, checkpoint: SessionCheckpoint): Promise<void> {
    const { runId, savedId, settings, corpus } = run;
    const source = corpus.source;
    let key = this.keys.get(source);
    if (!key) this.keys.set(source, (key = corpusKey(source.text)));
    key.catch(() => this.keys.delete(source)); // a failed digest is tried again next time
    const savedAt = Date.now();
    const summary: SavedRun = {
      id: savedId,
      corpusName: source.name,
      preset: settings.preset,
      params: countParams(gptConfigOf(settings, corpus)),
      step: checkpoint.step,
      maxSteps: settings.maxSteps,
      valLoss: checkpoint.history.evals.at(-1)?.valLoss,
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
    this.full.delete(savedId);
    this.savedAts.set(savedId, savedAt);
    this.post({ type: 'run.saved', runId, savedId, step: checkpoint.step, savedAt });
    await this.announce();
  }

  /** Deletes a saved run after the writes before it; the page hears the new list. */
  delete(savedId: string): Promise<void> {
    const done = this.queue.then(async () => {
      await this.store.delete(savedId);
      this.full.delete(savedId);
      await this.announce();
    });
    this.queue = done.catch(() => undefined);
    return done; // a failure reaches the engine's queue, which says it
  }

  /** Tells the page the saved runs (after start-up, and after each change). */
  async announce(): Promise<void> {
    try {
      this.post({ type: 'saved.list', runs: await this.store.list() });
    } catch (e) {
      this.post({
        type: 'error',
        code: 'save',
        message: `Saved runs cannot be read: ${errorMessage(e)}. Training works, but runs are not saved.`,
      });
    }
  }

  /**
   * A saved run, ready to continue: its settings, corpus text and tokenizer, and checkpoint.
   * @throws Error saying what is wrong: gone (deleted in another tab), another version, a corrupt tokenizer.
   */
  async load(savedId: string): Promise<{ saved: SavedCheckpoint; source: CorpusSource; tokenizer: Tokenizer; savedAt?: number }> {
    await this.queue; // a write still under way finishes first
    const found = await this.store.load(savedId);
    if (!found) throw new Error('That saved run is gone (deleted, perhaps in another tab).');
    return { saved: found.saved, source: found.corpus, tokenizer: tokenizerFromSpec(found.saved.tokenizer), savedAt: found.savedAt };
  }
}
