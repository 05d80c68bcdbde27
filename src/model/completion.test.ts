// A person's completions: n columns, column i the same as a single completion seeded seed + i; abort
// ends them within one token; notices follow the tokenizer's units (characters, or tokens under
// BPE); prompts are read as NFC; text arrives in whole characters per column; a tokens/s figure.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { promptNotices, startCompletion } from './completion';
import type { Completion, CompletionStep } from './completion';
import type { CompletionRequest } from '../protocol/completion';
import { createGPT } from './gpt';
import { generate } from './generate';
import { createRng } from '../data/rng';
import { buildCharTokenizer } from '../data/charTokenizer';
import { trainBpe } from '../data/bpe';
import { normaliseText } from '../data/corpus';

const text = normaliseText('Le café est près de la mer. La mer est très belle. '.repeat(40));
const chars = buildCharTokenizer(text);
const request: CompletionRequest = { prompt: 'Le ', n: 1, temperature: 0.8, topK: 0, topP: 1, greedy: false, maxNewTokens: 50, seed: 3 };

/** Each column's text, joined over all steps, and every step. */
async function run(completion: Completion): Promise<{ columns: string[]; steps: CompletionStep[] }> {
  const steps: CompletionStep[] = [];
  for await (const step of completion.text) steps.push(step);
  const columns = steps[0].texts.map((_, i) => steps.map((s) => s.texts[i]).join(''));
  return { columns, steps };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('startCompletion', () => {
  const charModel = (seed: number, blockSize = 16) =>
    createGPT({ vocabSize: chars.vocabSize, blockSize, nLayer: 1, nHead: 2, nEmbd: 16 }, createRng(seed));

  it('writes n columns; column i is the single completion seeded seed + i', async () => {
    const model = charModel(4);
    const batch = await run(startCompletion(model, chars, { ...request, n: 3, maxNewTokens: 30 }, new AbortController().signal));
    expect(batch.steps).toHaveLength(30);
    expect(batch.steps.every((s) => s.texts.length === 3)).toBe(true);
    for (let i = 0; i < 3; i++) {
      const single = await run(
        startCompletion(model, chars, { ...request, n: 1, seed: request.seed + i, maxNewTokens: 30 }, new AbortController().signal),
      );
      expect(batch.columns[i]).toBe(single.columns[0]);
    }
    expect(new Set(batch.columns).size).toBe(3);
    model.dispose();
  });

  it('writes the same text in every column when greedy, and reports tokens per second', async () => {
    const model = charModel(5);
    const { columns, steps } = await run(
      startCompletion(model, chars, { ...request, n: 4, greedy: true, maxNewTokens: 10 }, new AbortController().signal),
    );
    expect(new Set(columns).size).toBe(1);
    expect(columns[0]).toHaveLength(10);
    expect(steps.every((s) => Number.isFinite(s.tokensPerSecond) && s.tokensPerSecond > 0)).toBe(true);
    model.dispose();
  });

  it('ends within one token of an abort, and leaks no tensors', async () => {
    const model = charModel(1);
    const before = tf.memory().numTensors;
    const abort = new AbortController();
    const { text: stream } = startCompletion(model, chars, { ...request, n: 3 }, abort.signal);
    const got: CompletionStep[] = [];
    for await (const step of stream) {
      got.push(step);
      if (got.length === 3) abort.abort();
    }
    expect(got).toHaveLength(3);
    expect(tf.memory().numTensors).toBe(before);
    // Aborted before it starts: nothing at all.
    const { text: none } = startCompletion(model, chars, request, abort.signal);
    expect((await none.next()).done).toBe(true);
    model.dispose();
  });

  it('leaks no tensors when the consumer breaks early', async () => {
    const model = charModel(6);
    const before = tf.memory().numTensors;
    for await (const step of startCompletion(model, chars, { ...request, n: 5 }, new AbortController().signal).text) {
      void step;
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('starts an empty prompt from a newline', async () => {
    const model = charModel(7);
    const empty = await run(
      startCompletion(model, chars, { ...request, prompt: '', n: 2, maxNewTokens: 12 }, new AbortController().signal),
    );
    const newline = await run(
      startCompletion(model, chars, { ...request, prompt: '\n', n: 2, maxNewTokens: 12 }, new AbortController().signal),
    );
    expect(empty.columns).toEqual(newline.columns);
    model.dispose();
  });

  it('reads a decomposed prompt as NFC: nothing is skipped', () => {
    const model = charModel(1, 64);
    const decomposed = 'Le cafe\u0301 est pre\u0300s de la mer. ';
    const { notices } = startCompletion(model, chars, { ...request, prompt: decomposed }, new AbortController().signal);
    expect(notices).toEqual([]);
    model.dispose();
  });

  it('streams whole characters per column under BPE and the same text for the same seed', async () => {
    const bpe = trainBpe('naïve café — “quoted” 🐋 '.repeat(50), 300);
    const model = createGPT({ vocabSize: bpe.vocabSize, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16 }, createRng(2));
    const bpeRequest = { ...request, n: 3, maxNewTokens: 40, seed: 5 };
    const complete = () => run(startCompletion(model, bpe, bpeRequest, new AbortController().signal));
    const a = await complete();
    expect(a.columns).toEqual((await complete()).columns);
    // Each column's chunks join to the decoding of all its ids at once: no character was split.
    const rows: number[][] = [[], [], []];
    const rngs = [0, 1, 2].map((i) => createRng(bpeRequest.seed + i));
    for await (const step of generate(
      model,
      bpe.encode(request.prompt).ids,
      { temperature: 0.8, topK: 0, topP: 1, maxNewTokens: 40 },
      rngs,
    )) {
      step.forEach((id, i) => rows[i].push(id));
    }
    expect(a.columns).toEqual(rows.map((ids) => bpe.decode(ids)));
    model.dispose();
  });
});

describe('promptNotices', () => {
  it('says nothing when the prompt is used as typed', () => {
    expect(promptNotices(chars, [1, 2], [], 16)).toEqual([]);
  });

  it('names skipped characters, invisible ones by name and code point', () => {
    expect(promptNotices(chars, [], ['é'], 16)).toEqual(["'é' is not in this corpus's alphabet and was skipped."]);
    expect(promptNotices(chars, [], ['ß', '\u00a0'], 16)[0]).toBe(
      "'ß' and no-break space (U+00A0) are not in this corpus's alphabet and were skipped.",
    );
  });

  it('counts the crop in characters for the char tokenizer', () => {
    const ids = chars.encode('La mer est très belle. '.repeat(3)).ids;
    expect(promptNotices(chars, ids, [], 32)).toEqual([
      "The prompt is longer than the model's context; only its last 32 characters are used.",
    ]);
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
