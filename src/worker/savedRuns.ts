// Saved runs in IndexedDB (through idb), on the worker side so saving never blocks the page.
// Three stores: `runs`, the summaries a person picks from; `checkpoints`, each run's state
// (weights, moments, RNG, history) under the same id; `corpora`, each text once under its
// SHA-256, so autosaving a run every 200 steps never writes its book again.
// The person's runs are never deleted but by the person; each lab keeps its newest few and pushes
// out only its own older ones. A connection the browser closes (its storage cleared while the page
// is open) is noticed (idb's `terminated`) and opened again at the next use.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CorpusSource } from '../data/prepare';
import type { SessionCheckpoint } from '../train/checkpoint';
import type { TokenizerChoice } from '../protocol/reports';
import type { RunSettings } from '../protocol/settings';
import type { SavedGroup, SavedRun } from '../protocol/savedRuns';
import { BOOK_IDS, BOOKS, type SyntheticTaskId, type TextOrigin } from '../protocol/texts';
import type { TokenizerSpec } from '../protocol/tokenizerSpec';

/** Everything a run needs to continue, apart from its corpus text (stored once by hash). */
export interface SavedCheckpoint {
  /** Bumped when the stored shape changes; an older one is refused with a message. */
  version: typeof VERSION;
  id: string;
  settings: RunSettings;
  corpusKey: string;
  tokenizerChoice: TokenizerChoice;
  tokenizer: TokenizerSpec;
  checkpoint: SessionCheckpoint;
}

interface Schema extends DBSchema {
  runs: { key: string; value: SavedRun; indexes: { savedAt: number } };
  checkpoints: { key: string; value: SavedCheckpoint; indexes: { corpusKey: string } };
  corpora: { key: string; value: { key: string; source: CorpusSource } };
}

const DB_NAME = 'pretrain-playground';
/** The database's shape (object stores, indexes); upgrade() takes an older one forward. */
const DB_VERSION = 1;
/** The shape of a SavedCheckpoint record, apart from the database's. */
const VERSION = 1;
/** Runs kept of each lab (runs cut short go before finished ones); the person's are never deleted here. */
export const LAB_RUNS_KEPT = 3;

/** The group of a summary (runs saved before groups existed are the person's). */
export const groupOf = (run: SavedRun): SavedGroup => run.group ?? 'own';

/** A stored corpus's origin; texts saved before origins were kept are told apart by name. */
export function originOf(source: Pick<CorpusSource, 'name'> & { origin?: TextOrigin; task?: SyntheticTaskId }): TextOrigin {
  if (source.origin) return source.origin;
  if (source.task) return { kind: 'task', task: source.task };
  const book = BOOK_IDS.find((id) => BOOKS[id].name === source.name);
  return book ? { kind: 'book', id: book } : { kind: 'own' };
}

/**
 * SHA-256 of the text, hex: the corpus's identity in storage. Pages served over plain http from
 * another machine have no crypto.subtle (secure contexts only): there, 64-bit FNV-1a and the length.
 */
