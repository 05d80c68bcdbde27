// The model as the arithmetic coder's predictor (data/sequenceCoder.ts): after a prefix, the
// quantised softmax of the logits at the prefix's last position. Every question is asked the one
// way the decoder can ask it, token by token: the last blockSize tokens of [start, ...prefix] at the
// fixed shape [1, blockSize] (padded after with token 0, which causality keeps out of every
// position read), exactly as generate.ts runs each step. So the encoder, which knows the whole
// text, still computes each table from the same input tensor, with the same shapes, kernels and
// backend, as the decoder will; nothing is batched that the decoder could not batch.
import * as tf from '@tensorflow/tfjs';
import { tableFromLogits } from '../data/frequencies';
import type { Predictor } from '../data/sequenceCoder';
import type { Tokenizer } from '../data/tokenizer';
import { forward, type GPT } from './gpt';
import { yieldToEventLoop } from './yieldToEventLoop';

/**
 * The token a text starts after: a newline, where a document might begin (as a completion and the
 * progress sample start), or token 0 when the vocabulary has none.
 */
export function startToken(tokenizer: Tokenizer): number {
  return tokenizer.encode('\n').ids.at(-1) ?? 0;
}

/**
 * The logits after `context` (1..blockSize tokens): one forward pass at [1, blockSize] and one
 * awaited read of the row at the context's last position.
 * @returns [V] float32.
 * @throws Error when the context is empty or longer than blockSize.
 */
export async function logitsAfter(model: GPT, context: readonly number[]): Promise<Float32Array> {
  const { blockSize, vocabSize: V } = model.config;
  const T = context.length;
  if (T < 1 || T > blockSize) throw new Error(`A context of ${T} tokens is outside 1..${blockSize}.`);
  const padded = new Int32Array(blockSize); // [blockSize], token 0 after the context
  padded.set(context);
  const row = tf.tidy(() => {
    const logits = forward(model, tf.tensor2d(padded, [1, blockSize], 'int32')); // [1, blockSize, V]
    return tf.reshape(tf.slice(logits, [0, T - 1, 0], [1, 1, V]), [V]); // [V]
  });
  try {
    const values = await row.data(); // GPU → CPU sync point, once per token
    return values instanceof Float32Array ? values : Float32Array.from(values);
  } finally {
    row.dispose();
  }
}

/**
 * The model's predictor: the table after `prefix` comes from the last blockSize tokens of
 * [start, ...prefix]. Yields to the event loop after each question, so Stop and Pause get in.
 * @param start the token the text starts after (startToken).
 * @param onTable sees each table's logits as they were read (tests compare encoder and decoder).
 */
export function modelPredictor(model: GPT, start: number, onTable?: (logits: Float32Array) => void): Predictor {
  const { blockSize } = model.config;
  return async (prefix) => {
    const context = prefix.length >= blockSize ? prefix.slice(-blockSize) : [start, ...prefix].slice(-blockSize);
    const logits = await logitsAfter(model, context);
    onTable?.(logits);
    await yieldToEventLoop();
    return tableFromLogits(logits);
  };
}
