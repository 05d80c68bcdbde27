// The engine with the real model on the tfjs CPU backend: commands that arrive mid-operation.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { fileOf, startEngine, TEST_SETTINGS as settings, until } from './engineHarness';

const request = { prompt: 'the ', n: 1, temperature: 0.8, topK: 5, topP: 1, greedy: false, maxNewTokens: 500, seed: 1 };

async function startedEngine(runSettings = settings) {
  const h = await startEngine({ settings: runSettings, corpus: fileOf('cats.txt', 'the cat sat on the mat. '.repeat(100)) });
  const lastStep = () => Math.max(0, ...h.of('run.metrics').flatMap((e) => e.points.map((p) => p.step + 1)));
  return { ...h, lastStep };
}

describe('Engine', () => {
  it('a reset during a completion stops it before the weights are freed', async () => {
    const { engine, events, of } = await startedEngine();
    engine.dispatch({ type: 'completion.start', requestId: 1, request });
    await until(() => of('completion.tokens').length > 2, 'tokens');
    engine.dispatch({ type: 'run.reset', requestId: 2, settings });
    await until(() => of('run.replaced').length === 2, 'the new run');
    await until(() => of('completion.done').length === 1, 'the completion to end');
    expect(of('run.replaced')[1].requestId).toBe(2);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
  });

  it('a reset the corpus cannot train with is refused with its requestId, and the current run survives', async () => {
    const { engine, of } = await startedEngine();
    const tensorsBefore = tf.memory().numTensors;
    engine.dispatch({ type: 'run.reset', requestId: 7, settings: { ...settings, blockSize: 512 } });
    await until(() => of('error').length === 1, 'the refusal');
    expect(of('error')[0]).toMatchObject({
      code: 'settings',
      requestId: 7,
      message: expect.stringMatching(/context of 512 is too long for cats\.txt/),
    });
    expect(of('run.replaced')).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // The old run still trains.
    engine.dispatch({ type: 'run.start', runId: 1 });
    await until(() => of('run.metrics').some((e) => e.points.length > 0), 'a training step');
    engine.dispatch({ type: 'run.pause', runId: 1 });
    await until(() => of('run.state').some((e) => e.state === 'paused'), 'the pause');
  });

  it('Pause during a progress sample cuts it, reports Paused at the same step, and Resume goes on without redoing it', async () => {
    // A sample of 2000 tokens at step 0 takes seconds; Pause must not wait for it.
    const { engine, of, lastStep } = await startedEngine({ ...settings, sampleEvery: 5, sampleLength: 2000, evalEvery: 1000, maxSteps: 8 });
    engine.dispatch({ type: 'run.start', runId: 1 });
    await until(() => of('run.metrics').some((e) => e.evals.length > 0), 'the evaluation at step 0, before the sample');
    await new Promise((r) => setTimeout(r, 50)); // the sample is being written
    engine.dispatch({ type: 'run.pause', runId: 1 });
    await until(() => of('run.state').some((e) => e.state === 'paused'), 'the pause');
    const paused = of('run.state').find((e) => e.state === 'paused')!;
    expect(paused.step).toBe(0);
    expect(of('run.sample')).toHaveLength(1);
    const cut = of('run.sample')[0].sample;
    expect(cut).toMatchObject({ step: 0, cut: true });
    expect(cut.text.length).toBeGreaterThan(0);
    expect(cut.text.length).toBeLessThan(2000);

    engine.dispatch({ type: 'run.resume', runId: 1 });
    await until(() => lastStep() >= 5, 'steps after resuming');
    // Step 0's sample is not written again; the next one is at step 5.
    expect(of('run.sample').map((e) => e.sample.step)).toEqual([0]);
    engine.dispatch({ type: 'run.pause', runId: 1 });
    await until(() => of('run.state').filter((e) => e.state === 'paused').length === 2, 'the second pause');
    const second = of('run.state').filter((e) => e.state === 'paused')[1];
    expect(second.step).toBe(lastStep());
    // Paused before step 5's sample began, or while it was written: then it is kept, cut.
    expect(
      of('run.sample')
        .filter((e) => e.sample.step === 5)
        .every((e) => e.sample.cut),
    ).toBe(true);
  });

  it('Pause while training stops within one step', async () => {
    const { engine, of, lastStep } = await startedEngine({ ...settings, sampleEvery: 100_000, evalEvery: 100_000, maxSteps: 100_000 });
    engine.dispatch({ type: 'run.start', runId: 1 });
    await until(() => lastStep() >= 20, 'twenty steps');
    const clicked = lastStep();
    engine.dispatch({ type: 'run.pause', runId: 1 });
    await until(() => of('run.state').some((e) => e.state === 'paused'), 'the pause');
    // Steps already queued before the click are read back; at most one more starts after it.
    const paused = of('run.state').find((e) => e.state === 'paused')!;
    expect(paused.step).toBe(lastStep());
    expect(paused.step - clicked).toBeLessThanOrEqual(16 + 1);
  });

  it('ignores run commands meant for a run that is gone', async () => {
    const { engine, of } = await startedEngine();
    engine.dispatch({ type: 'run.start', runId: 99 });
    await new Promise((r) => setTimeout(r, 50));
    expect(of('run.state')).toEqual([]);
    expect(of('run.replaced').map((e) => e.run.state)).toEqual(['idle']);
  });

  it('the same completion request gives the same text, whatever ran before', async () => {
    const { engine, of } = await startedEngine();
    const small = { ...request, maxNewTokens: 30, seed: 42 };
    const textOf = (requestId: number) =>
      of('completion.tokens')
        .filter((e) => e.requestId === requestId)
        .map((e) => e.texts[0])
        .join('');
    engine.dispatch({ type: 'completion.start', requestId: 1, request: small });
    engine.dispatch({ type: 'completion.start', requestId: 2, request: { ...small, seed: 7 } });
    engine.dispatch({ type: 'completion.start', requestId: 3, request: small });
    await until(() => of('completion.done').length === 3, 'three completions');
    expect(textOf(3)).toHaveLength(30);
    expect(textOf(3)).not.toBe(textOf(2).padEnd(30, '?'));
    engine.dispatch({ type: 'completion.start', requestId: 4, request: small });
    await until(() => of('completion.done').length === 4, 'a fourth');
    expect(textOf(4)).toBe(textOf(3));
  });

  it('Pause acts at once, not behind a slow corpus load', async () => {
    const { engine, of, lastStep } = await startedEngine({ ...settings, sampleEvery: 100_000, evalEvery: 100_000, maxSteps: 100_000 });
    const realFetch = globalThis.fetch;
    globalThis.fetch = () => new Promise((resolve) => setTimeout(() => resolve(new Response('x'.repeat(5000))), 2000));
    try {
      engine.dispatch({ type: 'run.start', runId: 1 });
      await until(() => lastStep() >= 5, 'some steps');
      engine.dispatch({
        type: 'corpus.use',
        requestId: 5,
        corpus: { kind: 'book', id: 'sotu', url: 'http://127.0.0.1/slow.txt' },
        tokenizer: { kind: 'char' },
      });
      const clicked = Date.now();
      engine.dispatch({ type: 'run.pause', runId: 1 });
      await until(() => of('run.state').some((e) => e.state === 'paused'), 'the pause');
      expect(Date.now() - clicked).toBeLessThan(1500);
      await until(() => of('corpus.staged').length === 1, 'the slow corpus, staged behind the trained run');
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('Reset keeps the settings of the run the worker has, even if an Apply is still queued', async () => {
    const { engine, of } = await startedEngine();
    engine.dispatch({ type: 'run.reset', requestId: 3, settings: { ...settings, nEmbd: 32 } });
    engine.dispatch({ type: 'run.reset', requestId: 4 });
    await until(() => of('run.replaced').length === 3, 'both runs');
    expect(of('run.replaced').map((e) => e.run.settings.nEmbd)).toEqual([16, 32, 32]);
  });

  it('a Reset drops a staged corpus and says so; a commit for it is answered, not ignored', async () => {
    const { engine, of, lastStep } = await startedEngine({ ...settings, sampleEvery: 100_000, evalEvery: 100_000 });
    engine.dispatch({ type: 'run.start', runId: 1 });
    await until(() => lastStep() >= 1, 'a step');
    engine.dispatch({ type: 'run.pause', runId: 1 });
    const bytes = new TextEncoder().encode('a dog ran. '.repeat(300)).buffer;
    engine.dispatch({
      type: 'corpus.use',
      requestId: 5,
      corpus: { kind: 'files', files: [{ name: 'dogs.txt', bytes }] },
      tokenizer: { kind: 'char' },
    });
    await until(() => of('corpus.staged').length === 1, 'the staged corpus');
    engine.dispatch({ type: 'run.reset', requestId: 6 });
    engine.dispatch({ type: 'corpus.commit', requestId: 5, accept: true });
    await until(() => of('corpus.rejected').length === 2, 'the dropped question, and the answer to the late commit');
    expect(of('corpus.rejected').map((e) => [e.requestId, e.message])).toEqual([
      [5, undefined],
      [5, undefined],
    ]);
    expect(of('run.replaced').at(-1)?.run.corpus.name).toBe('cats.txt');
  });
});
