// The last steps a page kept against a reload (protocol/lastSteps.ts), folded back into the saved
// runs they belong to by the next worker: a snapshot newer than its run's save replaces that
// save's checkpoint (weights, moments, RNG, step, history), so the run comes back within about a
// second of training of where it was. A snapshot of a run storage does not have, or not newer
// than its save, is dropped. Read once at start-up, before the list is first told.
import { openDB } from 'idb';
import * as v from 'valibot';
import { LAST_STEPS_DB, LAST_STEPS_DB_VERSION, LAST_STEPS_STORE, LastStepsSchema, type LastSteps } from '../protocol/lastSteps';

/** The page's database of last steps (the page creates its store; opened here the same way). */
const openLastSteps = () =>
  openDB(LAST_STEPS_DB, LAST_STEPS_DB_VERSION, {
    upgrade(db) {
      if (!db.objectStoreNames.contains(LAST_STEPS_STORE)) db.createObjectStore(LAST_STEPS_STORE);
    },
  });

/**
 * Takes every kept snapshot out of the page's database (each one is read once) and hands the
 * well-formed ones to `fold`, oldest step first.
 * @param fold writes a snapshot into its saved run if it is newer; its failure drops that snapshot.
 */
export async function foldLastSteps(fold: (snapshot: LastSteps) => Promise<void>): Promise<void> {
  const db = await openLastSteps();
  try {
    const records = await db.getAll(LAST_STEPS_STORE);
    await db.clear(LAST_STEPS_STORE);
    const snapshots = records.flatMap((r) => {
      const parsed = v.safeParse(LastStepsSchema, r);
      return parsed.success ? [parsed.output] : [];
    });
    for (const s of snapshots.sort((a, b) => a.checkpoint.step - b.checkpoint.step)) await fold(s).catch(() => undefined);
  } finally {
    db.close();
  }
}
