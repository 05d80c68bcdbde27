// Token stream → training data: a 90/10 train/validation split (validation = the last 10%),
// random training windows, and a fixed set of validation windows so val loss is comparable
// across evaluations (nanoGPT's get_batch, with a deterministic eval set).
import type { Rng } from './rng';

export interface Split {
  train: Int32Array;
  val: Int32Array;
}

/** Validation is the tail of the text, so it is text the model never trains on. */
export function splitTokens(tokens: Int32Array, trainFraction = 0.9): Split {
  const n = Math.floor(tokens.length * trainFraction);
  return { train: tokens.subarray(0, n), val: tokens.subarray(n) };
}

/** Inputs and next-token targets, row-major [batchSize, blockSize]. */
export interface Batch {
  x: Int32Array;
  y: Int32Array;
  batchSize: number;
  blockSize: number;
}

/** Smallest split length that still holds one window of blockSize inputs plus its target. */
export const minSplitTokens = (blockSize: number): number => blockSize + 1;

function fillWindows(tokens: Int32Array, starts: readonly number[], blockSize: number): Batch {
  const x = new Int32Array(starts.length * blockSize);
  const y = new Int32Array(starts.length * blockSize);
  starts.forEach((s, row) => {
    x.set(tokens.subarray(s, s + blockSize), row * blockSize);
    y.set(tokens.subarray(s + 1, s + 1 + blockSize), row * blockSize);
  });
  return { x, y, batchSize: starts.length, blockSize };
}

/** batchSize windows at uniformly random offsets. */
export function randomBatch(tokens: Int32Array, batchSize: number, blockSize: number, rng: Rng): Batch {
  const span = tokens.length - blockSize; // valid starts: [0, span)
  if (span < 1) throw new Error(`need at least ${minSplitTokens(blockSize)} tokens, have ${tokens.length}`);
  const starts = Array.from({ length: batchSize }, () => rng.int(span));
  return fillWindows(tokens, starts, blockSize);
}

/**
 * numBatches batches of evenly spaced windows covering the split: the same windows at every
 * evaluation, so a change in val loss is the model's, not the sample's.
 */
export function fixedBatches(tokens: Int32Array, numBatches: number, batchSize: number, blockSize: number): Batch[] {
  const span = tokens.length - blockSize;
  if (span < 1) throw new Error(`need at least ${minSplitTokens(blockSize)} tokens, have ${tokens.length}`);
  const total = numBatches * batchSize;
  const starts = Array.from({ length: total }, (_, i) => Math.floor((i * span) / total));
  return Array.from({ length: numBatches }, (_, b) => fillWindows(tokens, starts.slice(b * batchSize, (b + 1) * batchSize), blockSize));
}
