// Autoregressive generation of N rows at once (nanoGPT's sample.py loop, batched): feed the
// contexts, sample each row's next token, append, repeat. The forward pass runs at the fixed
// shape [N, blockSize], so WebGPU's buffer pool holds one set of buffers per N (N ≤ 5 in the
// protocol), however long the context grows.
import * as tf from '@tensorflow/tfjs';
import { forward } from './gpt';
import type { GPT } from './gpt';
import { sampleToken } from './sampling';
import type { SamplingOptions } from './sampling';
import type { Rng } from '../data/rng';
import { yieldToEventLoop } from './yieldToEventLoop';

export interface GenerateOptions extends SamplingOptions {
  /** New tokens per row. */
  maxNewTokens: number;
}

/**
 * Streams new token ids for N rows that share a prompt: one array [N] per step, row i sampled
 * with `rngs[i]` (N = rngs.length). Row i depends only on the prompt, the options and `rngs[i]`,
 * so a batch of N gives the same rows as N batches of 1 with the same generators.
 *
 * Each step crops the contexts to the last blockSize tokens, runs the forward pass at the fixed
 * shape [N, blockSize] (positions after the context padded with token 0; causality makes them
 * irrelevant), reads the logits at the last real position for all N rows with one awaited
 * .data(), and yields to the event loop. Every row has the same length (one shared prompt, one
 * token per step), so one position serves them all. An empty prompt starts from token 0; callers
 * with a tokenizer should start from something meaningful (a newline) instead.
 * Leaks no tensors, also when the consumer breaks early.
 * @param prompt token ids, any length (cropped).
 * @param rngs one seeded generator per row, 1 ≤ N.
 * @throws if `rngs` is empty.
 */
export async function* generate(
  model: GPT,
  prompt: readonly number[],
  opts: GenerateOptions,
  rngs: readonly Rng[],
): AsyncGenerator<number[]> {
  const N = rngs.length;
  if (N < 1) throw new Error('generate needs at least one row (one Rng per row).');
  const { blockSize, vocabSize: V } = model.config;
  const start = prompt.length > 0 ? prompt.slice(-blockSize) : [0];
  let contexts = Array.from({ length: N }, () => [...start]);
  const padded = new Int32Array(N * blockSize); // [N, blockSize], row-major
  for (let step = 0; step < opts.maxNewTokens; step++) {
    const T = contexts[0].length; // real tokens in every row, 1..blockSize
    padded.fill(0);
    contexts.forEach((context, i) => padded.set(context, i * blockSize));
    const rows = tf.tidy(() => {
      const idx = tf.tensor2d(padded, [N, blockSize], 'int32');
      const logits = forward(model, idx); // [N, blockSize, V]
      return tf.reshape(tf.slice(logits, [0, T - 1, 0], [N, 1, V]), [N, V]); // [N, V]
    });
    let values: Float32Array;
    try {
      values = (await rows.data()) as Float32Array; // [N*V]; GPU → CPU sync point, once per token
    } finally {
      rows.dispose();
    }
    const next = rngs.map((rng, i) => sampleToken(values.subarray(i * V, (i + 1) * V), opts, rng)); // [N]
    contexts = contexts.map((context, i) => [...context, next[i]].slice(-blockSize));
    // On CPU and WASM .data() resolves as a microtask: let Pause and Stop messages in.
    await yieldToEventLoop();
    yield next; // no tensor is alive here, so breaking out leaks nothing
  }
}
