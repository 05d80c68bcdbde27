// Compare runs through the engine, with the real model on the tfjs CPU backend and an in-memory
// IndexedDB: two runs trained and saved on two texts answer one prompt side by side, each column
// naming its text and step with its next-token bars; the same request gives the same columns
// again; the run that trains is untouched; no tensor outlives the comparison; a run that is gone
// is named in the refusal.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fileOf, startEngine, TEST_SETTINGS, until } from './engineHarness';

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

    engine.dispatch({ type: 'compare.runs', requestId: 4, savedIds: [saved[0].id, 'no-such-run'], request });
    await until(() => of('error').some((e) => e.requestId === 4), 'the refusal');
    expect(of('error').find((e) => e.requestId === 4)?.message).toMatch(/gone/);
  }, 120_000);
});
