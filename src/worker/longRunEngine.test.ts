// The long run's worker core: it builds a snapshot from its 8-bit file and answers a prompt exactly
// as the person's run would be asked with those weights (same request, same seeds); a newer load
// replaces the model and frees the old; a question before any load, or a file that is not a
// snapshot, is an error. Replaced work is never done: a question stopped or asked again while it
// waits writes nothing, a snapshot chosen again before its turn is never fetched; a question says
// which snapshot answered it (a failed load leaves the one before).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LongRunEngine } from './longRunEngine';
import { createGPT } from '../model/gpt';
import { readVariables } from '../model/weights';
import { encodeQuantized, decodeQuantized } from '../model/quantizedWeights';
import { modelFromWeights } from '../model/modelFromWeights';
import { startCompletion } from '../model/completion';
import { charTokenizerFromAlphabet } from '../data/charTokenizer';
import { createRng } from '../data/rng';
import type { LongRunEvent, LongRunManifest } from '../protocol/longRun';
import type { CompletionRequest } from '../protocol/completion';

const chars = [...'\n abcdefghijklmnopqrstuvwxyz.'];
const config = { vocabSize: chars.length, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8 };
const request: CompletionRequest = {
  prompt: 'the whale',
  n: 2,
  temperature: 0.8,
  topK: 40,
  topP: 1,
  greedy: false,
  maxNewTokens: 12,
  seed: 3,
};

async function snapshotBytes(seed: number): Promise<Uint8Array> {
  const model = createGPT(config, createRng(seed));
  const weights = await readVariables(model.params);
  const shapes = Object.fromEntries(Object.entries(model.params).map(([n, p]) => [n, p.shape]));
  model.dispose();
  return encodeQuantized(weights, shapes);
}

const manifest = {
  format: 1,
  text: 'moby-dick',
  command: 'npm run pretrain',
  settings: { seed: 1, maxSteps: 10, lr: 1e-3, warmupSteps: 1, batchSize: 2 },
  tokenizer: { kind: 'char', chars },
  config,
  steps: 10,
  finished: true,
  wallSeconds: 1,
  snapshots: [{ step: 0, file: 'step-0.bin', bytes: 1, valLoss: 3, wallSeconds: 0 }],
  curve: { evals: [], train: [] },
} satisfies LongRunManifest;

