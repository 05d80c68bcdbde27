// Batched generation: seeded determinism, a batch of N equals N batches of 1 with the same seeds,
// embedding-independence, context cropping, no leaked tensors (also on early break).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GPTConfig } from './config';
import { generate } from './generate';
import type { GenerateOptions } from './generate';
import { createGPT } from './gpt';
import { referenceOps } from '../kernels/ops';
import type { GPT } from './gpt';
import { createRng } from '../data/rng';

const config: GPTConfig = { vocabSize: 20, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16 };
const opts: GenerateOptions = { temperature: 1, topK: 0, maxNewTokens: 12 };

/** Rows of ids [N][maxNewTokens], row i seeded with seeds[i]. */
async function collect(model: GPT, prompt: number[], o: GenerateOptions, seeds: number[]): Promise<number[][]> {
  const rows: number[][] = seeds.map(() => []);
  for await (const step of generate(model, prompt, o, seeds.map(createRng))) {
    expect(step).toHaveLength(seeds.length);
    step.forEach((id, i) => rows[i].push(id));
  }
  return rows;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('generate', () => {
  it('streams maxNewTokens valid ids per row, the same ones for the same seed', async () => {
    const model = createGPT(config, createRng(1));
    const [a] = await collect(model, [1, 2, 3], opts, [9]);
    const [b] = await collect(model, [1, 2, 3], opts, [9]);
    expect(a).toHaveLength(opts.maxNewTokens);
    expect(a.every((t) => Number.isInteger(t) && t >= 0 && t < config.vocabSize)).toBe(true);
    expect(a).toEqual(b);
    model.dispose();
  });

  it('gives row i of a batch the ids of a batch of 1 with the same seed', async () => {
    const model = createGPT(config, createRng(7));
    const seeds = [20, 21, 22, 23, 24];
    // A long prompt too, so the rows cross the crop at blockSize while batched.
    for (const prompt of [
      [1, 2, 3],
      [5, 6, 7, 8, 9, 10, 11, 12, 13],
    ]) {
      for (const o of [opts, { ...opts, temperature: 0.8, topK: 5, topP: 0.9 }]) {
        const batch = await collect(model, prompt, o, seeds);
        const singles = await Promise.all(seeds.map(async (seed) => (await collect(model, prompt, o, [seed]))[0]));
        expect(batch).toEqual(singles);
        expect(new Set(batch.map((row) => row.join(','))).size).toBeGreaterThan(1); // the rows do differ
      }
    }
    model.dispose();
  });

  it('gives every row the argmax continuation when greedy', async () => {
    const model = createGPT(config, createRng(8));
    const rows = await collect(model, [3, 4], { ...opts, greedy: true }, [1, 2, 3]);
    expect(rows[1]).toEqual(rows[0]);
    expect(rows[2]).toEqual(rows[0]);
    model.dispose();
  });

  it('gives the same tokens with one-hot and gather embeddings', async () => {
    const gather = createGPT(config, createRng(2));
    const onehot = createGPT(config, createRng(2), { ops: referenceOps('onehot') });
    expect(await collect(onehot, [4, 5], opts, [3, 4])).toEqual(await collect(gather, [4, 5], opts, [3, 4]));
    gather.dispose();
    onehot.dispose();
  });

  it('crops a long context to blockSize: only the last blockSize tokens matter', async () => {
    const model = createGPT(config, createRng(3));
    const tail = [1, 2, 3, 4, 5, 6, 7, 8];
    const greedy = { ...opts, temperature: 0 };
    const long = await collect(model, [9, 9, 9, 9, ...tail], greedy, [1, 2]);
    expect(long).toEqual(await collect(model, tail, greedy, [1, 2]));
    expect(await collect(model, [], greedy, [1])).toEqual(await collect(model, [0], greedy, [1]));
    model.dispose();
  });

  it('leaks no tensors, also when the consumer breaks early', async () => {
    const model = createGPT(config, createRng(4));
    const before = tf.memory().numTensors;
    await collect(model, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], opts, [5, 6, 7]);
    expect(tf.memory().numTensors).toBe(before);
    let n = 0;
    for await (const _ of generate(model, [1], opts, [createRng(6), createRng(7), createRng(8)])) {
      void _;
      if (++n === 3) break;
    }
    expect(n).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('refuses a batch of no rows', async () => {
    const model = createGPT(config, createRng(5));
    await expect(generate(model, [1], opts, []).next()).rejects.toThrow(/at least one row/);
    model.dispose();
  });
});
