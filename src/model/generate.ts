// Autoregressive generation: feed the context, sample the next token, append, repeat.
// Fixed forward shape [1, blockSize] so WebGPU's buffer pool does not grow with the context.
import * as tf from '@tensorflow/tfjs';
import { forward } from './gpt';
import type { GPT } from './gpt';
import { sampleToken } from './sampling';
import type { SamplingOptions } from './sampling';
import type { Rng } from '../data/rng';
import { yieldToEventLoop } from './yieldToEventLoop';

export interface GenerateOptions extends SamplingOptions {
  maxNewTokens: number;
}

/**
 * Streams new token ids one at a time. Crops the context to the last blockSize tokens, runs
 * the forward pass at the fixed shape [1, blockSize] (positions after the context padded with
 * token 0; causality makes them irrelevant) and reads the logits row at the last real position
 * with one awaited .data() per token, and yields to the event loop between tokens. An empty
 * prompt starts from token 0.
 * Leaks no tensors, also when the consumer breaks early.
 */
export async function* generate(
  model: GPT,
  prompt: number[],
  opts: GenerateOptions,
  rng: Rng,
): AsyncGenerator<number> {
  const { blockSize, vocabSize: V } = model.config;
  let context = prompt.length > 0 ? prompt.slice(-blockSize) : [0];
  const padded = new Int32Array(blockSize);
  for (let i = 0; i < opts.maxNewTokens; i++) {
    const n = context.length; // real tokens, 1..blockSize
    padded.fill(0);
    padded.set(context);
    const row = tf.tidy(() => {
      const idx = tf.tensor2d(padded, [1, blockSize], 'int32');
      const logits = forward(model, idx); // [1, blockSize, V]
      return tf.reshape(tf.slice(logits, [0, n - 1, 0], [1, 1, V]), [V]); // [V]
    });
    let values: Float32Array;
    try {
      values = (await row.data()) as Float32Array; // GPU → CPU sync point, once per token
    } finally {
      row.dispose();
    }
    const next = sampleToken(values, opts, rng);
    context.push(next);
    if (context.length > blockSize) context = context.slice(-blockSize);
    // On CPU and WASM .data() resolves as a microtask: let Pause and Stop messages in.
    await yieldToEventLoop();
    yield next; // no tensor is alive here, so breaking out leaks nothing
  }
}
