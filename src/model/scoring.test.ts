// Scoring a text: each token's p, rank and nll against softmax(forward(...) / T) computed here,
// the summary numbers, the next-token list, cropping, empty text, BPE characters, no leaked tensors.
import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GPTConfig } from './config';
import { createGPT, forward } from './gpt';
import type { GPT } from './gpt';
import { scoreText } from './scoring';
import { trainBpe } from '../data/bpe';
import { buildCharTokenizer } from '../data/charTokenizer';
import { createRng } from '../data/rng';
import type { Tokenizer } from '../data/tokenizer';
import { TextScoreSchema } from '../protocol/scoring';

const tokenizer = buildCharTokenizer('abcdefghijklmnopqrstuvwxyz .,\n');
const config: GPTConfig = { vocabSize: tokenizer.vocabSize, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16 };

/** A seeded model whose embedding is scaled up, so its distributions are far from uniform and ranks are clear. */
function peakyModel(seed: number, cfg: GPTConfig = config): GPT {
  const model = createGPT(cfg, createRng(seed));
  const wte = model.params['wte.weight'];
  wte.assign(tf.tidy(() => tf.mul(wte, 15))); // [V, C]
  return model;
}

/** softmax(logits / T) of every position of ids, in float64: [n][V]. */
async function referenceProbs(model: GPT, ids: number[], T: number): Promise<number[][]> {
  const idx = tf.tensor2d(ids, [1, ids.length], 'int32');
  const logits = forward(model, idx); // [1, n, V]
  const rows = ((await logits.array()) as number[][][])[0];
  tf.dispose([idx, logits]);
  return rows.map((row) => {
    const max = Math.max(...row);
    const e = row.map((x) => Math.exp((x - max) / T));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / sum);
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('scoreText', () => {
  it.each([1, 0.6])(
    'at T = %s, gives each token its own p = softmax(logits) (T = 1 always), rank and nll, the first unscored; the bars use T',
    async (T) => {
      const model = peakyModel(1);
      const text = 'the cat';
      const ids = tokenizer.encode(text).ids;
      const probs = await referenceProbs(model, ids, 1);
      const score = await scoreText(model, tokenizer, text, T);
      const atT = (await referenceProbs(model, ids, T)).at(-1)!;
      for (const t of score.next) expect(Math.abs(t.p - atT[t.id])).toBeLessThan(1e-6);
      expect(v.safeParse(TextScoreSchema, score).success).toBe(true);
      expect(score.temperature).toBe(T);
      expect(score.perToken.map((t) => t.text)).toEqual(['t', 'h', 'e', '␣', 'c', 'a', 't']);
      expect(score.perToken.map((t) => t.id)).toEqual(ids);
      expect(score.perToken[0]).toMatchObject({ p: null, rank: null, nll: null });
      for (let i = 1; i < ids.length; i++) {
        const row = probs[i - 1];
        const want = row[ids[i]];
        const { p, rank, nll } = score.perToken[i];
        expect(Math.abs(p! - want)).toBeLessThan(1e-6);
        expect(rank).toBe(1 + row.filter((q) => q > want).length);
        expect(Math.abs(nll! + Math.log(want))).toBeLessThan(1e-4); // also for the smallest p
        expect(Math.abs(nll! + Math.log(p!))).toBeLessThan(1e-5);
      }
      const nlls = score.perToken.slice(1).map((t) => t.nll!);
      const total = nlls.reduce((a, b) => a + b, 0);
      expect(score.meanNll).toBeCloseTo(total / nlls.length, 10);
      expect(score.perplexity).toBeCloseTo(Math.exp(score.meanNll!), 10);
      expect(score.bitsPerChar).toBeCloseTo(total / Math.LN2 / (text.length - 1), 10); // one char per token
      expect(score).toMatchObject({ characters: 7, tokens: 7, notices: [] });
      expect(score.croppedTo).toBeUndefined();
      model.dispose();
    },
  );

  it('lists the 10 most likely next tokens, sorted, with other making the total 1', async () => {
    const model = peakyModel(2);
    const ids = tokenizer.encode('a fish').ids;
    const last = (await referenceProbs(model, ids, 1)).at(-1)!;
    const { next, other } = await scoreText(model, tokenizer, 'a fish', 1);
    expect(next).toHaveLength(10);
    const want = last
      .map((p, id) => ({ id, p }))
      .sort((a, b) => b.p - a.p)
      .slice(0, 10);
    expect(next.map((t) => t.id)).toEqual(want.map((t) => t.id));
    next.forEach((t, i) => {
      expect(Math.abs(t.p - want[i].p)).toBeLessThan(1e-6);
      expect(t.text).toBe(tokenizer.describeToken(t.id));
      expect(t.append).toBe(tokenizer.decode([t.id]));
      if (i > 0) expect(t.p).toBeLessThanOrEqual(next[i - 1].p);
    });
    expect(other).toBeGreaterThan(0);
    expect(Math.abs(next.reduce((s, t) => s + t.p, 0) + other - 1)).toBeLessThan(1e-5);
    model.dispose();
  });

  it('scores at T = 1 when asked for 0 (greedy)', async () => {
    const model = peakyModel(3);
    const greedy = await scoreText(model, tokenizer, 'whale', 0);
    expect(greedy.temperature).toBe(1);
    expect(greedy).toEqual(await scoreText(model, tokenizer, 'whale', 1));
    model.dispose();
  });

  it('crops to the last blockSize tokens and says so', async () => {
    const model = peakyModel(4);
    const long = 'call me ishmael';
    const tail = long.slice(-config.blockSize);
    const cropped = await scoreText(model, tokenizer, long, 1);
    const whole = await scoreText(model, tokenizer, tail, 1);
    expect(cropped.croppedTo).toBe(config.blockSize);
    expect(cropped.tokens).toBe(config.blockSize);
    expect(cropped.characters).toBe(config.blockSize);
    expect(whole.croppedTo).toBeUndefined();
    const { croppedTo: _, ...rest } = cropped;
    void _;
    expect(rest).toEqual(whole);
    model.dispose();
  });

  it('scores nothing in an empty text and predicts what follows a newline', async () => {
    const model = peakyModel(5);
    const empty = await scoreText(model, tokenizer, '', 1);
    expect(empty).toMatchObject({ perToken: [], tokens: 0, characters: 0, meanNll: null, bitsPerChar: null, perplexity: null });
    expect(v.safeParse(TextScoreSchema, empty).success).toBe(true);
    expect(empty.next).toEqual((await scoreText(model, tokenizer, '\n', 1)).next);
    const one = await scoreText(model, tokenizer, 'a', 1);
    expect(one).toMatchObject({ tokens: 1, meanNll: null, perToken: [{ text: 'a', p: null }] });
    model.dispose();
  });

  it('normalises line ends and lists characters outside the alphabet', async () => {
    const model = peakyModel(6);
    const score = await scoreText(model, tokenizer, 'Ahab\r\nsaid', 1);
    expect(score.notices).toEqual(["'A' is not in this corpus's alphabet and was skipped."]);
    expect(score.perToken.map((t) => t.text).join('')).toBe('hab↵said');
    model.dispose();
  });

  it('counts bits per character over the characters of the scored BPE tokens', async () => {
    const bpe: Tokenizer = trainBpe('the whale, the whale, the white whale\n'.repeat(20), 270);
    const model = peakyModel(7, { ...config, vocabSize: bpe.vocabSize, blockSize: 16 });
    const text = 'the white whale';
    const ids = bpe.encode(text).ids;
    expect(ids.length).toBeLessThan(text.length); // merges happened
    const score = await scoreText(model, bpe, text, 1);
    const total = score.perToken.slice(1).reduce((s, t) => s + t.nll!, 0);
    const scoredChars = bpe.decode(ids.slice(1)).length;
    expect(score.bitsPerChar).toBeCloseTo(total / Math.LN2 / scoredChars, 10);
    expect(score).toMatchObject({ tokens: ids.length, characters: text.length });
    model.dispose();
  });

  it('leaks no tensors', async () => {
    const model = peakyModel(8);
    await scoreText(model, tokenizer, 'warm', 1); // first call may cache backend state
    const before = tf.memory().numTensors;
    await scoreText(model, tokenizer, 'the sea', 0.8);
    await scoreText(model, tokenizer, '', 1);
    await scoreText(model, tokenizer, 'a long text, longer than the context', 1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
