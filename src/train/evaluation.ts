// Validation: the loss at each position over fixed held-out windows, a few batches per read-back
// (each read is a GPU sync point, and Pause is checked between them). Its mean is the val loss;
// late minus early positions is the in-context score (protocol/inContext.ts).
import * as tf from '@tensorflow/tfjs';
import { positionLosses, type GPT } from '../model/gpt';
import { yieldToEventLoop } from '../model/yieldToEventLoop';
import type { Batch } from '../data/dataset';
import type { EvalPoint } from '../protocol/reports';
import { inContextScore } from '../protocol/inContext';

/** Validation batches per read-back: small enough that Pause never waits long for an evaluation. */
const EVAL_CHUNK = 2;

/** A batch's inputs and targets on the device: x [B, T] and y [B, T], int32. */
export const toTensors = (b: Batch): [tf.Tensor2D, tf.Tensor2D] => [
  tf.tensor2d(b.x, [b.batchSize, b.blockSize], 'int32'), // [B, T]
  tf.tensor2d(b.y, [b.batchSize, b.blockSize], 'int32'), // [B, T]
];

/**
 * Summed per-position losses [T] of one read-back's batches (≤ EVAL_CHUNK of them), still on the
 * device. The shader warm-up (shaderWarmup.ts) runs it too, so evaluation's pipelines are compiled.
 */
export function chunkLosses(model: GPT, batches: readonly Batch[]): tf.Tensor1D {
  return tf.tidy(() => {
    const perBatch = batches.slice(0, EVAL_CHUNK).map((b) => positionLosses(model, ...toTensors(b))); // [T] each
    return tf.sum(tf.stack(perBatch), 0); // [T]; not addN: WebGPU binds at most 8 buffers per shader
  });
}

/**
 * Mean validation loss (nats/token) and in-context score over `batches` (all [B, T]).
 * @param interrupted checked between chunks: Pause or dispose cuts the evaluation short.
 * @returns the point without its step, or null when cut short.
 */
export async function evaluateValidation(
  model: GPT,
  batches: readonly Batch[],
  interrupted: () => boolean,
): Promise<Omit<EvalPoint, 'step'> | null> {
  const T = model.config.blockSize;
  const sums = new Float64Array(T); // [T]
  for (let i = 0; i < batches.length; i += EVAL_CHUNK) {
    if (interrupted()) return null;
    const chunk = chunkLosses(model, batches.slice(i, i + EVAL_CHUNK));
    try {
      (await chunk.data()).forEach((v, t) => (sums[t] += v)); // sync point
    } finally {
      chunk.dispose();
    }
    await yieldToEventLoop();
  }
  const perPosition = Float32Array.from(sums, (s) => s / batches.length); // [T]
  const valLoss = perPosition.reduce((a, b) => a + b, 0) / perPosition.length;
  return { valLoss, inContext: inContextScore(perPosition) };
}
