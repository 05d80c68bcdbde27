// Scoring a text with the current weights: the probability the model gave each of its tokens (the
// "surprise" colouring), their ranks, and the distribution of the token after it (the "next token"
// bars). One forward pass at the fixed shape [1, blockSize], as generate.ts, and one awaited read.
// nll is the training loss's cross-entropy (nanoGPT), per token; the shape is protocol/scoring.ts.
import * as tf from '@tensorflow/tfjs';
import { countChars, normaliseText } from '../data/corpus';
import type { Tokenizer } from '../data/tokenizer';
import { NEXT_TOKENS_SHOWN, type NextToken, type ScoredToken, type TextScore } from '../protocol/scoring';
import { OutputsNotFinite } from '../protocol/errors';
import { forward, type GPT } from './gpt';
import { skippedNotice } from './completion';

/** A BPE token covers a few characters: this many per token of context is read, the rest ignored. */
const MAX_CHARS_PER_TOKEN = 16;

/** The end of the text: enough characters for blockSize tokens, never half a surrogate pair. */
function tailOf(text: string, blockSize: number): string {
  const tail = text.slice(-blockSize * MAX_CHARS_PER_TOKEN);
  return /^[\uDC00-\uDFFF]/.test(tail) ? tail.slice(1) : tail;
}

/**
 * Scores `text` under the model: p = softmax(logits) at each position (the model's own
 * probabilities, T = 1, so the loss figures compare with the val loss) for the token that
 * actually comes next, and the distribution of the next token at temperature T (the bars). The text is normalised as the corpus was (NFC, \n line
 * ends), encoded (characters outside the alphabet skipped and listed), and cropped to its last
 * blockSize tokens. Token i (i ≥ 1) is scored given tokens 0..i−1; token 0 has no prefix in the
 * window and is not scored (p, rank, nll null). An empty text scores nothing; its next-token
 * distribution follows a newline, where a document might start (as a completion does).
 *
 * On the device: the forward pass at [1, blockSize] (positions after the text padded with token
 * 0; causality keeps them out of every scored position), log-softmax, and per position the
 * actual token's log-probability and the count of tokens more likely than it (its rank − 1),
 * so the read is 2·blockSize + V floats whatever the vocabulary. Reading the [T, V] block
 * instead would be 16 MB at blockSize 512 and an 8192-token BPE, every time the text changes;
 * the comparisons cost the device one pass over a block it already holds. Every shape is fixed
 * by the model, not the text, so WebGPU's buffer pool does not grow as a person types.
 *
 * @param temperature T > 0; 0 (greedy) or anything not above 0 scores at T = 1, since greedy
 *   decoding has no distribution to show.
 * @returns the score; nll and meanNll in nats, bitsPerChar in bits per character.
 * @throws OutputsNotFinite when the model's outputs are not finite (weights diverged).
 */
export async function scoreText(model: GPT, tokenizer: Tokenizer, text: string, temperature: number): Promise<TextScore> {
  const { blockSize, vocabSize: V } = model.config;
  const T = temperature > 0 ? temperature : 1;
  const { ids, skipped } = tokenizer.encode(normaliseText(tailOf(text, blockSize)));
  const kept = ids.slice(Math.max(0, ids.length - blockSize));
  const newline = tokenizer.encode('\n').ids;
  const context = kept.length > 0 ? kept : newline.length > 0 ? newline.slice(-1) : [0];
  const n = context.length; // real tokens, 1..blockSize

  const inputs = new Int32Array(blockSize); // [blockSize], padded with token 0
  inputs.set(context);
  const targets = new Int32Array(blockSize); // target at t = the token at t + 1; 0 past the text
  targets.set(context.slice(1));
  const packed = tf.tidy(() => {
    const idx = tf.tensor2d(inputs, [1, blockSize], 'int32');
    const logits = tf.reshape(forward(model, idx), [blockSize, V]); // [blockSize, V]
    const logProbs = tf.logSoftmax(logits, -1); // [blockSize, V], T = 1: the model's own
    const oneHot = tf.cast(tf.oneHot(tf.tensor1d(targets, 'int32'), V), 'float32'); // [blockSize, V]
    const actual = tf.sum(tf.mul(oneHot, logProbs), -1); // [blockSize], exact: the rest adds 0
    const above = tf.greater(logProbs, tf.expandDims(actual, 1)); // [blockSize, V]
    const moreLikely = tf.sum(tf.cast(above, 'float32'), -1); // [blockSize], rank − 1
    const lastLogits = tf.slice(logits, [n - 1, 0], [1, V]); // [1, V]
    const last = tf.reshape(tf.logSoftmax(tf.div(lastLogits, T), -1), [V]); // [V], at T
    return tf.concat([actual, moreLikely, last]); // [2·blockSize + V]
  });
  let values: Float32Array;
  try {
    values = (await packed.data()) as Float32Array; // GPU → CPU sync point, once per score
  } finally {
    packed.dispose();
  }
  if (!values.every(Number.isFinite)) {
    throw new OutputsNotFinite("The model's outputs are not finite numbers (its weights have diverged); reset the run to score text.");
  }

  const perToken: ScoredToken[] = kept.map((id, i) => {
    if (i === 0) return { id, text: tokenizer.describeToken(id), p: null, rank: null, nll: null };
    const logP = values[i - 1]; // position i − 1 predicts token i
    return {
      id,
      text: tokenizer.describeToken(id),
      p: Math.min(1, Math.exp(logP)), // float rounding can put log p a hair above 0
      rank: values[blockSize + i - 1] + 1,
      nll: Math.max(0, -logP),
    };
  });

  const scored = perToken.slice(1);
  const totalNll = scored.reduce((sum, t) => sum + (t.nll ?? 0), 0);
  const scoredChars = countChars(tokenizer.decode(kept.slice(1)));
  const meanNll = scored.length > 0 ? totalNll / scored.length : null;
  return {
    temperature: T,
    perToken,
    ...nextTokens(values.subarray(2 * blockSize), tokenizer),
    meanNll,
    bitsPerChar: scored.length > 0 && scoredChars > 0 ? totalNll / Math.LN2 / scoredChars : null,
    perplexity: meanNll === null ? null : Math.exp(meanNll),
    characters: countChars(tokenizer.decode(kept)),
    tokens: kept.length,
    ...(ids.length > blockSize ? { croppedTo: blockSize } : {}),
    notices: skipped.length > 0 ? [skippedNotice(skipped)] : [],
  };
}

/**
 * The NEXT_TOKENS_SHOWN most likely tokens (lower id first on ties) and the probability of all
 * the others, from one row of log-probabilities [V]. Normalised in float64, so the listed
 * probabilities and `other` sum to 1 to float64 rounding.
 */
function nextTokens(logProbs: Float32Array, tokenizer: Tokenizer): { next: NextToken[]; other: number } {
  const probs = Float64Array.from(logProbs, Math.exp); // [V]
  const total = probs.reduce((a, b) => a + b, 0);
  const order = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a] || a - b);
  const next = order.slice(0, NEXT_TOKENS_SHOWN).map((id) => ({
    id,
    text: tokenizer.describeToken(id),
    append: tokenizer.decode([id]),
    p: probs[id] / total,
  }));
  let rest = 0;
  for (const id of order.slice(NEXT_TOKENS_SHOWN)) rest += probs[id] / total;
  return { next, other: Math.min(1, rest) };
}
