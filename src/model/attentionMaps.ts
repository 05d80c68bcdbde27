// Attention maps of a text: every layer's and head's attention probabilities, read straight out
// of the forward pass (gpt.ts's AttentionTap, the softmax output nanoGPT calls `att`), so what the
// page draws is what the model computed, not a recomputation. One forward pass at the fixed shape
// [1, blockSize], as scoring.ts, and one awaited read. The shape is protocol/attention.ts.
import * as tf from '@tensorflow/tfjs';
import { normaliseText } from '../data/corpus';
import type { Tokenizer } from '../data/tokenizer';
import { MAX_ATTENTION_TOKENS, type AttentionMaps } from '../protocol/attention';
import { skippedNotice } from './completion';
import { forward, type GPT } from './gpt';

/** A BPE token covers a few characters: this many per kept token are read, the rest ignored. */
const MAX_CHARS_PER_TOKEN = 16;

/**
 * The attention probabilities of every layer and head for `ids` as the whole context.
 * The pass runs at [1, blockSize] with the positions after the ids padded with token 0: causality
 * keeps them out of every row kept, and columns past the ids are exactly 0 (the mask), so the
 * [T, T] corner is the model's attention over these ids alone, its rows summing to 1.
 * @param ids 1 ≤ ids.length ≤ blockSize token ids.
 * @returns probabilities [nLayer, nHead, T, T], T = ids.length (the caller disposes it).
 * @throws Error when ids is empty or longer than the context.
 */
export function attentionProbs(model: GPT, ids: readonly number[]): tf.Tensor4D {
  const { blockSize, nHead } = model.config;
  const T = ids.length;
  if (T < 1 || T > blockSize) throw new Error(`Attention maps need 1..${blockSize} tokens (the model's context); got ${T}.`);
  const inputs = new Int32Array(blockSize); // [blockSize], padded with token 0
  inputs.set(ids);
  const kept: tf.Tensor[] = [];
  try {
    return tf.tidy(() => {
      const idx = tf.tensor2d(inputs, [1, blockSize], 'int32');
      forward(model, idx, (layer, probs) => {
        // probs [1, nHead, blockSize, blockSize] lives in forward's tidy: keep our corner of it.
        kept[layer] = tf.keep(tf.slice(probs, [0, 0, 0, 0], [1, nHead, T, T])); // [1, nHead, T, T]
      });
      return tf.concat(kept, 0) as tf.Tensor4D; // [nLayer, nHead, T, T]
    });
  } finally {
    for (const t of kept) t.dispose();
  }
}

/** The end of the text: enough characters for the kept tokens, never half a surrogate pair. */
function tailOf(text: string, tokens: number): string {
  const tail = text.slice(-tokens * MAX_CHARS_PER_TOKEN);
  return /^[\uDC00-\uDFFF]/.test(tail) ? tail.slice(1) : tail;
}

/**
 * The attention maps of a text's last tokens (at most MAX_ATTENTION_TOKENS and the context), read
 * as the model's whole context. The text is normalised as the corpus was (NFC, \n line ends) and
 * encoded; characters outside the alphabet are skipped and named in `notices`.
 * @param maxTokens how many of the last tokens to keep (defaults to MAX_ATTENTION_TOKENS).
 * @returns maps with probs [nLayer, nHead, T, T] flat, row-major.
 * @throws Error when the text has no token the model knows, or the outputs are not finite (weights diverged).
 */
export async function attentionMaps(
  model: GPT,
  tokenizer: Tokenizer,
  text: string,
  maxTokens = MAX_ATTENTION_TOKENS,
): Promise<AttentionMaps> {
  const { blockSize, nLayer, nHead } = model.config;
  const limit = Math.min(blockSize, maxTokens);
  const { ids, skipped } = tokenizer.encode(normaliseText(tailOf(text, limit)));
  const notices = skipped.length > 0 ? [skippedNotice(skipped)] : [];
  if (ids.length === 0) {
    throw new Error(`${notices[0] ?? 'The prompt is empty.'} Type some text to see what the model attends to.`);
  }
  const kept = ids.slice(Math.max(0, ids.length - limit));
  const probs = attentionProbs(model, kept);
  let values: Float32Array<ArrayBuffer>;
  try {
    values = (await probs.data()) as Float32Array<ArrayBuffer>; // GPU → CPU sync point, once per request
  } finally {
    probs.dispose();
  }
  if (!values.every(Number.isFinite)) {
    throw new Error("The model's attention is not finite numbers (its weights have diverged); reset the run to see it.");
  }
  return {
    nLayer,
    nHead,
    tokens: kept.map((id) => tokenizer.describeToken(id)),
    probs: values,
    ...(ids.length > limit ? { cropped: true as const } : {}),
    notices,
  };
}
