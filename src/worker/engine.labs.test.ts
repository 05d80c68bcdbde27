// Labs through the engine, with the real model on the tfjs CPU backend and an in-memory
// IndexedDB: a lab's run keeps the person's run aside and gives it back exactly as it was (step,
// settings, history, weights); lab runs are saved in their own group, push out only their own,
// and come back as lab runs; anything the person does to their own run ends the lab first; a
// trial times a run without replacing anything.
import { describe, expect, it } from 'vitest';
import type { RunSettings } from '../protocol/settings';
import { LAB_RUNS_KEPT } from './savedRuns';
import { startEngine as start, TEST_SETTINGS, until } from './engineHarness';

const settings: RunSettings = { ...TEST_SETTINGS, evalEvery: 5 };
const scale: RunSettings = { ...settings, nEmbd: 8, maxSteps: 3, evalEvery: 1, sampleEvery: 3, sampleLength: 4 };

async function startEngine() {
  const h = await start({ settings });
  const { engine, of, answer } = h;
  const replaced = (requestId: number) => of('run.replaced').find((e) => e.requestId === requestId);
  /** Trains the current run until it has taken `steps` more steps, then pauses it. */
  const train = async (runId: number, steps: number) => {
    const from = Math.max(0, ...h.steps(runId).map((s) => s + 1));
    engine.dispatch({ type: 'run.start', runId });
    engine.dispatch({ type: 'run.resume', runId });
    await until(() => h.steps(runId).some((s) => s >= from + steps), 'steps');
    engine.dispatch({ type: 'run.pause', runId });
    await until(() => of('run.state').some((e) => e.runId === runId && e.state === 'paused' && e.step > from), 'the pause');
  };
  const exported = async (requestId: number) => {
    engine.dispatch({ type: 'model.export', requestId });
    await until(() => answer(requestId).length > 0, 'the export');
    const e = answer(requestId)[0];
    if (e.type !== 'model.exported') throw new Error(JSON.stringify(e));
    return new Uint8Array(e.bytes);
  };
  return { ...h, replaced, train, exported };
}

