// Generation: seeded determinism, embedding-independence, context cropping, no leaked tensors.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GPTConfig } from './config';
import { generate } from './generate';
import type { GenerateOptions } from './generate';
import { createGPT } from './gpt';
import type { GPT } from './gpt';
import { createRng } from '../data/rng';

const config: GPTConfig = { vocabSize: 20, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16 };
const opts: GenerateOptions = { temperature: 1, topK: 0, maxNewTokens: 12 };

async function collect(model: GPT, prompt: number[], o: GenerateOptions, seed: number): Promise<number[]> {
  const out: number[] = [];
  for await (const t of generate(model, prompt, o, createRng(seed))) out.push(t);
  return out;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('generate', () => {
  it('streams maxNewTokens valid ids, the same ones for the same seed', async () => {
    const model = createGPT(config, createRng(1));
    const a = await collect(model, [1, 2, 3], opts, 9);
    const b = await collect(model, [1, 2, 3], opts, 9);
    expect(a).toHaveLength(opts.maxNewTokens);
    expect(a.every((t) => Number.isInteger(t) && t >= 0 && t < config.vocabSize)).toBe(true);
    expect(a).toEqual(b);
    model.dispose();
  });

  it('gives the same tokens with one-hot and gather embeddings', async () => {
    const gather = createGPT(config, createRng(2));
    const onehot = createGPT(config, createRng(2), { embedding: 'onehot' });
    expect(await collect(onehot, [4, 5], opts, 3)).toEqual(await collect(gather, [4, 5], opts, 3));
    gather.dispose();
    onehot.dispose();
  });

  it('crops a long context to blockSize: only the last blockSize tokens matter', async () => {
    const model = createGPT(config, createRng(3));
    const tail = [1, 2, 3, 4, 5, 6, 7, 8];
    const greedy = { ...opts, temperature: 0 };
    const long = await collect(model, [9, 9, 9, 9, ...tail], greedy, 1);
    expect(long).toEqual(await collect(model, tail, greedy, 1));
    expect(await collect(model, [], greedy, 1)).toEqual(await collect(model, [0], greedy, 1));
    model.dispose();
  });

  it('leaks no tensors, also when the consumer breaks early', async () => {
    const model = createGPT(config, createRng(4));
    const before = tf.memory().numTensors;
    await collect(model, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], opts, 5);
    expect(tf.memory().numTensors).toBe(before);
    let n = 0;
    for await (const _ of generate(model, [1], opts, createRng(6))) {
      void _;
      if (++n === 3) break;
    }
    expect(n).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
