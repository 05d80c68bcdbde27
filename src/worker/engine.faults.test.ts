// Faults through the engine, with the real model on the tfjs CPU backend and an in-memory
// IndexedDB: a non-finite step is skipped and said; three in a row send the run back to its last
// save (or the start) and it trains on; saved runs can be deleted; an exported model comes back
// by import, and a broken file changes nothing. (Device loss needs WebGPU: e2e/faults.spec.ts.)
import { describe, expect, it } from 'vitest';
import { importSafetensors } from '../model/exportModel';
import type { Fault } from '../protocol/faults';
import { startEngine as start, TEST_SETTINGS, until } from './engineHarness';

const settings = { ...TEST_SETTINGS, evalEvery: 50 };

const startEngine = (fault?: Fault) => start({ settings, fault });

describe('Engine: faults', () => {
  it('skips a non-finite step, says so, and trains on', async () => {
    const { engine, of, steps } = await startEngine({ kind: 'nan', step: 3, repeat: 1 });
    engine.dispatch({ type: 'run.start', runId: 1 });
    await until(() => steps(1).some((s) => s >= 8), 'steps past the fault');
    engine.dispatch({ type: 'run.pause', runId: 1 });
    expect(steps(1)).not.toContain(3);
    expect(steps(1)).toContain(4);
    expect(of('notice').map((e) => e.message)).toEqual([
      expect.stringMatching(/^Step 3 had a loss or gradients that were not finite .* skipped .* halved for the next 100 steps/),
    ]);
    expect(of('run.replaced')).toHaveLength(1); // no rollback for one step
  });

  it('after three in a row goes back to the last save and trains on at half the learning rate', async () => {
    const { engine, of, steps } = await startEngine({ kind: 'nan', step: 40, repeat: 3 });
    engine.dispatch({ type: 'run.start', runId: 1 });
    await until(() => steps(1).some((s) => s >= 4), 'a few steps');
    engine.dispatch({ type: 'run.pause', runId: 1 });
    await until(() => of('run.saved').some((e) => e.runId === 1), 'the save on Pause');
    const savedAt = of('run.saved')[0].step;
    expect(savedAt).toBeLessThan(40);
    engine.dispatch({ type: 'run.resume', runId: 1 });
    await until(() => of('run.replaced').length === 2, 'the rolled-back run');
    await until(() => steps(2).some((s) => s >= 44), 'the rolled-back run training past the fault');
    engine.dispatch({ type: 'run.pause', runId: 2 });
    const notice = of('notice').find((e) => e.runId === 2)!;
    expect(notice.message).toMatch(
      new RegExp(
        `3 steps in a row .*step 42\\)\\..* The run went back to its save at step ${savedAt}: \\d+ steps are being redone, at half the learning rate for 100 steps\\.`,
      ),
    );
    expect(steps(2)[0]).toBe(savedAt);
    expect(steps(2)).toContain(41); // the fault happened once: the same steps train now
  });

  it('deletes a saved run', async () => {
    const { engine, of } = await startEngine();
    engine.dispatch({ type: 'run.start', runId: 1 });
    await until(() => of('run.metrics').some((e) => e.points.length > 0), 'a step');
    engine.dispatch({ type: 'run.pause', runId: 1 });
    await until(() => of('run.saved').length > 0, 'the save');
    const run = of('saved.list').at(-1)!.runs[0];
    const lists = of('saved.list').length;
    engine.dispatch({ type: 'run.delete', savedId: run.id });
    await until(() => of('saved.list').length > lists, 'the new list');
    expect(
      of('saved.list')
        .at(-1)!
        .runs.map((r) => r.id),
    ).not.toContain(run.id);
  });

  it('imports an exported model paused at its step, and refuses a broken file without touching the run', async () => {
    const { engine, of } = await startEngine();
    engine.dispatch({ type: 'run.start', runId: 1 });
    await until(() => of('run.metrics').some((e) => e.points.some((p) => p.step >= 3)), 'steps');
    engine.dispatch({ type: 'run.pause', runId: 1 });
    await until(() => of('run.state').some((e) => e.state === 'paused'), 'the pause');
    engine.dispatch({ type: 'model.export', requestId: 3 });
    await until(() => of('model.exported').length > 0, 'the export');
    const file = of('model.exported')[0];
    const step = of('run.state')
      .filter((e) => e.state === 'paused')
      .at(-1)!.step;

    engine.dispatch({ type: 'model.import', requestId: 4, name: 'cut.safetensors', bytes: file.bytes.slice(0, 100) });
    await until(() => of('error').some((e) => e.requestId === 4), 'the refusal');
    expect(of('error').find((e) => e.requestId === 4)).toMatchObject({
      code: 'import',
      message: expect.stringMatching(/^cut\.safetensors cannot be imported: /),
    });
    expect(of('run.replaced')).toHaveLength(1);

    engine.dispatch({ type: 'model.import', requestId: 5, name: file.fileName, bytes: file.bytes });
    await until(() => of('run.replaced').some((e) => e.requestId === 5), 'the imported run');
    expect(of('run.replaced').find((e) => e.requestId === 5)?.run).toMatchObject({ runId: 2, state: 'paused', step });
    // The imported model holds the exported weights exactly.
    engine.dispatch({ type: 'model.export', requestId: 6 });
    await until(() => of('model.exported').length > 1, 'the export of the imported model');
    const again = of('model.exported')[1];
    expect(again.fileName).toBe(file.fileName);
    const [before, after] = [importSafetensors(file.bytes), importSafetensors(again.bytes)];
    expect(after.ok && before.ok && after.step === before.step).toBe(true);
    if (after.ok && before.ok) expect(after.weights).toEqual(before.weights);
    engine.dispatch({ type: 'run.resume', runId: 2 });
    await until(() => of('run.metrics').some((e) => e.runId === 2 && e.points.length > 0), 'the imported model training');
    engine.dispatch({ type: 'run.pause', runId: 2 });
    expect(of('run.metrics').find((e) => e.runId === 2)!.points[0].step).toBe(step);
  });
});
