// The progress sample's measurements: an untrained model's sample costs about ln(V) nats per
// character (it guesses uniformly), the real-word share is the one realWords.ts gives for the
// text, a cut sample is not measured, and nothing leaks.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createGPT } from '../model/gpt';
import { buildCharTokenizer } from '../data/charTokenizer';
import { createRng } from '../data/rng';
import { realWordShare } from '../data/realWords';
import { writeProgressSample } from './progressSample';

const tokenizer = buildCharTokenizer('abcde fgh\n');
const model = createGPT({ vocabSize: tokenizer.vocabSize, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16 }, createRng(1));
const words = new Set(['a', 'be', 'bad', 'cab']);

describe('writeProgressSample', () => {
  it('measures the loss per character and the real-word share', async () => {
    const before = tf.memory().numTensors;
    const sample = await writeProgressSample(model, tokenizer, 40, createRng(2), () => false, words);
    expect(tf.memory().numTensors).toBe(before);
    expect(sample.cut).toBeUndefined();
    expect(sample.text).toHaveLength(40);
    expect(sample.lossPerChar).toBeGreaterThan(Math.log(tokenizer.vocabSize) - 0.1);
    expect(sample.lossPerChar).toBeLessThan(Math.log(tokenizer.vocabSize) + 0.1);
    expect(sample.realWordShare).toBe(realWordShare(sample.text, words).share ?? undefined);
  });

  it('has no share without a word set, and no measurement when cut', async () => {
    expect((await writeProgressSample(model, tokenizer, 10, createRng(2), () => false)).realWordShare).toBeUndefined();
    const cut = await writeProgressSample(model, tokenizer, 10, createRng(2), () => true, words);
    expect(cut.cut).toBe(true);
    expect(cut.lossPerChar).toBeUndefined();
    expect(cut.realWordShare).toBeUndefined();
  });
});
