// Compare runs through the engine, with the real model on the tfjs CPU backend and an in-memory
// IndexedDB: two runs trained and saved on two texts answer one prompt side by side, each column
// naming its text and step with its next-token bars; the same request gives the same columns
// again; the run that trains is untouched; no tensor outlives the comparison; a run that is gone,
// or whose outputs are not finite, is said in its place while the others answer; Stop and a Reset
// end a comparison at once.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fileOf, startEngine, TEST_SETTINGS, until } from './engineHarness';
import { compareRuns } from './compareRuns';
import { RunSaver } from './runSaver';
import type { EngineEvent } from '../protocol/events';

const settings = { ...TEST_SETTINGS, evalEvery: 4 };
const SEA = 'a whale swam in the deep sea; a ship sailed on. '.repeat(60);

describe('Engine: compare runs', () => {
  it('two saved runs on two texts answer one prompt side by side, again the same, with nothing left allocated', async () => {
    const { engine, of } = await startEngine({ settings });

    /** Trains the current run a few steps and pauses it, which saves it. */
    const trainAndSave = async (runId: number) => {
      engine.dispatch({ type: 'run.start', runId });
      await until(() => of('run.metrics').some((e) => e.runId === runId && e.points.some((p) => p.step >= 8)), `run ${runId} steps`);
      engine.dispatch({ type: 'run.pause', runId });
      await until(() => of('run.saved').some((e) => e.runId === runId), `run ${runId} saved`);
    };
    await trainAndSave(1);
    engine.dispatch({ type: 'corpus.use', requestId: 1, corpus: fileOf('sea.txt', SEA), tokenizer: { kind: 'char' } });
    await until(() => of('corpus.staged').length === 1, 'the staged text');
    engine.dispatch({ type: 'corpus.commit', requestId: 1, accept: true });
    await until(() => of('run.replaced').some((e) => e.requestId === 1), 'the run on the second text');
    await trainAndSave(2);
    await until(() => of('saved.list').at(-1)!.runs.length === 2, 'two saved runs');
    const saved = of('saved.list').at(-1)!.runs;

    const before = tf.memory().numTensors;
    const request = { prompt: 'the ', n: 1, temperature: 0.8, topK: 0, topP: 1, greedy: false, maxNewTokens: 12, seed: 5 };
    const ask = async (requestId: number) => {
      engine.dispatch({ type: 'compare.runs', requestId, savedIds: saved.map((r) => r.id), request });
      await until(() => of('compare.done').some((e) => e.requestId === requestId), 'the comparison');
      return of('compare.column').filter((e) => e.requestId === requestId);
    };
    const columns = await ask(2);
    expect(columns.map((c) => c.index)).toEqual([0, 1]);
    expect(columns.map((c) => c.column.corpusName).sort()).toEqual(['pets.txt', 'sea.txt']);
    for (const { column } of columns) {
      expect(column.step).toBeGreaterThanOrEqual(8);
      expect(column.valLoss).toBeGreaterThan(0);
      expect([...column.text].length).toBe(12);
      expect(column.next.length).toBeGreaterThan(0);
      expect(column.next.reduce((s, t) => s + t.p, column.other)).toBeCloseTo(1, 6);
    }
    // Each run writes from its own alphabet: the sea run never writes a letter only pets.txt has.
    const sea = columns.find((c) => c.column.corpusName === 'sea.txt')!.column;
    expect(sea.text).not.toMatch(/[cg]/);
    expect((await ask(3)).map((c) => c.column.text)).toEqual(columns.map((c) => c.column.text));
    expect(tf.memory().numTensors).toBe(before);
    expect(of('run.state').at(-1)).toMatchObject({ runId: 2, state: 'paused' }); // the current run as it was

    // A run that is gone is said in its place; the run after it still answers.
    engine.dispatch({ type: 'compare.runs', requestId: 4, savedIds: ['no-such-run', saved[0].id], request });
    await until(() => of('compare.done').some((e) => e.requestId === 4), 'the comparison with a run gone');
    expect(of('compare.failed').filter((e) => e.requestId === 4)).toEqual([
      { type: 'compare.failed', requestId: 4, index: 0, message: 'That saved run is gone (deleted, perhaps in another tab).' },
    ]);
    expect(
      of('compare.column')
        .filter((e) => e.requestId === 4)
        .map((e) => e.index),
    ).toEqual([1]);

    // Stop: answered as stopped, with the columns written so far and no more.
    engine.dispatch({ type: 'compare.runs', requestId: 5, savedIds: saved.map((r) => r.id), request: { ...request, maxNewTokens: 400 } });
    await until(() => of('compare.column').some((e) => e.requestId === 5), 'the first column');
    engine.dispatch({ type: 'compare.stop', requestId: 5 });
    await until(() => of('compare.stopped').some((e) => e.requestId === 5), 'the stop');
    expect(of('compare.column').filter((e) => e.requestId === 5)).toHaveLength(1);
    expect(of('compare.done').some((e) => e.requestId === 5)).toBe(false);

    // A Reset does not wait for a comparison: it stops it at once and says why.
    engine.dispatch({ type: 'compare.runs', requestId: 6, savedIds: saved.map((r) => r.id), request: { ...request, maxNewTokens: 400 } });
    await until(() => of('compare.column').some((e) => e.requestId === 6), 'the first column');
    engine.dispatch({ type: 'run.reset', requestId: 7 });
    await until(() => of('run.replaced').some((e) => e.requestId === 7), 'the reset');
    expect(of('compare.stopped').find((e) => e.requestId === 6)).toEqual({
      type: 'compare.stopped',
      requestId: 6,
      reason: 'Stopped to reset the run.',
    });
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);

    // A saved run whose outputs are not finite is named, and not told to "reset the run".
    const storage = new RunSaver(() => undefined);
    const overflowing: Pick<RunSaver, 'load'> = {
      async load(savedId) {
        const found = await storage.load(savedId);
        if (savedId !== saved[0].id) return found;
        const weights = Object.fromEntries(Object.entries(found.saved.checkpoint.weights).map(([k, w]) => [k, w.map(() => 3e38)]));
        return { ...found, saved: { ...found.saved, checkpoint: { ...found.saved.checkpoint, weights } } };
      },
    };
    const posted: EngineEvent[] = [];
    const cmd = { type: 'compare.runs' as const, requestId: 8, savedIds: saved.map((r) => r.id), request };
    await compareRuns(cmd, overflowing, 'cpu', (e) => posted.push(e), new AbortController().signal);
    const failed = posted.find((e) => e.type === 'compare.failed');
    expect(failed?.type === 'compare.failed' && failed.message).toMatch(
      /^The saved run on (pets|sea)\.txt \(step \d+\) gives outputs that are not finite numbers: its weights had diverged when it was saved\./,
    );
    expect(failed?.type === 'compare.failed' && failed.message).not.toMatch(/reset the run/i);
    expect(posted.filter((e) => e.type === 'compare.column')).toHaveLength(1);
  }, 180_000);
});
