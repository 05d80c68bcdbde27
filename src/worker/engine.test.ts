// The engine with the real model on the tfjs CPU backend: commands that arrive mid-operation.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Engine } from './engine';
import { DEFAULT_SETTINGS, type RunSettings } from '../train/settings';
import type { EngineEvent } from './protocol';

const settings: RunSettings = {
  ...DEFAULT_SETTINGS, backend: 'cpu', preset: 'tiny', nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 16, batchSize: 2, evalBatches: 1,
};

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function startedEngine() {
  const events: EngineEvent[] = [];
  const engine = new Engine((e) => events.push(e));
  const bytes = new TextEncoder().encode('the cat sat on the mat. '.repeat(100)).buffer;
  engine.dispatch({ type: 'init', corpus: { kind: 'files', files: [{ name: 'cats.txt', bytes }] }, tokenizer: { kind: 'char' }, settings });
  await until(() => events.some((e) => e.type === 'run.created'), 'the first run');
  const count = (type: EngineEvent['type']) => events.filter((e) => e.type === type).length;
  return { engine, events, count };
}

describe('Engine', () => {
  it('a reset during a completion stops it before the weights are freed', async () => {
    const { engine, events, count } = await startedEngine();
    engine.dispatch({ type: 'sample.start', requestId: 1, prompt: 'the ', temperature: 0.8, topK: 5, maxNewTokens: 500 });
    await until(() => count('sample.token') > 2, 'tokens');
    engine.dispatch({ type: 'run.reset', settings });
    await until(() => count('run.created') === 2, 'the new run');
    await until(() => count('sample.done') === 1, 'the completion to end');
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
  });

  it('a reset the corpus cannot train with is refused and the current run survives', async () => {
    const { engine, events, count } = await startedEngine();
    const tensorsBefore = tf.memory().numTensors;
    engine.dispatch({ type: 'run.reset', settings: { ...settings, blockSize: 512 } });
    await until(() => count('error') === 1, 'the refusal');
    const error = events.find((e) => e.type === 'error');
    expect(error && 'message' in error && error.message).toMatch(/context of 512 is too long for cats\.txt/);
    expect(count('run.created')).toBe(1);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // The old run still trains.
    engine.dispatch({ type: 'run.start' });
    await until(() => events.some((e) => e.type === 'run.metrics' && e.points.length > 0), 'a training step');
    engine.dispatch({ type: 'run.pause' });
    await until(() => events.some((e) => e.type === 'run.state' && e.state === 'paused'), 'the pause');
  });
});
