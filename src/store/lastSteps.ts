// The page's side of keeping the last steps against a reload (protocol/lastSteps.ts): the current
// run's latest snapshot, held in memory (never in the store's state: nothing redraws), written
// with the run's history into the page's own small database when the page goes away. The
// database is opened as soon as a snapshot arrives, so that at `pagehide` only the write is left
// to start: a write started then lands, a connection opened then may not.
import { openDB, type IDBPDatabase } from 'idb';
import { LAST_STEPS_DB, LAST_STEPS_DB_VERSION, LAST_STEPS_STORE, type LastSteps, type Snapshot } from '../protocol/lastSteps';
import type { RunHistory } from '../protocol/run';

let latest: Snapshot | null = null;
let db: Promise<IDBPDatabase> | null = null;

function connect(): Promise<IDBPDatabase> {
  const opened = openDB(LAST_STEPS_DB, LAST_STEPS_DB_VERSION, {
    upgrade(d) {
      if (!d.objectStoreNames.contains(LAST_STEPS_STORE)) d.createObjectStore(LAST_STEPS_STORE);
    },
    terminated: () => (db = null), // storage cleared under the page: open again for the next snapshot
  });
  opened.catch(() => (db = null));
  return opened;
}

/** Opens the page's database ahead of the first snapshot (at start-up): at `pagehide` there is no time to. */
export function openLastSteps(): void {
  db ??= connect();
}

/** Keeps the current run's latest snapshot. */
export function keepSnapshot(snapshot: Snapshot): void {
  latest = snapshot;
  openLastSteps();
}

/**
 * The snapshot is no longer needed: another run is on the page (the one it replaced was saved
 * when it paused, or the person chose to let its steps go), or the run was saved at or past it.
 */
export function dropSnapshot(savedAtStep = Infinity): void {
  if (latest && latest.checkpoint.step <= savedAtStep) latest = null;
}

/**
 * Writes the kept snapshot into the page's database, with the history of its steps taken from
 * what the page shows: called when the page goes away. The write is started now and committed at
 * once; the next worker folds it into its saved run.
 */
export function writeLastSteps(savedId: string | undefined, history: RunHistory): void {
  const snapshot = latest;
  if (!snapshot || snapshot.savedId !== savedId || !db) return;
  const { step, evaluatedAt, sampledAt } = snapshot.checkpoint;
  const record: LastSteps = {
    ...snapshot,
    checkpoint: {
      ...snapshot.checkpoint,
      history: {
        points: history.points.filter((p) => p.step < step),
        // Only those the snapshot counts as taken: the run takes the others again, and they must not show twice.
        evals: history.evals.filter((e) => e.step <= evaluatedAt),
        samples: history.samples.filter((s) => s.step <= sampledAt),
      },
    },
  };
  // Nothing can be said any more if it fails: the page is going away.
  db.then((d) => {
    const tx = d.transaction(LAST_STEPS_STORE, 'readwrite');
    tx.store.put(record, record.savedId).catch(() => undefined);
    tx.done.catch(() => undefined);
    tx.commit();
  }).catch(() => undefined);
}
