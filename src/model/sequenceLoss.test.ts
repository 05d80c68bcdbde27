// The windowed loss against a direct computation: equal to one forward pass while the sequence
// fits the context, equal to per-token scoring with each token's own window in general (stride 1),
// each token scored once, and no tensor left behind.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createGPT, positionLosses } from './gpt';
import { sequenceLoss } from './sequenceLoss';
import { createRng } from '../data/rng';

const config = { vocabSize: 11, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16 };
const model = createGPT(config, createRng(7));
const rng = createRng(3);
const ids = Array.from({ length: 30 }, () => Math.floor(rng.next() * config.vocabSize));

/** −ln p(ids[t] | ids[max(0, t−blockSize)..t−1]): the token's own window, as generation saw it. */
async function exactNll(t: number): Promise<number> {
  const start = Math.max(0, t - config.blockSize);
  const inputs = ids.slice(start, t);
  const targets = ids.slice(start + 1, t + 1);
  const losses = positionLosses(
    model,
    tf.tensor2d([inputs], [1, inputs.length], 'int32'),
    tf.tensor2d([targets], [1, targets.length], 'int32'),
  );
  const values = await losses.data();
  losses.dispose();
  return values[values.length - 1];
}

describe('sequenceLoss', () => {
  it('equals the direct loss while the sequence fits the context', async () => {
    const short = ids.slice(0, 6);
    let expected = 0;
    for (let t = 1; t < short.length; t++) expected += await exactNll(t);
    const got = await sequenceLoss(model, short, 1);
    expect(got?.tokens).toBe(5);
    expect(got?.totalNll).toBeCloseTo(expected, 4);
  });

  it('with stride 1 scores every token in its own full window', async () => {
    let expected = 0;
    for (let t = 3; t < ids.length; t++) expected += await exactNll(t);
    const got = await sequenceLoss(model, ids, 3, () => false, 1);
    expect(got?.tokens).toBe(ids.length - 3);
    expect(got?.totalNll).toBeCloseTo(expected, 3);
  });

  it('scores each token once with the default stride, close to the exact loss, leaking nothing', async () => {
    let exact = 0;
    for (let t = 1; t < ids.length; t++) exact += await exactNll(t);
    const before = tf.memory().numTensors;
    const got = await sequenceLoss(model, ids, 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(got?.tokens).toBe(ids.length - 1);
    // Every token sees at least half a context: close to, not exactly, the exact loss.
    expect(Math.abs(got!.totalNll - exact) / exact).toBeLessThan(0.1);
  });

  it('stops when interrupted and has nothing to score for a lone prompt', async () => {
    expect(await sequenceLoss(model, ids, 1, () => true)).toBeNull();
    expect(await sequenceLoss(model, ids.slice(0, 1), 1)).toBeNull();
  });
});