export async function corpusKey(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  if (globalThis.crypto?.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', bytes);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  }
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return `fnv1a-${h.toString(16)}-${bytes.length}`;
}

/** A new run's id in storage (crypto.randomUUID is also secure-context only). */
export const newSavedId = (): string =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export class SavedRunStore {
  private db: Promise<IDBPDatabase<Schema>> | null = null;

  /** @param onTerminated the browser closed the database under us (its storage was cleared, say). */
  constructor(private readonly onTerminated: () => void = () => undefined) {}

  private open(): Promise<IDBPDatabase<Schema>> {
    this.db ??= this.connect();
    return this.db;
  }

  /** Opens the database; a failure is not kept, so the next use tries again. */
  private connect(): Promise<IDBPDatabase<Schema>> {
    const db = openDB<Schema>(DB_NAME, DB_VERSION, {
      // Each version's changes, applied from the version the browser has (0: none yet).
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          db.createObjectStore('runs', { keyPath: 'id' }).createIndex('savedAt', 'savedAt');
          db.createObjectStore('checkpoints', { keyPath: 'id' }).createIndex('corpusKey', 'corpusKey');
          db.createObjectStore('corpora', { keyPath: 'key' });
        }
      },
      // A newer page in another tab wants to upgrade: let go, and open again on the next use.
      blocking: (_current, _next, event) => {
        (event.target as IDBDatabase).close();
        this.db = null;
      },
      // Closed by the browser, not by us: open again at the next use, and say so.
      terminated: () => {
        this.db = null;
        this.onTerminated();
      },
    });
    db.catch(() => (this.db = null));
    return db;
  }

  /** The connection failed under a request (the browser closing it): the next use opens a new one. */
  reconnect(): void {
    this.db = null;
  }

  /** The saved runs, newest first. */
  async list(): Promise<SavedRun[]> {
    const db = await this.open();
    return (await db.getAllFromIndex('runs', 'savedAt')).reverse();
  }

  /**
   * Writes a run's summary and checkpoint (and its corpus, if not stored yet) in one transaction,
   * then, for a lab's run, deletes that lab's runs past LAB_RUNS_KEPT. When storage is full, the
   * oldest lab runs make room first; the person's runs are never deleted here.
   * @throws the browser's QuotaExceededError when storage is still full (nothing is written then).
   */
  async save(summary: SavedRun, saved: SavedCheckpoint, corpus: CorpusSource): Promise<void> {
    for (;;) {
      try {
        await this.write(summary, saved, corpus);
        break;
      } catch (e) {
        if (!(e instanceof DOMException && e.name === 'QuotaExceededError')) throw e;
        // Full: the oldest lab run makes room, one at a time; the person's runs are never deleted here.
        const oldestLab = (await this.list()).filter((r) => groupOf(r) !== 'own' && r.id !== summary.id).at(-1);
        if (!oldestLab) throw e;
        await this.delete(oldestLab.id);
      }
    }
    const group = groupOf(summary);
    if (group === 'own') return;
    // Past LAB_RUNS_KEPT, the oldest run cut short goes first, then the oldest finished one; never the run just saved.
    const others = (await this.list()).filter((r) => groupOf(r) === group && r.id !== summary.id);
    const finished = (r: SavedRun) => r.step >= r.maxSteps;
    const order = [...others.filter((r) => !finished(r)).reverse(), ...others.filter(finished).reverse()]; // oldest first
    for (const run of order.slice(0, Math.max(0, others.length + 1 - LAB_RUNS_KEPT))) await this.delete(run.id);
  }

  private async write(summary: SavedRun, saved: SavedCheckpoint, corpus: CorpusSource): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['runs', 'checkpoints', 'corpora'], 'readwrite');
    tx.done.catch(() => undefined); // a request below throws first; its error is the one to say
    const corpora = tx.objectStore('corpora');
    if ((await corpora.getKey(saved.corpusKey)) === undefined) await corpora.put({ key: saved.corpusKey, source: corpus });
    await tx.objectStore('checkpoints').put(saved);
    await tx.objectStore('runs').put(summary);
    await tx.done;
  }

  /** A run's checkpoint, corpus, when it was saved and whose it is, or null when it is gone (deleted in another tab). */
  async load(
    id: string,
  ): Promise<{ saved: SavedCheckpoint; corpus: CorpusSource; savedAt?: number; group: SavedGroup; summary?: SavedRun } | null> {
    const db = await this.open();
    const saved = await db.get('checkpoints', id);
    if (!saved) return null;
    if (saved.version !== VERSION) throw new Error('This run was saved by another version of the page and cannot be resumed.');
    const corpus = await db.get('corpora', saved.corpusKey);
    if (!corpus) return null;
    const summary = await db.get('runs', id);
    const group = summary ? groupOf(summary) : 'own';
    return { saved, corpus: { ...corpus.source, origin: originOf(corpus.source) }, savedAt: summary?.savedAt, group, summary };
  }

  /** Deletes a run, and its corpus when no other run uses it. */
  async delete(id: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['runs', 'checkpoints', 'corpora'], 'readwrite');
    tx.done.catch(() => undefined); // a request below throws first; its error is the one to say
    const checkpoints = tx.objectStore('checkpoints');
    const saved = await checkpoints.get(id);
    await checkpoints.delete(id);
    await tx.objectStore('runs').delete(id);
    if (saved && (await checkpoints.index('corpusKey').count(saved.corpusKey)) === 0)
      await tx.objectStore('corpora').delete(saved.corpusKey);
    await tx.done;
  }
}
