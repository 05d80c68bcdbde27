// The model's next-token probabilities as the integer frequencies a range coder needs
// (rangeCoder.ts): softmax of the logits in float64, then each token gets 1 + floor(p · (TOTAL − V))
// and what rounding left over goes to the most likely token. Every token keeps a frequency of at
// least 1, so any text stays encodable however sure the model is. Deterministic: the same float32
// logits give the same table (the sums run in index order; ties go to the lower id), which is what
// lets the decoder rebuild exactly the table the encoder used.
import { OutputsNotFinite } from '../protocol/errors';
import { MAX_TOTAL } from './rangeCoder';

/** Frequencies sum to this: a power of two (the coder's exact split needs one), 2^20. */
const TOTAL = MAX_TOTAL;

/** A distribution over V symbols as the coder uses it. */
export interface FrequencyTable {
  /** freq[s] ≥ 1, summing to TOTAL: [V]. */
  freq: Uint32Array;
  /** Cumulative: cum[0] = 0, cum[s + 1] = cum[s] + freq[s], cum[V] = TOTAL: [V + 1]. */
  cum: Uint32Array;
}

/**
 * Quantises probabilities (any non-negative weights; normalised here) to a FrequencyTable.
 * @param weights [V], non-negative and finite, not all zero.
 * @throws RangeError when V < 1 or V > TOTAL / 2 (no room left to tell tokens apart), or when a
 *   weight is negative or not finite, or all are zero.
 */
export function quantise(weights: ArrayLike<number>): FrequencyTable {
  const V = weights.length;
  if (V < 1 || V > TOTAL / 2) throw new RangeError(`cannot code a vocabulary of ${V} tokens (1 to ${TOTAL / 2})`);
  let sum = 0;
  for (let i = 0; i < V; i++) {
    const w = weights[i];
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`weight ${i} is ${w}: not a finite non-negative number`);
    sum += w;
  }
  if (sum <= 0) throw new RangeError('every weight is zero');
  const spare = TOTAL - V; // shared by probability, after the floor of 1 each
  const freq = new Uint32Array(V);
  let given = 0;
  let best = 0;
  for (let i = 0; i < V; i++) {
    freq[i] = 1 + Math.floor((weights[i] / sum) * spare);
    given += freq[i];
    if (weights[i] > weights[best]) best = i;
  }
  // floor() leaves up to V − 1 units (and float rounding of p at most a few): the likeliest token takes them.
  freq[best] += TOTAL - given;
  return { freq, cum: cumulative(freq) };
}

/** cum[0] = 0, cum[s + 1] = cum[s] + freq[s]: [V + 1]. */
function cumulative(freq: Uint32Array): Uint32Array {
  const cum = new Uint32Array(freq.length + 1);
  for (let i = 0; i < freq.length; i++) cum[i + 1] = cum[i] + freq[i];
  return cum;
}

/**
 * softmax(logits) in float64, then quantise(): the table for one position's logits.
 * @param logits [V], float32 as read from the device; every value finite.
 * @throws OutputsNotFinite when a logit is not finite (the weights have diverged).
 */
export function tableFromLogits(logits: Float32Array): FrequencyTable {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    if (!Number.isFinite(logits[i])) throw new OutputsNotFinite();
    if (logits[i] > max) max = logits[i];
  }
  const e = new Float64Array(logits.length); // [V]
  for (let i = 0; i < logits.length; i++) e[i] = Math.exp(logits[i] - max);
  return quantise(e);
}
