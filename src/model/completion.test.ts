// A person's completion: abort ends it within one token, notices follow the tokenizer's units
// (characters, or tokens under BPE), prompts are read as NFC, and text arrives in whole characters.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { promptNotices, startCompletion } from './completion';
import { createGPT } from './gpt';
import { generate } from './generate';
import { createRng } from '../data/rng';
import { buildCharTokenizer } from '../data/charTokenizer';
import { trainBpe } from '../data/bpe';
import { normaliseText } from '../data/corpus';

const text = normaliseText('Le café est près de la mer. La mer est très belle. '.repeat(40));
const chars = buildCharTokenizer(text);
const request = { prompt: 'Le ', temperature: 0.8, topK: 0, maxNewTokens: 50, seed: 3 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('startCompletion', () => {
  it('ends within one token of an abort', async () => {
    const model = createGPT({ vocabSize: chars.vocabSize, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16 }, createRng(1));
    const abort = new AbortController();
    const { text: stream } = startCompletion(model, chars, request, createRng(request.seed), abort.signal);
    const got: string[] = [];
    for await (const chunk of stream) {
      got.push(chunk);
      if (got.length === 3) abort.abort();
    }
    expect(got).toHaveLength(3);
    model.dispose();
  });

  it('reads a decomposed prompt as NFC: nothing is skipped', () => {
    const model = createGPT({ vocabSize: chars.vocabSize, blockSize: 64, nLayer: 1, nHead: 2, nEmbd: 16 }, createRng(1));
    const decomposed = 'Le cafe\u0301 est pre\u0300s de la mer. ';
    const { notices } = startCompletion(model, chars, { ...request, prompt: decomposed }, createRng(1), new AbortController().signal);
    expect(notices).toEqual([]);
    model.dispose();
  });

  it('streams whole characters under BPE and the same text for the same seed', async () => {
    const bpe = trainBpe('naïve café — “quoted” 🐋 '.repeat(50), 300);
    const model = createGPT({ vocabSize: bpe.vocabSize, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16 }, createRng(2));
    const run = async () => {
      const out: string[] = [];
      const { text: stream } = startCompletion(model, bpe, { ...request, maxNewTokens: 40 }, createRng(5), new AbortController().signal);
      for await (const chunk of stream) out.push(chunk);
      return out;
    };
    const a = await run();
    expect(a.join('')).toBe((await run()).join(''));
    // Chunks join to the decoding of all the ids at once: no character was split between two.
    const ids: number[] = [];
    for await (const id of generate(model, bpe.encode(request.prompt).ids, { temperature: 0.8, topK: 0, maxNewTokens: 40 }, createRng(5))) ids.push(id);
    expect(a.join('')).toBe(bpe.decode(ids));
    model.dispose();
  });
});

describe('promptNotices', () => {
  it('says nothing when the prompt is used as typed', () => {
    expect(promptNotices(chars, [1, 2], [], 16)).toEqual([]);
  });

  it('names skipped characters, invisible ones by name and code point', () => {
    expect(promptNotices(chars, [], ['é'], 16)).toEqual(["'é' is not in this corpus's alphabet and was skipped."]);
    expect(promptNotices(chars, [], ['ß', '\u00a0'], 16)[0]).toBe("'ß' and no-break space (U+00A0) are not in this corpus's alphabet and were skipped.");
  });

  it('counts the crop in characters for the char tokenizer', () => {
    const ids = chars.encode('La mer est très belle. '.repeat(3)).ids;
    expect(promptNotices(chars, ids, [], 32)).toEqual(["The prompt is longer than the model's context; only its last 32 characters are used."]);
  });

  it('counts the crop in tokens, with the characters they cover, under BPE', () => {
    const bpe = trainBpe(text, 300);
    const ids = bpe.encode(text.slice(0, 392)).ids;
    const kept = bpe.decode(ids.slice(-32));
    expect(kept.length).toBeGreaterThan(32);
    expect(promptNotices(bpe, ids, [], 32)).toEqual([
      `The prompt is longer than the model's context; only its last 32 tokens (${kept.length} characters) are used.`,
    ]);
  });
});
