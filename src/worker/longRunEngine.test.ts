// The long run's worker core: it builds a snapshot from its 8-bit file and answers a prompt exactly
// as the person's run would be asked with those weights (same request, same seeds); a newer load
// replaces the model; a question before any load, or a file that is not a snapshot, is an error.
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

/** Events until the request's done (or an error). */
async function answered(events: LongRunEvent[], requestId: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!events.some((e) => (e.type === 'longRun.done' || e.type === 'longRun.error') && e.requestId === requestId)) {
    if (Date.now() > deadline) throw new Error(`no answer: ${JSON.stringify(events)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the long run’s worker', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('answers a prompt as a model built from the same 8-bit weights does, and swaps snapshots', async () => {
    const files: Record<string, Uint8Array> = { a: await snapshotBytes(1), b: await snapshotBytes(2) };
    const events: LongRunEvent[] = [];
    const engine = new LongRunEngine(
      (e) => events.push(e),
      async (url) => files[url],
      async () => 'cpu',
    );
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
    const before = tf.memory().numTensors;
    engine.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
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
      message: /No snapshot of the long run is loaded/,
    });
    engine.dispatch({ type: 'longRun.load', requestId: 2, manifest, snapshotUrl: 'x', step: 0 });
    await answered(events, 2);
    expect(events.at(-1)).toMatchObject({ type: 'longRun.error', requestId: 2, message: /not a snapshot file/ });
  });
});
