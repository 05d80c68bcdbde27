// Saved runs through the engine, with the real model on the tfjs CPU backend and an in-memory
// IndexedDB: Pause saves; a new engine (a reload) lists the run and restores it at its step with
// its history, and training goes on from there. A refusal keeps the current run. (IndexedDB:
// vitest.setup.ts.)
import { describe, expect, it } from 'vitest';
import type { RunSettings } from '../protocol/settings';
import { startEngine as start, TEST_SETTINGS, until } from './engineHarness';

const settings: RunSettings = { ...TEST_SETTINGS, evalEvery: 5 };

/** A fresh engine, as after a reload: same storage, new worker. */
const startEngine = () => start({ settings });

describe('Engine: saved runs', () => {
  it('Pause saves; after a reload the run is listed, restored at its step with its history, and trains on', async () => {
    const first = await startEngine();
    expect(first.of('saved.list')[0].runs).toEqual([]);
    first.engine.dispatch({ type: 'run.start', runId: 1 });
    await until(() => first.of('run.metrics').some((e) => e.points.some((p) => p.step >= 7)), 'steps');
    first.engine.dispatch({ type: 'run.pause', runId: 1 });
    await until(() => first.of('run.state').some((e) => e.state === 'paused'), 'the pause');
    const paused = first.of('run.state').find((e) => e.state === 'paused')!;
    await until(() => first.of('run.saved').some((e) => e.runId === 1 && e.step === paused.step), 'the save on Pause');

    const second = await startEngine();
    const [run] = second.of('saved.list')[0].runs;
    expect(run).toMatchObject({ corpusName: 'pets.txt', preset: 'tiny', step: paused.step });
    expect(run.bytes).toBeGreaterThan(0);
    second.engine.dispatch({ type: 'run.restore', requestId: 5, savedId: run.id });
    await until(() => second.of('run.replaced').some((e) => e.requestId === 5), 'the restored run');
    const restored = second.of('run.replaced').find((e) => e.requestId === 5)!;
    expect(restored.run).toMatchObject({ runId: 2, state: 'paused', step: paused.step, savedId: run.id, saved: { step: paused.step } });
    expect(restored.history.points.map((p) => p.step)).toEqual(Array.from({ length: paused.step }, (_, i) => i));
    expect(restored.history.evals.length).toBeGreaterThan(0);

    second.engine.dispatch({ type: 'run.resume', runId: 2 });
    await until(
      () => second.of('run.metrics').some((e) => e.runId === 2 && e.points.some((p) => p.step > paused.step)),
      'steps after the resume',
    );
    const firstNew = second.of('run.metrics').flatMap((e) => (e.runId === 2 ? e.points : []))[0];
    expect(firstNew.step).toBe(paused.step);
    expect(firstNew.tokens).toBe((paused.step + 1) * settings.batchSize * settings.blockSize);
    second.engine.dispatch({ type: 'run.pause', runId: 2 });
    await until(() => second.of('run.saved').some((e) => e.runId === 2), 'the second save');
    await until(() => second.of('saved.list').length > 1, 'the list after it');
    // Saved under the same id: still one run in the list, now further on.
    const list = second.of('saved.list').at(-1)!.runs;
    expect(list).toHaveLength(1);
    expect(list[0].step).toBeGreaterThan(paused.step);
  }, 60_000);

  it('restoring a run that is gone is refused with the requestId, and the current run stays', async () => {
    const { engine, of } = await startEngine();
    const runs = of('run.replaced').length;
    engine.dispatch({ type: 'run.restore', requestId: 9, savedId: 'no-such-run' });
    await until(() => of('error').some((e) => e.requestId === 9), 'the refusal');
    expect(of('error').find((e) => e.requestId === 9)).toMatchObject({ code: 'save', message: expect.stringMatching(/gone/) });
    expect(of('run.replaced')).toHaveLength(runs);
    engine.dispatch({ type: 'run.start', runId: runs });
    await until(() => of('run.metrics').some((e) => e.points.length > 0), 'the current run training');
    engine.dispatch({ type: 'run.pause', runId: runs });
  });
});
