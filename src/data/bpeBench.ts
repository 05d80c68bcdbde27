// Timing for the BPE tokenizer: train on a text, then encode all of it, with the compression
// reached. Used by `npm run bench`; pure, so it runs in Node or the worker alike.
import { trainBpe } from './bpe';
import { countChars } from './corpus';

export interface BpeBenchResult {
  /** Wall time to learn the merges, ms. */
  trainMs: number;
  /** Wall time to encode the whole text with the trained tokenizer, ms. */
  encodeMs: number;
  /** Merges learned (vocabSize − 256, or fewer if training stopped early). */
  merges: number;
  /** Tokens in the encoded text. */
  tokens: number;
  /** Code points per token: how much the vocabulary compresses the text. */
  charsPerToken: number;
}

/** Trains a BPE tokenizer of vocabSize on text and encodes the text with it, timing both. */
export function benchBpe(text: string, vocabSize: number): BpeBenchResult {
  const t0 = performance.now();
  const tokenizer = trainBpe(text, vocabSize);
  const t1 = performance.now();
  const tokens = tokenizer.encodeCorpus(text).length;
  const t2 = performance.now();
  return {
    trainMs: t1 - t0,
    encodeMs: t2 - t1,
    merges: tokenizer.merges.length,
    tokens,
    charsPerToken: tokens === 0 ? 0 : countChars(text) / tokens,
  };
}
