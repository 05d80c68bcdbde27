// The loss read-back: points in step order with tokens counted, and no tensor left behind, also
// when the read itself fails.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { LossReadback } from './lossReadback';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('LossReadback', () => {
  it('reads every queued loss at once, in step order', async () => {
    const before = tf.memory().numTensors;
    const r = new LossReadback(64);
    [3.5, 3.25, 3].forEach((v, step) => r.push(step, tf.scalar(v)));
    const points = await r.read(() => 10);
    expect(points.map((p) => [p.step, p.trainLoss, p.tokens])).toEqual([
      [0, 3.5, 64],
      [1, 3.25, 128],
      [2, 3, 192],
    ]);
    expect(points[0].tokensPerSecond).toBeUndefined(); // the first interval compiles shaders
    expect(tf.memory().numTensors).toBe(before);
    expect(await r.read(() => 10)).toEqual([]);
  });

  it('frees the losses when the read fails', async () => {
    const before = tf.memory().numTensors;
    const r = new LossReadback(64);
    [1, 2, 3].forEach((v, step) => r.push(step, tf.scalar(v)));
    const spy = vi.spyOn(tf.Tensor.prototype, 'data').mockRejectedValueOnce(new Error('device lost'));
    await expect(r.read(() => 0)).rejects.toThrow('device lost');
    spy.mockRestore();
    expect(tf.memory().numTensors).toBe(before);
  });
});
