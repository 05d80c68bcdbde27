// Storage that goes away under the page (the browser's "Clear site data" while it is open, here
// an in-memory IndexedDB whose connection is force-closed and whose database is deleted): the
// list is told again without the runs that are gone, the next save opens the database afresh and
// lands, and the page is told so once.
import { describe, expect, it, vi } from 'vitest';
import { forceCloseDatabase } from 'fake-indexeddb';

/** What the browser does to a page's connection when its storage is cleared. fake-indexeddb's types name the class; its code takes the connection. */
const closeLikeTheBrowser = forceCloseDatabase as unknown as (db: IDBDatabase) => void;
import { RunSaver } from './runSaver';
import { prepareCorpus } from '../data/prepare';
import { createRng } from '../data/rng';
import { emptyHistory, type SessionCheckpoint } from '../train/checkpoint';
import { DEFAULT_SETTINGS } from '../protocol/settings';
import { LAST_STEPS_DB, LAST_STEPS_DB_VERSION, LAST_STEPS_STORE } from '../protocol/lastSteps';
import { openDB } from 'idb';
import type { EngineEvent } from '../protocol/events';

const prepared = prepareCorpus(
  { name: 'pets.txt', names: ['pets.txt'], bytes: 1, text: 'the cat sat on the mat. '.repeat(40), notices: [], origin: { kind: 'own' } },
  { kind: 'char' },
  8,
);
if (!prepared.ok) throw new Error(prepared.message);
const corpus = prepared.corpus;
const checkpoint = (step: number): SessionCheckpoint => ({
  step,
  elapsedMs: step * 10,
  evaluatedAt: -1,
  sampledAt: -1,
  batchRng: createRng(1).save(),
  weights: { 'wte.weight': new Float32Array(8) },
  optimizer: { step, m: { 'wte.weight': new Float32Array(8) }, v: { 'wte.weight': new Float32Array(8) } },
  history: emptyHistory(),
});

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('RunSaver', () => {
  it('notices storage cleared under it: the list says so, the next save lands, and the page is told once', async () => {
    // Every connection the saver opens, so the test can close it as the browser would.
    const connections: IDBDatabase[] = [];
    const open = indexedDB.open.bind(indexedDB);
    vi.spyOn(indexedDB, 'open').mockImplementation((name, version) => {
      const request = open(name, version);
      request.addEventListener('success', () => (name === 'pretrain-playground' ? connections.push(request.result) : undefined));
      return request;
    });
    const events: EngineEvent[] = [];
    const saver = new RunSaver((e) => events.push(e));
    const run = { runId: 1, savedId: 'mine', settings: { ...DEFAULT_SETTINGS, blockSize: 8 }, corpus, group: 'own' as const };
    const lists = () => events.filter((e) => e.type === 'saved.list').map((e) => e.runs.map((r) => `${r.id}@${r.step}`));
    saver.save(run, checkpoint(200));
    await until(() => lists().length === 1, 'the first save');
    expect(lists()).toEqual([['mine@200']]);
    expect(saver.lastSave('mine')).toMatchObject({ step: 200 });

    // Clear site data: the browser closes the page's connections and deletes the database.
    closeLikeTheBrowser(connections.at(-1)!);
    await new Promise<void>((resolve, reject) => {
      const deletion = indexedDB.deleteDatabase('pretrain-playground');
      deletion.onsuccess = () => resolve();
      deletion.onerror = () => reject(deletion.error);
    });
    await until(() => lists().length === 2, 'the list told again');
    expect(lists()[1]).toEqual([]);
    expect(saver.lastSave('mine')).toBeUndefined();

    saver.save(run, checkpoint(3133));
    saver.save(run, checkpoint(3200));
    await until(() => lists().length === 4, 'two saves after it');
    expect(lists().slice(2)).toEqual([['mine@3133'], ['mine@3200']]);
    const notices = events.filter((e) => e.type === 'notice').map((e) => e.message);
    expect(notices).toEqual(["The browser cleared this page's storage, so the runs saved here are gone; saving again from step 3,133."]);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    const loaded = await saver.load('mine');
    expect(loaded.saved.checkpoint.step).toBe(3200);
    expect(loaded.source.text).toBe(corpus.source.text); // the text was written again
    vi.restoreAllMocks();
  });

  it("folds the page's last steps into their saved run at the next start, when newer, and only once", async () => {
    const events: EngineEvent[] = [];
    const first = new RunSaver((e) => events.push(e));
    const run = { runId: 1, savedId: 'folded', settings: { ...DEFAULT_SETTINGS, blockSize: 8 }, corpus, group: 'own' as const };
    first.save(run, checkpoint(400));
    await until(() => events.some((e) => e.type === 'saved.list'), 'the save');
    // What the page wrote at pagehide: a snapshot 37 steps on, and a stale one of a run storage has not.
    const history = { points: [{ step: 436, tokens: 1, trainLoss: 2, elapsedMs: 1 }], evals: [{ step: 400, valLoss: 2.2 }], samples: [] };
    const db = await openDB(LAST_STEPS_DB, LAST_STEPS_DB_VERSION, { upgrade: (d) => void d.createObjectStore(LAST_STEPS_STORE) });
    await db.put(LAST_STEPS_STORE, { savedId: 'folded', takenAt: 42, checkpoint: { ...checkpoint(437), history } }, 'folded');
    await db.put(LAST_STEPS_STORE, { savedId: 'gone', takenAt: 43, checkpoint: checkpoint(9) }, 'gone');
    db.close();

    const after: EngineEvent[] = [];
    const second = new RunSaver((e) => after.push(e));
    await second.start();
    const list = after.find((e) => e.type === 'saved.list');
    if (list?.type !== 'saved.list') throw new Error('no list');
    expect(list.runs.find((r) => r.id === 'folded')).toMatchObject({ step: 437, savedAt: 42, valLoss: 2.2, valLossStep: 400 });
    expect(list.runs.some((r) => r.id === 'gone')).toBe(false);
    const loaded = await second.load('folded');
    expect(loaded.saved.checkpoint).toMatchObject({ step: 437, history });
    // Read once: an older save later is not overwritten by the same snapshot again.
    await new RunSaver(() => undefined).start();
    expect((await second.load('folded')).saved.checkpoint.step).toBe(437);
    const reopened = await openDB(LAST_STEPS_DB, LAST_STEPS_DB_VERSION);
    expect(await reopened.count(LAST_STEPS_STORE)).toBe(0);
    reopened.close();
  });
});