describe('Engine: labs', () => {
  it("a few-shot lab keeps the person's run aside, and its end gives it back exactly as it was", async () => {
    const { engine, of, answer, replaced, train, exported } = await startEngine();
    await train(1, 6);
    const weights = await exported(2);
    const person = of('run.state')
      .filter((e) => e.runId === 1)
      .at(-1)!;
    const pointsBefore = of('run.metrics').flatMap((e) => (e.runId === 1 ? e.points : []));

    engine.dispatch({ type: 'lab.start', requestId: 3, lab: { kind: 'fewshot', task: 'copy' } });
    await until(() => replaced(3) !== undefined, 'the lab run');
    const lab = replaced(3)!.run;
    expect(lab).toMatchObject({
      lab: 'fewshot',
      corpus: { origin: { kind: 'task', task: 'copy' } },
      settings: { nLayer: 2, nEmbd: 64, backend: 'cpu', seed: settings.seed },
    });
    expect(lab.kept).toMatchObject({ runId: 1, corpus: { name: 'pets.txt', origin: { kind: 'own' } }, settings });
    const keptAt = lab.kept!.step;
    expect(keptAt).toBe(person.step);
    engine.dispatch({ type: 'run.start', runId: lab.runId });
    engine.dispatch({ type: 'run.start', runId: 1 }); // the kept run takes no commands
    await until(() => of('run.metrics').some((e) => e.runId === lab.runId && e.points.length > 0), 'the lab training');
    engine.dispatch({ type: 'run.pause', runId: lab.runId });

    engine.dispatch({ type: 'lab.end', requestId: 4 });
    await until(() => replaced(4) !== undefined, 'the person run back');
    const back = replaced(4)!;
    expect(back.run).toMatchObject({ runId: 1, step: keptAt, state: 'paused', settings, lab: undefined, kept: undefined });
    expect(back.history.points.slice(0, pointsBefore.length)).toEqual(pointsBefore);
    expect(answer(3).filter((e) => e.type === 'error')).toEqual([]);
    expect(await exported(5)).toEqual(weights);
    // The lab's run was kept among the few-shot lab's saved runs; the person's among theirs.
    await until(
      () =>
        of('saved.list')
          .at(-1)!
          .runs.some((r) => r.group === 'fewshot'),
      'the lab run saved',
    );
    const list = of('saved.list').at(-1)!.runs;
    expect(list.find((r) => r.group === 'fewshot')).toMatchObject({ corpusName: expect.stringMatching(/Copy/), nLayer: 2, nEmbd: 64 });
    expect(list.filter((r) => (r.group ?? 'own') === 'own').map((r) => r.id)).toEqual([back.run.savedId]);
  }, 120_000);

  it('lab runs push out only their own; a saved lab run comes back as a lab run, the person’s kept', async () => {
    const { engine, of, replaced, train } = await startEngine();
    await train(1, 2);
    const own = (runs: { id: string; group?: string }[]) => runs.filter((r) => (r.group ?? 'own') === 'own').map((r) => r.id);
    await until(() => own(of('saved.list').at(-1)!.runs).includes(of('run.saved').at(-1)?.savedId ?? ''), 'the person run saved');
    const ownBefore = own(of('saved.list').at(-1)!.runs);
    engine.dispatch({ type: 'run.resume', runId: 1 }); // training when the lab starts: it pauses first, and is kept
    await until(() => of('run.state').filter((e) => e.runId === 1 && e.state === 'running').length > 1, 'the person run training');
    for (let i = 0; i < LAB_RUNS_KEPT + 1; i++) {
      engine.dispatch({ type: 'lab.start', requestId: 10 + i, lab: { kind: 'scale', settings: { ...scale, seed: i } } });
      await until(() => replaced(10 + i) !== undefined, 'a scale run');
      const runId = replaced(10 + i)!.run.runId;
      engine.dispatch({ type: 'run.start', runId });
      await until(() => of('run.state').some((e) => e.runId === runId && e.state === 'done'), 'the scale run done');
    }
    engine.dispatch({ type: 'lab.end', requestId: 20 });
    await until(() => replaced(20) !== undefined, 'the person run back');
    await until(
      () =>
        of('saved.list')
          .at(-1)!
          .runs.filter((r) => r.group === 'scale').length === LAB_RUNS_KEPT,
      'the scale runs',
    );
    const list = of('saved.list').at(-1)!.runs;
    expect(own(list)).toEqual(ownBefore); // the person's runs, all still there
    const keptStep = replaced(10)!.run.kept!.step;
    expect(
      of('run.state')
        .filter((e) => e.runId === 1)
        .at(-1),
    ).toMatchObject({ state: 'paused', step: keptStep });
    expect(replaced(20)!.run).toMatchObject({ runId: 1, lab: undefined, state: 'paused', step: keptStep });

    const labRun = list.find((r) => r.group === 'scale')!;
    engine.dispatch({ type: 'run.restore', requestId: 21, savedId: labRun.id });
    await until(() => replaced(21) !== undefined, 'the lab run loaded');
    expect(replaced(21)!.run).toMatchObject({ lab: 'scale', kept: { runId: 1 }, savedId: labRun.id, step: 3 });
    // Apply is the person's: the lab ends first, and their run gets the settings.
    engine.dispatch({ type: 'run.reset', requestId: 22, settings: { ...settings, nEmbd: 32 } });
    await until(() => replaced(22) !== undefined, 'the applied run');
    expect(
      of('run.replaced')
        .slice(-2)
        .map((e) => [e.cause, e.run.lab, e.run.settings.nEmbd]),
    ).toEqual([
      ['lab.end', undefined, 16],
      ['apply', undefined, 32],
    ]);
  }, 120_000);

  it('a lab that cannot start leaves the person’s run as it was; a trial times runs and replaces nothing', async () => {
    const { engine, of, answer } = await startEngine();
    const runs = of('run.replaced').length;
    engine.dispatch({ type: 'lab.start', requestId: 30, lab: { kind: 'scale', settings: { ...scale, blockSize: 512 } } });
    await until(() => answer(30).length > 0, 'the refusal');
    expect(answer(30)).toEqual([expect.objectContaining({ type: 'error', message: expect.stringMatching(/context of 512 is too long/) })]);
    engine.dispatch({ type: 'lab.measure', requestId: 31, runs: [scale, { ...scale, nEmbd: 16 }] });
    await until(() => answer(31).length > 0, 'the times');
    const [times] = answer(31);
    if (times.type !== 'lab.measured') throw new Error(JSON.stringify(times));
    expect(times.times).toHaveLength(2);
    for (const t of times.times) for (const ms of [t.stepMs, t.evalMs, t.sampleMs]) expect(ms).toBeGreaterThan(0);
    expect(of('run.replaced')).toHaveLength(runs);
    engine.dispatch({ type: 'run.start', runId: 1 });
    await until(() => of('run.metrics').some((e) => e.runId === 1 && e.points.length > 0), 'the person run training still');
    engine.dispatch({ type: 'run.pause', runId: 1 });
  }, 120_000);
});
