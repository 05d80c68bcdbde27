// Bits per character on the loss chart: a known model's val loss (train/evaluation.ts, as the run
// measures it) turned into bits per character through the validation windows' characters matches a
// float64 recomputation from the logits within 1e-6, for the character tokenizer and for BPE; and
// the validation text's yardsticks (gzip against Node's zlib, the zeroth-order entropy) are its own.
import * as tf from '@tensorflow/tfjs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { measureBaselines, validationText, validationWindows } from './compressionBaselines';
import { prepareCorpus, type PreparedCorpus } from '../data/prepare';
import { fixedBatches } from '../data/dataset';
import { isBpeTokenizer } from '../data/bpe';
import { createRng } from '../data/rng';
import { createGPT, forward, type GPT } from '../model/gpt';
import { evaluateValidation } from '../train/evaluation';
import { bitsPerChar } from '../protocol/compression';
import type { TokenizerChoice } from '../protocol/reports';

const text = Array.from(
  { length: 160 },
  (_, i) => `Line ${i}: the whale, the sea, and Ahab's ${['cabin', 'leg', 'crew', 'ship'][i % 4]} at ${(i * 7) % 13} bells.\n`,
).join('');
const shape = { evalBatches: 3, batchSize: 4, blockSize: 16 };

function corpusOf(choice: TokenizerChoice): PreparedCorpus {
  const source = { name: 'Test text', names: ['test.txt'], bytes: text.length, text, origin: { kind: 'own' as const }, notices: [] };
  const prepared = prepareCorpus(source, choice, shape.blockSize);
  if (!prepared.ok) throw new Error(prepared.message);
  return prepared.corpus;
}

/** Σ −ln softmax(logits)[target] over every window, in float64 from the model's logits, and the characters of the targets. */
async function recompute(model: GPT, corpus: PreparedCorpus): Promise<{ nats: number; characters: number }> {
  let nats = 0;
  let characters = 0;
  const { tokenizer } = corpus;
  const bytesOf = (id: number) => (isBpeTokenizer(tokenizer) ? tokenizer.tokenBytes(id).length : 1); // ASCII text: a byte is a character
  for (const b of fixedBatches(corpus.split.val, shape.evalBatches, shape.batchSize, shape.blockSize)) {
    const x = tf.tensor2d(b.x, [b.batchSize, b.blockSize], 'int32');
    const logits = forward(model, x);
    const rows = (await logits.array()) as number[][][];
    tf.dispose([x, logits]);
    rows.forEach((window, r) =>
      window.forEach((row, t) => {
        const target = b.y[r * b.blockSize + t];
        const max = Math.max(...row);
        const logSum = Math.log(row.reduce((s, l) => s + Math.exp(l - max), 0)) + max;
        nats += logSum - row[target];
        characters += bytesOf(target);
      }),
    );
  }
  return { nats, characters };
}

describe('bits per character of the validation windows', () => {
  for (const choice of [{ kind: 'char' }, { kind: 'bpe', vocabSize: 300 }] as const) {
    it(`matches a float64 recomputation within 1e-6 (${choice.kind})`, async () => {
      const corpus = corpusOf(choice);
      const model = createGPT({ vocabSize: corpus.tokenizer.vocabSize, ...shape, nLayer: 1, nHead: 2, nEmbd: 16 }, createRng(3));
      const batches = fixedBatches(corpus.split.val, shape.evalBatches, shape.batchSize, shape.blockSize);
      const point = await evaluateValidation(model, batches, () => false);
      const { windowTokens, windowCharacters } = validationWindows(corpus, shape);
      const ours = bitsPerChar(point!.valLoss, windowTokens, windowCharacters);
      const truth = await recompute(model, corpus);
      expect(windowCharacters).toBe(truth.characters);
      if (choice.kind === 'bpe') expect(windowCharacters).toBeGreaterThan(windowTokens); // a token covers several characters
      expect(Math.abs(ours - truth.nats / truth.characters / Math.LN2)).toBeLessThan(1e-6);
      model.dispose();
    });
  }
});

describe('the validation text against general-purpose compressors', () => {
  it('gzip is zlib on the validation text, and the entropy is of its characters', async () => {
    const corpus = corpusOf({ kind: 'char' });
    const val = validationText(corpus);
    expect(text.endsWith(val)).toBe(true);
    const b = await measureBaselines(corpus, shape);
    expect(b.characters).toBe(val.length);
    expect(b.gzipBytes).toBe(gzipSync(Buffer.from(val)).length);
    expect(b.deflateBytes).toBe(b.gzipBytes - 12); // the same deflate stream; zlib's wrapper is 12 bytes shorter than gzip's
    expect(b.zerothOrderBits).toBeGreaterThan(3);
    expect(b.zerothOrderBits).toBeLessThan(Math.log2(corpus.tokenizer.vocabSize));
    expect(await measureBaselines(corpus, shape)).toBe(b); // measured once
  });
});
