// Few-shot scoring on small random models: the Wilson interval against published values, teacher
// forcing against step-by-step greedy decoding, batching and cropping that change nothing they
// should not, normalised candidate probabilities, and no leaked tensors. (The trained proof that
// the curve rises above chance is fewShotLearns.test.ts.)
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { candidateProbabilities, evaluateFewShot, scoreAnswers, wilsonInterval, type AnswerRow } from './fewShot';
import { createGPT, forward, type GPT } from '../model/gpt';
import { charTokenizerFromAlphabet } from '../data/charTokenizer';
import { createRng } from '../data/rng';
import { syntheticAlphabet } from '../data/synthetic';
import { syntheticTask } from '../protocol/fewShot';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const copyTokenizer = charTokenizerFromAlphabet(syntheticAlphabet('copy'));
/**
 * A random 1-layer model. Its matrices are scaled up from GPT-2's init (std 0.02 → 0.5) so its
 * logits are far apart: at init they differ by ~1e-3, and a batched and an unbatched pass, which
 * sum in different orders, could pick different argmaxes among near-ties.
 */
function tinyModel(blockSize: number, seed = 1): GPT {
  const model = createGPT({ vocabSize: copyTokenizer.vocabSize, blockSize, nLayer: 1, nHead: 2, nEmbd: 16 }, createRng(seed));
  for (const p of Object.values(model.params)) if (p.rank === 2) p.assign(tf.tidy(() => tf.mul(p, 25)));
  return model;
}

/** ln P(next token) for every token after the context's last (the last blockSize tokens): [V]. */
async function nextLogProbs(model: GPT, seq: number[]): Promise<Float32Array> {
  const context = seq.slice(-model.config.blockSize);
  const row = tf.tidy(() => {
    const logits = forward(model, tf.tensor2d([context], [1, context.length], 'int32')); // [1, n, V]
    return tf.logSoftmax(tf.reshape(tf.slice(logits, [0, context.length - 1, 0], [1, 1, -1]), [-1])); // [V]
  });
  const values = (await row.data()) as Float32Array;
  row.dispose();
  return values;
}

/** Greedy decoding, one forward pass per token: the model's own n-token continuation. */
async function greedy(model: GPT, prompt: number[], n: number): Promise<number[]> {
  const seq = [...prompt];
  for (let i = 0; i < n; i++) {
    const values = await nextLogProbs(model, seq);
    seq.push(values.indexOf(Math.max(...values)));
  }
  return seq.slice(prompt.length);
}

/** ln P(answer | prompt), one forward pass per token. */
async function stepByStepLogProb(model: GPT, prompt: number[], answer: number[]): Promise<number> {
  let logProb = 0;
  for (let j = 0; j < answer.length; j++) logProb += (await nextLogProbs(model, [...prompt, ...answer.slice(0, j)]))[answer[j]];
  return logProb;
}

describe('wilsonInterval', () => {
  it('matches the Wilson intervals published by Newcombe (1998, Stat Med 17:857, Table I)', () => {
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, low, high] of cases) {
      const ci = wilsonInterval(x, n);
      expect(ci.low).toBeCloseTo(low, 4);
      expect(ci.high).toBeCloseTo(high, 4);
    }
  });

  it('is symmetric about one half, ends at 1 for all successes, and narrows with n', () => {
    const a = wilsonInterval(3, 10);
    const b = wilsonInterval(7, 10);
    expect(a.low).toBeCloseTo(1 - b.high, 12);
    expect(wilsonInterval(10, 10).high).toBe(1);
    const wide = wilsonInterval(5, 10);
    const narrow = wilsonInterval(500, 1000);
    expect(narrow.high - narrow.low).toBeLessThan(wide.high - wide.low);
  });
});

describe('scoreAnswers', () => {
  it('equals greedy decoding and the step-by-step log-probability, whatever the batch', async () => {
    const model = tinyModel(24);
    const rng = createRng(5);
    const prompts = Array.from({ length: 5 }, (_, i) => Array.from({ length: 3 + 4 * i }, () => rng.int(copyTokenizer.vocabSize)));
    const rows: AnswerRow[] = [];
    for (const prompt of prompts) {
      const own = await greedy(model, prompt, 3);
      rows.push({ prompt, answer: own }); // exact by construction
      rows.push({ prompt, answer: [own[0], own[1], (own[2] + 1) % copyTokenizer.vocabSize] }); // last token wrong
    }
    const scores = await scoreAnswers(model, rows, 4);
    for (let i = 0; i < rows.length; i++) {
      expect(scores[i].exact).toBe(i % 2 === 0);
      expect(scores[i].logProb).toBeCloseTo(await stepByStepLogProb(model, rows[i].prompt, rows[i].answer), 4);
      expect(scores[i].cropped).toBe(false);
    }
    const one = await scoreAnswers(model, rows.slice(3, 4), 1); // alone, in a batch of its own size
    expect(one[0].logProb).toBeCloseTo(scores[3].logProb, 5);
    model.dispose();
  });

  it('crops a prompt longer than the context from the left, keeping the whole answer, and says so', async () => {
    const model = tinyModel(8);
    const prompt = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const answer = [3, 4, 5];
    const [long] = await scoreAnswers(model, [{ prompt, answer }], 2);
    const [short] = await scoreAnswers(model, [{ prompt: prompt.slice(-6), answer }], 2); // 6 + 3 − 1 = 8 inputs
    expect(long.cropped).toBe(true);
    expect(short.cropped).toBe(false);
    expect(long.logProb).toBeCloseTo(short.logProb, 5);
    await expect(scoreAnswers(model, [{ prompt, answer: Array(9).fill(1) }], 2)).rejects.toThrow(/cannot fit/);
    model.dispose();
  });
});