/** Waits until the request is answered (loaded, done or an error), reading `of` afresh. */
async function answeredBy(of: (id: number) => LongRunEvent[], requestId: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  const over = (e: LongRunEvent) => e.type !== 'longRun.started' && e.type !== 'longRun.tokens';
  while (!of(requestId).some(over)) {
    if (Date.now() > deadline) throw new Error(`no answer to ${requestId}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Events until the request's done (or an error). */
async function answered(events: LongRunEvent[], requestId: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!events.some((e) => (e.type === 'longRun.done' || e.type === 'longRun.error') && e.requestId === requestId)) {
    if (Date.now() > deadline) throw new Error(`no answer: ${JSON.stringify(events)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** An engine over these files, and what it posted and fetched. */
function engineWith(files: Record<string, Uint8Array>) {
  const events: LongRunEvent[] = [];
  const fetched: string[] = [];
  const engine = new LongRunEngine(
    (e) => events.push(e),
    async (url) => {
      fetched.push(url);
      if (!files[url]) throw new Error(`Could not load ${url} (404 Not Found).`);
      return files[url];
    },
    async () => 'cpu',
  );
  const of = (id: number) => events.filter((e) => 'requestId' in e && e.requestId === id);
  return { engine, events, fetched, of };
}

describe('the long run’s worker', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('answers a prompt as a model built from the same 8-bit weights does, and swaps snapshots', async () => {
    const files: Record<string, Uint8Array> = { a: await snapshotBytes(1), b: await snapshotBytes(2) };
    const tensorsBefore = tf.memory().numTensors;
    const { engine, events } = engineWith(files);
    engine.dispatch({ type: 'longRun.load', requestId: 1, manifest, snapshotUrl: 'a', step: 0 });
    engine.dispatch({ type: 'longRun.complete', requestId: 2, request });
    await answered(events, 2);
    expect(events.find((e) => e.type === 'longRun.loaded')).toMatchObject({ requestId: 1, step: 0 });
    const texts = (id: number) =>
      events
        .filter((e) => e.type === 'longRun.tokens' && e.requestId === id)
        .reduce((acc, e) => (e.type === 'longRun.tokens' ? acc.map((t, i) => t + e.texts[i]) : acc), ['', '']);
    // the same weights, asked directly
    const model = modelFromWeights(config, decodeQuantized(files.a).weights, 'cpu', {});
    const { text } = startCompletion(model, charTokenizerFromAlphabet(chars), request, new AbortController().signal);
    const direct = ['', ''];
    for await (const step of text) step.texts.forEach((t, i) => (direct[i] += t));
    model.dispose();
    expect(texts(2)).toEqual(direct);
    expect(texts(2).every((t) => t.length === 12)).toBe(true);

    engine.dispatch({ type: 'longRun.load', requestId: 3, manifest, snapshotUrl: 'b', step: 0 });
    engine.dispatch({ type: 'longRun.complete', requestId: 4, request });
    await answered(events, 4);
    expect(texts(4)).not.toEqual(texts(2));
    engine.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore); // the first snapshot was freed when the second came
  });

  it('writes nothing for a question stopped or asked again while it waits', async () => {
    const { engine, of } = engineWith({ a: await snapshotBytes(1) });
    engine.dispatch({ type: 'longRun.load', requestId: 1, manifest, snapshotUrl: 'a', step: 0 });
    engine.dispatch({ type: 'longRun.complete', requestId: 2, request });
    engine.dispatch({ type: 'longRun.stop', requestId: 2 });
    engine.dispatch({ type: 'longRun.complete', requestId: 3, request });
    engine.dispatch({ type: 'longRun.complete', requestId: 4, request });
    engine.dispatch({ type: 'longRun.stop', requestId: 4 });
    engine.dispatch({ type: 'longRun.complete', requestId: 5, request });
    await answeredBy(of, 5);
    for (const id of [2, 3, 4]) expect(of(id).map((e) => e.type)).toEqual(['longRun.done']);
    const written = of(5)
      .flatMap((e) => (e.type === 'longRun.tokens' ? [e.texts[0]] : []))
      .join('');
    expect(written).toHaveLength(12);
    engine.dispose();
  });

  it('fetches only the snapshots a question needs, and says which one answered', async () => {
    const { engine, of, fetched } = engineWith({ a: await snapshotBytes(1), b: await snapshotBytes(2) });
    const load = (requestId: number, snapshotUrl: string, step: number) =>
      engine.dispatch({ type: 'longRun.load', requestId, manifest, snapshotUrl, step });
    // chosen, then another chosen before its turn: the first is never fetched
    load(1, 'a', 0);
    load(2, 'b', 10);
    engine.dispatch({ type: 'longRun.complete', requestId: 3, request });
    await answeredBy(of, 3);
    expect(fetched).toEqual(['b']);
    expect(of(1).map((e) => e.type)).toEqual(['longRun.done']);
    expect(of(3).find((e) => e.type === 'longRun.started')).toMatchObject({ step: 10 });
    // asked of a, then b chosen: a is loaded for the question, then b
    load(4, 'a', 0);
    engine.dispatch({ type: 'longRun.complete', requestId: 5, request });
    load(6, 'b', 10);
    await answeredBy(of, 6);
    expect(fetched).toEqual(['b', 'a', 'b']);
    expect(of(5).find((e) => e.type === 'longRun.started')).toMatchObject({ step: 0 });
    // a snapshot that fails to load leaves the one before, and the answer says so
    load(7, 'a', 0);
    await answeredBy(of, 7);
    load(8, 'missing', 20);
    engine.dispatch({ type: 'longRun.complete', requestId: 9, request });
    await answeredBy(of, 9);
    expect(of(8)).toEqual([expect.objectContaining({ type: 'longRun.error', message: expect.stringMatching(/Could not load missing/) })]);
    expect(of(9).find((e) => e.type === 'longRun.started')).toMatchObject({ step: 0 });
    engine.dispose();
  });

  it('says what is wrong: no snapshot yet, a file that is not one', async () => {
    const events: LongRunEvent[] = [];
    const engine = new LongRunEngine(
      (e) => events.push(e),
      async () => new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]),
      async () => 'cpu',
    );
    engine.dispatch({ type: 'longRun.complete', requestId: 1, request });
    await answered(events, 1);
    expect(events.find((e) => e.type === 'longRun.error')).toMatchObject({
      requestId: 1,
      message: expect.stringMatching(/No snapshot of the long run is loaded: choose one, then ask again/),
    });
    engine.dispatch({ type: 'longRun.load', requestId: 2, manifest, snapshotUrl: 'x', step: 0 });
    await answered(events, 2);
    expect(events.at(-1)).toMatchObject({ type: 'longRun.error', requestId: 2, message: expect.stringMatching(/not a snapshot file/) });
  });
});
