// A step whose loss or gradients are not finite is skipped on the device: the weights and both
// AdamW moments keep their values, the loss comes back NaN, and the next step trains normally.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW } from './adamw';
import { trainStep } from './trainStep';
import { createGPT } from '../model/gpt';
import { createRng } from '../data/rng';
import { readVariables } from '../model/weights';

const config = { vocabSize: 12, blockSize: 6, nLayer: 1, nHead: 2, nEmbd: 16 };
const adam = { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('a non-finite step', () => {
  it('is skipped on the device and reported as a NaN loss; the next step trains', async () => {
    const model = createGPT(config, createRng(3));
    const opt = new AdamW(model.params, adam);
    const x = tf.tensor2d([[1, 2, 3, 4, 5, 6]], [1, 6], 'int32');
    const y = tf.tensor2d([[2, 3, 4, 5, 6, 7]], [1, 6], 'int32');
    trainStep(model, opt, x, y, 1e-2, 1).dispose(); // a normal step first: moments non-zero
    const before = { p: await readVariables(model.params), o: await opt.save() };
    const tensors = tf.memory().numTensors;

    const loss = trainStep(model, opt, x, y, 1e-2, 1, true);
    expect(Number.isNaN((await loss.data())[0])).toBe(true);
    loss.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    const after = { p: await readVariables(model.params), o: await opt.save() };
    for (const name of Object.keys(before.p)) {
      expect(after.p[name]).toEqual(before.p[name]);
      expect(after.o.m[name]).toEqual(before.o.m[name]);
      expect(after.o.v[name]).toEqual(before.o.v[name]);
    }

    const next = trainStep(model, opt, x, y, 1e-2, 1);
    expect(Number.isFinite((await next.data())[0])).toBe(true);
    next.dispose();
    const trained = await readVariables(model.params);
    expect(trained['wte.weight']).not.toEqual(before.p['wte.weight']);
    tf.dispose([x, y]);
    opt.dispose();
    model.dispose();
  });
});