describe('evaluateFewShot', () => {
  it('draws its items from the rng: same seed, same result; counts, chance and intervals per k', async () => {
    const model = tinyModel(48);
    const opts = { ks: [0, 2, 4], items: 30, batchSize: 16 };
    const a = await evaluateFewShot(model, copyTokenizer, 'copy', opts, createRng(3));
    const b = await evaluateFewShot(model, copyTokenizer, 'copy', opts, createRng(3));
    expect(a).toEqual(b);
    expect(a.chance).toBe(syntheticTask('copy').chance);
    expect(a.points.map((p) => [p.k, p.total, p.cropped])).toEqual([
      [0, 30, 0],
      [2, 30, 0],
      [4, 30, 0],
    ]);
    for (const p of a.points) {
      expect(p.accuracy).toBe(p.correct / p.total);
      expect(p.low).toBeLessThanOrEqual(p.accuracy);
      expect(p.high).toBeGreaterThanOrEqual(p.accuracy);
    }
    expect(a.notices).toEqual([]);
    model.dispose();
  });

  it('says when prompts were cropped to the context', async () => {
    const model = tinyModel(16);
    const result = await evaluateFewShot(model, copyTokenizer, 'copy', { ks: [0, 8], items: 4 }, createRng(4));
    expect(result.points.map((p) => p.cropped)).toEqual([0, 4]);
    expect(result.notices).toEqual([expect.stringMatching(/k = 8, 4 of 4 prompts .* context \(16 tokens\)/)]);
    model.dispose();
  });

  it("refuses a tokenizer without the task's characters", async () => {
    const model = tinyModel(16);
    const letters = charTokenizerFromAlphabet([...'\n abcdefghij']);
    await expect(evaluateFewShot(model, letters, 'copy', { ks: [1], items: 2 }, createRng(1))).rejects.toThrow(/vocabulary/);
    model.dispose();
  });
});

describe('candidateProbabilities', () => {
  it('gives each candidate P(candidate | prompt), normalised to sum 1, and 0 to what cannot be written', async () => {
    const model = tinyModel(32);
    const prompt = '\nhd#hd#hd#hd';
    const result = await candidateProbabilities(model, copyTokenizer, prompt, ['#hd', '$hd', '#', 'x!']);
    const sum = result.scores.reduce((s, c) => s + c.normalised, 0);
    expect(sum).toBeCloseTo(1, 10);
    const encode = (t: string) => copyTokenizer.encode(t).ids;
    const direct = await stepByStepLogProb(model, encode(prompt), encode('#hd'));
    expect(result.scores[0].probability).toBeCloseTo(Math.exp(direct), 8);
    expect(result.scores[2].probability).toBeGreaterThan(result.scores[0].probability); // a prefix is likelier
    expect(result.scores[3]).toEqual({ candidate: 'x!', probability: 0, normalised: 0 });
    expect(result.notices).toEqual([expect.stringMatching(/"x!" has .* cannot write/)]);
    model.dispose();
  });

  it('skips and names prompt characters outside the vocabulary, and rejects an empty candidate', async () => {
    const model = tinyModel(16);
    const result = await candidateProbabilities(model, copyTokenizer, 'hd!hd', ['#', '$']);
    const same = await candidateProbabilities(model, copyTokenizer, 'hdhd', ['#', '$']);
    expect(result.scores).toEqual(same.scores);
    expect(result.notices).toEqual([expect.stringMatching(/'!' is not in this corpus's alphabet and was skipped/)]);
    await expect(candidateProbabilities(model, copyTokenizer, 'ab', ['a', ''])).rejects.toThrow(/Candidate 2 is empty/);
    model.dispose();
  });
});

describe('memory', () => {
  it('leaves no tensor behind', async () => {
    const model = tinyModel(16);
    const before = tf.memory().numTensors;
    await evaluateFewShot(model, copyTokenizer, 'copy', { ks: [0, 4, 8], items: 7, batchSize: 5 }, createRng(2));
    await candidateProbabilities(model, copyTokenizer, '\nhd#hd#hd', ['#hd', '$hd']);
    await expect(scoreAnswers(model, [{ prompt: [1], answer: Array(20).fill(1) }], 2)).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
