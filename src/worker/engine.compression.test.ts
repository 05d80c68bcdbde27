// Compression through the engine, with the real model on the tfjs CPU backend: the run's baselines;
// Compress then Decompress gives the text back, with progress; Stop ends a job (even one still
// queued), and so does a Reset, which waits for none; and each refusal is a message saying what to
// do: a text over the limit, a character outside the alphabet, compressing while training, a file
// that is not ours, a file from the same run at another step.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../protocol/events';
import { COMPRESS_LIMIT_CHARS } from '../protocol/compression';
import { startEngine, TEST_SETTINGS, until } from './engineHarness';

const settings = { ...TEST_SETTINGS, evalBatches: 2 };

async function engineOnPets() {
  const h = await startEngine({ settings });
  const final = async (requestId: number) => {
    await until(() => h.answer(requestId).some((e) => e.type !== 'compression.progress'), `answer ${requestId}`);
    return h.answer(requestId).find((e) => e.type !== 'compression.progress')!;
  };
  return { ...h, final };
}

const errorOf = (e: EngineEvent) => (e.type === 'error' ? e.message : `not an error: ${e.type}`);

describe('Engine: compression', () => {
  it('measures the validation text against gzip, and the windows the val loss averages over', async () => {
    const { engine, final } = await engineOnPets();
    engine.dispatch({ type: 'compression.baselines', requestId: 3, runId: 1 });
    const measured = await final(3);
    if (measured.type !== 'compression.measured') throw new Error(measured.type);
    expect(measured.baselines.windowTokens).toBe(2 * 2 * 16);
    expect(measured.baselines.windowCharacters).toBe(64); // one character per token
    expect(measured.baselines.gzipBytes).toBeLessThan(measured.baselines.bytes / 5); // the text repeats
    engine.dispatch({ type: 'compression.baselines', requestId: 4, runId: 7 });
    expect(errorOf(await final(4))).toMatch(/run changed/);
  });

  it('Compress then Decompress gives the text back; the file from step 0 is refused at step N', async () => {
    const { engine, events, answer, final } = await engineOnPets();
    const paragraph = 'the dog sat on the mat. the cat sat on the log.';
    engine.dispatch({
      type: 'compression.compress',
      requestId: 5,
      runId: 1,
      target: { kind: 'text', name: 'a paragraph', text: paragraph },
    });
    const compressed = await final(5);
    if (compressed.type !== 'compression.compressed') throw new Error(errorOf(compressed));
    const { result } = compressed;
    expect(result.text).toBe(paragraph);
    expect([result.characters, result.tokens]).toEqual([paragraph.length, paragraph.length]);
    expect(result.fileName).toBe('pets-step0.ppac');
    expect(result.file.byteLength).toBeGreaterThan(result.headerBytes);
    expect(
      answer(5)
        .filter((e) => e.type === 'compression.progress')
        .at(-1),
    ).toMatchObject({ done: paragraph.length, total: paragraph.length });

    const file = result.file.slice(0);
    engine.dispatch({ type: 'compression.decompress', requestId: 6, runId: 1, bytes: file.slice(0) });
    const restored = await final(6);
    if (restored.type !== 'compression.decompressed') throw new Error(errorOf(restored));
    expect(restored.result.text).toBe(paragraph);

    engine.dispatch({ type: 'run.start', runId: 1 });
    await until(() => events.some((e) => e.type === 'run.metrics' && e.points.some((p) => p.step >= 3)), 'steps');
    engine.dispatch({ type: 'compression.decompress', requestId: 7, runId: 1, bytes: file.slice(0) });
    expect(errorOf(await final(7))).toMatch(/^Pause training before decompressing/);
    engine.dispatch({ type: 'run.pause', runId: 1 });
    await until(() => events.some((e) => e.type === 'run.state' && e.state === 'paused'), 'the pause');
    engine.dispatch({ type: 'compression.decompress', requestId: 8, runId: 1, bytes: file.slice(0) });
    expect(errorOf(await final(8))).toMatch(/compressed by this run at step 0; the model is at step \d+ now/);
  });

  it('refuses a text over the limit, a character outside the alphabet, and a file that is not ours', async () => {
    const { engine, final } = await engineOnPets();
    const long = 'a'.repeat(COMPRESS_LIMIT_CHARS + 1);
    engine.dispatch({ type: 'compression.compress', requestId: 9, runId: 1, target: { kind: 'text', name: 'long', text: long } });
    expect(errorOf(await final(9))).toMatch(/20,001 characters; Compress takes at most 20,000/);
    engine.dispatch({ type: 'compression.compress', requestId: 10, runId: 1, target: { kind: 'text', name: 'x', text: 'the cat: Zebra' } });
    expect(errorOf(await final(10))).toMatch(/not in the alphabet of pets\.txt/);
    engine.dispatch({ type: 'compression.decompress', requestId: 11, runId: 1, bytes: new TextEncoder().encode('hello').buffer });
    expect(errorOf(await final(11))).toMatch(/^This is not a file compressed by this page/);
  });

  it('Stop ends a job, also one still waiting in the queue', async () => {
    const { engine, answer, final } = await engineOnPets();
    engine.dispatch({ type: 'compression.compress', requestId: 12, runId: 1, target: { kind: 'validation' } });
    await until(() => answer(12).some((e) => e.type === 'compression.progress'), 'progress');
    engine.dispatch({ type: 'compression.stop', requestId: 12 });
    expect((await final(12)).type).toBe('compression.stopped');
    engine.dispatch({ type: 'compression.compress', requestId: 13, runId: 1, target: { kind: 'validation' } });
    engine.dispatch({ type: 'compression.stop', requestId: 13 });
    expect(answer(13).map((e) => e.type)).toEqual([]);
    expect((await final(13)).type).toBe('compression.stopped');
    expect(answer(13).map((e) => e.type)).toEqual(['compression.stopped']);
  });

  it('a Reset does not wait for a job: it stops the running one and the one queued, saying why', async () => {
    const { engine, of, answer, final } = await engineOnPets();
    engine.dispatch({ type: 'compression.compress', requestId: 14, runId: 1, target: { kind: 'validation' } });
    engine.dispatch({ type: 'compression.compress', requestId: 15, runId: 1, target: { kind: 'validation' } });
    await until(() => answer(14).some((e) => e.type === 'compression.progress'), 'progress');
    engine.dispatch({ type: 'run.reset', requestId: 16 });
    const stopped = { type: 'compression.stopped', reason: 'Stopped to reset the run.' };
    expect(await final(14)).toEqual({ ...stopped, requestId: 14 });
    expect(await final(15)).toEqual({ ...stopped, requestId: 15 });
    await until(() => of('run.replaced').some((e) => e.requestId === 16), 'the reset');
  });
});
