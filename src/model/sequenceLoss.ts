// The loss of a token sequence longer than the context, under the current weights: the
// next-token cross-entropy (nats) of each token given the tokens before it, read in overlapping
// windows of blockSize (the "sliding window" way of scoring a long text with a fixed-length model):
// each window after the first scores only its last `stride` tokens, so every token is scored once
// and sees at least blockSize − stride + 1 tokens of context (all of them while the sequence fits).
// Every window is one forward pass at the fixed shape [1, blockSize] (as generation's), one read.
import * as tf from '@tensorflow/tfjs';
import { positionLosses, type GPT } from './gpt';
import { yieldToEventLoop } from './yieldToEventLoop';

export interface SequenceLoss {
  /** Sum of −ln p(token | context) over the scored tokens, nats. */
  totalNll: number;
  /** Tokens scored: ids.length − prefix. */
  tokens: number;
}

/**
 * Scores ids[prefix..] (the prefix is context only, e.g. the sample's prompt).
 * @param ids token ids, ≥ 2 with prefix ≥ 1 (token 0 has nothing before it).
 * @param stride new tokens scored per window after the first; default half the context.
 * @param interrupted checked between windows: true stops it (returns null).
 * @returns the total loss, or null when interrupted or there is nothing to score.
 * @throws Error when the loss is not finite (diverged weights).
 */
export async function sequenceLoss(
  model: GPT,
  ids: readonly number[],
  prefix: number,
  interrupted: () => boolean = () => false,
  stride = Math.max(1, Math.floor(model.config.blockSize / 2)),
): Promise<SequenceLoss | null> {
  const { blockSize } = model.config;
  const first = Math.max(1, prefix); // the first target scored
  if (ids.length <= first) return null;
  let totalNll = 0;
  let scoredTo = first - 1; // targets up to here are done
  for (let start = Math.max(0, first - blockSize); scoredTo < ids.length - 1; start += stride) {
    if (interrupted()) return null;
    // Window inputs ids[start .. start+blockSize-1], targets ids[start+1 .. start+blockSize].
    const window = ids.slice(start, start + blockSize + 1);
    const n = window.length - 1; // real positions in this window
    const inputs = new Int32Array(blockSize); // [blockSize], padded with token 0 (causality: harmless)
    const targets = new Int32Array(blockSize);
    inputs.set(window.slice(0, n));
    targets.set(window.slice(1));
    const losses = tf.tidy(() =>
      positionLosses(model, tf.tensor2d(inputs, [1, blockSize], 'int32'), tf.tensor2d(targets, [1, blockSize], 'int32')),
    ); // [blockSize]
    let values: Float32Array;
    try {
      values = (await losses.data()) as Float32Array; // GPU → CPU sync point, once per window
    } finally {
      losses.dispose();
    }
    // Position j predicts target start + j + 1; score the targets not scored yet.
    for (let j = scoredTo - start; j < n; j++) totalNll += values[j];
    scoredTo = Math.max(scoredTo, start + n);
    await yieldToEventLoop();
  }
  if (!Number.isFinite(totalNll)) throw new Error('The loss of the sample is not finite (the weights have diverged).');
  return { totalNll, tokens: ids.length - first };
}
